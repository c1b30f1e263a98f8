"""Several reports are written all or nothing: one failure replaces none and leaves no trace."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from licscan.report import html, tabular
from licscan.report.tabular import ReportWriteError
from licscan.result import ScanResult

REPORTS = ("scan.json", "audit.csv", "scan.parquet", "audit.xlsx", "report.html")


@pytest.fixture()
def result(tmp_path: Path, sample_result: Callable[[Path], ScanResult]) -> ScanResult:
    return sample_result(tmp_path / "site")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (temporary ones included) with its content."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_all_reports_are_written_and_replace_the_old_ones(
    result: ScanResult, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    empty = ScanResult.from_documents([], roots=[tmp_path])
    empty.write_all([out / name for name in REPORTS])
    written = result.write_all([out / name for name in REPORTS])
    assert written == [out / name for name in REPORTS]
    assert len(json.loads((out / "scan.json").read_text(encoding="utf-8"))["findings"]) == 6
    assert len(ScanResult.read(out / "scan.parquet").findings) == 6
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def test_a_failure_in_the_last_report_replaces_none(
    result: ScanResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    ScanResult.from_documents([], roots=[tmp_path]).write_all([out / n for n in REPORTS])
    before = snapshot(out)

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(html, "render_html", disk_full)
    with pytest.raises(ReportWriteError) as raised:
        result.write_all([out / name for name in REPORTS])
    assert str(raised.value) == (f"cannot write {out / 'report.html'}: No space left on device; "
                                 "free some disk space or write it elsewhere")
    assert snapshot(out) == before


def test_a_failure_creates_none_where_there_was_none(
    result: ScanResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"

    def interrupted(*args: object, **kwargs: object) -> None:
        raise RuntimeError("interrupted")

    monkeypatch.setattr(html, "render_html", interrupted)
    with pytest.raises(RuntimeError):
        result.write_all([out / name for name in REPORTS])
    assert snapshot(out) == {}


def test_a_failed_move_puts_every_old_report_back(
    result: ScanResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The moves into place come last; if one fails, those already made are undone."""
    out = tmp_path / "out"
    ScanResult.from_documents([], roots=[tmp_path]).write_all([out / n for n in REPORTS])
    before = snapshot(out)
    real = os.replace
    failures = []

    def failing(source: str | Path, target: str | Path) -> None:
        if Path(target) == out / "audit.xlsx" and not failures:  # the new workbook's move
            failures.append(target)
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(source), str(target))
        real(source, target)

    monkeypatch.setattr(tabular.os, "replace", failing)
    with pytest.raises(ReportWriteError, match=r"cannot write .*audit\.xlsx: Input/output error"):
        result.write_all([out / name for name in REPORTS])
    monkeypatch.undo()
    assert snapshot(out) == before
    assert len(json.loads((out / "scan.json").read_text(encoding="utf-8"))["findings"]) == 0


def test_a_bad_path_among_several_writes_nothing(result: ScanResult, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(ValueError, match=r"cannot write .*audit\.pdf: unknown report format"):
        result.write_all([out / "scan.json", out / "audit.pdf"])
    assert not out.exists()
