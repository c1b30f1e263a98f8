"""The HTML report: one self-contained page (inline CSS and JS, no network) rendered with Jinja2.

Everything taken from scanned files goes through Jinja2's autoescaping, so a page that contains
``<script>`` shows as text.  As a second line of defence the page carries a Content Security
Policy that lets only the report's own inline script and style run (by their SHA-256 hashes),
and it embeds no JSON.  Only http(s) URLs and relative paths to scanned files become links.
"""

from __future__ import annotations

import base64
import hashlib
import math
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pandas as pd

from licscan.report import glossary, tables
from licscan.report.findings_view import (
    PEOPLE_COLUMNS,
    finding_views,
    most_severe_first,
    source_label,
)
from licscan.report.glossary import column_meaning, value_meaning
from licscan.report.links import FileLinks, web_url
from licscan.report.overview import overview
from licscan.report.side_by_side import align, elide, sentence_pairs
from licscan.report.site_rights import SIGNAL_COLUMNS, SITE_LIMIT, site_rights
from licscan.report.tabular import Staging, joined, text_file
from licscan.textmap import where

if TYPE_CHECKING:
    import jinja2

    from licscan.result import ScanResult

ROW_LIMIT = 5_000  # rows per table shown in the page (the JSON/XLSX reports hold them all)
MATCH_LIMIT = 500  # side-by-side match cards

# The findings table's headings: a person's columns (accepted with its reason), then the rule.
FINDING_HEADINGS = (*(h for h in PEOPLE_COLUMNS if h != "Accepted reason"), "rule_id")

# Columns shown for the secondary tables (all columns are in the data reports).
BRIEF_COLUMNS = {
    "notices": ("path", "line", "location", "notice_type", "text", "years", "holders", "rule_id"),
    "terms": ("path", "line", "location", "term_type", "text", "credit_required",
              "link_required", "credit_target", "license", "licensor"),
    "metadata": ("path", "line", "location", "source", "name", "value"),
    "documents": ("path", "type", "status", "title", "holders", "license", "notice_count",
                  "term_count", "match_count", "finding_count"),
    "errors": ("path", "type", "status", "reason"),
    "reservations": ("source", "line", "site", "path", "signal", "agent", "value", "reserves",
                     "scope", "policy"),
}

# What is wrong with a match, in words; codes come from ``matches.verdict_reason``.
PROBLEMS = {
    "missing_credit": "no credit to {publisher}",
    "missing_link": "no link to the original{url}",
    "excerpt_too_long": "the passage ({words} words) is longer than the excerpt they allow",
    "not_permitted": "they do not allow republication without permission",
    "no_permission": "they do not allow republication without permission",
    "uncredited": "no credit to {publisher}",
    "unattributed": "no credit to {publisher}",
    "unlinked": "no link to the original{url}",
}


# C0 controls but tab and line feed, DEL and C1 controls: invalid in HTML text, and a NUL in
# scanned text must not reach a browser.  Each is shown as its Unicode "control picture" (␀
# for NUL) or, where there is none, as the replacement character.
_CONTROLS = {c: 0x2400 + c for c in range(0x20) if chr(c) not in "\t\n"}
_CONTROLS.update({0x7F: 0x2421, **{c: 0xFFFD for c in range(0x80, 0xA0)}})


def write_html(result: ScanResult, target: Path, staging: Staging | None = None) -> None:
    target = Path(target)
    page = render_html(result, report_dir=target.parent)
    with joined(staging) as stage, text_file(stage.file(target)) as out:
        out.write(page)


