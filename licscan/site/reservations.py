"""TDM/AI reservations per site and page: the rows of the ``reservations`` table, and the
``reservation.*`` checks (prose without a machine-readable signal, signals that contradict each
other, a TDMRep policy that is missing, a page licence that allows reuse under a reservation).

A *machine-readable reservation* covers a page when the page's own meta tags reserve
(``tdm-reservation=1``, robots ``noai``/``noimageai``), when a TDMRep rule, an ``ai.txt``
``Disallow`` or a header reservation of its site matches its path, or when the site's
``robots.txt`` refuses the page to a crawler that fetches pages to train models.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from licscan.detect.crawlers import Crawler
from licscan.site import ids
from licscan.site.files import PathRule, SiteFiles
from licscan.site.pages import Page

ROBOTS_SIGNAL = "robots.txt"
_TDMREP_SIGNALS = ("tdmrep.json", "http-header")
_META_RESERVING = ("robots-meta", "tdm-reservation-meta")


@dataclass(frozen=True)
class Issue:
    """A finding of a site check, before its rule gives it a severity and a message."""

    rule_id: str
    path: str
    line: int
    values: dict[str, object]  # what the rule's message template reads
    evidence: str  # what the finding is about, for its fingerprint and excerpt


@dataclass
class Reservation:
    """One row of the ``reservations`` table."""

    site: str
    path: str  # the page, "" for a statement about the whole site
    source: str  # the file that makes the statement
    line: int
    signal: str
    value: str
    reserves: bool
    scope: list[str] = field(default_factory=list)
    agent: str = ""
    policy: str = ""
    text: str = ""


@dataclass
class Site:
    """One site of a scan: its key, its files for machines (``None`` when the scan holds none)
    and its pages."""

    key: str
    files: SiteFiles | None
    pages: list[Page]
    crawlers: tuple[Crawler, ...]
    base: Path  # the folder the scan's paths are relative to

    @property
    def rules(self) -> list[PathRule]:
        return self.files.rules if self.files else []

    @property
    def paths(self) -> list[str]:
        """The paths robots.txt is asked about: the site's top and every page."""
        return ["/", *(page.url_path for page in self.pages)]

    def robots_refuses(self, agent: str, path: str) -> bool:
        return self.files is not None and not self.files.robots_allows(agent, path)

    def covered(self, page: Page) -> bool:
        """Whether a machine-readable reservation covers ``page``."""
        return page.reserves_in_metadata or any(
            rule.reserves and rule.covers(page.url_path) for rule in self.rules
        ) or any(
            self.robots_refuses(c.agent, page.url_path)
            for c in self.crawlers if c.purpose == "training"
        )  # fmt: skip


def reservation_rows(site: Site) -> Iterator[Reservation]:
    if site.files is not None:
        yield from _site_rows(site, site.files)
    for page in site.pages:
        for statement in page.statements:
            is_policy = statement.signal == "tdm-policy-meta"
            policy = statement.value.partition("=")[2] if is_policy else ""
            yield Reservation(site.key, page.path, page.path, statement.line, statement.signal,
                              statement.value, statement.signal in (*_META_RESERVING, "prose"),
                              [page.url_path], policy=policy, text=statement.text)  # fmt: skip


def _site_rows(site: Site, files: SiteFiles) -> Iterator[Reservation]:
    if files.robots is not None:
        for crawler in (Crawler("*", "", "", ""), *site.crawlers):
            yield _robots_row(site, files, crawler)
    for rule in files.rules:
        yield Reservation(site.key, "", rule.file, rule.line, rule.signal, rule.value,
                          rule.reserves, [rule.pattern], rule.agent, rule.policy)  # fmt: skip
    if files.llms_txt:
        yield Reservation(site.key, "", files.llms_txt, 1, "llms.txt", "present", False, ["/"])


def _robots_row(site: Site, files: SiteFiles, crawler: Crawler) -> Reservation:
    """What robots.txt says to one crawler: ``allow`` or ``disallow`` everywhere, or
    ``partial`` with the paths it refuses."""
    refused = [path for path in site.paths if site.robots_refuses(crawler.agent, path)]
    value = "allow" if not refused else "disallow" if len(refused) == len(site.paths) else "partial"
    scope = refused if value == "partial" else ["/"]
    line = files.robots_line(crawler.agent) or files.robots_line("*")
    described = f"{crawler.owner}, {crawler.purpose}" if crawler.owner else "every crawler"
    return Reservation(site.key, "", files.robots_file, line, ROBOTS_SIGNAL, value,
                       bool(refused), scope, crawler.agent, text=described)  # fmt: skip


