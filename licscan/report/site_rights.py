"""The "Site rights" view of a scan, for the HTML report, the XLSX Summary sheet and the
terminal: per site, a grid of crawlers × signals (what each signal says to each crawler) and
the site findings, read from the ``reservations`` and ``findings`` tables.

robots.txt and ai.txt speak to crawlers by name; TDMRep, headers, meta tags and prose speak to
every crawler alike, so their cell is the same on every row of a site.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from licscan.result import ScanResult

SIGNAL_COLUMNS = (
    ("robots.txt", ("robots.txt",)),
    ("ai.txt", ("ai.txt",)),
    ("TDMRep file", ("tdmrep.json",)),
    ("HTTP headers", ("http-header",)),
    ("meta tags", ("robots-meta", "tdm-reservation-meta")),
    ("prose", ("prose",)),
)
SITE_KIND = "site"
EVERY_CRAWLER = "*"
OTHER_PAGES = "(pages of sites without site files)"
SITE_LIMIT = 50  # sites shown in the HTML report, those with the most to say first


@dataclass
class SiteRights:
    site: str
    rows: list[tuple[str, str, list[str]]] = field(default_factory=list)  # agent, about, cells
    reserving: int = 0  # machine-readable signals that reserve
    prose: int = 0  # prose reservations
    findings: list[dict[str, object]] = field(default_factory=list)


def site_rights(result: ScanResult) -> list[SiteRights]:
    """Every site with a reservation signal or a site finding, most signals and findings first."""
    reservations = result.reservations
    findings = result.findings[result.findings["kind"] == SITE_KIND]
    owner = _site_of_paths(reservations)
    sites = sorted(set(reservations["site"]) | set(map(owner, findings["path"])))
    views = []
    for site in sites:
        rows = reservations[reservations["site"] == site]
        view = SiteRights(site, _grid(rows))
        view.prose = int((rows["signal"] == "prose").sum())
        view.reserving = int(rows["reserves"].sum()) - view.prose
        view.findings = [
            {"path": f.path, "line": int(f.line), "severity": f.severity, "rule_id": f.rule_id,
             "message": f.message}
            for f in findings.itertuples(index=False) if owner(f.path) == site
        ]  # fmt: skip
        if view.reserving or view.prose or view.findings:
            views.append(view)
    return sorted(views, key=lambda v: (-len(v.findings) - v.reserving - v.prose, v.site))


def _grid(rows: pd.DataFrame) -> list[tuple[str, str, list[str]]]:
    robots = rows[rows["signal"] == "robots.txt"]
    agents = list(dict.fromkeys([EVERY_CRAWLER, *robots["agent"]]))
    about = dict(zip(robots["agent"], robots["text"], strict=True))
    return [(agent, about.get(agent, "every crawler"),
             [_cell(rows, agent, signals) for _, signals in SIGNAL_COLUMNS])
            for agent in agents]  # fmt: skip


def _cell(rows: pd.DataFrame, agent: str, signals: Iterable[str]) -> str:
    """What the signals say to ``agent``: ``robots.txt`` its own verdict; ``ai.txt`` the lines of
    its group or of ``*``; the others, how many of their statements reserve."""
    chosen = rows[rows["signal"].isin(list(signals))]
    if chosen.empty:
        return ""
    if "robots.txt" in signals:
        own = chosen[chosen["agent"] == agent]
        value = own.iloc[0] if len(own) else None
        if value is None:
            return ""
        scope = "; ".join(value["scope"]) if value["value"] == "partial" else ""
        return f"{value['value']} {scope}".strip()
    if "ai.txt" in signals:
        own = chosen[chosen["agent"].isin([agent, EVERY_CRAWLER])]
        return "; ".join(f"{v} {'; '.join(s)}" for v, s in zip(own["value"], own["scope"],
                                                                 strict=True))  # fmt: skip
    reserving = int(chosen["reserves"].sum())
    return f"reserved ({reserving})" if reserving else "not reserved"


def _site_of_paths(reservations: pd.DataFrame) -> Callable[[str], str]:
    """A function giving the site of a file: the site of its reservation rows, else the folder
    site holding it (a site whose files the scan holds has rows of them)."""
    known = dict(zip(reservations["path"], reservations["site"], strict=True))
    known.update(zip(reservations["source"], reservations["site"], strict=True))
    folders = {site for site, path in zip(reservations["site"], reservations["path"], strict=True)
               if not path}  # fmt: skip
    by_length = sorted(folders - {"./"}, key=len, reverse=True)
    fallback = "./" if "./" in folders else OTHER_PAGES

    def site_of(path: str) -> str:
        if path in known:
            return known[path]
        return next((folder for folder in by_length if path.startswith(folder)), fallback)

    return site_of
