"""`licscan rules list|test`: listing, example runs, exit codes 0/1/2."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from licscan.cli.rules import app

DATA = Path(__file__).parents[1] / "detect" / "data"  # the detection tests' rule files

runner = CliRunner()


def test_list_shows_id_kind_type_and_file() -> None:
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    line = next(
        row for row in result.output.splitlines() if row.startswith("terms.excerpt-with-credit ")
    )
    assert line.split()[:4] == ["terms.excerpt-with-credit", "terms", "excerpt_with_credit", "info"]
    assert "terms.yaml:" in line


def test_list_with_extra_rules() -> None:
    result = runner.invoke(app, ["list", "--rules", str(DATA / "extra_phrase.yaml")])
    assert result.exit_code == 0
    assert "custom.rights-reserved-is" in result.output


def test_builtin_examples_pass() -> None:
    result = runner.invoke(app, ["test"])
    assert result.exit_code == 0, result.output
    assert "all passed" in result.output


def test_failing_example_exits_1_with_file_rule_and_line() -> None:
    result = runner.invoke(app, ["test", str(DATA / "failing_example.yaml")])
    assert result.exit_code == 1
    assert f"FAIL {DATA / 'failing_example.yaml'}:11: rule custom.failing-example:" in result.output
    assert "1 rules, 2 examples: 1 failed" in result.output


def test_broken_file_exits_2() -> None:
    result = runner.invoke(app, ["test", str(DATA / "bad_pattern.yaml")])
    assert result.exit_code == 2
    assert "custom.bad-pattern" in result.output
