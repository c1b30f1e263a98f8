"""Paraphrase benchmark: the hand-written set of tests/bench/data/paraphrase against the shared
articles.

1. indexes the 70 pages of ``../shared/corpus/articles/html`` (read in place) as sources;
2. scans each text of the set as a plain-text document with the full pipeline (load, rules,
   match, judge) on one core;
3. prints, for the tuning half and the held-out half of the set (split by source page):
   recall on light and on heavy rewrites (the text is matched to its page, by any stage),
   precision of the (text, source) pairs reported, and false alarms on the independent texts
   (any match at all); then the cost of the paraphrase stage in ms per text.

    python bench/paraphrase_bench.py [--out /tmp/licscan-paraphrase-bench] [--show]
    python bench/paraphrase_bench.py --exact-only     # the same scan without the stage
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
PAGES = REPO.parent / "shared" / "corpus" / "articles" / "html"
SET = REPO / "tests" / "bench" / "data" / "paraphrase"
# Pages whose texts the thresholds were tuned on; the other half is held out.
TUNE_PAGES = ("04a6711caa7c", "08f793762792", "70cb2d5bca75", "aadb38e527d5", "dc7ccccc1f34")
TARGETS = {"recall_heavy": 0.8, "false_alarms": 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/licscan-paraphrase-bench"))
    parser.add_argument("--show", action="store_true", help="print every text's matches")
    parser.add_argument("--exact-only", action="store_true",
                        help="leave the paraphrase stage out (no source is a candidate)")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    if args.exact_only:
        from licscan.match import paraphrase

        paraphrase.CANDIDATES = 0
    texts = load_set()
    index_dir, docs = args.out / "index", args.out / "texts"
    shutil.rmtree(args.out, ignore_errors=True)
    docs.mkdir(parents=True)
    for text in texts:
        (docs / f"{text['id']}.txt").write_text(text["text"] + "\n", encoding="utf-8")
    built = _build(index_dir)
    found, stage_s, scan_s = _scan(index_dir, docs, texts)
    print(f"sources indexed            {built['sources']} in {built['seconds']} s")
    print(f"texts                      {len(texts)}")
    for half in ("tune", "held-out"):
        chosen = [t for t in texts if _half(t) == half]
        _report(half, chosen, found)
    print(f"scan                       {scan_s / len(texts) * 1000:.1f} ms/text (whole pipeline)")
    print(f"paraphrase stage           {stage_s / len(texts) * 1000:.1f} ms/text")
    if args.show:
        for text in texts:
            print(text["id"], text["kind"], sorted(found[text["id"]]))


def load_set() -> list[dict]:
    texts = []
    for path in sorted(SET.glob("*.yaml")):
        texts += yaml.safe_load(path.read_text(encoding="utf-8"))
    return texts


def _half(text: dict) -> str:
    return "tune" if text["source"].startswith(TUNE_PAGES) else "held-out"


def _rules():
    from licscan.detect.factory import rules_for
    from licscan.options import ScanOptions

    return rules_for(ScanOptions())


def _build(index_dir: Path) -> dict:
    from licscan.match import build_index

    stats = build_index([PAGES], index_dir, _rules())
    return {"sources": stats.sources, "seconds": stats.seconds}


def _scan(index_dir: Path, docs: Path, texts: list[dict]
          ) -> tuple[dict[str, set[tuple[str, str]]], float, float]:
    """Each text's matches as (source page id, kind), the time spent in the paraphrase stage
    and in the whole scan."""
    from licscan.match import SourceIndex, matcher
    from licscan.model import FileEntry
    from licscan.options import ScanOptions
    from licscan.run.context import ScanContext
    from licscan.run.unit import process_entry

    stage = [0.0]
    find = matcher.find_paraphrases

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return find(*args, **kwargs)
        finally:
            stage[0] += time.perf_counter() - started

    matcher.find_paraphrases = timed
    index = SourceIndex([index_dir])
    context = ScanContext(options=ScanOptions(sources=[index_dir]), rules=_rules(), index=index)
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    started = time.perf_counter()
    for text in texts:
        path = docs / f"{text['id']}.txt"
        result = process_entry(FileEntry(path, path.name, size=path.stat().st_size), context)
        for m in result.matches:
            found[text["id"]].add((m.source_id.split(".")[0], m.kind))
    matcher.find_paraphrases = find
    return found, stage[0], time.perf_counter() - started


def _report(half: str, texts: list[dict], found: dict[str, set[tuple[str, str]]]) -> None:
    recall = {}
    for kind in ("light", "heavy"):
        chosen = [t for t in texts if t["kind"] == kind]
        hits = sum(any(s == t["source"] for s, _ in found[t["id"]]) for t in chosen)
        recall[kind] = (hits, len(chosen))
    rewrites = [t for t in texts if t["kind"] != "independent"]
    reported = [(t, s) for t in rewrites for s in {s for s, _ in found[t["id"]]}]
    right = sum(s == t["source"] for t, s in reported)
    independent = [t for t in texts if t["kind"] == "independent"]
    alarms = [t["id"] for t in independent if found[t["id"]]]
    by_stage = sum(any(s == t["source"] and k == "paraphrase" for s, k in found[t["id"]])
                   for t in rewrites)
    print(f"--- {half} ({len(rewrites)} rewrites, {len(independent)} independent texts)")
    for kind, (hits, total) in recall.items():
        mark = _mark(f"recall_{kind}", hits / total if total else 0.0)
        print(f"recall {kind:5s}               {hits}/{total} = {hits / max(1, total):.2f}{mark}")
    print(f"precision                  {right}/{len(reported)} = "
          f"{right / max(1, len(reported)):.2f}")
    print(f"found as paraphrase        {by_stage}/{len(rewrites)} (the rest by the exact stages)")
    print(f"false alarms               {len(alarms)}/{len(independent)}"
          f"{_mark('false_alarms', len(alarms))} {' '.join(alarms)}")


def _mark(key: str, value: float) -> str:
    target = TARGETS.get(key)
    if target is None:
        return ""
    good = value <= target if key == "false_alarms" else value >= target
    return f"   (target {'≤' if key == 'false_alarms' else '≥'} {target}: " + (
        "met)" if good else "MISSED)")


if __name__ == "__main__":
    main()
