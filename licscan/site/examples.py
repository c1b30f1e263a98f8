"""Running a site rule's examples: each is the files of a made-up site, written to a temporary
folder, read and detected page by page as a scan would, then audited.

A ``match`` example passes when the rule makes a finding whose fields equal every ``expect``
entry (``relpath``, ``message`` as a part of it, ``severity``); a ``no_match`` example passes when
it makes none.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from licscan.detect.detection import detect
from licscan.detect.expect import describe, mismatches
from licscan.load import load_text
from licscan.load.registry import doc_type_for_name
from licscan.model import DocStatus, DocumentResult, DocumentRow, Finding
from licscan.report.tables import TableBuilder
from licscan.site.audit import audit_folders

if TYPE_CHECKING:
    from licscan.detect.rule import Example, Rule
    from licscan.detect.ruleset import RuleSet


def site_example_problem(rules: RuleSet, rule: Rule, example: Example) -> str:
    """'' when the example behaves as it says, else what went wrong."""
    with tempfile.TemporaryDirectory(prefix="licscan-site-") as folder:
        base = Path(folder)
        for relpath, content in example.files.items():
            (base / relpath).parent.mkdir(parents=True, exist_ok=True)
            (base / relpath).write_text(content, encoding="utf-8")
        builder = TableBuilder()
        builder.extend(page_result(relpath, content, rules)
                       for relpath, content in example.files.items()
                       if doc_type_for_name(relpath) is not None)  # fmt: skip
        _, findings = audit_folders(builder.frames(), [base], base, rules)
    produced = [finding for finding in findings if finding.rule_id == rule.id]
    return _verdict(example, produced)


def page_result(relpath: str, content: str, rules: RuleSet) -> DocumentResult:
    """What a scan holds of one file of an example site."""
    doc_type = doc_type_for_name(relpath)
    document = load_text(content, relpath=relpath, doc_type=doc_type)
    detection = detect(document, rules)
    row = DocumentRow(relpath=relpath, doc_type=document.doc_type, size=len(content),
                      encoding="utf-8", status=DocStatus.ok, title=document.title,
                      canonical_url=document.canonical_url,
                      license=",".join(sorted({t.license for t in detection.terms if t.license})))
    return DocumentResult(row, detection.notices, detection.terms, detection.metadata)


def _verdict(example: Example, produced: list[Finding]) -> str:
    files = ", ".join(example.files)
    if example.expected == "no_match":
        return f"must find nothing in {files} but gave {describe(produced[0])}" if produced else ""
    if not produced:
        return f"must find something in {files} but gave nothing"
    if any(not mismatches(finding, example.expect) for finding in produced):
        return ""
    wanted = ", ".join(f"{k}={v!r}" for k, v in example.expect.items())
    got = "; ".join(describe(finding, example.expect) for finding in produced[:3])
    return f"in {files} expected {wanted}; got {got}"
