"""The incremental cache: a rescan of an unchanged folder analyses nothing, a change re-analyses
exactly what it affects, and a scan killed mid-way leaves a cache that a rescan can use."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import licscan
from licscan.result import ScanResult
from tests.run.cached import AnalyseCounter, scan

DATA = Path(__file__).parent / "data"


@pytest.fixture
def site(tmp_path: Path, make_site: Callable[..., Path]) -> Path:
    return make_site(tmp_path / "site", pages=40, seed=5)


def test_rescan_of_an_unchanged_folder_analyses_nothing(
    site: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    assert_same_tables: Callable[[ScanResult, ScanResult], None],
) -> None:
    counter = AnalyseCounter(monkeypatch)
    first = scan(site, tmp_path / "cache")
    assert len(counter.take()) == 40  # the 40 pages; the empty and binary files are not analysed
    again = scan(site, tmp_path / "cache")
    assert counter.take() == []
    assert_same_tables(first, again)


def warm_cache(site: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> AnalyseCounter:
    """Scan once so every file is cached; return a counter of the documents analysed after."""
    counter = AnalyseCounter(monkeypatch)
    scan(site, cache_dir)
    counter.take()
    return counter


def test_a_changed_or_new_file_is_the_only_one_analysed_again(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counter = warm_cache(site, tmp_path / "cache", monkeypatch)
    page = sorted(site.glob("section*/*.md"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\n© 2020 Late Addition Ltd.\n", "utf-8")
    (site / "new.txt").write_text("A new page.\n\n© 2021 Newcomer GmbH\n", encoding="utf-8")
    result = scan(site, tmp_path / "cache")
    assert sorted(counter.take()) == sorted([page.relative_to(site).as_posix(), "new.txt"])
    holders = {h for row in result.notices["holders"] for h in row}
    assert "Newcomer GmbH" in holders


def test_touched_but_unchanged_file_is_hashed_not_analysed(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counter = warm_cache(site, tmp_path / "cache", monkeypatch)
    future = time.time() + 60
    for page in site.rglob("*.html"):
        os.utime(page, (future, future))
    scan(site, tmp_path / "cache")
    assert counter.take() == []


def test_a_changed_rule_file_invalidates_the_results_made_with_it(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text((DATA / "press-kit.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    counter = AnalyseCounter(monkeypatch)
    scan(site, tmp_path / "cache", rule_paths=[rules])
    assert len(counter.take()) == 40
    scan(site, tmp_path / "cache", rule_paths=[rules])
    assert counter.take() == []
    # Any rule may match anywhere: a changed rule file re-analyses every document ...
    rules.write_text(rules.read_text(encoding="utf-8").replace("freely", "without charge"), "utf-8")
    scan(site, tmp_path / "cache", rule_paths=[rules])
    assert len(counter.take()) == 40
    # ... and results made with the builtin rules alone are still valid for a scan without it.
    scan(site, tmp_path / "cache")
    assert len(counter.take()) == 40  # first scan with the builtin rules alone
    scan(site, tmp_path / "cache")
    assert counter.take() == []


def test_an_option_that_changes_results_misses_the_cache(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counter = warm_cache(site, tmp_path / "cache", monkeypatch)
    scan(site, tmp_path / "cache", severity_overrides={"licscan.read-error": "info"})
    assert len(counter.take()) == 40
    scan(site, tmp_path / "cache", include=["*.md", "**/*.md"])  # a neutral option
    assert counter.take() == []


def test_no_cache_analyses_everything_and_writes_nothing(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    counter = AnalyseCounter(monkeypatch)
    licscan.scan([site], jobs=1, cache=False)
    licscan.scan([site], jobs=1, cache=False)
    assert len(counter.take()) == 80
    assert not (tmp_path / ".licscan").exists()


def test_default_cache_is_in_the_current_directory(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    licscan.scan([site], jobs=1)
    assert (tmp_path / ".licscan" / "cache.sqlite").is_file()
    assert "cache.sqlite" in (tmp_path / ".licscan" / ".gitignore").read_text(encoding="utf-8")


def test_a_moved_file_keeps_its_own_path_in_the_results(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = scan(site, tmp_path / "cache")
    page = sorted(site.glob("section*/*.md"))[0]
    moved = site / "moved" / page.name
    moved.parent.mkdir()
    page.rename(moved)
    counter = AnalyseCounter(monkeypatch)
    again = scan(site, tmp_path / "cache")
    assert counter.take() == [moved.relative_to(site).as_posix()]
    old, new = page.relative_to(site).as_posix(), moved.relative_to(site).as_posix()
    assert old in set(first.documents["path"]) and old not in set(again.documents["path"])
    assert set(again.notices.loc[again.notices["path"] == new, "text"]) == set(
        first.notices.loc[first.notices["path"] == old, "text"]
    )


KILLED_SCAN = """
import sys
from pathlib import Path
import licscan
licscan.scan([Path(sys.argv[1])], jobs=1, cache_dir=Path(sys.argv[2]))
"""


def test_a_killed_scan_leaves_a_usable_cache(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make_site: Callable[..., Path],
    assert_same_tables: Callable[[ScanResult, ScanResult], None],
) -> None:
    site = make_site(tmp_path / "big", pages=1500, seed=9)
    cache_dir = tmp_path / "cache"
    process = subprocess.Popen([sys.executable, "-c", KILLED_SCAN, str(site), str(cache_dir)])
    stored = _wait_for_rows(cache_dir / "cache.sqlite", process, at_least=64)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL  # killed mid-way, not finished
    with sqlite3.connect(cache_dir / "cache.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    counter = AnalyseCounter(monkeypatch)
    resumed = scan(site, cache_dir)
    analysed = len(counter.take())
    # 1,502 files (with the empty and the binary one): every row stored before the kill is reused
    assert analysed <= 1502 - stored
    clean = licscan.scan([site], jobs=2, cache=False)
    assert_same_tables(resumed, clean)


def _wait_for_rows(database: Path, process: subprocess.Popen[bytes], at_least: int) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if database.exists():
            try:
                with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
                    count = db.execute("SELECT count(*) FROM results").fetchone()[0]
            except sqlite3.OperationalError:  # the schema is not written yet
                count = 0
            if count >= at_least:
                return count
        time.sleep(0.01)
    pytest.fail("the scan ended (or never stored a batch) before it could be killed")