def render_html(result: ScanResult, report_dir: Path | None = None) -> str:
    links = FileLinks(result.scan.get("root_dirs") or [], report_dir or Path.cwd())
    css, script = _asset("report.css"), _asset("report.js")
    sites = site_rights(result)
    context = {
        "scan": result.scan,
        "started": result.scan.get("started", ""),
        "roots": "; ".join(result.scan.get("roots") or []),
        "schema_version": tables.SCHEMA_VERSION,
        "view": overview(result),
        "findings": _findings(result, links, _card_ids(result.matches)),
        "finding_columns": [(h, column_meaning(h)) for h in FINDING_HEADINGS],
        "glossary": glossary.sections(
            [("Findings", "findings", FINDING_HEADINGS),
             *((name.capitalize(), name, columns) for name, columns in BRIEF_COLUMNS.items())]
        ),
        "value_meaning": value_meaning,
        "findings_total": len(result.findings),
        "matches": _matches(result.matches, links),
        "matches_total": len(result.matches),
        "sections": _sections(result, links),
        "site_rights": sites[:SITE_LIMIT],
        "site_rights_more": max(0, len(sites) - SITE_LIMIT),
        "signal_columns": SIGNAL_COLUMNS,
        "css": css,
        "script": script,
        "csp": _csp(script, css),
    }
    return _environment().get_template("report.html").render(context).translate(_CONTROLS)


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("licscan.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _asset(name: str) -> str:
    return (resources.files("licscan.report") / "templates" / name).read_text(encoding="utf-8")


def _csp(script: str, css: str) -> str:
    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    return (
        f"default-src 'none'; script-src {digest(script)}; style-src {digest(css)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def _file_href(links: FileLinks, path: str) -> str | None:
    relative = links(path)
    return None if relative is None else quote(relative, safe="/.-_~")


def _card_ids(matches: pd.DataFrame) -> dict[tuple[str, int, int], str]:
    """The HTML id of each match card shown, by the passage's place (for links from findings)."""
    places = matches.head(MATCH_LIMIT)[["path", "start", "end"]].itertuples(index=False)
    return {(path, int(start), int(end)): f"match-{i}"
            for i, (path, start, end) in enumerate(places)}


def _findings(
    result: ScanResult, links: FileLinks, cards: dict[tuple[str, int, int], str]
) -> list[dict[str, Any]]:
    """Findings most severe first (then by place), so the page opens on what matters."""
    views = finding_views(most_severe_first(result.findings, ROW_LIMIT), result.matches)
    rows = []
    for view in views:
        row = view.row
        rows.append({
            "severity": row.severity,
            "severity_tip": value_meaning("severity", row.severity),
            "rank": tables.SEVERITY_RANK.get(row.severity, -1),
            "rule_id": row.rule_id,
            "href": _file_href(links, row.path),
            "location": view.location,
            "sort_location": f"{row.path}\t{row.line:09d}\t{row.column:09d}",
            "problem": view.problem,
            "fix": view.fix,
            "card": cards.get((row.path, int(row.start), int(row.end))),
            "source": view.source,
            "source_href": web_url(view.source_url),
            "terms": view.source_terms.replace("_", " "),
            "terms_tip": value_meaning("source_terms", view.source_terms),
            "words": "" if view.words is None else view.words,
            "verdict": view.verdict,
            "verdict_tip": value_meaning("verdict", view.verdict),
            "copy_kind": view.copy_kind.replace("_", " "),
            "copy_kind_tip": value_meaning("kind", view.copy_kind, "matches"),
            "excerpt": row.excerpt,
            "accepted": row.accepted,
            "accepted_tip": value_meaning("accepted", row.accepted),
            "accepted_reason": row.accepted_reason,
        })
    return rows


def _matches(frame: pd.DataFrame, links: FileLinks) -> list[dict[str, Any]]:
    cards = []
    for i, row in enumerate(frame.head(MATCH_LIMIT).itertuples(index=False)):
        alignment = align(row.excerpt, row.source_excerpt)
        cards.append({
            "id": f"match-{i}",
            "path": row.path,
            "href": _file_href(links, row.path),
            "location": where(row.path, row.line, row.column, row.location),
            "source": source_label(row),
            "source_href": web_url(row.source_url),
            "verdict": row.verdict or "unjudged",
            "verdict_tip": value_meaning("verdict", row.verdict or "unjudged"),
            "kind": row.kind.replace("_", " "),
            "kind_tip": value_meaning("kind", row.kind, "matches"),
            "similarity": _percent(row.similarity),
            "source_fraction": _percent(row.source_fraction),
            "matched_words": row.matched_words,
            "copied_words": alignment.copied_words,
            "candidate": elide(alignment.candidate),
            "source_segments": elide(alignment.source),
            "pairs": sentence_pairs(row.excerpt, row.source_excerpt,
                                    (row.text_start, row.source_start), row.pairs),
            "explanation": explain(row),
            "evidence": list(row.evidence),
            "terms": row.source_terms.replace("_", " "),
        })
    return cards


def _percent(value: float) -> str:
    """``0.375`` as ``38%``; nothing for a missing or zero figure."""
    if not value or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value * 100:.0f}%"


def explain(match: Any) -> str:
    """Why a match got its verdict: which of the source's terms the reuse misses."""
    publisher = source_label(match)
    terms = match.source_terms.replace("_", " ")
    subject = f"{publisher}'s terms ({terms})" if terms else f"{publisher}'s terms"
    url = f" ({match.source_url})" if match.source_url else ""
    codes = [c.strip() for c in match.verdict_reason.replace(";", ",").split(",") if c.strip()]
    problems = [
        PROBLEMS[code].format(publisher=publisher, url=url, words=match.matched_words)
        if code in PROBLEMS else code.replace("_", " ")
        for code in codes
    ]
    evidence = "; ".join(match.evidence)
    found = (f"Credit found in the document: {evidence}." if evidence
             else "No credit or link to the source was found in the document.")
    if match.verdict == "ok":
        return f"Reuse is in order: {subject} are met. {found}"
    if problems:
        return f"{subject} are not met: {'; '.join(problems)}. {found}"
    return found


def _sections(result: ScanResult, links: FileLinks) -> list[dict[str, Any]]:
    sections = []
    for table, columns in BRIEF_COLUMNS.items():
        frame = getattr(result, table)
        rows = []
        for record in frame.head(ROW_LIMIT)[list(columns)].itertuples(index=False, name=None):
            cells = [_display(value) for value in record]
            row = dict(zip(columns, record, strict=True))
            # a warning's path is as the user gave it, not a scanned file: no link
            file = row.get("source") or row["path"]  # the file a reservation row comes from
            href = None if row.get("status") == tables.WARNING else _file_href(links, file)
            rows.append({"cells": cells, "href": href})
        sections.append({
            "id": table,
            "title": table.capitalize(),
            "columns": [(column, column_meaning(column, table)) for column in columns],
            "rows": rows,
            "more": max(0, len(frame) - len(rows)),
        })
    return sections


def _display(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool) or type(value).__name__ in ("bool", "bool_"):
        return "yes" if value else "no"
    return str(value)
