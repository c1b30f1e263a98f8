"""CSV, JSON and Parquet reports: layout, formula safety, round trips and atomic writes."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from licscan.report import tables, tabular
from licscan.report.cells import csv_text, excel_text
from licscan.result import ScanResult


@pytest.fixture()
def result(tmp_path: Path, sample_result: Callable[[Path], ScanResult]) -> ScanResult:
    return sample_result(tmp_path / "site")


def leftovers(folder: Path) -> list[str]:
    """Temporary files a writer left behind (they all start with '.')."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# --- JSON -----------------------------------------------------------------------------------


def test_json_is_one_object_schema_version_first(result: ScanResult, tmp_path: Path) -> None:
    path = result.write(tmp_path / "out" / "scan.json")
    text = path.read_text(encoding="utf-8")
    assert text.startswith('{\n"schema_version": 2,')
    data = json.loads(text)
    assert list(data) == ["schema_version", "scan", *tables.TABLE_NAMES]
    assert data["scan"]["rules_version"] == "r3c0ffee"


def test_json_rows_keep_lists_and_nulls(result: ScanResult, tmp_path: Path) -> None:
    data = json.loads(result.write(tmp_path / "scan.json").read_text(encoding="utf-8"))
    gdc = next(n for n in data["notices"] if n["path"] == "posts/turkey.html")
    assert gdc["holders"] == ["GDC", "www.globaldefensecorp.com"]
    assert gdc["years"] == [2025]
    assert list(gdc) == tables.COLUMNS["notices"]
    cc = next(t for t in data["terms"] if t["term_type"] == "creative_commons")
    assert cc["share_alike"] is True
    assert cc["link_required"] is None
    assert cc["max_excerpt_words"] is None
    assert data["findings"][0]["line"] == 1 and isinstance(data["findings"][0]["line"], int)


def test_json_of_an_empty_scan_still_has_every_table(tmp_path: Path) -> None:
    empty = ScanResult.from_documents([], roots=[tmp_path])
    data = json.loads(empty.write(tmp_path / "empty.json").read_text(encoding="utf-8"))
    assert all(data[table] == [] for table in tables.TABLE_NAMES)


def test_json_round_trip(result: ScanResult, tmp_path: Path) -> None:
    again = ScanResult.read(result.write(tmp_path / "scan.json"))
    for table in tables.TABLE_NAMES:
        pd.testing.assert_frame_equal(getattr(again, table), getattr(result, table))
    assert again.scan == result.scan


def test_reading_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.json"
    path.write_text(json.dumps({"schema_version": 99}), encoding="utf-8")
    with pytest.raises(ValueError, match="schema_version 99"):
        ScanResult.read(path)


# --- Parquet --------------------------------------------------------------------------------


def test_parquet_round_trip(result: ScanResult, tmp_path: Path) -> None:
    folder = result.write(tmp_path / "scan.parquet")
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{t}.parquet" for t in tables.TABLE_NAMES] + ["scan.json"]
    )
    again = ScanResult.read(folder)
    for table in tables.TABLE_NAMES:
        pd.testing.assert_frame_equal(getattr(again, table), getattr(result, table))
    assert again.scan == result.scan
    assert again.notices["years"].map(type).eq(list).all()


@pytest.mark.filterwarnings("ignore:The inplace keyword")  # inside dask, not licscan
def test_parquet_tables_read_on_their_own(result: ScanResult, tmp_path: Path) -> None:
    folder = result.write(tmp_path / "scan.parquet")
    findings = pd.read_parquet(folder / "findings.parquet")
    assert list(findings.columns) == tables.COLUMNS["findings"]
    assert len(findings) == 6
    dd = pytest.importorskip("dask.dataframe")
    assert len(dd.read_parquet(folder / "notices.parquet").compute()) == 3


def test_empty_parquet_keeps_column_types(tmp_path: Path) -> None:
    empty = ScanResult.from_documents([], roots=[tmp_path])
    again = ScanResult.read(empty.write(tmp_path / "empty.parquet"))
    assert list(again.notices.columns) == tables.COLUMNS["notices"]
    assert again.notices["line"].dtype == "int64"


# --- CSV ------------------------------------------------------------------------------------


