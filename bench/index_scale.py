"""Index scale: build time, size on disk, peak memory and query throughput of the source index.

For each ``--scale`` N it generates the shared benchmark with N sources (30 real ones plus
synthetic distractors; ``../shared/bench/make_bench.py --scale N``), builds the index from its
``sources.jsonl`` in a child process (so that the child's peak RSS is the build's alone), and
times ``match_document`` over the benchmark's candidates, already loaded, against it.

Usage (from the repository root)::

    .venv/bin/python bench/index_scale.py --scale 10000
    .venv/bin/python bench/index_scale.py --scale 10000 --scale 100000
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "bench"
RSS_LIMIT_MB = 2048


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, action="append", help="sources (repeatable)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/licscan-index-scale"))
    parser.add_argument("--reuse", action="store_true", help="keep generated instances")
    parser.add_argument("--no-rules", action="store_true",
                        help="index without running the rights rules on each source")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    for scale in args.scale or [10000]:
        run(scale, args.out, args.reuse, not args.no_rules)


def run(scale: int, out: Path, reuse: bool, rules: bool) -> None:
    bench = out / f"bench-{scale}"
    index_dir = out / f"index-{scale}"
    print(f"== {scale} sources")
    if not (reuse and (bench / "sources.jsonl").is_file()):
        started = time.perf_counter()
        subprocess.run([sys.executable, str(SHARED / "make_bench.py"), "--out", str(bench),
                        "--n", "120", "--sources", "30", "--seed", "13", "--scale", str(scale)],
                       check=True, stdout=subprocess.DEVNULL)
        print(f"generate             {time.perf_counter() - started:.1f} s")
    shutil.rmtree(index_dir, ignore_errors=True)
    spawn = multiprocessing.get_context("spawn")
    queue = spawn.Queue()
    child = spawn.Process(target=_build, args=(bench, index_dir, rules, queue))
    child.start()
    stats = queue.get()
    child.join()
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    size = sum(p.stat().st_size for p in index_dir.iterdir()) / 1e6
    print(f"build                {stats['seconds']:.1f} s  ({stats['sources']} sources, "
          f"{stats['sources'] / stats['seconds']:.0f} sources/s, rights rules "
          f"{'on' if rules else 'off'})")
    print(f"fingerprints         {stats['fingerprints']} "
          f"({stats['boilerplate_fingerprints']} boilerplate)")
    print(f"index size           {size:.1f} MB")
    print(f"build peak RSS       {rss:.0f} MB  (limit {RSS_LIMIT_MB} MB: "
          f"{'met' if rss <= RSS_LIMIT_MB else 'MISSED'})")
    _query(bench, index_dir)


def _build(bench: Path, index_dir: Path, with_rules: bool, queue) -> None:
    sys.path.insert(0, str(REPO))
    from licscan.match import build_index

    rules = _rules() if with_rules else None
    stats = build_index([], index_dir, rules, manifest=bench / "sources.jsonl")
    queue.put(stats.as_dict())


def _rules():
    """The rules of a scan with the default options (no licscan.toml, no --rules)."""
    from licscan.detect.factory import rules_for
    from licscan.options import ScanOptions

    return rules_for(ScanOptions())


def _query(bench: Path, index_dir: Path) -> None:
    from licscan.load import load_document
    from licscan.match import SourceIndex, match_document
    from licscan.model import FileEntry

    files = sorted(p for p in (bench / "candidates").iterdir() if p.is_file())
    documents = [load_document(FileEntry(p, p.name, size=p.stat().st_size), 1 << 24)
                 for p in files]
    rules = _rules()
    started = time.perf_counter()
    index = SourceIndex([index_dir])
    opened = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    found = sum(len(match_document(d, index, rules)) for d in documents)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"open index           {opened * 1000:.0f} ms")
    print(f"query                {len(documents) / wall:.0f} documents/s wall, "
          f"{len(documents) / cpu:.0f}/s CPU ({wall / len(documents) * 1000:.1f} ms each, "
          f"{found} matches)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"query peak RSS       {rss:.0f} MB")


if __name__ == "__main__":
    main()
