"""SARIF output: valid against the SARIF 2.1.0 schema, with what code scanning needs."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from licscan.check.sarif import RuleInfo, dumps, to_sarif
from licscan.model import Severity
from tests.findings import document, finding_at

DOC = document(
    "# Analysis\n"
    "Intro line.\n"
    "The harbour board is seeking ways to replace the old brass tide gauge.\n"
    "Ms Várga raised the gauge issue with the council.\n"
    "Photo: Reuters\n",
    relpath="content/posts/analysis.md",
)
RULES = {
    "reuse.uncredited": RuleInfo(
        "reuse.uncredited", "Reused text without required credit", Severity.high
    )
}


@pytest.fixture(scope="module")
def validator(sarif_schema: Path) -> jsonschema.Draft4Validator:
    schema = json.loads(sarif_schema.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def _findings():
    reuse = finding_at(DOC, "The harbour board is seeking ways", "reuse.uncredited", Severity.high)
    edited = finding_at(DOC, "Ms Várga raised the gauge issue with the council.",
                        "reuse.excerpt-too-long", Severity.medium)
    credit = finding_at(DOC, "Photo: Reuters", "notice.photo-credit", Severity.info)
    baselined = finding_at(DOC, "Intro line.", "notice.copyright", Severity.low)
    baselined.accepted, baselined.accepted_reason = "baseline", "our own notice"
    inline = finding_at(DOC, "# Analysis", "terms.no-reproduction", Severity.high)
    inline.accepted, inline.accepted_reason = "inline", "licensed"
    return [reuse, edited, credit, baselined, inline]


def test_log_validates_against_the_sarif_schema(validator: jsonschema.Draft4Validator) -> None:
    for include_accepted in (False, True):
        log = json.loads(dumps(to_sarif(_findings(), RULES, include_accepted=include_accepted)))
        errors = sorted(validator.iter_errors(log), key=str)
        assert not errors, errors[0]


def test_empty_log_validates(validator: jsonschema.Draft4Validator) -> None:
    log = to_sarif([], RULES)
    validator.validate(log)
    assert log["runs"][0]["results"] == []


def test_results_carry_levels_locations_and_fingerprints() -> None:
    run = to_sarif(_findings(), RULES)["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    results = {r["ruleId"]: r for r in run["results"]}
    assert set(results) == {"reuse.uncredited", "reuse.excerpt-too-long", "notice.photo-credit"}
    assert [results[k]["level"] for k in sorted(results)] == ["note", "warning", "error"]
    edited = results["reuse.excerpt-too-long"]
    location = edited["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "content/posts/analysis.md"
    # line 4, columns counted in code points: "Ms Várga ... council." is 49 characters
    # (50 bytes in UTF-8: a byte count would give 51)
    assert location["region"] == {
        "startLine": 4, "startColumn": 1, "endLine": 4, "endColumn": 50
    }
    assert edited["partialFingerprints"] == {
        "licscanFingerprint/v1": _findings()[1].fingerprint
    }
    assert "primaryLocationLineHash" not in edited["partialFingerprints"]
    assert "suppressions" not in edited


def test_every_rule_is_described_with_a_default_level() -> None:
    run = to_sarif(_findings(), RULES, include_accepted=True)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert ids == sorted({r["ruleId"] for r in run["results"]})
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    described = {rule["id"]: rule for rule in rules}
    assert described["reuse.uncredited"]["shortDescription"]["text"] == (
        "Reused text without required credit"
    )
    assert described["reuse.uncredited"]["defaultConfiguration"]["level"] == "error"
    # a rule the caller did not describe still gets a description and a level
    assert described["notice.photo-credit"]["shortDescription"]["text"]
    assert described["notice.photo-credit"]["defaultConfiguration"]["level"] == "note"


def test_accepted_findings_are_left_out_unless_asked_then_suppressed() -> None:
    assert len(to_sarif(_findings(), RULES)["runs"][0]["results"]) == 3
    results = to_sarif(_findings(), RULES, include_accepted=True)["runs"][0]["results"]
    suppressions = {r["ruleId"]: r.get("suppressions") for r in results}
    assert suppressions["notice.copyright"] == [
        {"kind": "external", "justification": "our own notice"}
    ]
    assert suppressions["terms.no-reproduction"] == [
        {"kind": "inSource", "justification": "licensed"}
    ]
    assert suppressions["reuse.uncredited"] is None


def test_output_is_identical_across_runs() -> None:
    reversed_order = list(reversed(_findings()))
    assert dumps(to_sarif(_findings(), RULES)) == dumps(to_sarif(reversed_order, RULES))
