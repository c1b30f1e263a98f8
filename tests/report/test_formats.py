"""The registry of report formats: every format writes what it says, the readable ones read back
the same tables, and help texts and error messages list exactly the registered formats."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import typer.main

from licscan.cli import app
from licscan.report import formats, tables
from licscan.report.formats import FORMATS, ReportFormat, ReportPathError
from licscan.result import ScanResult

# Two findings of the sample scan that every report must show.
EXPECTED_RULES = {"reuse.excerpt-too-long", "terms.share-alike"}


@pytest.fixture()
def result(tmp_path: Path, sample_result: Callable[[Path], ScanResult]) -> ScanResult:
    return sample_result(tmp_path / "site")


def _json_rules(path: Path) -> set[str]:
    return {row["rule_id"] for row in json.loads(path.read_text(encoding="utf-8"))["findings"]}


def _csv_rules(path: Path) -> set[str]:
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["rule_id"] for row in csv.DictReader(handle)}


def _parquet_rules(path: Path) -> set[str]:
    return set(pd.read_parquet(path / "findings.parquet")["rule_id"])


def _xlsx_rules(path: Path) -> set[str]:
    rows = openpyxl.load_workbook(path, read_only=True)["Findings"].iter_rows(values_only=True)
    header = next(rows)
    return {row[header.index("rule_id")] for row in rows}


def _html_rules(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    return {rule for rule in EXPECTED_RULES if rule in text}


# How a person would look for the findings in a report of each suffix.
RULES_IN_REPORT: dict[str, Callable[[Path], set[str]]] = {
    ".json": _json_rules,
    ".csv": _csv_rules,
    ".parquet": _parquet_rules,
    ".xlsx": _xlsx_rules,
    ".html": _html_rules,
    ".htm": _html_rules,
}


def test_every_registered_suffix_is_tested_here() -> None:
    assert {suffix for f in FORMATS for suffix in f.suffixes} == set(RULES_IN_REPORT)


@pytest.mark.parametrize("suffix", list(RULES_IN_REPORT))
def test_every_format_writes_the_findings(result: ScanResult, tmp_path: Path, suffix: str) -> None:
    written = result.write(tmp_path / "out" / f"report{suffix}")
    assert written == tmp_path / "out" / f"report{suffix}"
    assert RULES_IN_REPORT[suffix](written) >= EXPECTED_RULES


def test_the_suffix_is_matched_in_any_case(result: ScanResult, tmp_path: Path) -> None:
    written = result.write(tmp_path / "REPORT.JSON")
    assert _json_rules(written) >= EXPECTED_RULES


def test_json_and_parquet_are_the_formats_read_back() -> None:
    assert [f.suffix for f in FORMATS if f.readable] == [".json", ".parquet"]


@pytest.mark.parametrize("report_format", [f for f in FORMATS if f.readable],
                         ids=lambda f: f.suffix)
def test_a_readable_format_reads_back_the_same_tables(
    result: ScanResult, tmp_path: Path, report_format: ReportFormat
) -> None:
    again = ScanResult.read(result.write(tmp_path / f"saved{report_format.suffix}"))
    for table in tables.TABLE_NAMES:
        pd.testing.assert_frame_equal(getattr(again, table), getattr(result, table))
    assert again.scan == result.scan


def test_an_unknown_suffix_names_the_formats_there_are(
    result: ScanResult, tmp_path: Path
) -> None:
    with pytest.raises(ReportPathError) as raised:
        result.write(tmp_path / "report.pdf")
    assert str(raised.value) == (f"cannot write {tmp_path / 'report.pdf'}: unknown report "
                                 "format '.pdf'; use one of .json .csv .parquet .xlsx .html")
    assert not (tmp_path / "report.pdf").exists()


def test_reading_a_format_that_cannot_be_read_back_names_those_that_can(
    result: ScanResult, tmp_path: Path
) -> None:
    workbook = result.write(tmp_path / "audit.xlsx")
    with pytest.raises(ValueError) as raised:
        ScanResult.read(workbook)
    assert str(raised.value) == (f"{workbook}: cannot read a result from '.xlsx'; save the scan "
                                 "as .json or .parquet")


def _help(command: str, parameter: str) -> str:
    click_command = typer.main.get_command(app).commands[command]
    return next(p for p in click_command.params if p.name == parameter).help or ""


def _suffixes(text: str) -> list[str]:
    return re.findall(r"(?<![\w.])\.[a-z]+\b", text)


@pytest.mark.parametrize("command", ["scan", "report"])
def test_the_report_option_help_lists_exactly_the_registered_formats(command: str) -> None:
    listed = _suffixes(_help(command, "report"))
    assert listed == [".json", ".csv", ".parquet", ".xlsx", ".html", ".htm"]
    assert listed == [suffix for f in FORMATS for suffix in f.suffixes]


def test_the_saved_result_help_lists_the_readable_formats() -> None:
    text = _help("report", "results")
    assert text == "A saved scan result: a .json file or a .parquet directory."


def write_rule_ids(result: ScanResult, target: Path, staging: object) -> None:
    """A format that is not licscan's: the findings' rule ids, one a line."""
    from licscan.report.tabular import Staging, text_file

    assert isinstance(staging, Staging)
    with text_file(staging.file(target)) as out:
        out.write("".join(f"{rule}\n" for rule in result.findings["rule_id"]))


def test_a_new_format_is_one_registry_entry(
    result: ScanResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text_format = ReportFormat((".txt",), "rule ids, one a line",
                               "tests.report.test_formats:write_rule_ids")
    monkeypatch.setattr(formats, "FORMATS", (*FORMATS, text_format))
    written = result.write_all([tmp_path / "ids.txt", tmp_path / "scan.json"])
    assert set(written[0].read_text(encoding="utf-8").splitlines()) >= EXPECTED_RULES
    assert "'.txt'; save the scan as .json or .parquet" in _read_error(written[0])
    assert _suffixes(formats.report_option_help("Report file"))[-1] == ".txt"
    with pytest.raises(ReportPathError, match=r"use one of .* \.html \.txt$"):
        result.write(tmp_path / "report.pdf")


def _read_error(path: Path) -> str:
    with pytest.raises(ValueError) as raised:
        ScanResult.read(path)
    return str(raised.value)


def test_the_registered_writers_and_readers_make_no_import_cycle(
    find_cycle: Callable[[dict[str, set[str]]], list[str]],
    import_graph: Callable[[], dict[str, set[str]]],
) -> None:
    """They are imported by name on first use; counted here as imports of the registry."""
    graph = import_graph()
    references = [r for f in FORMATS for r in (f.writer, f.reader) if r]
    graph["licscan.report.formats"] |= {reference.split(":")[0] for reference in references}
    assert not find_cycle(graph)
    for reference in references:
        module, name = reference.split(":")
        assert callable(getattr(__import__(module, fromlist=[name]), name)), reference
