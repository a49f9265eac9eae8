"""Render listing pages in each format the archive has produced, from plain items.

Used by the property tests (render → parse → same items), by the simulated
archive server the crawler is tested against, and by the benchmarks. The
renderings follow the real pages described in SOURCE.md: the old site's
bulleted text and `.search-res` HTML, the new site's range-headed text and
`td.document.contextual-region` HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

FORMATS = ("old_text", "new_text", "old_html", "new_html")


@dataclass(frozen=True)
class SyntheticItem:
    """One search result to render: what a listing shows of a document."""

    date_text: str | None
    title: str
    summary: str | None  # paragraphs separated by a blank line
    document_path: str | None  # "/document/117540" (old) or "/document/<slug>" (new)


def paragraphs(summary: str | None) -> list[str]:
    """The summary's paragraphs: the text between blank lines."""
    if not summary:
        return []
    return [p for p in summary.split("\n\n") if p.strip()]


def header_range(fmt: str, page: int, total: int, per_page: int) -> tuple[int, int]:
    """First and last result numbers a page announces: the new site counts pages from 0, the old from 1."""
    index = page if fmt.startswith("new") else page - 1
    first = index * per_page + 1
    return first, min(first + per_page - 1, total)


def render_page(
    fmt: str,
    items: Sequence[SyntheticItem],
    *,
    page: int,
    total: int,
    per_page: int = 10,
    url: str | None = None,
) -> str:
    """One listing page in `fmt` (one of FORMATS) holding `items`, as the site would serve or save it."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    first, last = header_range(fmt, page, total, per_page)
    if fmt == "old_text":
        return _old_text(items)
    if fmt == "new_text":
        return _new_text(items, f"{first} - {last} of {total}")
    if fmt == "old_html":
        return _old_html(items, page=page, url=url)
    return _new_html(items, page=page, url=url, range_text=f"{first} - {last} of {total}")


def _old_text(items: Sequence[SyntheticItem]) -> str:
    """The old site's text rendering: chrome, then a bullet before each date, indented title and summary."""
    out = ["Search in", "", "Digital Archive International History Declassified", "", ""]
    for item in items:
        out.append(f"  • {item.date_text}" if item.date_text else "  •")
        out += ["", f"    {item.title}", ""]
        for paragraph in paragraphs(item.summary):
            out += [f"    {paragraph}", ""]
    return "\n".join(out)


def _new_text(items: Sequence[SyntheticItem], range_text: str) -> str:
    """The new site's text rendering: range header, then date / title / summary blocks.

    An item without a date shows an empty date line: three line breaks before its title.
    """
    text = f"Skip to content\n\nResults:\n\n{range_text}\n\nDocuments\n\n"
    for item in items:
        text += f"{item.date_text}\n\n" if item.date_text else "\n"
        text += f"{item.title}\n\n"
        text += "".join(f"{paragraph}\n\n" for paragraph in paragraphs(item.summary))
    return text


def _canonical(url: str | None) -> str:
    return f'  <link rel="canonical" href="{escape(url)}">\n' if url else ""


def _html_paragraphs(summary: str | None) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs(summary))


def _old_html(items: Sequence[SyntheticItem], *, page: int, url: str | None) -> str:
    """The old site's search results: `ul.search-res`, one `li` per item with `a.lnk-res` and `.itm-title`."""
    rows = []
    for item in items:
        href = f' href="{escape(item.document_path)}"' if item.document_path else ""
        date = f'<span class="itm-date">{escape(item.date_text)}</span>' if item.date_text else ""
        summary = f'<div class="itm-desc">{_html_paragraphs(item.summary)}</div>' if item.summary else ""
        rows.append(
            f'      <li>\n        <a class="lnk-res"{href}>{date}'
            f'<h4 class="itm-title">{escape(item.title)}</h4>{summary}</a>\n      </li>\n'
        )
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">\n"
        "  <title>Search Results | Wilson Center Digital Archive</title>\n"
        f"{_canonical(url)}</head>\n<body>\n"
        '  <div id="search-in"><label>Search in</label></div>\n'
        '  <h1 class="site-title">Digital Archive International History Declassified</h1>\n'
        '  <div class="search-results">\n    <ul class="search-res">\n'
        + "".join(rows)
        + "    </ul>\n"
        f'    <div class="pagination"><span class="current">{page}</span>'
        f'<a class="next" href="/search-results/{page + 1}/">Next</a></div>\n'
        "  </div>\n</body>\n</html>\n"
    )


def _new_html(items: Sequence[SyntheticItem], *, page: int, url: str | None, range_text: str) -> str:
    """The new site's Drupal view: a range header, then one `td.document.contextual-region` per item."""
    rows = []
    for item in items:
        title = escape(item.title)
        if item.document_path:
            title = f'<a href="{escape(item.document_path)}" hreflang="en">{title}</a>'
        date = f'<div class="date">{escape(item.date_text)}</div>' if item.date_text else ""
        summary = f'<div class="summary">{_html_paragraphs(item.summary)}</div>' if item.summary else ""
        rows.append(
            '          <tr>\n            <td class="document contextual-region">'
            f'{date}<h3 class="title">{title}</h3>{summary}</td>\n          </tr>\n'
        )
    return (
        "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n  <meta charset=\"utf-8\">\n"
        "  <title>Search | Wilson Center Digital Archive</title>\n"
        f"{_canonical(url)}</head>\n<body>\n"
        '  <a href="#main-content" class="visually-hidden focusable skip-link">Skip to content</a>\n'
        '  <main id="main-content">\n    <div class="view view-search">\n'
        f'      <div class="view-header"><span class="label">Results:</span> <span class="range">{range_text}</span></div>\n'
        '      <h2 class="results-title">Documents</h2>\n'
        '      <table class="views-table cols-0">\n        <tbody>\n'
        + "".join(rows)
        + "        </tbody>\n      </table>\n"
        '      <nav class="pager" role="navigation"><ul class="pager__items">'
        f'<li class="pager__item is-active"><a href="?page={page}" title="Current page">{page + 1}</a></li>'
        "</ul></nav>\n"
        "    </div>\n  </main>\n</body>\n</html>\n"
    )
