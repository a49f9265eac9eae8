"""A synthetic archive of saved listing pages, the same for the same seed and size.

Items look like the real ones (see `bench.vocabulary`): the date forms the
archive prints, titles and summaries with name variants, typos and code names,
documents that recur on several listing pages. Pages are rendered by
`pipeline.synthetic.render_page` in every format the parser supports, so the
benchmark exercises every adapter.

Generation runs in chunks with their own seed, one chunk per task on a
process pool: the corpus does not depend on how many workers made it. A
finished corpus carries a manifest and is reused on the next run.
"""

from __future__ import annotations

import calendar
import json
import os
import random
import shutil
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.vocabulary import (
    BODIES,
    MONTHS,
    ORDINALS,
    PEOPLE,
    SUMMARY_SENTENCES,
    TITLE_TEMPLATES,
    TOPICS,
    Person,
)
from pipeline.parsing import ADAPTERS
from pipeline.synthetic import FORMATS, SyntheticItem, render_page

SEED = 1964
SIZES = (10_000, 100_000, 1_000_000)
CHUNK_ITEMS = 25_000
GENERATOR_VERSION = 2
CORPUS_DIR_ENV = "BENCH_CORPUS_DIR"
DEFAULT_CORPUS_DIR = Path("/tmp/wilson-bench-corpus")
# Share of items that repeat a document already listed on another page.
RELISTED = 0.3
RECENT_DOCUMENTS = 5_000
EXTENSIONS = {"old_text": "txt", "new_text": "txt", "old_html": "html", "new_html": "html"}


@dataclass(frozen=True)
class Corpus:
    """A generated raw folder and what is in it."""

    raw: Path
    seed: int
    items: int
    files: int
    bytes: int
    formats: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    """A synthetic document; how its date and link print depends on the site generation."""

    number: int
    date_parts: tuple[str, int | None, int | None, int | None, int | None]  # form, year, month, day, end
    title: str
    summary: str | None


def supported_formats() -> tuple[str, ...]:
    """The renderable formats that some registered adapter can read."""
    names = {adapter.name for adapter in ADAPTERS}
    return tuple(fmt for fmt in FORMATS if fmt in names)


def corpus_root() -> Path:
    return Path(os.environ.get(CORPUS_DIR_ENV) or DEFAULT_CORPUS_DIR)


def _date_parts(rng: random.Random) -> tuple[str, int | None, int | None, int | None, int | None]:
    """A date in the proportions of the archive: mostly exact days, some months, years, circa, ranges, none."""
    year, month = rng.randint(1945, 1991), rng.randint(1, 12)
    day = rng.randint(1, calendar.monthrange(year, month)[1])
    roll = rng.random()
    if roll < 0.03:
        return ("none", None, None, None, None)
    if roll < 0.80:
        return ("day", year, month, day, None)
    if roll < 0.86:
        return ("month", year, month, None, None)
    if roll < 0.88:
        return ("month_comma", year, month, None, None)
    if roll < 0.955:
        return ("year", year, None, None, None)
    if roll < 0.97:
        return ("circa", year, None, None, None)
    if roll < 0.985 and day < 28:
        return ("day_range", year, month, day, day + rng.randint(1, 3))
    return ("year_range", year, None, None, year + rng.randint(1, 4))


def print_date(
    parts: tuple[str, int | None, int | None, int | None, int | None], fmt: str, *, listed: bool = True
) -> str | None:
    """The date as the site prints it: the old site pads days (`April 08, 1965`), the new one does not.

    No real listing prints a circa date or a range on an item's date line
    (SOURCE.md): there they print as their year; `listed=False` gives the
    form itself, as titles and summaries carry it.
    """
    form, year, month, day, end = parts
    if listed and form in ("circa", "day_range", "year_range"):
        form = "year"
    name = MONTHS[month - 1] if month else ""
    day_text = f"{day:02d}" if fmt.startswith("old") and day else str(day)
    return {
        "none": None,
        "day": f"{name} {day_text}, {year}",
        "month": f"{name} {year}",
        "month_comma": f"{name}, {year}",
        "year": f"{year}",
        "circa": f"circa {year}",
        "day_range": f"{name} {day}-{end}, {year}",
        "year_range": f"{year}-{end}",
    }[form]


def _printed(person: Person, rng: random.Random) -> str:
    """A person the way a title or summary prints them: usual name, a variant, or with an honorific."""
    roll = rng.random()
    if roll < 0.25 and person.variants:
        return rng.choice(person.variants)
    if roll < 0.4 and person.honorific:
        return f"{person.honorific} {person.name}"
    return person.name


def _coded(person: Person, rng: random.Random) -> str:
    """A code name followed by the real name in brackets, as in `Cuong [Pham Hung]`."""
    if not person.code_names:
        return _printed(person, rng)
    return f"{rng.choice(person.code_names)} [{rng.choice((person.name, *person.variants))}]"


def _inline_date(rng: random.Random) -> str:
    """A date inside a title or summary, which is not the item's date: any form, circa and ranges included."""
    return print_date(_date_parts(rng), "new_text", listed=False) or f"undated [{rng.randint(1945, 1991)}]"


