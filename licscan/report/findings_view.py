"""The findings as a rights or legal team reads them, for the XLSX workbook and the HTML report.

A person's columns come first: severity, where, the problem, what to do, and for reused text
the source (its publisher and URL, joined from the matches table), its terms, the words copied
and the verdict.  The findings table's other columns (offsets, rule id, fingerprint …) follow
as technical columns.  Only these two reports show this presentation: the findings table
itself, and every file made from it (JSON, CSV, Parquet, SARIF, baselines), keep the schema's
names and order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from licscan.report import tables
from licscan.report.problems import message_and_fix
from licscan.textmap import where

if TYPE_CHECKING:
    import pandas as pd

# The person's columns, in order (explained in licscan.report.glossary).
PEOPLE_COLUMNS = ("Severity", "Location", "Problem", "What to do", "Source", "Source terms",
                  "Words copied", "Verdict", "Kind of copy", "Excerpt", "Accepted",
                  "Accepted reason")
# Findings-table columns shown under a person's name above; the rest are technical.
_SHOWN = frozenset({"severity", "message", "excerpt", "accepted", "accepted_reason"})
TECHNICAL_COLUMNS = tuple(c for c in tables.COLUMNS["findings"] if c not in _SHOWN)
COLUMNS = PEOPLE_COLUMNS + TECHNICAL_COLUMNS

Place = tuple[str, int, int]  # a finding's path, start and end


@dataclass(frozen=True)
class FindingView:
    """One finding in a person's columns, with its table row for the technical ones."""

    row: Any  # the findings table's row (a named tuple)
    location: str
    problem: str
    fix: str
    source: str = ""
    source_url: str = ""
    source_terms: str = ""
    words: int | None = None
    verdict: str = ""
    copy_kind: str = ""

    def people_cells(self) -> tuple[Any, ...]:
        row = self.row
        return (row.severity, self.location, self.problem, self.fix, self.source,
                self.source_terms, self.words, self.verdict, self.copy_kind, row.excerpt,
                row.accepted, row.accepted_reason)

    def technical_cells(self) -> tuple[Any, ...]:
        return tuple(getattr(self.row, column) for column in TECHNICAL_COLUMNS)


def finding_views(findings: pd.DataFrame, matches: pd.DataFrame) -> list[FindingView]:
    """Every finding of ``findings`` in its order, each reuse finding with its match's source."""
    reused = reuse_matches(findings, matches)
    return [_view(row, reused.get((row.path, row.start, row.end)))
            for row in findings.itertuples(index=False)]


def _view(row: Any, match: Any) -> FindingView:
    problem, fix = message_and_fix(row.message, row.rule_id)
    location = where(row.path, row.line, row.column, row.location)
    if match is None:
        return FindingView(row, location, problem, fix)
    return FindingView(
        row, location, problem, fix,
        source=source_label(match),
        source_url=match.source_url,
        source_terms=match.source_terms,
        words=int(match.matched_words),
        verdict=match.verdict or "unjudged",
        copy_kind=match.kind,
    )


def most_severe_first(findings: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """``findings`` most severe first, in table order within a severity (the first ``limit``)."""
    ranks = findings["severity"].map(lambda s: tables.SEVERITY_RANK.get(s, -1))
    return findings.loc[ranks.sort_values(ascending=False, kind="stable").index[:limit]]


def reuse_matches(findings: pd.DataFrame, matches: pd.DataFrame) -> dict[Place, Any]:
    """For each reuse finding (by path and span), the match overlapping it most."""
    found: dict[Place, Any] = {}
    reuse = findings[findings["kind"] == "reuse"]
    if reuse.empty:
        return found
    matches = matches[matches["path"].isin(set(reuse["path"]))]
    by_path = dict(tuple(matches.groupby("path", sort=False)))
    for row in reuse.itertuples(index=False):
        same_file = by_path.get(row.path, matches.iloc[:0])
        overlap = (same_file["end"].clip(upper=row.end) - same_file["start"].clip(lower=row.start))
        if len(overlap) and overlap.max() > 0:
            found[(row.path, row.start, row.end)] = same_file.loc[overlap.idxmax()]
    return found


def source_label(match: Any) -> str:
    """Who a match's source is, in words: its publisher, else its URL, path or id."""
    for attribute in ("source_publisher", "source_url", "source_path", "source_id"):
        value = getattr(match, attribute, "")
        if value:
            return str(value)
    return "(unknown)"
