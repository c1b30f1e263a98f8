"""A worker process that dies does not stop a parallel scan: the file that kills a worker is an
error row, every other file gets the result a one-process scan gives, in discovery order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import licscan
from licscan.catalogue import READ_ERROR as READ_ERROR_RULE
from licscan.options import ScanOptions
from licscan.result import ScanResult
from licscan.run import local as engine
from licscan.run import pool
from licscan.run.context import build_context
from tests.run.workers import exits_on_every_file, killed_on_crash_files

CRASH_FILES = ("section2/crash-early.md", "section5/crash-late.html")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, make_site: Callable[..., Path]) -> Path:
    folder = make_site(tmp_path_factory.mktemp("site"), pages=90, seed=17)
    for relpath in CRASH_FILES:
        (folder / relpath).write_text("A page.\n\n© 2024 Crash Test Ltd.\n", encoding="utf-8")
    return folder


def scan_with(site: Path, process: pool.ProcessEntry, **options: object) -> list:
    context = build_context(ScanOptions(**options))
    return list(engine.run_local([site], context, process=process))


def test_a_file_that_kills_its_worker_is_an_error_row_and_the_scan_goes_on(site: Path) -> None:
    reference = list(engine.run_local([site], build_context(ScanOptions(cache=False))))
    results = scan_with(site, killed_on_crash_files, jobs=2, cache=False)
    # 90 pages, the two crash files, an empty and a binary file: every one a row, in order
    assert [r.document.relpath for r in results] == [r.document.relpath for r in reference]
    assert len(results) == 94
    for result, expected in zip(results, reference, strict=True):
        if result.document.relpath in CRASH_FILES:
            assert expected.document.status == "ok"  # scanned fine in one process
            assert result.document.status == "error"
            assert result.document.reason == (
                "worker process died while scanning this file (exit code -9, SIGKILL)"
            )
            assert [f.rule_id for f in result.findings] == [READ_ERROR_RULE]
            assert result.notices == []
        else:
            assert result == expected
    table = ScanResult.from_documents(results, roots=[site], options=ScanOptions(), rules=None)
    errors = table.documents[table.documents["status"] == "error"]
    assert sorted(errors["path"]) == sorted(CRASH_FILES)


def test_a_crashed_file_is_not_cached_so_a_rescan_tries_it_again(
    site: Path, tmp_path: Path
) -> None:
    crashed = scan_with(site, killed_on_crash_files, jobs=2, cache_dir=tmp_path)
    assert sum(r.document.status == "error" for r in crashed) == 2
    again = licscan.scan([site], jobs=1, cache_dir=tmp_path)
    rows = again.documents.set_index("path")
    assert list(rows.loc[list(CRASH_FILES), "status"]) == ["ok", "ok"]
    assert "Crash Test Ltd." in {h for holders in again.notices["holders"] for h in holders}


def test_workers_that_die_on_every_file_stop_the_scan_with_a_clear_error(tmp_path: Path) -> None:
    for number in range(40):
        (tmp_path / f"page{number:02d}.md").write_text(f"Page {number}.\n", encoding="utf-8")
    with pytest.raises(pool.WorkerCrashError) as raised:
        scan_with(tmp_path, exits_on_every_file, jobs=2, cache=False)
    message = str(raised.value)
    assert f"died {pool.MAX_DEATHS_IN_A_ROW} times in a row" in message
    assert "exit code 9" in message
