"""The short human summary printed on the terminal after a scan or a re-render."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from licscan.discover import skipped_summary
from licscan.report.findings_view import reuse_matches
from licscan.report.overview import overview
from licscan.report.problems import (
    Problem,
    is_listed,
    plain_console,
    print_text,
    problem_block,
    source_line,
    terms_line,
)
from licscan.report.site_rights import site_rights
from licscan.report.tables import severity_rank

if TYPE_CHECKING:
    from licscan.result import ScanResult

STYLES = {"high": "bold red", "medium": "yellow", "low": "cyan", "info": "dim"}


def print_summary(result: ScanResult, fail_on: str, console: Console | None = None) -> None:
    """Counts per table, findings by severity, and every finding the console lists.

    ``fail_on`` is the severity at or above which an unaccepted finding blocks (exit 1).
    """
    console = console or plain_console()
    fail_on = str(getattr(fail_on, "value", fail_on))
    threshold = severity_rank(fail_on)
    view = overview(result)

    n = dict(view.counts)
    warnings = f" · {n['Warnings']} warning(s)" if n["Warnings"] else ""
    console.print(
        f"[bold]licscan[/]: {n['Documents']} documents ({n['Documents not read']} not read) · "
        f"{n['Notices']} notices · {n['Terms']} terms · {n['Metadata']} metadata · "
        f"{n['Matches']} matches · {n['Findings']} findings ({n['Accepted findings']} accepted)"
        f"{warnings}"
    )
    _print_site_rights(result, console)
    documents = result.documents
    skipped = skipped_summary(documents.loc[documents["status"] == "skipped", "reason"])
    if skipped:
        console.print(escape(skipped))
    severities = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    for heading in ("severity", "findings", "unaccepted", ""):
        severities.add_column(heading, justify="right" if heading[:1] in "fu" else "left")
    for severity, total, unaccepted in view.severities:
        blocks = severity_rank(severity) >= threshold and unaccepted
        severities.add_row(f"[{STYLES[severity]}]{severity}[/]", str(total), str(unaccepted),
                           f"[bold]blocks (--fail-on {fail_on})[/]" if blocks else "")
    console.print(severities)

    problems = listed_problems(result, fail_on)
    blocking = [p for p in problems if severity_rank(p.severity) >= threshold]
    others = [p for p in problems if severity_rank(p.severity) < threshold]
    if blocking:
        console.print(f"[bold]{len(blocking)} blocking finding(s)[/] at or above {fail_on}:")
    else:
        console.print(f"[green]No unaccepted findings at or above {fail_on}.[/]")
    _print_blocks(blocking, console)
    if others:
        console.print(f"{len(others)} acceptance(s) that accept nothing (below {fail_on}, "
                      "they do not block):")
    _print_blocks(others, console)


def _print_blocks(problems: list[Problem], console: Console) -> None:
    for problem in problems:
        print_text(problem_block(problem) + "\n\n", console)


def listed_problems(result: ScanResult, fail_on: str) -> list[Problem]:
    """The findings the console lists (:func:`licscan.report.problems.is_listed`), highest
    severity first, then by place."""
    findings = result.findings
    listed = findings[[
        is_listed(severity, rule_id, accepted, fail_on)
        for severity, rule_id, accepted in zip(
            findings["severity"], findings["rule_id"], findings["accepted"], strict=True)
    ]]
    if listed.empty:
        return []
    order = listed.assign(_rank=listed["severity"].map(severity_rank))
    order = order.sort_values(["_rank", "path", "start"], ascending=[False, True, True],
                              kind="stable")
    matches = reuse_matches(order, result.matches)
    return [_problem(row, matches.get((row.path, row.start, row.end))) for row in
            order.itertuples(index=False)]


def _problem(row: Any, match: Any) -> Problem:
    return Problem(
        path=row.path,
        line=row.line,
        column=row.column,
        rule_id=row.rule_id,
        severity=row.severity,
        message=row.message,
        excerpt=row.excerpt,
        accepted=row.accepted,
        accepted_reason=row.accepted_reason,
        source="" if match is None else source_line(
            match["source_publisher"], match["source_id"], match["source_url"]),
        terms="" if match is None else terms_line(
            match["source_terms"], bool(match["attributed"]), bool(match["linked"])),
        location=row.location,
    )


def _print_site_rights(result: ScanResult, console: Console) -> None:
    """One line on the sites' TDM/AI reservations, when a site states one or has a finding."""
    sites = site_rights(result)
    if sites:
        console.print(
            f"Site rights: {len(sites)} site(s) · "
            f"{sum(s.reserving for s in sites)} machine-readable reservation(s) · "
            f"{sum(s.prose for s in sites)} in prose · "
            f"{sum(len(s.findings) for s in sites)} site finding(s)"
        )

