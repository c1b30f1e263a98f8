"""Inline ignore markers: what they accept, and markers that accept nothing."""

from __future__ import annotations

from licscan.accept.ignores import apply_inline_ignores, parse_marker
from licscan.model import Finding, Severity
from tests.findings import document, finding_at

PASSAGE = "The ministry said on Tuesday that the talks had ended."


def marker_problems(source: str) -> list[Finding]:
    """The findings the markers of ``source`` add; the passage's finding stays unaccepted."""
    doc = document(source)
    finding = finding_at(doc, PASSAGE)
    findings = [finding]
    apply_inline_ignores(doc, findings)
    assert finding.accepted == ""
    return findings[1:]


def test_marker_on_the_line_before_accepts_the_finding_with_its_reason() -> None:
    doc = document(
        "# Draft\n"
        "<!-- licscan: ignore reuse.uncredited -- licensed, contract 2025-14 -->\n"
        f"{PASSAGE}\n"
    )
    finding = finding_at(doc, PASSAGE)
    findings = [finding]
    apply_inline_ignores(doc, findings)
    assert finding.accepted == "inline"
    assert finding.accepted_reason == "licensed, contract 2025-14"
    assert findings == [finding]  # no marker problem added


def test_marker_on_the_same_line_accepts() -> None:
    doc = document(f"{PASSAGE} <!-- licscan: ignore reuse.uncredited -- quoted in review -->\n")
    finding = finding_at(doc, PASSAGE)
    apply_inline_ignores(doc, [finding])
    assert (finding.accepted, finding.accepted_reason) == ("inline", "quoted in review")


def test_marker_two_lines_above_or_below_does_not_accept() -> None:
    doc = document(
        "<!-- licscan: ignore reuse.uncredited -- too far above -->\n"
        "\n"
        f"{PASSAGE}\n"
        "<!-- licscan: ignore reuse.uncredited -- below the finding -->\n"
    )
    finding = finding_at(doc, PASSAGE)
    apply_inline_ignores(doc, [finding])
    assert finding.accepted == ""


def test_marker_for_another_rule_does_not_accept() -> None:
    doc = document(f"<!-- licscan: ignore reuse.excerpt-too-long -- ok -->\n{PASSAGE}\n")
    finding = finding_at(doc, PASSAGE)
    apply_inline_ignores(doc, [finding])
    assert finding.accepted == ""


def test_star_glob_and_several_rules() -> None:
    doc = document(
        "<!-- licscan: ignore * -- wire copy -->\nfirst passage\n"
        "<!-- licscan: ignore reuse.* -- wire copy -->\nsecond passage\n"
        "<!-- licscan: ignore notice.copyright, reuse.uncredited -- agreed -->\nthird passage\n"
    )
    first = finding_at(doc, "first passage", "terms.no-reproduction")
    second = finding_at(doc, "second passage", "reuse.excerpt-too-long")
    third = finding_at(doc, "third passage", "reuse.uncredited")
    not_covered = finding_at(doc, "second passage", "notice.copyright")
    apply_inline_ignores(doc, [first, second, third, not_covered])
    assert [f.accepted for f in (first, second, third, not_covered)] == [
        "inline", "inline", "inline", ""
    ]


def test_marker_without_reason_accepts_nothing_and_is_a_finding() -> None:
    problems = marker_problems(f"Intro.\n<!-- licscan: ignore reuse.uncredited -->\n{PASSAGE}\n")
    assert len(problems) == 1
    problem = problems[0]
    assert problem.rule_id == "licscan.ignore-without-reason"
    assert problem.severity is Severity.medium
    assert (problem.span.line, problem.span.column) == (2, 1)
    assert "reuse.uncredited" in problem.message
    assert problem.fingerprint.endswith(":1")


def test_empty_reason_after_separator_is_no_reason() -> None:
    problems = marker_problems(f"<!-- licscan: ignore reuse.uncredited -- -->\n{PASSAGE}\n")
    assert [p.rule_id for p in problems] == ["licscan.ignore-without-reason"]


def test_marker_without_rule_is_a_finding() -> None:
    problems = marker_problems(f"<!-- licscan: ignore -- we have a licence -->\n{PASSAGE}\n")
    assert [p.rule_id for p in problems] == ["licscan.ignore-without-rule"]


def test_block_covers_findings_between_start_and_end() -> None:
    doc = document(
        "before the block\n"
        "<!-- licscan: ignore-start reuse.uncredited -- syndicated wire copy -->\n"
        "inside one\n\ninside two\n"
        "<!-- licscan: ignore-end -->\n"
        "after the block\n"
    )
    before, one, two, after = (
        finding_at(doc, text)
        for text in ("before the block", "inside one", "inside two", "after the block")
    )
    apply_inline_ignores(doc, [before, one, two, after])
    assert [f.accepted for f in (before, one, two, after)] == ["", "inline", "inline", ""]
    assert one.accepted_reason == "syndicated wire copy"


def test_unclosed_block_runs_to_the_end_of_the_file() -> None:
    doc = document(
        "<!-- licscan: ignore-start * -- archive of licensed copy -->\n\n\nfar below\n"
    )
    finding = finding_at(doc, "far below", "notice.copyright")
    apply_inline_ignores(doc, [finding])
    assert finding.accepted == "inline"


def test_other_comments_are_not_markers() -> None:
    assert parse_marker(" TODO: licscan ignore this later ") is None
    assert parse_marker(" licscan: ignored reuse.x -- no ") is None
    assert parse_marker(" LicScan: Ignore reuse.x -- Fine ") == ("ignore", ("reuse.x",), "Fine")
    assert parse_marker("<!-- licscan: ignore-end -->") == ("ignore-end", (), "")


def test_rule_ids_with_hyphens_are_not_taken_for_the_separator() -> None:
    assert parse_marker(" licscan: ignore reuse.excerpt-too-long -- quoted -- twice ") == (
        "ignore", ("reuse.excerpt-too-long",), "quoted -- twice"
    )


def test_finding_accepted_by_a_baseline_keeps_that_status() -> None:
    doc = document(f"<!-- licscan: ignore * -- reason -->\n{PASSAGE}\n")
    finding = finding_at(doc, PASSAGE)
    finding.accepted, finding.accepted_reason = "baseline", "old"
    apply_inline_ignores(doc, [finding])
    assert (finding.accepted, finding.accepted_reason) == ("baseline", "old")
