"""Severities come from one list: their ranks, the --fail-on choices and every report's colours."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from typer.testing import Result

from licscan.model import Severity
from licscan.report.summary import STYLES
from licscan.report.xlsx import CHART_COLOURS, COLOURS, RATED_COLUMNS


def test_severities_rank_from_high_to_info() -> None:
    assert [(s.value, s.rank) for s in Severity] == [
        ("high", 3), ("medium", 2), ("low", 1), ("info", 0)
    ]


@pytest.mark.parametrize("command", [["scan", "."], ["check"], ["report", "r.json", "-o", "r.csv"]])
def test_fail_on_offers_every_severity_highest_first(
    command: list[str], run: Callable[..., Result]
) -> None:
    refused = run(*command, "--fail-on", "severe")
    assert refused.exit_code == 2
    message = " ".join(re.sub("[│╭╮╰╯─]", " ", refused.output).split())  # out of its box
    assert "'severe' is not one of 'high', 'medium', 'low', 'info'." in message


def test_every_severity_has_its_colours_in_every_report() -> None:
    names = {s.value for s in Severity}
    assert set(STYLES) == names
    assert set(CHART_COLOURS) == names
    assert names <= set(COLOURS)
    assert RATED_COLUMNS["severity"] == ("high", "medium", "low", "info")
