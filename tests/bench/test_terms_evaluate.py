"""bench/terms/evaluate.py: licscan's tables become score.py's predictions as the brief says.

A notice and the terms of its block merge into one statement typed by the most specific term;
a bare notice elsewhere keeps a null type; credits become credit lines and rights metadata
metadata rows. The expected values are worked out by hand from the page below.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from tests.conftest import REPO

SCRIPT = REPO / "bench" / "terms" / "evaluate.py"

PAGE = (
    '<html><head><link rel="license" href="https://creativecommons.org/licenses/by/4.0/">'
    '<meta property="og:site_name" content="Example Press"></head><body>'
    "<p>© 2019 Other Studio</p>"
    "<article><p>The council met on Tuesday and approved the budget for the year.</p>"
    "<p>Photo: Jane Doe/Reuters</p></article>"
    "<footer><p>© 2023-2024 Example Press. <b>All rights reserved.</b> "
    "Excerpts may be used with credit to example.com.</p></footer></body></html>"
)


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_terms_evaluate", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


evaluate = _load()


def _span(text: str) -> tuple[int, int]:
    start = PAGE.index(text)
    return start, start + len(text)


def _notice(text: str, notice_type: str, symbol: str, holders: list[str], years: list[int],
            origin: str = "text") -> dict:
    start, end = _span(text)
    return {"path": "site/page.html", "start": start, "end": end, "notice_type": notice_type,
            "text": text, "symbol": symbol, "holders": holders, "years": years,
            "origin": origin}


def _term(text: str, term_type: str, origin: str = "text", **conditions: object) -> dict:
    start, end = _span(text)
    row = {"path": "site/page.html", "start": start, "end": end, "term_type": term_type,
           "text": text, "origin": origin}
    for column in evaluate.CONDITION_COLUMNS.values():
        row[column] = conditions.get(column, "" if column == "license" else pd.NA)
    return row


def _metadata(value: str, rule_id: str, source: str, name: str) -> dict:
    start, end = _span(value)  # a value's span stands for its element's here
    return {"path": "site/page.html", "start": start, "end": end, "rule_id": rule_id,
            "source": source, "name": name, "value": value}


def _tables() -> dict[str, pd.DataFrame]:
    licence = "https://creativecommons.org/licenses/by/4.0/"
    notices = [
        _notice("© 2019 Other Studio", "copyright", "©", ["Other Studio"], [2019]),
        _notice("Photo: Jane Doe/Reuters", "photo_credit", "", ["Jane Doe", "Reuters"], []),
        _notice("© 2023-2024 Example Press. <b>All rights reserved", "copyright", "©",
                ["Example Press"], [2023, 2024]),
    ]
    notices[2]["text"] = "© 2023-2024 Example Press. All rights reserved"  # as a reader sees it
    terms = [
        _term("All rights reserved", "all_rights_reserved"),
        _term("Excerpts may be used with credit to example.com", "excerpt_with_credit",
              credit_required=True),
        # derived from the rel=license element: the same span as its metadata row
        _term(licence, "creative_commons", origin="link", credit_required=True,
              license="CC-BY-4.0"),
    ]
    metadata = [
        _metadata(licence, "metadata.license", "link", "license"),
        _metadata("Example Press", "metadata.publisher", "meta", "og:site_name"),
    ]
    return {"notices": pd.DataFrame(notices), "terms": pd.DataFrame(terms),
            "metadata": pd.DataFrame(metadata)}


def _conditions(**stated: object) -> dict:
    return {key: stated.get(key) for key in evaluate.CONDITION_COLUMNS}


def test_notice_and_terms_of_one_block_make_one_statement_of_the_most_specific_type() -> None:
    preds = evaluate.predictions(_tables(), {"site/page.html": PAGE})
    statements = [p for p in preds if p["kind"] == "statement"]
    assert statements == [
        {"case": "page", "kind": "statement", "text": "© 2019 Other Studio", "notice": True,
         "holders": ["Other Studio"], "years": [2019], "term_type": None,
         "conditions": _conditions()},
        {"case": "page", "kind": "statement",
         "text": "© 2023-2024 Example Press. All rights reserved. "
                 "Excerpts may be used with credit to example.com",
         "notice": True, "holders": ["Example Press"], "years": [2023, 2024],
         "term_type": "excerpt_with_credit", "conditions": _conditions(credit_required=True)},
    ]


def test_credits_become_credit_lines_and_licence_links_metadata_rows() -> None:
    preds = evaluate.predictions(_tables(), {"site/page.html": PAGE})
    assert [p for p in preds if p["kind"] == "credit_line"] == [
        {"case": "page", "kind": "credit_line", "text": "Photo: Jane Doe/Reuters",
         "notice": False, "holders": ["Jane Doe", "Reuters"], "years": []},
    ]
    assert [p for p in preds if p["kind"] == "metadata"] == [
        {"case": "page", "kind": "metadata", "source": "rel=license",
         "value": "https://creativecommons.org/licenses/by/4.0/",
         "term_type": "creative_commons",
         "conditions": _conditions(credit_required=True, cc_license="CC-BY-4.0")},
    ]


@pytest.mark.parametrize(
    ("gap", "merged"),
    [
        ("</span> | <span>", True),  # punctuation only, even across blocks
        ("</p>\n<p>", True),
        (" - RNPI En trámite - Issn 1852 9232 ", True),  # words, same paragraph, short
        ("</p><p>Contact us", False),  # words across a paragraph break
        (" " + "word " * 60, False),  # same paragraph, but over ~200 characters
        ("<script>var a = 'x';</script>", True),  # invisible
    ],
)
def test_same_block(gap: str, merged: bool) -> None:
    assert evaluate.same_block(gap) is merged


def test_runs_end_to_end_on_the_tuning_half(shared_dir: Path, tmp_path: Path) -> None:
    if not (shared_dir / "bench" / "terms" / "score.py").is_file():
        pytest.skip("the shared benchmark tools are missing")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--shared", str(shared_dir), "--out", str(tmp_path)],
        capture_output=True, text=True, cwd=REPO, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "tuning: term-type macro F1" in done.stdout
    assert (tmp_path / "predictions.jsonl").stat().st_size > 0
