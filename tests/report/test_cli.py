"""`licscan report` re-renders saved results; the terminal summary a person reads after a scan."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

from licscan.cli import report as report_command
from licscan.report.summary import print_summary
from licscan.result import ScanResult


def cli() -> typer.Typer:
    """A typer app with just the report command, as `licscan` registers it."""
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """licscan"""

    report_command.register(app)
    return app


@pytest.fixture()
def saved(tmp_path: Path, sample_result: Callable[[Path], ScanResult]) -> dict[str, Path]:
    result = sample_result(tmp_path / "site")
    return {
        "json": result.write(tmp_path / "saved" / "scan.json"),
        "parquet": result.write(tmp_path / "saved" / "scan.parquet"),
    }


@pytest.mark.parametrize("kind", ["json", "parquet"])
def test_report_rerenders_every_format_from_a_saved_result(
    saved: dict[str, Path], tmp_path: Path, kind: str
) -> None:
    out = tmp_path / "out"
    args = ["report", str(saved[kind]), "-q"]
    for name in ("audit.xlsx", "report.html", "again.json", "again.parquet", "audit.csv"):
        args += ["--report", str(out / name)]
    done = CliRunner().invoke(cli(), args)
    assert done.exit_code == 0, done.output
    assert openpyxl.load_workbook(out / "audit.xlsx").sheetnames[0] == "Summary"
    assert "licscan report" in (out / "report.html").read_text(encoding="utf-8")
    again = json.loads((out / "again.json").read_text(encoding="utf-8"))
    assert len(again["findings"]) == 6
    assert len(ScanResult.read(out / "again.parquet").notices) == 3
    assert (out / "audit.notices.csv").is_file()
    original = ScanResult.read(saved["json"])
    assert again["scan"] == original.scan  # the scan's own facts survive re-rendering


def test_report_prints_a_summary_unless_quiet(saved: dict[str, Path], tmp_path: Path) -> None:
    done = CliRunner().invoke(cli(), ["report", str(saved["json"]), "-o", str(tmp_path / "x.html")])
    assert done.exit_code == 0, done.output
    assert "4 documents" in done.output
    assert "reuse.uncredited" in done.output


def test_report_of_a_missing_or_bad_result_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    for path in (tmp_path / "missing.json", bad, tmp_path / "scan.xlsx"):
        done = CliRunner().invoke(cli(), ["report", str(path), "-o", str(tmp_path / "r.html")])
        assert done.exit_code == 2, done.output
        assert "cannot read" in done.output
    assert not (tmp_path / "r.html").exists()


def test_report_to_an_unknown_format_exits_2(saved: dict[str, Path], tmp_path: Path) -> None:
    done = CliRunner().invoke(cli(), ["report", str(saved["json"]), "-o", str(tmp_path / "r.pdf")])
    assert done.exit_code == 2
    assert "unknown report format" in done.output


def test_report_needs_a_report_option(saved: dict[str, Path]) -> None:
    done = CliRunner().invoke(cli(), ["report", str(saved["json"])])
    assert done.exit_code == 2


def summary_text(result: ScanResult, fail_on: str) -> str:
    buffer = io.StringIO()
    print_summary(result, fail_on, console=Console(file=buffer, width=160, color_system=None))
    return buffer.getvalue()


def test_summary_counts_severities_and_blocking_findings(
    tmp_path: Path, sample_result: Callable[[Path], ScanResult]
) -> None:
    text = summary_text(sample_result(tmp_path / "site"), "medium")
    assert "4 documents (1 not read) · 3 notices · 2 terms · 3 metadata · 2 matches · " \
        "6 findings (1 accepted)" in text
    table = text.split("blocking finding")[0]
    lines = {line.split()[0]: line.split()[1:3] for line in table.splitlines()
             if line.split() and line.split()[0] in ("high", "medium", "low", "info")}
    assert lines == {"high": ["2", "2"], "medium": ["2", "1"], "low": ["1", "1"],
                     "info": ["1", "1"]}
    assert "3 blocking finding(s) at or above medium" in text
    assert "posts/turkey.html:12:1: reuse.uncredited [high] Passage from Bloomberg lacks" in text
    assert "posts/evil.html:2:1: notice.copyright [medium] +SUM(1,2) notice" in text
    assert "terms.share-alike" not in text.split("blocking")[1]  # accepted: not blocking


def test_summary_with_nothing_blocking(
    tmp_path: Path, sample_result: Callable[[Path], ScanResult]
) -> None:
    text = summary_text(sample_result(tmp_path / "site"), "high")
    assert "2 blocking finding(s) at or above high" in text
    empty = ScanResult.from_documents([], roots=[tmp_path])
    assert "No unaccepted findings at or above medium" in summary_text(empty, "medium")


def test_summary_does_not_interpret_markup_in_scanned_text(
    tmp_path: Path, sample_result: Callable[[Path], ScanResult]
) -> None:
    result = sample_result(tmp_path / "site")
    result.findings.loc[0, "message"] = "[bold red]fake[/] [link=http://evil]x[/link]"
    text = summary_text(result, "low")
    assert "[bold red]fake[/] [link=http://evil]x[/link]" in text
