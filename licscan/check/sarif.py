"""SARIF 2.1.0 output, for code-scanning services (GitHub, GitLab, Azure DevOps).

One run, one result per finding.  Every ``ruleId`` appears in ``tool.driver.rules`` with a short
description and a default level; lines and columns are 1-based code points (``columnKind``
``unicodeCodePoints``), ``endColumn`` is the column after the last character; ``uri`` is the
finding's path relative to the project root with POSIX separators.  licscan's own fingerprint
goes under ``partialFingerprints["licscanFingerprint/v1"]``: ``primaryLocationLineHash`` is
left for the uploader to compute, since a made-up value would make it warn.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from licscan.catalogue import CATALOGUE, BuiltinRule
from licscan.model import Finding, Severity
from licscan.version import __version__

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "licscanFingerprint/v1"

LEVELS = {
    Severity.high: "error",
    Severity.medium: "warning",
    Severity.low: "note",
    Severity.info: "note",
}
_SUPPRESSION_KIND = {"inline": "inSource", "baseline": "external"}


@dataclass(frozen=True)
class RuleInfo:
    """What SARIF's ``reportingDescriptor`` says about a rule."""

    id: str
    description: str
    severity: Severity | None = None  # None: the highest severity among the rule's findings
    help: str = ""
    full_description: str = ""


def severity_level(severity: Severity | str) -> str:
    return LEVELS[Severity(severity)]


def to_sarif(
    findings: Iterable[Finding],
    rules: Mapping[str, RuleInfo] | None = None,
    include_accepted: bool = False,
) -> dict:
    """A SARIF log of ``findings``.

    ``rules`` describes the rules (the rule files' and licscan's own, :mod:`licscan.catalogue`);
    a rule missing from it is described from the catalogue, else from its id.  Accepted findings
    are left out unless ``include_accepted``, in which case they carry a suppression
    (``inSource`` for a marker, ``external`` for a baseline).
    """
    rules = rules or {}
    shown = [f for f in findings if include_accepted or not f.accepted]
    shown.sort(key=lambda f: (f.relpath, f.span.line, f.span.column, f.rule_id, f.fingerprint))
    descriptors = _descriptors(shown, rules)
    index = {descriptor["id"]: number for number, descriptor in enumerate(descriptors)}
    run: dict = {
        "tool": {
            "driver": {
                "name": "licscan",
                "version": __version__,
                "rules": descriptors,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": [_result(finding, index[finding.rule_id]) for finding in shown],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def dumps(log: dict) -> str:
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _descriptors(findings: list[Finding], rules: Mapping[str, RuleInfo]) -> list[dict]:
    descriptors = []
    for rule_id in sorted({f.rule_id for f in findings}):
        info = rules.get(rule_id) or _fallback_rule(rule_id)
        severity = info.severity or max(
            (f.severity for f in findings if f.rule_id == rule_id), key=lambda s: s.rank
        )
        descriptor = {
            "id": rule_id,
            "name": _pascal_name(rule_id),
            "shortDescription": {"text": info.description},
            "defaultConfiguration": {"level": severity_level(severity)},
            "properties": {"tags": [rule_id.split(".", 1)[0]]},
        }
        if info.full_description and info.full_description != info.description:
            descriptor["fullDescription"] = {"text": info.full_description}
        if info.help:
            descriptor["help"] = {"text": info.help}
        descriptors.append(descriptor)
    return descriptors


def catalogue_rules() -> dict[str, RuleInfo]:
    """licscan's own rules (:mod:`licscan.catalogue`), as SARIF describes them."""
    return {rule_id: _info_of(rule) for rule_id, rule in CATALOGUE.items()}


def _info_of(rule: BuiltinRule) -> RuleInfo:
    return RuleInfo(rule.id, rule.description, rule.severity, rule.help)


def _fallback_rule(rule_id: str) -> RuleInfo:
    """licscan's own rules, else a description made from the id (``notice.photo-credit``)."""
    known = CATALOGUE.get(rule_id)
    if known is not None:
        return _info_of(known)
    words = rule_id.replace(".", " ").replace("-", " ").replace("_", " ").split()
    return RuleInfo(rule_id, " ".join(words).capitalize() if words else rule_id)


def _pascal_name(rule_id: str) -> str:
    parts = rule_id.replace(".", "-").replace("_", "-").split("-")
    return "".join(part[:1].upper() + part[1:] for part in parts if part)


def _result(finding: Finding, rule_index: int) -> dict:
    span = finding.span
    region = {
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
    }
    physical = {"artifactLocation": {"uri": finding.relpath}, "region": region}
    location: dict = {"physicalLocation": physical}
    if span.location:  # a binary document: its region counts lines of the text licscan read
        location["message"] = {"text": span.location}
    result: dict = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": severity_level(finding.severity),
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {"severity": Severity(finding.severity).value},
    }
    if finding.accepted:
        suppression = {"kind": _SUPPRESSION_KIND.get(finding.accepted, "external")}
        if finding.accepted_reason:
            suppression["justification"] = finding.accepted_reason
        result["suppressions"] = [suppression]
    return result
