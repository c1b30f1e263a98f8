"""The cache is data, not code: a prepared or damaged cache runs nothing, changes no result,
and is discarded and rebuilt with one warning naming it."""

from __future__ import annotations

import json
import logging
import os
import pickle
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

import licscan
from licscan.result import ScanResult
from tests.conftest import REPO
from tests.run.cached import AnalyseCounter, scan

PAGES = 12


class RunsCode:
    """Unpickling this creates the folder ``marker``: what a hostile cache row would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return os.mkdir, (str(self.marker),)


@pytest.fixture
def site(tmp_path: Path, make_site: Callable[..., Path]) -> Path:
    return make_site(tmp_path / "site", pages=PAGES, seed=3)


@pytest.fixture
def cache_file(site: Path, tmp_path: Path) -> Path:
    """A cache filled by a scan of ``site``."""
    scan(site, tmp_path / "cache")
    return tmp_path / "cache" / "cache.sqlite"


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    caplog.clear()
    return messages


def discarded(cache_file: Path, problem: str) -> str:
    return f"licscan: warning: discarded the cache {cache_file}: {problem}; this scan rebuilds it"


def edit(database: Path, *statements: tuple[str, tuple]) -> None:
    with closing(sqlite3.connect(database)) as db, db:
        for sql, parameters in statements:
            db.execute(sql, parameters)


def test_a_cache_of_pickles_runs_nothing_and_the_results_are_right(
    site: Path,
    cache_file: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    assert_same_tables: Callable[[ScanResult, ScanResult], None],
) -> None:
    # Every result a rescan looks up holds a pickle that runs code when it is unpickled.
    marker = tmp_path / "code-ran"
    edit(cache_file, ("UPDATE results SET data = ?", (pickle.dumps(RunsCode(marker)),)))
    result = scan(site, cache_file.parent)
    assert not marker.exists()
    assert_same_tables(result, licscan.scan([site], jobs=1, cache=False))
    assert warnings_of(caplog) == [discarded(cache_file, "it holds a result that is not valid")]


def test_a_pickle_cache_of_an_older_licscan_is_never_read(
    site: Path,
    cache_file: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    assert_same_tables: Callable[[ScanResult, ScanResult], None],
) -> None:
    marker = tmp_path / "code-ran"
    payload = pickle.dumps(RunsCode(marker))
    # the layout of the older caches: the same tables, pickled results, no format in meta
    edit(cache_file, ("DELETE FROM meta", ()), ("UPDATE results SET data = ?", (payload,)))
    result = scan(site, cache_file.parent)
    assert not marker.exists()
    assert_same_tables(result, licscan.scan([site], jobs=1, cache=False))
    assert warnings_of(caplog) == [
        discarded(cache_file, "it was written by another version of licscan")
    ]


def _random_bytes(cache_file: Path) -> None:
    cache_file.unlink()
    cache_file.write_bytes(bytes(range(256)) * 64)


def _other_tables(cache_file: Path) -> None:
    cache_file.unlink()
    edit(cache_file, ("CREATE TABLE notes (title TEXT, body TEXT)", ()))


def _truncated_rows(cache_file: Path) -> None:
    edit(cache_file, ("UPDATE results SET data = substr(data, 1, length(data) / 2)", ()))


def _wrong_types(cache_file: Path) -> None:
    # valid JSON, but a document status licscan does not have
    bad_status = "UPDATE results SET data = replace(data, '\"status\":\"', '\"status\":\"x')"
    edit(cache_file, (bad_status, ()))


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (_random_bytes, "it is not a SQLite database, or a damaged one"),
        (_other_tables, "it holds other tables than a licscan cache"),
        (_truncated_rows, "it holds a result that is not valid"),
        (_wrong_types, "it holds a result that is not valid"),
    ],
)
def test_a_damaged_cache_is_rebuilt_with_one_warning(
    damage,  # type: ignore[no-untyped-def]
    problem: str,
    site: Path,
    cache_file: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    assert_same_tables: Callable[[ScanResult, ScanResult], None],
) -> None:
    expected = scan(site, cache_file.parent)
    caplog.clear()
    damage(cache_file)
    counter = AnalyseCounter(monkeypatch)
    assert_same_tables(scan(site, cache_file.parent), expected)
    assert warnings_of(caplog) == [discarded(cache_file, problem)]
    assert len(counter.take()) == PAGES
    # rebuilt: the next scan warns no more and analyses nothing
    assert_same_tables(scan(site, cache_file.parent), expected)
    assert warnings_of(caplog) == []
    assert counter.take() == []


def test_a_cache_damaged_inside_its_pages_is_dropped_and_rebuilt_by_the_next_scan(
    site: Path,
    cache_file: Path,
    caplog: pytest.LogCaptureFixture,
    assert_same_tables: Callable[[ScanResult, ScanResult], None],
) -> None:
    expected = scan(site, cache_file.parent)
    with closing(sqlite3.connect(cache_file)) as db:  # the header and schema stay intact
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = [n for (n,) in db.execute("SELECT pageno FROM dbstat WHERE name = 'results'")]
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
    with open(cache_file, "r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * page_size)
            handle.write(b"\xff" * 64)
    caplog.clear()
    assert_same_tables(scan(site, cache_file.parent), expected)
    assert warnings_of(caplog) == [
        f"licscan: warning: discarded the cache {cache_file}: it is damaged; "
        "the next scan rebuilds it"
    ]
    assert_same_tables(scan(site, cache_file.parent), expected)
    assert warnings_of(caplog) == []


def test_a_shipped_cache_folder_writes_nothing_outside_it(
    site: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    elsewhere = outside / "precious.sqlite"
    edit(elsewhere, ("CREATE TABLE precious (x)", ()))
    before = elsewhere.read_bytes()
    cache_dir = tmp_path / "shipped"
    cache_dir.mkdir()
    (cache_dir / "cache.sqlite").symlink_to(elsewhere)
    (cache_dir / ".gitignore").symlink_to(outside / "planted")  # dangling
    scan(site, cache_dir)
    assert elsewhere.read_bytes() == before
    assert sorted(p.name for p in outside.iterdir()) == ["precious.sqlite"]
    assert not (cache_dir / "cache.sqlite").is_symlink()
    assert warnings_of(caplog) == [
        discarded(cache_dir / "cache.sqlite", "it is a symbolic link")
    ]


def test_the_warning_is_one_line_on_the_console_once(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "note.txt").write_text("© 2024 Example Press\n", encoding="utf-8")
    cache = tmp_path / ".licscan" / "cache.sqlite"
    cache.parent.mkdir()
    cache.write_bytes(b"not a database, " * 512)

    def run() -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "licscan", "scan", "drafts", "-q"],
            cwd=tmp_path, capture_output=True, text=True,
        )

    first = run()
    assert first.returncode == 0, first.stderr
    assert first.stderr == (
        f"licscan: warning: discarded the cache {cache}: "
        "it is not a SQLite database, or a damaged one; this scan rebuilds it\n"
    )
    second = run()
    assert (second.returncode, second.stderr) == (0, "")


def test_results_read_back_equal_results_computed(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    assert_same_tables: Callable[[ScanResult, ScanResult], None],
) -> None:
    examples = REPO / "examples"
    options = {"sources": [examples / "site"], "cache_dir": tmp_path / "cache"}
    computed = licscan.scan([examples], jobs=1, **options)
    counter = AnalyseCounter(monkeypatch)
    cached = licscan.scan([examples], jobs=1, **options)
    assert counter.take() == []
    assert len(cached.findings) and len(cached.matches)  # something to compare
    assert_same_tables(cached, computed)


def test_real_pages_read_back_equal_real_pages_computed(
    real_pages: list[Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    assert_same_tables: Callable[[ScanResult, ScanResult], None],
) -> None:
    folder = real_pages[0].parent
    computed = licscan.scan([folder], jobs=1, cache_dir=tmp_path / "cache")
    counter = AnalyseCounter(monkeypatch)
    cached = licscan.scan([folder], jobs=1, cache_dir=tmp_path / "cache")
    assert counter.take() == []
    assert len(cached.documents) == len(real_pages)
    assert_same_tables(cached, computed)


def test_a_cache_written_under_another_users_key_is_never_read(
    site: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    assert_same_tables: Callable[[ScanResult, ScanResult], None],
) -> None:
    # The author of a shipped cache scans with their own key and edits every result to hold
    # no findings; the victim's scan (another key) must compute every file itself.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "author-home"))
    honest = scan(site, tmp_path / "shipped")
    assert len(honest.findings)
    shipped = tmp_path / "shipped" / "cache.sqlite"
    with closing(sqlite3.connect(shipped)) as db:
        rows = db.execute("SELECT key, data FROM results").fetchall()
    forged = [(json.dumps({**json.loads(data), "findings": []}).encode(), key)
              for key, data in rows]
    edit(shipped, *(("UPDATE results SET data = ? WHERE key = ?", row) for row in forged))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "victim-home"))
    counter = AnalyseCounter(monkeypatch)
    result = scan(site, tmp_path / "shipped")
    assert len(counter.take()) == PAGES  # every page analysed again: no row of the author's used
    assert_same_tables(result, honest)
    key_file = tmp_path / "victim-home" / "licscan" / "cache-key"
    assert key_file.stat().st_mode & 0o777 == 0o600
