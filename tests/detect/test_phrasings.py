"""Real-world phrasings of notices, reuse terms and credits, with what a reader takes from each.

``tests/detect/data/phrasings.yaml`` lists footers, captions and reuse lines as they appear on
news sites, wire stories, blogs, universities, government and CC-licensed sites in many
languages, and sentences *about* copyright that are not notices.  Each case names every notice
and term detection must give (fields checked by hand); anything else it gives is a false
positive, unless the case lists its type under ``also`` (a second reading that is defensible).
An expected notice is a copyright notice unless it names another ``notice_type``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from licscan.detect import Detection

DATA = Path(__file__).parent / "data"

CASES: list[dict[str, Any]] = yaml.safe_load((DATA / "phrasings.yaml").read_text("utf-8"))


def _case_id(case: dict[str, Any]) -> str:
    flat = " ".join(str(case.get("text") or case.get("html")).split())
    return flat[:60]


def _value(row: Any, key: str) -> Any:
    value = getattr(row, key)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _fits(row: Any, expect: dict[str, Any]) -> bool:
    return all(_value(row, key) == wanted for key, wanted in expect.items())


def _describe(row: Any) -> str:
    keys = ("notice_type", "term_type", "holders", "years", "year_start", "year_end",
            "rights_reserved", "license", "licensor", "credit_target", "link_required",
            "contact", "text")  # fmt: skip
    shown = {k: getattr(row, k) for k in keys if getattr(row, k, None) not in (None, "", [])}
    return repr(shown)


def _problems(kind: str, type_key: str, rows: list[Any], case: dict[str, Any]) -> list[str]:
    expected: list[dict[str, Any]] = case.get(kind) or []
    if kind == "notices":  # a notice is a copyright notice unless the case says otherwise
        expected = [{"notice_type": "copyright", **e} for e in expected]
    also = set(case.get("also") or [])
    problems = []
    for expect in expected:
        if not any(_fits(row, expect) for row in rows):
            problems.append(f"missing {kind[:-1]} {expect}")
    wanted_types = {e[type_key] for e in expected} | also
    for row in rows:
        if getattr(row, type_key) not in wanted_types:
            problems.append(f"unexpected {kind[:-1]} {_describe(row)}")
    return problems


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_phrasing(case: dict[str, Any], run: Callable[..., Detection]) -> None:
    detection = run(case["html"], "html") if "html" in case else run(case["text"])
    problems = _problems("notices", "notice_type", detection.notices, case)
    problems += _problems("terms", "term_type", detection.terms, case)
    assert not problems, "\n".join(problems)


def test_the_list_is_varied() -> None:
    positives = [c for c in CASES if c.get("notices") or c.get("terms")]
    negatives = [c for c in CASES if not (c.get("notices") or c.get("terms"))]
    assert len(positives) >= 120 and len(negatives) >= 40
