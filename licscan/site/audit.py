"""The site audit of a scan: its sites, the ``reservations`` table and the findings of the site
rules (``rules/site.yaml``, kind ``site``).

Each site rule names one check of :data:`CHECKS`; a rule disabled in the configuration does not
run, and a rule's severity and message come from the rule file like any other rule's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import astuple, fields
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from licscan.detect.messages import render
from licscan.model import Finding, fingerprint, number_fingerprints
from licscan.report import tables
from licscan.site import agreement, ids, reservations
from licscan.site.files import SiteFiles, find_sites
from licscan.site.pages import by_site, read_pages, site_root_key
from licscan.site.reservations import Issue, Reservation, Site
from licscan.textmap import Span

if TYPE_CHECKING:
    from licscan.detect.ruleset import RuleSet

SITE_KIND = "site"
_EXCERPT = 200

CHECKS: dict[str, Callable[[Site], Iterable[Issue]]] = {
    ids.PROSE_ONLY: reservations.prose_only,
    ids.CONTRADICTION: reservations.contradiction,
    ids.POLICY_MISSING: reservations.policy_missing,
    ids.LICENSE_CONFLICT: reservations.license_conflict,
    ids.OTHER_HOLDER: agreement.other_holder,
    ids.STALE_YEAR: agreement.stale_year,
    ids.MISSING_NOTICE: agreement.missing_notice,
    ids.LICENSE_DIFFERS: agreement.license_differs,
}


def audit_folders(
    frames: dict[str, pd.DataFrame], roots: Iterable[Path], base: Path, rules: RuleSet
) -> tuple[pd.DataFrame, list[Finding]]:
    """The audit of the scanned folders ``roots`` (paths relative to ``base``)."""
    return audit(frames, find_sites(roots, base), base, rules)


def audit(
    frames: dict[str, pd.DataFrame], files: dict[str, SiteFiles], base: Path, rules: RuleSet
) -> tuple[pd.DataFrame, list[Finding]]:
    """The ``reservations`` table and the site findings of a scan's tables, given the site
    files of its sites by root folder."""
    sites = sites_of(frames, files, base, rules)
    rows = [row for site in sites for row in reservations.reservation_rows(site)]
    findings = [finding for site in sites for finding in site_findings(site, rules)]
    number_fingerprints(findings)
    return reservation_frame(rows), findings


def sites_of(
    frames: dict[str, pd.DataFrame], files: dict[str, SiteFiles], base: Path, rules: RuleSet
) -> list[Site]:
    by_key = {site_root_key(root): site_files for root, site_files in files.items()}
    grouped = by_site(read_pages(frames, list(files)))
    keys = sorted(set(by_key) | set(grouped))
    return [Site(key, by_key.get(key), grouped.get(key, []), rules.crawlers, base)
            for key in keys]  # fmt: skip


def site_findings(site: Site, rules: RuleSet) -> list[Finding]:
    findings = []
    for rule in rules.of_kind(SITE_KIND):
        for issue in CHECKS[rule.id](site):
            line = max(issue.line, 1)
            findings.append(Finding(
                relpath=issue.path,
                rule_id=rule.id,
                kind=SITE_KIND,
                severity=rule.severity,
                message=render(rule.message, {"site": site.key, **issue.values}),
                span=Span(0, 0, line, 1, line, 1),
                excerpt=issue.evidence[:_EXCERPT],
                fingerprint=fingerprint(rule.id, issue.path, issue.evidence),
            ))  # fmt: skip
    return findings


def reservation_frame(rows: list[Reservation]) -> pd.DataFrame:
    names = [f.name for f in fields(Reservation)]
    data = pd.DataFrame([astuple(row) for row in rows], columns=names, dtype=object)
    return tables.frame("reservations", data)
