"""Rescan of an unchanged folder: the cache answers every file (target: under 5% of the first scan).

    python bench/scan_rescan.py                     # 10,010 files: the 70 real pages x 143
    python bench/scan_rescan.py --generated 10000   # 10,000 made-up pages

Each run uses a fresh cache under /tmp.  The first scan loads, detects and stores every file;
the rescan only stats each file and reads its result back.  Both times are whole library
calls: rule loading, discovery and building the tables are in both.
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from pathlib import Path

from scan_common import generated_site, replicate_real_pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=143, help="copies of the 70 real pages")
    parser.add_argument("--generated", type=int, default=0, help="made-up pages instead")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", type=Path, default=Path("/tmp/licscan-bench-rescan"))
    args = parser.parse_args()

    import licscan

    if args.generated:
        root = generated_site(args.out / f"generated-{args.generated}", args.generated)
    else:
        root = replicate_real_pages(args.out / f"real-x{args.copies}", args.copies)
    cache_dir = args.out / "cache"
    shutil.rmtree(cache_dir, ignore_errors=True)
    # follow_symlinks: the real pages are links into the shared corpus
    options = {"jobs": args.jobs, "cache": True, "cache_dir": cache_dir, "progress": False,
               "follow_symlinks": True}

    start = time.perf_counter()
    first = licscan.scan([root], **options)
    first_time = time.perf_counter() - start
    start = time.perf_counter()
    again = licscan.scan([root], **options)
    rescan_time = time.perf_counter() - start

    files = len(first.documents)
    cache_size = sum(p.stat().st_size for p in cache_dir.iterdir()) / 2**20
    print(f"{root}: {files} files, --jobs {args.jobs}, cache {cache_size:.0f} MB")
    print(f"first scan  {first_time:8.2f} s  ({files / first_time:7.1f} files/s)")
    print(f"rescan      {rescan_time:8.2f} s  ({files / rescan_time:7.1f} files/s)")
    print(f"rescan / first = {rescan_time / first_time:.1%} (target < 5%)")
    same = all(
        getattr(first, name).equals(getattr(again, name))
        for name in ("documents", "notices", "terms", "metadata", "findings", "matches")
    )
    print(f"tables identical: {same}")


if __name__ == "__main__":
    main()
