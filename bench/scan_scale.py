"""100,000 sources x 5,000 candidates on the local engine and on a Dask LocalCluster.

    python ../shared/bench/make_bench.py --out /tmp/scale-bench-100k --n 5000 --sources 30 \\
        --seed 13 --scale 100000                    # about a minute, 1.7 GB
    python bench/scan_scale.py --bench /tmp/scale-bench-100k

Builds the source index once (``licscan index build --manifest``), then runs ``licscan scan``
over the candidates against it with ``--engine local`` and with ``--engine dask`` (``--jobs 2``),
each as its own process tree, and prints for each: wall time, candidates/s, the peak resident
memory of every process (the scan, its workers, the Dask scheduler and nannies), and whether
both engines found the same matches.  ``--limit N`` scans only the first N candidates.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from scan_common import run_measured

MATCH_COLUMNS = ["path", "source_id", "start", "end", "source_start", "source_end", "kind"]


def licscan(*args: str) -> list[str]:
    return [sys.executable, "-m", "licscan", *args]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=Path("/tmp/scale-bench-100k"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/licscan-bench-scale"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--limit", type=int, default=0, help="scan only the first N candidates")
    parser.add_argument("--engines", nargs="+", default=["local", "dask"])
    parser.add_argument("--rebuild", action="store_true", help="build the index again")
    args = parser.parse_args()

    if not (args.bench / "sources.jsonl").is_file():
        raise SystemExit(f"{args.bench}: no benchmark instance; see the command in this docstring")
    args.out.mkdir(parents=True, exist_ok=True)
    index = args.out / "index"
    candidates = _candidates(args)
    sources = sum(1 for _ in (args.bench / "sources.jsonl").open(encoding="utf-8"))
    print(f"{sources} sources, {_count(candidates)} candidates, --jobs {args.jobs}")

    if args.rebuild or not index.exists():
        shutil.rmtree(index, ignore_errors=True)
        # no paths: the index holds exactly the sources the manifest lists
        command = licscan(
            "index", "build", "--manifest", str(args.bench / "sources.jsonl"), "--index", str(index)
        )
        elapsed, memory, _ = run_measured(command)
        size = sum(p.stat().st_size for p in index.rglob("*") if p.is_file()) / 2**20
        print(f"\nindex build: {elapsed:.0f} s, {size:.0f} MB on disk; peak RSS:")
        print("\n".join(memory.report()))

    results = {}
    for engine in args.engines:
        report = args.out / f"{engine}.json"
        command = licscan(
            "scan", str(candidates), "--sources", str(index), "--engine", engine,
            "--jobs", str(args.jobs), "--no-cache", "--quiet", "--exit-zero",
            "--follow-symlinks",  # --limit makes a folder of links to the candidates
            "--report", str(report),
        )  # fmt: skip
        elapsed, memory, _ = run_measured(command)
        count = _count(candidates)
        print(
            f"\n--engine {engine}: {elapsed:.1f} s, {count / elapsed:.1f} candidates/s; peak RSS:"
        )
        print("\n".join(memory.report()))
        results[engine] = _matches(report)
        print(f"  matches found: {len(results[engine])}")
    if len(results) == 2:
        local, dask = results.values()
        print(f"\nsame matches on both engines: {local.equals(dask)}")


def _candidates(args: argparse.Namespace) -> Path:
    """The candidates folder, or a folder of links to its first ``--limit`` files."""
    folder = args.bench / "candidates"
    if not args.limit:
        return folder
    subset = args.out / f"candidates-{args.limit}"
    if not subset.exists():
        subset.mkdir(parents=True)
        for path in sorted(folder.iterdir())[: args.limit]:
            (subset / path.name).symlink_to(path)
    return subset


def _count(folder: Path) -> int:
    return sum(1 for _ in folder.iterdir())


def _matches(report: Path):  # type: ignore[no-untyped-def]
    from licscan.result import ScanResult

    matches = ScanResult.read(report).matches
    columns = [c for c in MATCH_COLUMNS if c in matches.columns]
    return matches[columns].sort_values(columns).reset_index(drop=True)


if __name__ == "__main__":
    main()
