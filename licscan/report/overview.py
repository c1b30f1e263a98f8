"""The figures every human-facing report shows: counts per table and small breakdowns.

The XLSX Summary sheet, the HTML report and the terminal summary all take their numbers from
:func:`overview`, so they always agree with each other and with the scan's own tables.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from licscan.report.findings_view import source_label
from licscan.report.tables import SEVERITY_RANK, WARNING

if TYPE_CHECKING:
    import pandas as pd

    from licscan.result import ScanResult

VERDICT_ORDER = ("violation", "review", "ok")
TOP = 15  # rows in the "by folder", "by holder" and "by source" breakdowns
TOP_LEVEL = "(top level)"  # the folder of a file directly in the scanned folder


@dataclass(frozen=True)
class Ranked:
    """The first rows of a breakdown, and how many more there are past the cap."""

    rows: list[tuple[Any, ...]]  # (label, figures …)
    more: int = 0

    @classmethod
    def capped(cls, rows: list[tuple[Any, ...]], top: int = TOP) -> Ranked:
        return cls(rows[:top], max(0, len(rows) - top))

    def more_label(self) -> str:
        """``+N more`` for the rows left out ("" when none are)."""
        return f"+{self.more} more" if self.more else ""


@dataclass(frozen=True)
class Overview:
    counts: list[tuple[str, int]]  # (label, count) in display order
    severities: list[tuple[str, int, int]]  # (severity, findings, unaccepted findings)
    verdicts: list[tuple[str, int]]
    term_types: list[tuple[str, int]]
    folders: Ranked  # (folder, documents, findings, unaccepted high findings, matches)
    holders: Ranked  # (holder, notices naming them)
    sources: Ranked  # (publisher, matches, words copied, worst verdict)


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
    verdicts = sorted(verdict_counts.items(), key=lambda kv: (_verdict_rank(kv[0]), kv[0]))
    copyright_notices = result.notices[result.notices["notice_type"] == "copyright"]
    holders = Counter(h for row in copyright_notices["holders"] for h in dict.fromkeys(row))
    return Overview(
        counts=counts,
        severities=severities,
        verdicts=verdicts,
        term_types=_ranked(Counter(result.terms["term_type"])),
        folders=Ranked.capped(_folders(result, unaccepted)),
        holders=Ranked.capped(_ranked(holders)),
        sources=Ranked.capped(_sources(result.matches)),
    )


def _ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def _verdict_rank(verdict: str) -> int:
    """0 for the worst verdict (violation), up to 9 for one not judged."""
    return VERDICT_ORDER.index(verdict) if verdict in VERDICT_ORDER else 9


def common_folder(paths: Iterable[str]) -> str:
    """The folder every one of ``paths`` lies in, ending with ``/`` ("" when they share none):
    the scanned folder, when the paths are named from a folder above it."""
    folders = [posixpath.dirname(path) for path in paths]
    common = posixpath.commonpath(folders) if folders and all(folders) else ""
    return common + "/" if common else ""


def folder_of(path: str, base: str = "") -> str:
    """The section of the site ``path`` is in: the first folder under ``base`` (the scanned
    folder), or ``base`` itself, marked top level, for a file directly in it."""
    prefix = base if path.startswith(base) else ""
    head, slash, _ = path[len(prefix):].partition("/")
    if not slash:
        return f"{prefix} {TOP_LEVEL}" if prefix else TOP_LEVEL
    return prefix + head + "/"


def _folders(result: ScanResult, unaccepted: pd.DataFrame) -> list[tuple[str, int, int, int, int]]:
    """Per section of the site: documents, findings, unaccepted high findings, matches; most
    high findings first, then most findings."""
    base = common_folder(result.documents["path"])

    def count(paths: Iterable[str]) -> Counter[str]:
        return Counter(folder_of(path, base) for path in paths)

    documents = count(result.documents["path"])
    findings = count(result.findings["path"])
    high = count(unaccepted.loc[unaccepted["severity"] == "high", "path"])
    matches = count(result.matches["path"])
    rows = [(folder, documents[folder], findings[folder], high[folder], matches[folder])
            for folder in set(documents) | set(findings)]
    return sorted(rows, key=lambda row: (-row[3], -row[2], row[0]))


def _sources(matches: pd.DataFrame) -> list[tuple[str, int, int, str]]:
    """Per source (publisher): matches, words copied and the worst verdict; most matches
    first."""
    found: dict[str, tuple[int, int, str]] = {}
    for match in matches.itertuples(index=False):
        label = source_label(match)
        count, words, worst = found.get(label, (0, 0, ""))
        verdict = match.verdict or "unjudged"
        if not worst or _verdict_rank(verdict) < _verdict_rank(worst):
            worst = verdict
        found[label] = (count + 1, words + int(match.matched_words), worst)
    rows = [(label, *figures) for label, figures in found.items()]
    return sorted(rows, key=lambda row: (-row[1], row[0]))