def _fill(template: str, rng: random.Random) -> str:
    a, b, c = rng.sample(PEOPLE, 3)
    coded = [p for p in PEOPLE if p.code_names]
    code_a, code_b, code_c = rng.sample(coded, 3)
    topic, topic2 = rng.sample(TOPICS, 2)
    return template.format(
        a=_printed(a, rng),
        b=_printed(b, rng),
        c=_printed(c, rng),
        a_possessive=f"{a.name}'s",
        honorific_a=a.honorific or "Comrade",
        honorific_b=b.honorific or "Comrade",
        code_a=_coded(code_a, rng),
        code_b=_coded(code_b, rng),
        code_c=_coded(code_c, rng),
        body=rng.choice(BODIES),
        topic=topic,
        topic2=topic2,
        number=rng.randint(100, 99999),
        ordinal=rng.choice(ORDINALS),
        inline_date=_inline_date(rng),
    )


def _summary(rng: random.Random) -> str | None:
    """One to four sentences; sometimes none, two paragraphs, a hard line break or no final period."""
    roll = rng.random()
    if roll < 0.06:
        return None
    text = " ".join(_fill(rng.choice(SUMMARY_SENTENCES), rng) for _ in range(rng.randint(1, 4)))
    if roll < 0.14:
        text += "\n\n" + _fill(rng.choice(SUMMARY_SENTENCES), rng)
    elif roll < 0.18:
        cut = text.find(" ", len(text) // 2)
        if cut > 0:
            text = text[:cut] + "\n" + text[cut + 1 :]
    elif roll < 0.22:
        text = text.replace(" ", "\u00a0", 1)
    if rng.random() < 0.1:
        text = text.rstrip(".")
    return text


def make_document(rng: random.Random, number: int) -> Document:
    return Document(number, _date_parts(rng), _fill(rng.choice(TITLE_TEMPLATES), rng), _summary(rng))


def as_item(document: Document, fmt: str) -> SyntheticItem:
    """The document as a listing item of `fmt`: old-site links by number, new-site links by slug."""
    if fmt.startswith("old"):
        path = f"/document/{document.number}"
    else:
        slug = "-".join(document.title.lower().split()[:8]).strip(",.'[]")
        path = f"/document/{document.number}-{slug}"
    return SyntheticItem(print_date(document.date_parts, fmt), document.title, document.summary, path)


def chunk_pages(seed: int, chunk: int, items: int, formats: Sequence[str]) -> Iterator[tuple[str, str]]:
    """The (relative path, text) of every page of one chunk holding exactly `items` items.

    Pages come in searches: consecutive pages of one format and page size,
    with a header range that adds up. Documents recur across pages.
    """
    rng = random.Random(f"{seed}:{chunk}")
    recent: list[Document] = []
    made = created = search = 0
    while made < items:
        fmt = rng.choice(formats)
        per_page = 100 if rng.random() < 0.02 else (20 if fmt == "old_text" and rng.random() < 0.3 else 10)
        total = min(rng.randint(1, 30 * per_page), items - made)
        pages = -(-total // per_page)
        url_base = f"https://digitalarchive.wilsoncenter.org/search?chunk={chunk}&search={search}"
        for index in range(pages):
            count = min(per_page, total - index * per_page)
            documents = []
            for _ in range(count):
                if recent and rng.random() < RELISTED:
                    again = rng.choice(recent)
                    if again not in documents:
                        documents.append(again)
                        continue
                document = make_document(rng, 100_000 + chunk * 10_000_000 + created)
                created += 1
                documents.append(document)
                if len(recent) < RECENT_DOCUMENTS:
                    recent.append(document)
                else:
                    recent[rng.randrange(RECENT_DOCUMENTS)] = document
            page = index if fmt.startswith("new") else index + 1
            text = render_page(
                fmt,
                [as_item(d, fmt) for d in documents],
                page=page,
                total=total,
                per_page=per_page,
                url=f"{url_base}&page={page}",
            )
            yield f"{fmt}/c{chunk:03d}/s{search:05d}-p{page:03d}.{EXTENSIONS[fmt]}", text
        made += total
        search += 1


def _write_chunk(args: tuple[Path, int, int, int, tuple[str, ...]]) -> tuple[int, int]:
    raw, seed, chunk, items, formats = args
    files = size = 0
    for relative, text in chunk_pages(seed, chunk, items, formats):
        path = raw / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        files += 1
        size += len(data)
    return files, size


def generate(
    size: int,
    *,
    seed: int = SEED,
    root: Path | None = None,
    formats: Sequence[str] | None = None,
    workers: int | None = None,
) -> Corpus:
    """The corpus of `size` items for `seed`, generated once and then reused from its manifest."""
    formats = tuple(formats or supported_formats())
    if not formats:
        raise ValueError("no listing format is both renderable and parsed; nothing to generate")
    folder = (root or corpus_root()) / f"seed{seed}-{size}-{'+'.join(formats)}"
    manifest = folder / "manifest.json"
    if manifest.exists():
        saved = json.loads(manifest.read_text())
        if saved.get("version") == GENERATOR_VERSION:
            corpus = saved["corpus"]
            return Corpus(Path(corpus["raw"]), corpus["seed"], corpus["items"], corpus["files"], corpus["bytes"], tuple(corpus["formats"]))
    shutil.rmtree(folder, ignore_errors=True)
    raw = folder / "raw"
    raw.mkdir(parents=True)
    chunks = [(raw, seed, n, min(CHUNK_ITEMS, size - n * CHUNK_ITEMS), formats) for n in range(-(-size // CHUNK_ITEMS))]
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        counts = list(pool.map(_write_chunk, chunks))
    corpus = Corpus(raw, seed, size, sum(f for f, _ in counts), sum(b for _, b in counts), formats)
    record = {**asdict(corpus), "raw": str(corpus.raw), "formats": list(formats)}
    manifest.write_text(json.dumps({"version": GENERATOR_VERSION, "corpus": record}, indent=2))
    return corpus
