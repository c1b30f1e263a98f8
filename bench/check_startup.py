"""Whole-process wall time of the commands a pre-commit hook runs.

Measures, as a user would feel them (interpreter start-up and imports included):

* ``licscan --help``
* ``licscan check ONE.md --sources INDEX`` against a 10,000-source index

and reports the median (and min/max) of ``--runs`` runs after one warm-up run.  It also lists
which heavy modules (pandas, lxml, rapidfuzz, numpy, pyarrow) ``import licscan.cli`` pulls in:
none should be, so that ``--help`` and a one-file check start fast.

The index is built once, in ``--work``, from the shared reuse benchmark generator::

    python bench/check_startup.py                      # build (first run ~1 min) and measure
    python bench/check_startup.py --runs 15 --json /tmp/startup.json
    python bench/check_startup.py --index IDX --file post.md   # an existing index and file
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GENERATOR = SHARED / "bench" / "make_bench.py"
HEAVY = ("pandas", "lxml", "rapidfuzz", "numpy", "pyarrow")


def licscan_command() -> list[str]:
    """The console script installed beside this interpreter, else ``python -m licscan``."""
    script = Path(sys.executable).parent / "licscan"
    return [str(script)] if script.exists() else [sys.executable, "-m", "licscan"]


def build_bench(work: Path, scale: int) -> Path:
    bench = work / f"reuse-bench-{scale}"
    if (bench / "sources.jsonl").is_file():
        return bench
    if not GENERATOR.is_file():
        sys.exit(f"benchmark generator not found: {GENERATOR}")
    command = [sys.executable, str(GENERATOR), "--out", str(bench), "--n", "120",
               "--sources", "30", "--seed", "13", "--scale", str(scale)]
    print("$", " ".join(command), flush=True)
    subprocess.run(command, check=True)
    return bench


def build_index(bench: Path, index: Path) -> Path:
    if index.exists():
        return index
    command = [*licscan_command(), "index", "build", "--manifest", str(bench / "sources.jsonl"),
               "--index", str(index), "--quiet"]
    print("$", " ".join(command), flush=True)
    started = time.perf_counter()
    subprocess.run(command, check=True)
    print(f"  index built in {time.perf_counter() - started:.1f} s", flush=True)
    return index


def pick_file(bench: Path) -> Path:
    """A Markdown candidate that reuses a source: the typical staged draft."""
    truth = {}
    for line in (bench / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        truth[row.get("id") or row.get("cid")] = row
    candidates = sorted((bench / "candidates").glob("*.md"))
    for path in candidates:
        row = truth.get(path.stem, {})
        if row.get("kind") in ("excerpt_long", "excerpt_short", "light_edit"):
            return path
    if not candidates:
        sys.exit(f"no Markdown candidate in {bench / 'candidates'}")
    return candidates[0]


def time_runs(command: list[str], runs: int, cwd: Path) -> dict:
    """Median, min and max wall time of ``runs`` runs, after one warm-up run."""
    warm = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if warm.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed with exit {warm.returncode}:\n{warm.stderr}")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return {
        "command": " ".join(command),
        "exit_code": warm.returncode,
        "runs": runs,
        "median_s": round(statistics.median(times), 3),
        "min_s": round(min(times), 3),
        "max_s": round(max(times), 3),
    }


def heavy_imports(module: str) -> list[str]:
    code = (f"import sys, {module}; "
            f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs per command")
    parser.add_argument("--scale", type=int, default=10_000, help="sources in the index")
    parser.add_argument("--work", type=Path, default=Path("/tmp/licscan-check-startup"))
    parser.add_argument("--index", type=Path, help="an existing source index to check against")
    parser.add_argument("--file", type=Path, help="the file to check (default: a candidate)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the bench and index")
    args = parser.parse_args()

    if args.rebuild and args.work.exists():
        shutil.rmtree(args.work)
    args.work.mkdir(parents=True, exist_ok=True)
    bench = None
    if args.index is None or args.file is None:
        bench = build_bench(args.work, args.scale)
    index = args.index or build_index(bench, args.work / f"index-{args.scale}")
    target = args.file or pick_file(bench)

    licscan = licscan_command()
    cwd = args.work  # no licscan.toml or baseline there: the check sees only its arguments
    figures = {
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "heavy_modules_after_import_licscan_cli": heavy_imports("licscan.cli"),
        "help": time_runs([*licscan, "--help"], args.runs, cwd),
        "check_one_file": time_runs(
            [*licscan, "check", str(target), "--sources", str(index)], args.runs, cwd
        ),
        "index": str(index),
        "file": str(target),
    }
    for name in ("help", "check_one_file"):
        row = figures[name]
        print(f"{name:15} median {row['median_s']:.3f} s  (min {row['min_s']:.3f}, max "
              f"{row['max_s']:.3f}, {row['runs']} runs, exit {row['exit_code']})")
        print(f"{'':15} $ {row['command']}")
    print(f"heavy modules imported by `import licscan.cli`: "
          f"{', '.join(figures['heavy_modules_after_import_licscan_cli']) or 'none'}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
