"""`python -m bench` (what `make bench` runs): time the pipeline at 10k, 100k and 1M items.

Each corpus is generated once (fixed seed, cached), then measured in a fresh
interpreter so each size's peak RSS is its own. Prints a table per size and
writes every figure to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

from tabulate import tabulate

from bench.generator import SEED, SIZES, generate
from bench.runner import WORKERS

RESULTS = Path(__file__).resolve().parent / "results"
STAGES = ("discover+read", "parse", "normalize", "names", "publish")
# Wall time of the build's phases: the batches (parse, normalize and names overlap in the workers), then the finish.
PHASES = ("batches", "finish")


def machine() -> dict:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    pages, page_size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(pages * page_size / 2**30, 1),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def measure_size(size: int, seed: int, batch_files: int | None, workers: int) -> dict:
    """Generate (or reuse) the corpus, then measure it in a child interpreter."""
    corpus = generate(size, seed=seed)
    command = [
        sys.executable, "-m", "bench.runner", str(corpus.raw),
        "--items", str(size), "--workers", str(workers), *(["--batch-files", str(batch_files)] if batch_files else []),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=Path(__file__).resolve().parents[1])
    if done.returncode != 0:
        raise RuntimeError(f"benchmark of {size} items failed:\n{done.stderr[-4000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return {**figures, "seed": seed, "formats": list(corpus.formats)}


def table(results: list[dict]) -> str:
    """Seconds and items per second per stage, then end to end, one column per size."""
    headers = ["", *(f"{r['items']:,} items" for r in results)]
    rows = []
    for stage in STAGES:
        if any(stage in r["stages"] for r in results):
            rows.append([f"{stage}: work s (items/s)", *(_stage_cell(r, stage) for r in results)])
    for phase in PHASES:
        if any(phase in r.get("phases", {}) for r in results):
            rows.append([f"{phase}: wall s", *(f"{r['phases'].get(phase, 0):.2f}" for r in results)])
    rows += [
        ["end to end s (items/s)", *(f"{r['end_to_end_s']:.2f} ({r['items_per_s']:,})" for r in results)],
        ["peak RSS MiB (main + workers)", *(f"{r['peak_rss_mb']:,.0f}" for r in results)],
        ["I/O floor s", *(f"{r['io_floor_s']:.2f}" for r in results)],
        ["end to end / floor", *(f"{r['ratio_to_floor']:.1f}×" for r in results)],
        ["raw files (MB)", *(f"{r['files']:,} ({r['raw_bytes'] / 1e6:,.0f})" for r in results)],
    ]
    return tabulate(rows, headers=headers, tablefmt="github")


def _stage_cell(result: dict, stage: str) -> str:
    seconds = result["stages"].get(stage)
    if seconds is None:
        return "—"
    return f"{seconds:.2f} ({result['items'] / seconds:,.0f})" if seconds else "0.00"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated item counts")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--batch-files", type=int, help="raw files per batch (default: the build's)")
    parser.add_argument("--workers", type=int, default=WORKERS, help="processes for parse+normalize and for names")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args(argv)
    host = machine()
    print(f"Machine: {host['cpu']}, {host['cores']} cores, {host['memory_gib']} GiB, Python {host['python']}")
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"… {size:,} items", flush=True)
        results.append({**measure_size(size, args.seed, args.batch_files, args.workers), "machine": host})
    print(table(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Figures written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
