"""Whether a row a rule made is the one an example expects (``expect: {field: value}``), and
a short description of a row for a failing example's message."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass
class MetadataOutcome:
    """A metadata row with what it stated: ``expect: {row: {…}, notice: {…}, term: {…}}``."""

    row: Any
    derived: list[Any]


def mismatches(row: Any, expect: dict[str, Any]) -> list[str]:
    if isinstance(row, MetadataOutcome):
        problems = []
        for key, wanted in expect.items():
            if key == "row":
                problems += mismatches(row.row, wanted)
            elif key in ("notice", "term"):
                kind = "notice_type" if key == "notice" else "term_type"
                candidates = [d for d in row.derived if hasattr(d, kind)]
                if not any(not mismatches(d, wanted) for d in candidates):
                    problems.append(f"no {key} with {wanted}")
            else:
                problems.append(f"unknown expect key {key!r} (use row, notice, term)")
        return problems
    problems = []
    for key, wanted in expect.items():
        if not hasattr(row, key):
            problems.append(f"{key} is not a field")
            continue
        actual = getattr(row, key)
        if key == "message" and isinstance(wanted, str):
            if wanted not in actual:
                problems.append(f"message lacks {wanted!r}")
        elif hasattr(actual, "value") and not isinstance(actual, (str, int, float)):
            if actual.value != wanted:
                problems.append(f"{key}={actual.value!r}")
        elif _normal(actual) != _normal(wanted):
            problems.append(f"{key}={actual!r}")
    return problems


def _normal(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def describe(row: Any, expect: dict[str, Any] | None = None) -> str:
    if isinstance(row, MetadataOutcome):
        derived = ", ".join(describe(d) for d in row.derived) or "nothing derived"
        return f"row {row.row.source}:{row.row.name}={row.row.value!r} ({derived})"
    keys = list(expect) if expect else []
    keys += [f.name for f in fields(row) if f.name not in keys]
    shown = []
    for key in keys:
        value = getattr(row, key, None)
        if key in ("relpath", "span", "fingerprint", "rule_id") or value in (None, "", [], False):
            continue
        shown.append(f"{key}={getattr(value, 'value', value)!r}")
    return "{" + ", ".join(shown[:8]) + "}"
