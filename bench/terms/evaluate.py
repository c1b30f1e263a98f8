"""Score licscan's reading of rights statements on the hand-labelled pages of
tests/bench/data/rights.

Measures how well licscan's notices, terms, credits and rights metadata match the hand labels:
term-type precision/recall/F1 per type and macro (statement and page level), holders, years,
conditions, credit-line recall, look-alikes flagged and metadata, as computed by the shared
scorer (../shared/bench/terms/score.py, whose docstring defines each measure).

    python bench/terms/evaluate.py --half tuning            # default
    python bench/terms/evaluate.py --half held-out          # once, at the end of a rules change
    options: --shared PATH (default ../shared beside the repository), --out DIR (the built set,
    predictions and metrics; default a temporary folder), --json FILE (save the metrics),
    --show-errors N (score.py's error listing; forced to 0 for the held-out half)

Steps: build the case set from the chosen labels (build_cases.py), scan its pages with licscan
(library API: built-in rules, no reuse sources, no cache), turn the tables into predictions
(:func:`predictions`), score them (score.py) and print a line of headline figures.

How tables become predictions:
- copyright notices and terms read from the visible text that stand in one block (overlapping,
  separated only by whitespace/punctuation, or at most ~200 characters apart in one paragraph)
  make one ``statement``; its type is the most specific of its terms (TERM_PRECEDENCE), null
  for a bare notice, its conditions those of that term, its holders and years the notices';
- photo, wire and other third-party credits (notices of another ``notice_type``) make
  ``credit_line`` rows; licscan's attribution rules feed only reuse matching and report no rows;
- rows of the metadata table make ``metadata`` rows, typed by the term licscan derived from
  the same element; publisher context (og:site_name, author, publisher) is left out.
Predictions carry text, never offsets: licscan's ``start``/``end`` index the original file
(docs/schema.md, "Positions"), not build_cases' text/<case>.txt, so score.py places them by
text. The script counts how many spans would index the reference text, to notice a change.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

REPO = Path(__file__).resolve().parents[2]
LABELS = {
    "tuning": REPO / "tests" / "bench" / "data" / "rights" / "labels-tuning.jsonl",
    "held-out": REPO / "tests" / "bench" / "data" / "rights" / "labels-held-out.jsonl",
}

# licscan term_type -> score.py term_type. The names agree one to one: every licscan type has a
# counterpart. licscan's terms.public-domain rule reports "other" (score.py has no public-domain
# class); score.py's "(notice only)" class is a bare notice, term_type null.
TERM_TYPE_MAP: dict[str, str] = {
    "all_rights_reserved": "all_rights_reserved",
    "no_reproduction": "no_reproduction",
    "permission_required": "permission_required",
    "excerpt_with_credit": "excerpt_with_credit",
    "free_with_attribution": "free_with_attribution",
    "creative_commons": "creative_commons",
    "wire_service_ban": "wire_service_ban",
    "tdm_ai_reservation": "tdm_ai_reservation",
    "personal_use_only": "personal_use_only",
    "fair_use_statement": "fair_use_statement",
    "other": "other",
}
# Most specific first: the type of a statement holding several terms.
TERM_PRECEDENCE = (
    "creative_commons", "excerpt_with_credit", "free_with_attribution", "personal_use_only",
    "tdm_ai_reservation", "wire_service_ban", "permission_required", "no_reproduction",
    "fair_use_statement", "all_rights_reserved", "other",
)
# score.py condition field -> licscan terms column (same names; licscan also reports
# credit_target and contact, which score.py does not measure).
CONDITION_COLUMNS: dict[str, str] = {
    "credit_required": "credit_required",
    "link_required": "link_required",
    "max_excerpt_words": "max_excerpt_words",
    "max_excerpt_percent": "max_excerpt_percent",
    "non_commercial": "non_commercial",
    "no_derivatives": "no_derivatives",
    "share_alike": "share_alike",
    "cc_license": "license",
}
CREDIT_TYPES = frozenset({"photo_credit", "wire_credit", "credit"})
# metadata.publisher (publisher, og:site_name, author) is context for notices, not a rights
# statement.
NOT_RIGHTS_METADATA = frozenset({"metadata.publisher"})
MAX_GAP = 200  # visible characters between two rows of one paragraph

_INVISIBLE = re.compile(
    r"<!--.*?-->|<(script|style|noscript|template|svg|select|iframe|object|canvas)\b.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^>]*>|<[!?][^>]*>")
_BLOCK_TAGS = frozenset((  # as build_cases.py's BLOCK_TAGS: each starts a new line
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li",
    "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul"))
_SPACES = re.compile(r"[^\S\n]+")


# ----------------------------------------------------------------------------
# Tables -> predictions
# ----------------------------------------------------------------------------


def visible_gap(source: str) -> tuple[str, bool]:
    """The text a reader sees in a stretch of HTML source, and whether it crosses a block
    boundary (a new paragraph, list item, table cell…)."""
    source = _INVISIBLE.sub("", source)
    crosses = False
    parts: list[str] = []
    last = 0
    for tag in _TAG.finditer(source):
        parts.append(source[last : tag.start()])
        name = (tag.group(2) or "").lower()
        if name in _BLOCK_TAGS:
            crosses = True
        parts.append("\n" if name in _BLOCK_TAGS or name == "br" else "")
        last = tag.end()
    parts.append(source[last:])
    return _SPACES.sub(" ", html.unescape("".join(parts))), crosses


def same_block(gap_source: str) -> bool:
    """Two rows separated by ``gap_source`` belong to one statement."""
    gap, crosses = visible_gap(gap_source)
    words = "".join(gap.split())
    if all(unicodedata.category(ch)[0] in "PS" for ch in words):
        return True
    return not crosses and len(" ".join(gap.split())) <= MAX_GAP


def _value(value: Any) -> Any:
    """A table cell as plain JSON: missing (NA, NaN, "") as None, numpy scalars as Python."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str):
        return value or None
    return value.item() if hasattr(value, "item") else value


