"""The report tables: fixed columns and dtypes, flattened spans, lists, order, blocking findings."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from licscan import __version__
from licscan.model import DocStatus, DocumentResult, DocumentRow
from licscan.report import tables
from licscan.result import ScanResult
from tests.conftest import REPO


@pytest.fixture()
def result(tmp_path: Path, sample_result: Callable[[Path], ScanResult]) -> ScanResult:
    return sample_result(tmp_path / "site")


def test_every_table_has_its_fixed_columns_even_when_empty() -> None:
    empty = ScanResult.from_documents([], roots=["."], options=None, rules=None)
    for table in tables.TABLE_NAMES:
        frame = getattr(empty, table)
        assert list(frame.columns) == tables.COLUMNS[table]
        assert len(frame) == 0
        for column, dtype in tables.TABLES[table]:
            expected = object if tables.is_list(dtype) else pd.api.types.pandas_dtype(dtype)
            assert frame[column].dtype == expected, (table, column)


def test_counts_match_the_hand_made_scan(result: ScanResult) -> None:
    assert result.counts() == {
        "documents": 4, "notices": 3, "terms": 2, "metadata": 3, "matches": 2,
        "findings": 6, "errors": 1, "reservations": 0,
    }


def test_span_is_flattened_in_the_documented_order(result: ScanResult) -> None:
    notices = result.notices
    columns = list(notices.columns)
    assert columns[1:7] == ["start", "end", "line", "column", "end_line", "end_column"]
    gdc = notices[notices["path"] == "posts/turkey.html"].iloc[0]
    assert (gdc["start"], gdc["end"], gdc["line"], gdc["column"]) == (2100, 2158, 40, 5)
    assert (gdc["end_line"], gdc["end_column"]) == (40, 63)


def test_lists_stay_lists_and_enums_are_lowercase_strings(result: ScanResult) -> None:
    gdc = result.notices[result.notices["path"] == "posts/turkey.html"].iloc[0]
    assert gdc["holders"] == ["GDC", "www.globaldefensecorp.com"]
    assert gdc["years"] == [2025]
    assert result.matches["evidence"].map(type).eq(list).all()
    assert set(result.findings["severity"]) == {"high", "medium", "low", "info"}
    assert set(result.documents["status"]) == {"ok", "binary"}


def test_rows_are_sorted_by_path_then_position(result: ScanResult) -> None:
    assert list(result.documents["path"]) == [
        "assets/logo.bin", "notes/readme.md", "posts/evil.html", "posts/turkey.html",
    ]
    turkey = result.findings[result.findings["path"] == "posts/turkey.html"]
    assert list(turkey["line"]) == [12, 40]


def test_order_does_not_depend_on_the_order_documents_arrive(
    tmp_path: Path, sample_documents: Callable[[], list[DocumentResult]], fake_rules: object
) -> None:
    forward = ScanResult.from_documents(sample_documents(), roots=[tmp_path], rules=fake_rules)
    backward = ScanResult.from_documents(sample_documents()[::-1], roots=[tmp_path])
    for table in tables.TABLE_NAMES:
        assert getattr(forward, table).equals(getattr(backward, table)), table


def test_errors_table_lists_documents_not_read(result: ScanResult) -> None:
    errors = result.errors
    assert list(errors.columns) == ["path", "type", "status", "reason", "size", "encoding"]
    assert errors.iloc[0].to_dict() == {
        "path": "assets/logo.bin", "type": "unknown", "status": "binary",
        "reason": "binary content (NUL bytes)", "size": 4096, "encoding": "",
    }


def test_document_rows_count_what_each_document_yielded(result: ScanResult) -> None:
    turkey = result.documents.set_index("path").loc["posts/turkey.html"]
    assert (turkey["notice_count"], turkey["term_count"], turkey["metadata_count"]) == (1, 1, 1)
    assert (turkey["match_count"], turkey["finding_count"]) == (1, 2)


def test_nullable_conditions_stay_missing_not_false(result: ScanResult) -> None:
    cc = result.terms[result.terms["term_type"] == "creative_commons"].iloc[0]
    assert bool(cc["share_alike"]) is True
    assert pd.isna(cc["link_required"])  # the licence says nothing about links
    assert pd.isna(cc["max_excerpt_words"])


@pytest.mark.parametrize(
    ("fail_on", "expected"),
    [("high", 2), ("medium", 3), ("low", 4), ("info", 5)],
)
def test_blocking_findings_ignore_accepted_ones(
    result: ScanResult, fail_on: str, expected: int
) -> None:
    # 6 findings: high 2, medium 2 (one accepted inline), low 1, info 1.
    blocking = result.blocking_findings(fail_on)
    assert len(blocking) == expected
    assert (blocking["accepted"] == "").all()


def test_blocking_findings_rejects_an_unknown_severity(result: ScanResult) -> None:
    with pytest.raises(ValueError, match="unknown severity"):
        result.blocking_findings("critical")


def test_scan_metadata(result: ScanResult, tmp_path: Path) -> None:
    scan = result.scan
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", scan["started"])
    assert scan["finished"] >= scan["started"]
    assert scan["rules_version"] == "r3c0ffee"
    assert scan["licscan_version"] == __version__
    assert scan["root_dirs"] == [(tmp_path / "site").resolve().as_posix()]
    assert scan["options"]["max_size"] == 20 * 1024 * 1024


def test_documents_are_flattened_as_they_arrive() -> None:
    """The builder consumes a generator lazily and keeps no per-document objects."""
    import gc
    import weakref

    refs = []

    def stream():
        for i in range(3):
            result = DocumentResult(DocumentRow(f"d{i}.txt", "text", 1, "utf-8", DocStatus.ok))
            refs.append(weakref.ref(result))
            yield result

    builder = tables.TableBuilder()
    builder.extend(stream())
    gc.collect()
    assert all(ref() is None for ref in refs)
    assert list(builder.frames()["documents"]["path"]) == ["d0.txt", "d1.txt", "d2.txt"]


def test_schema_doc_describes_every_column() -> None:
    text = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## `(\w+)`\n(.*?)(?=^## |\Z)", text, flags=re.S | re.M))
    for table in tables.TABLE_NAMES:
        assert table in sections, f"docs/schema.md has no section for {table}"
        documented = re.findall(r"^\| `(\w+)` \|", sections[table], flags=re.M)
        assert documented == tables.COLUMNS[table], table
