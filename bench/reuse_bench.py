"""Reuse benchmark: run licscan on the shared text-reuse benchmark and score it.

1. generates an instance with ``../shared/bench/make_bench.py`` (``--n 120 --sources 30
   --seed 13`` by default; ``--scale 10000`` adds distractor sources for throughput);
2. builds a source index from the instance's ``sources.jsonl`` as manifest (the clean
   ``sources/<sid>.txt`` files, whose offsets the scorer uses);
3. scans every file of ``candidates/`` with the full pipeline (load, rules, match, judge) on
   one core, and writes one prediction per match (raw-file offsets on both sides, attributed,
   verdict);
4. runs ``../shared/bench/score.py`` and prints plagdet, precision, recall, granularity, pair
   F1, attribution and verdict accuracy, candidates per second and peak memory.

Usage (from the repository root)::

    .venv/bin/python bench/reuse_bench.py                      # 30 sources
    .venv/bin/python bench/reuse_bench.py --scale 10000        # 10,000-source index
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "bench"
TARGETS = {"plagdet": 0.93, "precision": 0.97, "granularity": 1.05, "attribution": 0.97,
           "verdict": 0.95, "candidates_per_s": 50.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/licscan-reuse-bench"))
    parser.add_argument("--n", type=int, default=120)
    parser.add_argument("--sources", type=int, default=30)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--scale", type=int, default=0, help="total sources incl. distractors")
    parser.add_argument("--reuse", action="store_true",
                        help="keep an instance and index made by an earlier run")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))

    bench = args.out if not args.scale else args.out.with_name(f"{args.out.name}-{args.scale}")
    index_dir = bench.with_name(bench.name + "-index")
    figures: dict = {"command": " ".join(sys.argv)}
    if not (args.reuse and (bench / "truth.jsonl").is_file()):
        figures["generate_s"] = _generate(bench, args)
    if not (args.reuse and index_dir.is_dir()):
        figures.update(_build(bench, index_dir))
    figures.update(_scan(bench, index_dir, bench.with_name(bench.name + "-pred.jsonl")))
    figures.update(_score(bench, bench.with_name(bench.name + "-pred.jsonl")))
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    _print(figures)


def _generate(bench: Path, args: argparse.Namespace) -> float:
    command = [sys.executable, str(SHARED / "make_bench.py"), "--out", str(bench), "--n",
               str(args.n), "--sources", str(args.sources), "--seed", str(args.seed)]
    if args.scale:
        command += ["--scale", str(args.scale)]
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return round(time.perf_counter() - started, 2)


def _rules():
    """The rules of a scan with the default options (no licscan.toml, no --rules)."""
    from licscan.detect.factory import rules_for
    from licscan.options import ScanOptions

    return rules_for(ScanOptions())


def _build(bench: Path, index_dir: Path) -> dict:
    import shutil

    from licscan.match import build_index

    shutil.rmtree(index_dir, ignore_errors=True)
    stats = build_index([], index_dir, _rules(), manifest=bench / "sources.jsonl")
    return {"index_sources": stats.sources, "index_build_s": stats.seconds,
            "index_mb": round(stats.size_bytes / 1e6, 1), "index_fingerprints": stats.fingerprints}


def _scan(bench: Path, index_dir: Path, pred: Path) -> dict:
    from licscan.match import SourceIndex
    from licscan.model import FileEntry
    from licscan.options import ScanOptions
    from licscan.run.context import ScanContext
    from licscan.run.unit import process_entry

    index = SourceIndex([index_dir])
    context = ScanContext(options=ScanOptions(sources=[index_dir]), rules=_rules(), index=index)
    files = sorted(p for p in (bench / "candidates").iterdir() if p.is_file())
    rows = []
    started = time.perf_counter()
    cpu = time.process_time()
    for path in files:
        result = process_entry(FileEntry(path, path.name, size=path.stat().st_size), context)
        for m in result.matches:
            info = index.find(m.source_id)
            src = index.locator(info.store, info.sid).offsets.source_range(
                m.source_start, m.source_end)
            rows.append({"candidate": path.stem, "source": m.source_id,
                         "cand_start": m.span.start, "cand_end": m.span.end,
                         "src_start": src[0], "src_end": src[1], "attributed": m.attributed,
                         "verdict": m.verdict, "kind": m.kind, "similarity": m.similarity,
                         "source_fraction": m.source_fraction, "evidence": m.evidence})
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu
    with open(pred, "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    return {"candidates": len(files), "matches": len(rows), "scan_s": round(wall, 2),
            "candidates_per_s": round(len(files) / wall, 1),
            "candidates_per_cpu_s": round(len(files) / cpu, 1), "predictions": str(pred)}


def _score(bench: Path, pred: Path) -> dict:
    metrics_path = pred.with_suffix(".metrics.json")
    subprocess.run([sys.executable, str(SHARED / "score.py"), "--bench", str(bench), "--pred",
                    str(pred), "--json", str(metrics_path)], check=True, stdout=subprocess.DEVNULL)
    m = json.loads(metrics_path.read_text(encoding="utf-8"))
    side = m.get("char_both_sides", m["char_candidate_side"])
    return {
        "plagdet": side["plagdet"], "precision": side["precision"], "recall": side["recall"],
        "granularity": side["granularity"],
        "plagdet_candidate_side": m["char_candidate_side"]["plagdet"],
        "pair_f1": m["pairs"]["f1"],
        "false_alarm_none": m["false_alarm_rate_none"],
        "false_alarm_same_topic": m["false_alarm_rate_same_topic"],
        "attribution": m["attribution"].get("accuracy"),
        "verdict": (m.get("verdict") or {}).get("accuracy"),
        "verdict_confusion": (m.get("verdict") or {}).get("confusion"),
        "by_kind": m["by_kind"], "metrics": str(metrics_path),
    }


def _print(figures: dict) -> None:
    for key, value in figures.items():
        target = TARGETS.get(key)
        mark = ""
        if target is not None and isinstance(value, (int, float)):
            good = value <= target if key == "granularity" else value >= target
            mark = f"   (target {'≤' if key == 'granularity' else '≥'} {target}: "
            mark += "met)" if good else "MISSED)"
        if isinstance(value, dict):
            value = json.dumps(value)
        print(f"{key:26s} {value}{mark}")


if __name__ == "__main__":
    main()
