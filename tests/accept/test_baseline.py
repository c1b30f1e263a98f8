"""The baseline file: its exact format, and create / update / apply / stale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from licscan.accept.baseline import (
    Baseline,
    BaselineEntry,
    BaselineError,
    apply_baseline,
    create_baseline,
    read_baseline,
    update_baseline,
    write_baseline,
)
from licscan.model import Severity
from tests.findings import document, finding_at

DOC = document(
    "# Analysis\n"
    "The ministry said on Tuesday that the talks had ended.\n"
    "\n"
    "Photo: Reuters\n",
    relpath="posts/analysis.md",
)


def test_file_format_is_sorted_two_space_json_with_trailing_newline(tmp_path: Path) -> None:
    baseline = Baseline([
        BaselineEntry("bbbb:1", "reuse.uncredited", "posts/b.md", 3, "Second", ""),
        BaselineEntry("aaaa:1", "reuse.uncredited", "posts/analysis.md", 10, "The", "licensed"),
        BaselineEntry("cccc:1", "notice.copyright", "posts/analysis.md", 2, "©", ""),
    ])
    path = tmp_path / ".licscan-baseline.json"
    write_baseline(path, baseline)
    expected = """{
  "version": 1,
  "accepted": [
    {
      "fingerprint": "cccc:1",
      "rule_id": "notice.copyright",
      "path": "posts/analysis.md",
      "line": 2,
      "excerpt": "©",
      "reason": ""
    },
    {
      "fingerprint": "aaaa:1",
      "rule_id": "reuse.uncredited",
      "path": "posts/analysis.md",
      "line": 10,
      "excerpt": "The",
      "reason": "licensed"
    },
    {
      "fingerprint": "bbbb:1",
      "rule_id": "reuse.uncredited",
      "path": "posts/b.md",
      "line": 3,
      "excerpt": "Second",
      "reason": ""
    }
  ]
}
"""
    assert path.read_text(encoding="utf-8") == expected
    assert read_baseline(path) == Baseline(sorted(baseline.entries, key=lambda e: e.sort_key))
    assert [p.name for p in tmp_path.iterdir()] == [".licscan-baseline.json"]  # no temp left


def test_create_records_every_finding_but_inline_accepted_ones() -> None:
    reuse = finding_at(DOC, "The ministry said on Tuesday that the talks had ended.")
    credit = finding_at(DOC, "Photo: Reuters", "notice.photo-credit", Severity.info)
    credit.accepted, credit.accepted_reason = "inline", "our own photo"
    baseline = create_baseline([reuse, credit], reason="accepted at adoption")
    assert baseline.entries == [
        BaselineEntry(
            fingerprint=reuse.fingerprint,
            rule_id="reuse.uncredited",
            path="posts/analysis.md",
            line=2,
            excerpt="The ministry said on Tuesday that the talks had ended.",
            reason="accepted at adoption",
        )
    ]


def test_long_excerpts_are_shortened_for_reviewers() -> None:
    long_text = "word " * 40
    doc = document(long_text + "\n")
    baseline = create_baseline([finding_at(doc, long_text.strip())])
    excerpt = baseline.entries[0].excerpt
    assert len(excerpt) == 80 and excerpt.endswith("…")


def test_apply_accepts_by_fingerprint_only_and_reports_stale_entries() -> None:
    current = finding_at(DOC, "The ministry said on Tuesday that the talks had ended.")
    baseline = Baseline([
        # same fingerprint, but line and excerpt are out of date: still a match
        BaselineEntry(current.fingerprint, "reuse.uncredited", "posts/analysis.md", 99, "old",
                      "ok"),
        BaselineEntry("0123456789abcdef:1", "reuse.uncredited", "posts/analysis.md", 7, "gone"),
        BaselineEntry("fedcba9876543210:1", "reuse.uncredited", "posts/other.md", 1, "not scanned"),
    ])
    stale = apply_baseline([current], baseline, scanned_paths={"posts/analysis.md"})
    assert (current.accepted, current.accepted_reason) == ("baseline", "ok")
    assert len(stale) == 1
    assert stale[0].rule_id == "licscan.accept.baseline-stale"
    assert stale[0].severity is Severity.info
    assert stale[0].relpath == "posts/analysis.md"
    assert stale[0].span.line == 7
    assert "0123456789abcdef:1" in stale[0].message


def test_update_keeps_reasons_adds_new_and_drops_stale() -> None:
    kept = finding_at(DOC, "The ministry said on Tuesday that the talks had ended.")
    new = finding_at(DOC, "Photo: Reuters", "notice.photo-credit", Severity.low)
    old = Baseline([
        BaselineEntry(kept.fingerprint, "reuse.uncredited", "posts/analysis.md", 5, "x", "licence"),
        BaselineEntry("0123456789abcdef:1", "reuse.uncredited", "posts/analysis.md", 7, "gone",
                      "r"),
        BaselineEntry("1111111111111111:1", "notice.copyright", "posts/elsewhere.md", 1, "", "r2"),
        BaselineEntry("2222222222222222:1", "notice.copyright", "posts/deleted.md", 1, "", "r3"),
    ])
    updated = update_baseline(
        old,
        [kept, new],
        scanned_paths={"posts/analysis.md"},
        exists={"posts/analysis.md", "posts/elsewhere.md"},
        reason="new today",
    )
    by_fingerprint = {e.fingerprint: e for e in updated.entries}
    assert set(by_fingerprint) == {kept.fingerprint, new.fingerprint, "1111111111111111:1"}
    assert by_fingerprint[kept.fingerprint].reason == "licence"
    assert by_fingerprint[kept.fingerprint].line == 2  # refreshed for reviewers
    assert by_fingerprint[new.fingerprint].reason == "new today"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"version": 2, "accepted": []}', "version 1"),
        ('{"version": 1, "accepted": {}}', "must be a list"),
        ('{"version": 1, "accepted": [{"rule_id": "x"}]}', "entry 1 has no fingerprint"),
        ('{"version": 1, "accepted": [{"fingerprint": "a:1", "line": "ten"}]}', "line"),
    ],
)
def test_broken_baselines_are_errors_that_say_why(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BaselineError, match=message):
        read_baseline(path)


def test_missing_baseline_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="licscan baseline create"):
        read_baseline(tmp_path / "nope.json")


def test_written_file_has_no_timestamps(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    write_baseline(path, create_baseline([finding_at(DOC, "Photo: Reuters")]))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data) == ["version", "accepted"]
    assert list(data["accepted"][0]) == [
        "fingerprint", "rule_id", "path", "line", "excerpt", "reason"
    ]
