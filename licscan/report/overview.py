"""The figures every human-facing report shows: counts per table and small breakdowns.

The XLSX Summary sheet, the HTML report and the terminal summary all take their numbers from
:func:`overview`, so they always agree with each other and with the scan's own tables.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from licscan.report.tables import SEVERITY_RANK, WARNING

if TYPE_CHECKING:
    from licscan.result import ScanResult

VERDICT_ORDER = ("violation", "review", "ok")
TOP = 15  # rows in the "by holder" and "by source" breakdowns


@dataclass(frozen=True)
class Overview:
    counts: list[tuple[str, int]]  # (label, count) in display order
    severities: list[tuple[str, int, int]]  # (severity, findings, unaccepted findings)
    verdicts: list[tuple[str, int]]
    term_types: list[tuple[str, int]]
    holders: list[tuple[str, int]]  # copyright holders by number of notices naming them
    sources: list[tuple[str, int]]  # sources by number of matches


def overview(result: ScanResult) -> Overview:
    findings = result.findings
    unaccepted = findings[findings["accepted"] == ""]
    warnings = int((result.errors["status"] == WARNING).sum())
    counts = [
        ("Documents", len(result.documents)),
        ("Documents not read", len(result.errors) - warnings),
        ("Warnings", warnings),
        ("Notices", len(result.notices)),
        ("Terms", len(result.terms)),
        ("Metadata", len(result.metadata)),
        ("Matches", len(result.matches)),
        ("Findings", len(findings)),
        ("Accepted findings", len(findings) - len(unaccepted)),
    ]
    all_counts = Counter(findings["severity"])
    open_counts = Counter(unaccepted["severity"])
    severities = [(s, all_counts.get(s, 0), open_counts.get(s, 0)) for s in SEVERITY_RANK]
    verdict_counts = Counter(v or "unjudged" for v in result.matches["verdict"])
    verdicts = sorted(
        verdict_counts.items(),
        key=lambda kv: (VERDICT_ORDER.index(kv[0]) if kv[0] in VERDICT_ORDER else 9, kv[0]),
    )
    copyright_notices = result.notices[result.notices["notice_type"] == "copyright"]
    holders = Counter(h for row in copyright_notices["holders"] for h in dict.fromkeys(row))
    sources = Counter(_source_label(row) for row in result.matches.itertuples(index=False))
    return Overview(
        counts=counts,
        severities=severities,
        verdicts=verdicts,
        term_types=_ranked(Counter(result.terms["term_type"])),
        holders=_ranked(holders)[:TOP],
        sources=_ranked(sources)[:TOP],
    )


def _ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def _source_label(match: object) -> str:
    for attribute in ("source_publisher", "source_url", "source_path", "source_id"):
        value = getattr(match, attribute, "")
        if value:
            return str(value)
    return "(unknown)"
