"""The short human summary printed on the terminal after a scan or a re-render."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from licscan.discover import skipped_summary
from licscan.report.overview import overview
from licscan.report.site_rights import site_rights
from licscan.report.tables import severity_rank

if TYPE_CHECKING:
    from licscan.result import ScanResult

TOP_BLOCKING = 10
STYLES = {"high": "bold red", "medium": "yellow", "low": "cyan", "info": "dim"}


def print_summary(result: ScanResult, fail_on: str, console: Console | None = None) -> None:
    """Counts per table, findings by severity, and the first blocking findings.

    ``fail_on`` is the severity at or above which an unaccepted finding blocks (exit 1).
    """
    console = console or Console(highlight=False)
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

    blocking = result.blocking_findings(fail_on)
    if blocking.empty:
        console.print(f"[green]No unaccepted findings at or above {fail_on}.[/]")
        return
    console.print(f"[bold]{len(blocking)} blocking finding(s)[/] at or above {fail_on}:")
    order = blocking.assign(_rank=blocking["severity"].map(severity_rank))
    order = order.sort_values(["_rank", "path", "start"], ascending=[False, True, True],
                              kind="stable")
    for row in order.head(TOP_BLOCKING).itertuples(index=False):
        location = f"{row.path}:{row.line}:{row.column}"
        console.print(
            f"  [{STYLES.get(row.severity, '')}]{row.severity:<6}[/] {escape(location)} "
            f"[bold]{escape(row.rule_id)}[/] {escape(_one_line(row.message))}",
            soft_wrap=True,
        )
    if len(blocking) > TOP_BLOCKING:
        console.print(f"  … and {len(blocking) - TOP_BLOCKING} more (see the report files).")


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


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