def _unique(items: list[Any]) -> list[Any]:
    return list(dict.fromkeys(items))


def _conditions(term: Mapping[str, Any] | None) -> dict[str, Any]:
    return {key: None if term is None else _value(term[column])
            for key, column in CONDITION_COLUMNS.items()}


def _most_specific(terms: list[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    def rank(term: Mapping[str, Any]) -> int:
        return TERM_PRECEDENCE.index(TERM_TYPE_MAP[term["term_type"]])

    return min(terms, key=rank) if terms else None  # min keeps the first of equal rank


def _statement(case: str, rows: list[dict[str, Any]], source: str) -> dict[str, Any]:
    """One statement from the rows of a block (sorted by start): text from the first row's
    start to the last row's end, the gaps read from the source."""
    text, end = rows[0]["text"], rows[0]["end"]
    for row in rows[1:]:
        if row["start"] >= end:
            text += visible_gap(source[end : row["start"]])[0] + row["text"]
        elif row["end"] > end:
            text += visible_gap(source[end : row["end"]])[0]
        end = max(end, row["end"])
    notices = [r for r in rows if r["_table"] == "notices"]
    terms = [r for r in rows if r["_table"] == "terms"]
    chosen = _most_specific(terms)
    return {
        "case": case,
        "kind": "statement",
        "text": _SPACES.sub(" ", text).strip(),
        "notice": bool(notices),
        "holders": _unique([h for n in notices for h in n["holders"]]),
        "years": _unique([int(y) for n in notices for y in n["years"]]),
        "term_type": None if chosen is None else TERM_TYPE_MAP[chosen["term_type"]],
        "conditions": _conditions(chosen),
    }


def _blocks(rows: list[dict[str, Any]], source: str) -> list[list[dict[str, Any]]]:
    """Rows of one document grouped into runs that stand in one block of text."""
    blocks: list[list[dict[str, Any]]] = []
    end = -1
    for row in sorted(rows, key=lambda r: (r["start"], r["end"])):
        if blocks and (row["start"] < end or same_block(source[end : row["start"]])):
            blocks[-1].append(row)
            end = max(end, row["end"])
        else:
            blocks.append([row])
            end = row["end"]
    return blocks


def predictions(tables: Mapping[str, pd.DataFrame], sources: Mapping[str, str]) -> list[dict]:
    """score.py's prediction rows from licscan's ``notices``, ``terms`` and ``metadata`` tables.

    ``sources`` maps each document ``path`` to its decoded source, which the tables' offsets
    index: the stretches between two rows decide whether they stand in one block.
    """
    notices, terms, metadata = tables["notices"], tables["terms"], tables["metadata"]
    in_text = notices["origin"] == "text"
    credits = notices[in_text & notices["notice_type"].isin(sorted(CREDIT_TYPES))]
    spans = pd.concat([
        notices[in_text & (notices["notice_type"] == "copyright")].assign(_table="notices"),
        terms[terms["origin"] == "text"].assign(_table="terms"),
    ])
    out: list[dict] = []
    for path, group in spans.groupby("path", sort=True):
        source = sources[str(path)]
        blocks = _blocks(group.to_dict("records"), source)
        out += [_statement(Path(str(path)).stem, block, source) for block in blocks]
    for row in credits.to_dict("records"):
        out.append({"case": Path(row["path"]).stem, "kind": "credit_line", "text": row["text"],
                    "notice": bool(row["symbol"]), "holders": list(row["holders"]),
                    "years": [int(y) for y in row["years"]]})
    derived = terms[terms["origin"] != "text"]
    for row in metadata[~metadata["rule_id"].isin(sorted(NOT_RIGHTS_METADATA))].to_dict("records"):
        same = derived[(derived["path"] == row["path"]) & (derived["start"] == row["start"])
                       & (derived["end"] == row["end"])]
        chosen = _most_specific(same.to_dict("records"))
        out.append({"case": Path(row["path"]).stem, "kind": "metadata",
                    "source": _source_name(row["source"], row["name"]), "value": row["value"],
                    "term_type": None if chosen is None else TERM_TYPE_MAP[chosen["term_type"]],
                    "conditions": _conditions(chosen)})
    return out


def _source_name(source: str, name: str) -> str:
    """licscan's (source, name) in score.py's spelling: meta[name=copyright], rel=license…"""
    if source == "meta":
        return f"meta[name={name}]"
    if source == "link":
        return f"rel={name}"
    return f"{source}:{name}"


# ----------------------------------------------------------------------------
# The run: build, scan, convert, score
# ----------------------------------------------------------------------------


def read_sources(documents: pd.DataFrame, cases: Path) -> dict[str, str]:
    """Each page decoded as licscan decoded it (its offsets index this string)."""
    sources = {}
    for path, encoding in zip(documents["path"], documents["encoding"], strict=True):
        with open(cases / path, encoding=encoding or "utf-8", errors="replace", newline="") as fh:
            sources[path] = fh.read()
    return sources


def offsets_in_reference(tables: Mapping[str, pd.DataFrame], text_dir: Path) -> tuple[int, int]:
    """How many text rows' start/end index text/<case>.txt to their own text, of how many."""
    fit = total = 0
    texts: dict[str, str] = {}
    for table in ("notices", "terms"):
        frame = tables[table]
        for path, start, end, text in frame[frame["origin"] == "text"][
            ["path", "start", "end", "text"]
        ].itertuples(index=False):
            stem = Path(path).stem
            if stem not in texts:
                texts[stem] = (text_dir / f"{stem}.txt").read_text(encoding="utf-8")
            total += 1
            fit += texts[stem][start:end] == text
    return fit, total


def scan_tables(cases: Path) -> dict[str, pd.DataFrame]:
    import licscan

    # the built set is not a repository: no .gitignore may hide its pages (an --out in ./out)
    options = licscan.ScanOptions(include=["*.html"], use_gitignore=False, sources=[], cache=False)
    return licscan.scan([cases], options).frames()


def run(cmd: list[str], quiet: bool) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"error: {' '.join(cmd[:2])} failed:\n{done.stdout}{done.stderr}")
    if not quiet:
        sys.stdout.write(done.stdout)
        sys.stderr.write(done.stderr)
    return done.stdout


def headline(metrics: dict, half: str) -> str:
    m = metrics["all"]
    fields, neg = m["fields"], m["negatives"]

    def num(x: float | None) -> str:
        return "-" if x is None else f"{x:.3f}"

    return (f"{half}: term-type macro F1 {num(m['statements']['macro_f1'])} (statements); "
            f"holders F1 {num(fields['holders_strict']['f1'])} "
            f"(loose {num(fields['holders_loose']['f1'])}); "
            f"credit recall {num(m['credit_lines']['recall'])}; "
            f"look-alikes flagged {neg['flagged']}/{neg['n_negatives']}")


def evaluate(half: str, shared: Path, out: Path, json_out: Path | None, show_errors: int) -> None:
    held_out = half == "held-out"
    if held_out and show_errors:
        print("note: --show-errors is ignored for the held-out half (aggregate figures only)")
    tools = shared / "bench" / "terms"
    clock = time.perf_counter()
    build = [sys.executable, str(tools / "build_cases.py"),
             "--webeval", str(shared / "corpus" / "web-eval"),
             "--articles", str(shared / "corpus" / "articles"),
             "--labels", str(LABELS[half]), "--out", str(out / "set")]
    built = run(build, quiet=held_out)
    if held_out:  # build_cases names unlocated labels: print only its count line
        print(built.splitlines()[0] if built else "built")
    build_s = time.perf_counter() - clock

    clock = time.perf_counter()
    tables = scan_tables(out / "set" / "cases")
    scan_s = time.perf_counter() - clock
    fit, total = offsets_in_reference(tables, out / "set" / "text")
    print(f"licscan spans indexing text/<case>.txt: {fit} of {total} (predictions carry text only)")
    rows = predictions(tables, read_sources(tables["documents"], out / "set" / "cases"))
    pred_file = out / "predictions.jsonl"
    pred_file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                         encoding="utf-8")

    clock = time.perf_counter()
    metrics_file = out / "metrics.json"
    run([sys.executable, str(tools / "score.py"), "--bench", str(out / "set"),
         "--pred", str(pred_file), "--json", str(metrics_file),
         "--show-errors", str(0 if held_out else show_errors)], quiet=False)
    score_s = time.perf_counter() - clock
    metrics = json.loads(metrics_file.read_text(encoding="utf-8"))
    if held_out:  # aggregate figures only: not which look-alikes were flagged
        for subset in metrics.values():
            subset["negatives"].pop("flagged_sids", None)
        metrics_file.write_text(json.dumps(metrics, indent=2, ensure_ascii=False), "utf-8")
    if json_out is not None:
        json_out.write_text(json.dumps(metrics, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\n{headline(metrics, half)}")
    print(f"{len(rows)} predictions; build {build_s:.1f} s, scan {scan_s:.1f} s, "
          f"score {score_s:.1f} s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--half", choices=sorted(LABELS), default="tuning")
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                    help="the team's shared folder (default: ../shared beside the repository)")
    ap.add_argument("--out", type=Path, help="folder for the built set, predictions and metrics")
    ap.add_argument("--json", type=Path, help="also save score.py's metrics here")
    ap.add_argument("--show-errors", type=int, default=0, metavar="N",
                    help="score.py's first N errors of each kind (tuning half only)")
    args = ap.parse_args(argv)
    if not (args.shared / "bench" / "terms" / "score.py").is_file():
        ap.error(f"{args.shared}: not the shared folder (no bench/terms/score.py)")
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        evaluate(args.half, args.shared, args.out, args.json, args.show_errors)
        return 0
    with tempfile.TemporaryDirectory(prefix="licscan-terms-") as tmp:
        evaluate(args.half, args.shared, Path(tmp), args.json, args.show_errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