def test_csv_writes_findings_and_one_file_per_other_table(
    result: ScanResult, tmp_path: Path
) -> None:
    result.write(tmp_path / "audit.csv")
    names = sorted(p.name for p in tmp_path.glob("audit*.csv"))
    assert names == sorted(
        ["audit.csv"] + [f"audit.{t}.csv" for t in tables.TABLE_NAMES if t != "findings"]
    )
    with open(tmp_path / "audit.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == tables.COLUMNS["findings"]
    assert len(rows) == 1 + 6


def test_csv_cells_cannot_become_formulas(
    result: ScanResult, tmp_path: Path, evil_formula: str
) -> None:
    result.write(tmp_path / "audit.csv")
    with open(tmp_path / "audit.notices.csv", encoding="utf-8", newline="") as handle:
        notices = list(csv.DictReader(handle))
    evil = next(n for n in notices if n["path"] == "posts/evil.html")
    assert evil["text"] == "'" + evil_formula
    assert json.loads(evil["holders"]) == [evil_formula]  # a JSON array: starts with '['
    with open(tmp_path / "audit.csv", encoding="utf-8", newline="") as handle:
        findings = list(csv.DictReader(handle))
    excerpts = {f["excerpt"] for f in findings}
    assert "'=cmd|' /C calc'!A0" in excerpts
    assert "'@SUM(A1)" in excerpts
    assert "'+SUM(1,2) notice" in {f["message"] for f in findings}
    for row in findings:  # no cell of any row starts with a formula trigger
        assert not any(v[:1] in ("=", "+", "-", "@", "\t", "\r") for v in row.values())


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1+1", "'  =1+1"),
        ("plain text", "plain text"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_csv_text(cell: str, safe: str) -> None:
    assert csv_text(cell) == safe


def test_excel_text_is_cut_to_the_cell_limit_with_a_marker() -> None:
    assert excel_text("short") == "short"
    long = "x" * 40_000
    cut = excel_text(long)
    assert len(cut) <= 32_767
    assert cut.endswith("[cut: 40000 characters in all]")
    emoji = "😀" * 20_000  # 2 UTF-16 units each: 40,000 units
    cut = excel_text(emoji)
    assert len(cut.encode("utf-16-le")) // 2 <= 32_767
    assert cut.startswith("😀😀") and "cut: 40000" in cut


# --- atomicity ------------------------------------------------------------------------------


def test_unknown_extension_is_a_clear_error(result: ScanResult, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"unknown report format '\.pdf'"):
        result.write(tmp_path / "audit.pdf")
    assert list(tmp_path.glob("audit*")) == []


def test_json_failure_mid_write_keeps_the_old_report(
    result: ScanResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = result.write(tmp_path / "scan.json")
    before = path.read_bytes()
    real = tabular.records

    def failing(frame: pd.DataFrame):
        rows = real(frame)
        yield next(rows)
        raise OSError("disk full")

    monkeypatch.setattr(tabular, "records", failing)
    with pytest.raises(OSError, match="disk full"):
        result.write(path)
    assert path.read_bytes() == before
    json.loads(before)
    assert leftovers(tmp_path) == []


def test_csv_failure_on_any_table_keeps_every_old_file(
    result: ScanResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result.write(tmp_path / "audit.csv")
    before = {p.name: p.read_bytes() for p in tmp_path.glob("audit*.csv")}
    real = tabular.csv_frame

    def failing(table: str, frame: pd.DataFrame) -> pd.DataFrame:
        if table == "matches":  # after documents, notices, terms and metadata were written
            raise RuntimeError("interrupted")
        return real(table, frame.iloc[:0])

    monkeypatch.setattr(tabular, "csv_frame", failing)
    with pytest.raises(RuntimeError):
        result.write(tmp_path / "audit.csv")
    assert {p.name: p.read_bytes() for p in tmp_path.glob("audit*.csv")} == before
    assert leftovers(tmp_path) == []


def test_parquet_failure_keeps_the_old_directory(
    result: ScanResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow.parquet as pq

    folder = result.write(tmp_path / "scan.parquet")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    calls = []
    real = pq.write_table

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(pq, "write_table", failing)
    with pytest.raises(OSError):
        result.write(folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert leftovers(tmp_path) == []


def test_rewriting_replaces_the_old_report(result: ScanResult, tmp_path: Path) -> None:
    empty = ScanResult.from_documents([], roots=[tmp_path])
    for name in ("scan.json", "scan.parquet"):
        empty.write(tmp_path / name)
        result.write(tmp_path / name)
        assert len(ScanResult.read(tmp_path / name).findings) == 6
    assert leftovers(tmp_path) == []


# --- a result saved by schema version 1 -------------------------------------------------------

SAVED_V1 = Path(__file__).parent / "data" / "scan-v1.json"


def test_a_saved_v1_result_reads_back_with_its_values() -> None:
    saved = ScanResult.read(SAVED_V1)
    assert saved.counts() == {"documents": 2, "notices": 1, "terms": 1, "metadata": 0,
                              "matches": 0, "findings": 1, "errors": 1, "reservations": 0}
    notice = saved.notices.iloc[0]
    assert notice["years"] == [2019, 2024]
    assert notice["year_start"] == 2019 and pd.isna(notice["year_end"])
    assert notice["text"] == "© 2019–2024 Exemple SARL. Tous droits réservés."
    assert saved.scan["rules_version"] == "3f9a1c2e"
    assert saved.started_at().isoformat() == "2025-06-01T09:30:00+00:00"
    assert len(saved.blocking_findings("info")) == 1
    # version 1 named the licence column cc_license; it reads back as license
    assert saved.terms.iloc[0]["license"] == "CC-BY-SA-4.0"


def test_writing_a_saved_result_again_gives_the_same_file(tmp_path: Path) -> None:
    """The JSON layout is stable: a v1 file read and written again is the same file, saved
    under the current schema version with the column renamed since (cc_license -> license), the
    column added since (location, after end_column, "" in a text file) and the table added since
    (reservations, empty)."""
    again = ScanResult.read(SAVED_V1).write(tmp_path / "again.json")
    expected = SAVED_V1.read_text(encoding="utf-8").replace('"schema_version": 1,',
                                                             '"schema_version": 2,')
    expected = re.sub(r'("end_column": \d+), ', r'\1, "location": "", ', expected)
    expected = expected.removesuffix("\n}\n") + ',\n"reservations": []\n}\n'
    assert again.read_text(encoding="utf-8") == expected.replace('"cc_license"', '"license"')
