"""Scan the 70 real pages of the shared corpus (gzip-compressed, read in place) on one core.

Prints pages/s, MB/s (uncompressed HTML) and peak memory of ``licscan.scan`` as the CLI runs it
(one process, no cache), and where the time goes: load and detect measured apart, the rest is
engine, findings and tables.  ``--profile`` adds the top functions by cumulative time.

    python bench/scan_pages.py [--repeat 5] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import pstats
import resource
import statistics
import time
from pathlib import Path

from licscan.api import scan
from licscan.detect import detect
from licscan.discover import discover
from licscan.load import load_document
from licscan.options import ScanOptions
from licscan.run.context import build_context
from licscan.run.timelimit import fewer_collections
from licscan.run.unit import analyse

PAGES = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "articles" / "html"


def stage_times(entries: list, context) -> dict[str, float]:
    """CPU seconds spent in each stage over all pages (with the engine's GC setting)."""
    load_s = detect_s = 0.0
    with fewer_collections():
        for entry in entries:
            started = time.process_time()
            document = load_document(entry, max_size=context.options.max_size)
            loaded = time.process_time()
            detect(document, context.rules)
            detect_s += time.process_time() - loaded
            load_s += loaded - started
    return {"load": load_s, "detect": detect_s}


def full_scan(pages: Path, options: ScanOptions) -> tuple[float, float]:
    """Wall and CPU seconds of ``licscan.scan`` as the CLI runs it: one process, no cache."""
    wall, cpu = time.perf_counter(), time.process_time()
    scan([pages], options)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=PAGES)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    options = ScanOptions(cache=False, jobs=1)
    started = time.perf_counter()
    context = build_context(options)
    setup = time.perf_counter() - started
    started = time.perf_counter()
    entries = list(discover([args.pages], options))
    discover_s = time.perf_counter() - started
    megabytes = sum(len(gzip.decompress(e.path.read_bytes())) for e in entries) / 1e6

    runs = [full_scan(args.pages, options) for _ in range(args.repeat)]
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    stages = stage_times(entries, context)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"pages                {len(entries)} ({megabytes:.1f} MB of HTML, uncompressed)")
    print(f"rules + setup        {setup * 1000:.0f} ms (once per process)")
    print(f"discover             {discover_s * 1000:.1f} ms")
    print(f"licscan.scan, median of {args.repeat}: {wall:.3f} s wall, {cpu:.3f} s CPU")
    print(f"throughput           {len(entries) / wall:.0f} pages/s, {megabytes / wall:.1f} MB/s")
    per_page = {name: seconds / len(entries) * 1000 for name, seconds in stages.items()}
    rest = cpu / len(entries) * 1000 - sum(per_page.values())
    print(
        "per page (CPU)       "
        + ", ".join(f"{name} {ms:.2f} ms" for name, ms in per_page.items())
        + f", everything else (engine, findings, tables) {rest:.2f} ms"
    )
    print(f"peak RSS             {peak_mb:.0f} MB")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for entry in entries:
            document = load_document(entry, max_size=options.max_size)
            analyse(document, context)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