def prose_only(site: Site) -> Iterator[Issue]:
    """A page whose text reserves TDM/AI rights while no machine-readable reservation covers it
    (only on sites whose files the scan holds: of the others, robots.txt is not known), unless
    it is the TDM policy a TDMRep rule points to."""
    if site.files is None:
        return
    policies = {urlsplit(rule.policy).path for rule in site.rules if rule.policy}
    for page in site.pages:
        prose = [s for s in page.statements if s.signal == "prose"]
        # the TDM policy a rule names says what is reserved: it is the signal's own text
        if prose and page.url_path not in policies and not site.covered(page):
            yield Issue(ids.PROSE_ONLY, page.path, prose[0].line,
                        {"page": page.url_path, "text": prose[0].text}, prose[0].text)


def contradiction(site: Site) -> Iterator[Issue]:
    yield from _tdmrep_against_robots(site)
    yield from _uneven_noai(site)


def _tdmrep_against_robots(site: Site) -> Iterator[Issue]:
    """TDMRep reserves mining while robots.txt names a training crawler in a group of its own
    and lets it fetch everything."""
    reserving = [r for r in site.rules if r.reserves and r.signal in _TDMREP_SIGNALS]
    if site.files is None or site.files.robots is None or not reserving:
        return
    for crawler in site.crawlers:
        line = site.files.robots_line(crawler.agent)
        if crawler.purpose == "training" and line and not any(
            site.robots_refuses(crawler.agent, path) for path in site.paths
        ):
            yield Issue(ids.CONTRADICTION, site.files.robots_file, line,
                        {"agent": crawler.agent, "owner": crawler.owner,
                         "tdmrep": f"{reserving[0].file}:{reserving[0].line}"},
                        f"{crawler.agent} allowed; {reserving[0].value}")  # fmt: skip


def _uneven_noai(site: Site) -> Iterator[Issue]:
    """Pages of a section without the robots ``noai`` meta tag that other pages of the same
    section carry."""
    sections: dict[str, list[Page]] = {}
    for page in site.pages:
        sections.setdefault(page.section, []).append(page)
    for section, pages in sections.items():
        marked = [page for page in pages if page.has("robots-meta")]
        if not marked or len(marked) == len(pages):
            continue
        for page in pages:
            if not page.has("robots-meta") and not site.covered(page):
                yield Issue(ids.CONTRADICTION, page.path, 1,
                            {"section": section, "marked": len(marked), "pages": len(pages),
                             "example": marked[0].path}, f"noai missing in {section}")  # fmt: skip


def policy_missing(site: Site) -> Iterator[Issue]:
    """A TDMRep reservation (a rule, a header, a page's meta tag) without a policy, or whose
    policy is on the site itself but not among the scanned files."""
    for rule in site.rules:
        if rule.reserves and rule.signal in _TDMREP_SIGNALS:
            problem = _policy_problem(site, rule.policy)
            if problem:
                yield Issue(ids.POLICY_MISSING, rule.file, rule.line,
                            {"where": f"{rule.signal} rule for {rule.pattern}", "problem": problem},
                            f"{rule.pattern} {rule.policy}")  # fmt: skip
    for page in site.pages:
        if page.has("tdm-reservation-meta"):
            policies = [s.value.partition("=")[2] for s in page.statements
                        if s.signal == "tdm-policy-meta"]  # fmt: skip
            problem = _policy_problem(site, policies[0] if policies else "", page.host)
            line = next(s.line for s in page.statements if s.signal == "tdm-reservation-meta")
            if problem:
                yield Issue(ids.POLICY_MISSING, page.path, line,
                            {"where": "the page's tdm-reservation meta tag", "problem": problem},
                            " ".join(policies))  # fmt: skip


def _policy_problem(site: Site, policy: str, host: str = "") -> str:
    if not policy:
        return "names no tdm-policy"
    parts = urlsplit(policy)
    hosts = {host} | {page.host for page in site.pages}
    local = not parts.netloc or parts.hostname in hosts - {""}
    if not local or site.files is None:
        return ""  # on another host, or on a site whose folder the scan does not know
    target = site.base / site.files.root / parts.path.lstrip("/")
    if parts.path.strip("/") and os.path.isfile(target):
        return ""
    return f"names {policy}, which is not among the scanned files"


def license_conflict(site: Site) -> Iterator[Issue]:
    """A page under an open licence that a TDM/AI reservation (its own, or its site's) covers."""
    for page in site.pages:
        if not page.license:
            continue
        reservation = _page_reservation(site, page)
        if reservation:
            yield Issue(ids.LICENSE_CONFLICT, page.path, 1,
                        {"license": page.license, "reservation": reservation},
                        f"{page.license} {reservation}")  # fmt: skip


def _page_reservation(site: Site, page: Page) -> str:
    """What reserves TDM/AI use of ``page`` (robots.txt aside: it speaks of crawling)."""
    for statement in page.statements:
        if statement.signal in (*_META_RESERVING, "prose"):
            where = "its text" if statement.signal == "prose" else statement.value
            return f"{where} (line {statement.line})"
    for rule in site.rules:
        if rule.reserves and rule.covers(page.url_path):
            return f"{rule.file}:{rule.line} ({rule.value})"
    return ""
