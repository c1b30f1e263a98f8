"""The local engine: a scan over two worker processes gives exactly the tables of a scan in one
process, and the progress bar stays off the output when stderr is not a terminal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import licscan
from licscan.result import ScanResult


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, make_site: Callable[..., Path]) -> Path:
    return make_site(tmp_path_factory.mktemp("site"), pages=120)


def test_two_processes_give_the_tables_of_one(
    site: Path, assert_same_tables: Callable[[ScanResult, ScanResult], None]
) -> None:
    one = licscan.scan([site], jobs=1, cache=False)
    two = licscan.scan([site], jobs=2, cache=False)
    # 120 pages plus an empty and a binary file, each a row, in discovery order
    assert len(one.documents) == 122
    assert set(one.documents["status"]) >= {"ok", "empty", "binary"}
    assert len(one.notices) >= 100  # every page carries a notice; a few forms may be missed
    assert_same_tables(one, two)


def test_parallel_matching_reopens_the_index_in_each_worker(
    tmp_path: Path,
    make_reuse_set: Callable[..., tuple[Path, Path]],
    assert_same_tables: Callable[[ScanResult, ScanResult], None],
) -> None:
    sources, drafts = make_reuse_set(tmp_path)
    one = licscan.scan([drafts], sources=[sources], jobs=1, cache=False)
    two = licscan.scan([drafts], sources=[sources], jobs=2, cache=False)
    # drafts 0-2, 4-6 copy three paragraphs of a source; 3 and 7 copy nothing
    assert set(one.matches["path"]) == {f"draft{i}.md" for i in (0, 1, 2, 4, 5, 6)}
    assert_same_tables(one, two)


def test_progress_is_silent_when_stderr_is_not_a_terminal(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    licscan.scan([site], jobs=1, cache=False, progress=True)
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out == ""


def test_progress_on_a_terminal_shows_files_per_second(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich treats stderr as a terminal
    monkeypatch.delenv("NO_COLOR", raising=False)
    licscan.scan([site], jobs=1, cache=False, progress=True)
    captured = capsys.readouterr()
    assert "files/s" in captured.err
    assert "122/" in captured.err  # the count of files done, up to the last one
    assert captured.out == ""
