"""Which findings the console lists, and how one reads, for `scan` and `check` alike."""

from __future__ import annotations

import pytest

from licscan.report.problems import Problem, is_listed, problem_block


@pytest.mark.parametrize(
    ("severity", "rule_id", "accepted", "listed"),
    [
        ("high", "reuse.uncredited", "", True),
        ("medium", "notice.copyright", "", False),  # below --fail-on high
        ("medium", "licscan.ignore-without-reason", "", True),  # an acceptance that failed
        ("info", "licscan.accept.baseline-stale", "", True),
        ("high", "reuse.uncredited", "baseline", False),  # accepted: only when asked
    ],
)
def test_listed_at_fail_on_high(severity: str, rule_id: str, accepted: str, listed: bool) -> None:
    assert is_listed(severity, rule_id, accepted, fail_on="high") is listed


def test_min_severity_leaves_out_even_an_acceptance_problem() -> None:
    assert not is_listed("info", "licscan.accept.baseline-stale", "", "high", "medium")


def test_a_block_keeps_the_whole_message_and_takes_the_fix_from_it() -> None:
    message = "Passage from Example Wire lacks the credit its terms require. " * 4
    block = problem_block(Problem(
        "posts/a.md", 12, 1, "reuse.uncredited", "high", message.strip() + " Fix: Credit it.",
        source="Example Wire <https://wire.example/a>",
        terms="all rights reserved; credit missing, link found"))
    assert block.splitlines() == [
        f"posts/a.md:12:1: reuse.uncredited [high] {message.strip()}",
        "  source: Example Wire <https://wire.example/a>",
        "  terms: all rights reserved; credit missing, link found",
        "  fix: Credit it",
    ]
