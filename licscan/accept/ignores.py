"""Inline ignore markers: comments that accept a finding where it occurs, with a reason.

Markers are HTML/Markdown comments, invisible in the published page::

    <!-- licscan: ignore reuse.excerpt-too-long -- quoted under licence 2025-14 -->
    <!-- licscan: ignore-start reuse.uncredited -- syndicated wire copy -->
    ...
    <!-- licscan: ignore-end -->

A single ``ignore`` covers findings on the marker's lines and on the line after it; a block covers
every finding that starts between ``ignore-start`` and ``ignore-end`` (or the end of the file when
the block is never closed).  Rule ids may be ``*`` or a glob (``reuse.*``), several separated by
commas or spaces.  A marker without a reason (or without a rule) accepts nothing and is itself a
finding, so every acceptance in a report carries its justification.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase

from licscan.catalogue import IGNORE_WITHOUT_REASON, IGNORE_WITHOUT_RULE
from licscan.model import Finding, LoadedDocument, Severity, fingerprint, number_fingerprints

_MARKER = re.compile(
    r"^\s*licscan\s*:\s*(?P<verb>ignore-start|ignore-end|ignore)(?=\s|$)(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# " -- " separates rule ids from the reason; rule ids themselves may contain single hyphens
_REASON_SEPARATOR = re.compile(r"\s--(?:\s|$)")


@dataclass(frozen=True)
class Marker:
    verb: str  # "ignore" | "ignore-start" | "ignore-end"
    rules: tuple[str, ...]
    reason: str
    src_start: int
    src_end: int
    line: int
    end_line: int
    body: str

    def covers_rule(self, rule_id: str) -> bool:
        return any(fnmatchcase(rule_id, pattern) for pattern in self.rules)


def parse_marker(body: str) -> tuple[str, tuple[str, ...], str] | None:
    """``(verb, rule ids, reason)`` of a comment body, or None when it is not a licscan marker."""
    body = body.strip()
    if body.startswith("<!--"):
        body = body[4:]
    if body.endswith("-->"):
        body = body[:-3]
    found = _MARKER.match(body)
    if found is None:
        return None
    verb = found["verb"].lower()
    rest = found["rest"]
    separator = _REASON_SEPARATOR.search(rest)
    if separator is None:
        rules_text, reason = rest, ""
    else:
        rules_text, reason = rest[: separator.start()], rest[separator.end() :]
    rules = tuple(rule.lower() for rule in re.split(r"[\s,]+", rules_text) if rule)
    return verb, rules, " ".join(reason.split())


def find_markers(document: LoadedDocument) -> list[Marker]:
    markers = []
    for src_start, src_end, body in document.comments:
        parsed = parse_marker(body)
        if parsed is None:
            continue
        verb, rules, reason = parsed
        line, _ = document.lines.line_col(src_start)
        end_line, _ = document.lines.line_col(max(src_start, src_end - 1))
        markers.append(Marker(verb, rules, reason, src_start, src_end, line, end_line, body))
    return markers


def apply_inline_ignores(document: LoadedDocument, findings: list[Finding]) -> None:
    """Mark findings covered by a valid marker as accepted (``accepted = "inline"``).

    Markers lacking a reason or a rule id are appended to ``findings`` as findings themselves.
    """
    markers = find_markers(document)
    if not markers:
        return
    valid, problems = _validate(document, markers)
    blocks = _blocks(valid, len(document.source))
    for finding in findings:
        if finding.accepted:
            continue
        reason = _covering_reason(finding, valid, blocks)
        if reason is not None:
            finding.accepted = "inline"
            finding.accepted_reason = reason
    findings.extend(problems)


def _validate(
    document: LoadedDocument, markers: list[Marker]
) -> tuple[list[Marker], list[Finding]]:
    valid: list[Marker] = []
    problems: list[Finding] = []
    for marker in markers:
        if marker.verb == "ignore-end":
            valid.append(marker)
        elif not marker.rules:
            problems.append(_marker_finding(document, marker, IGNORE_WITHOUT_RULE, (
                f"Inline ignore marker names no rule, so it accepts nothing; name the rule id "
                f"(or *): <!-- licscan: {marker.verb} RULE-ID -- reason -->"
            )))
        elif not marker.reason:
            rules = " ".join(marker.rules)
            problems.append(_marker_finding(document, marker, IGNORE_WITHOUT_REASON, (
                f"Inline ignore marker for {rules} has no reason, so it accepts nothing; add one "
                f'after " -- ": <!-- licscan: {marker.verb} {rules} -- why this is allowed -->'
            )))
        else:
            valid.append(marker)
    number_fingerprints(problems)
    return valid, problems


def _marker_finding(
    document: LoadedDocument, marker: Marker, rule_id: str, message: str
) -> Finding:
    return Finding(
        relpath=document.relpath,
        rule_id=rule_id,
        kind="config",
        severity=Severity.medium,
        message=message,
        span=document.source_span(marker.src_start, marker.src_end),
        excerpt=" ".join(document.source[marker.src_start : marker.src_end].split()),
        fingerprint=fingerprint(rule_id, document.relpath, marker.body),
    )


@dataclass(frozen=True)
class _Block:
    start: int  # source offsets: findings starting in [start, end) are covered
    end: int
    marker: Marker


def _blocks(markers: list[Marker], source_length: int) -> list[_Block]:
    """Pair each ignore-start with the next ignore-end (innermost first); unclosed run to EOF."""
    blocks: list[_Block] = []
    open_starts: list[Marker] = []
    for marker in sorted(markers, key=lambda m: m.src_start):
        if marker.verb == "ignore-start":
            open_starts.append(marker)
        elif marker.verb == "ignore-end" and open_starts:
            start = open_starts.pop()
            blocks.append(_Block(start.src_start, marker.src_end, start))
    blocks.extend(_Block(start.src_start, source_length + 1, start) for start in open_starts)
    return blocks


def _covering_reason(finding: Finding, markers: list[Marker], blocks: list[_Block]) -> str | None:
    span = finding.span
    for marker in markers:
        if (
            marker.verb == "ignore"
            and marker.line <= span.end_line
            and marker.end_line >= span.line - 1
            and marker.covers_rule(finding.rule_id)
        ):
            return marker.reason
    for block in blocks:
        if block.start <= span.start < block.end and block.marker.covers_rule(finding.rule_id):
            return block.marker.reason
    return None
