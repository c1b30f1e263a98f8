"""Pages per second of a scan with one worker process and with two.

    python bench/scan_jobs.py                      # the 70 real pages x 20, read in place
    python bench/scan_jobs.py --generated 3000     # 3,000 made-up pages in /tmp

The real pages are linked (not copied) from ../shared/corpus/articles/html into a folder under
/tmp, 70 per sub-folder.  Every run scans without the cache, so each file is really loaded,
detected and judged; the time is the whole library call, tables included (best of --repeat runs).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from scan_common import TreeMemory, generated_site, replicate_real_pages

TABLES = ("documents", "notices", "terms", "metadata", "findings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20, help="copies of the 70 real pages")
    parser.add_argument("--generated", type=int, default=0, help="made-up pages instead")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--out", type=Path, default=Path("/tmp/licscan-bench-jobs"))
    parser.add_argument("--repeat", type=int, default=2, help="runs per setting; the best counts")
    args = parser.parse_args()

    import licscan

    if args.generated:
        root = generated_site(args.out / f"generated-{args.generated}", args.generated)
        label = f"{args.generated} made-up pages"
    else:
        root = replicate_real_pages(args.out / f"real-x{args.copies}", args.copies)
        label = f"70 real pages x {args.copies}"
    size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    print(f"{label}: {root} ({size / 2**20:.1f} MB on disk), {os.cpu_count()} cores")
    print("jobs  files  seconds  pages/s   MB/s speed-up   peak RSS (all processes)")
    baseline = None
    tables = None
    for jobs in args.jobs:
        elapsed = float("inf")
        with TreeMemory(os.getpid()) as memory:
            for _ in range(args.repeat):  # the machine may be busy: keep the best run
                start = time.perf_counter()
                result = licscan.scan(  # the real pages are links into the shared corpus
                    [root], jobs=jobs, cache=False, progress=False, follow_symlinks=True
                )
                elapsed = min(elapsed, time.perf_counter() - start)
        files = len(result.documents)
        rate = files / elapsed
        baseline = baseline or rate
        print(
            f"{jobs:>4} {files:>6} {elapsed:>8.2f} {rate:>8.1f} {size / 2**20 / elapsed:>6.2f}"
            f" {rate / baseline:>7.2f}x {memory.total_peak / 2**20:>22.0f} MB"
        )
        current = {name: getattr(result, name) for name in TABLES}
        if tables is None:
            tables = current
        else:
            same = all(tables[n].equals(current[n]) for n in tables)
            print(f"     tables identical to the first run: {same}")


if __name__ == "__main__":
    main()
