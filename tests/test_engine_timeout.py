"""A per-file wall-clock limit (``file_timeout``): a worker stuck on one file is killed, the file
is an error row, every other file gets the result a one-process scan gives, in discovery order.

The stuck files sleep for ten minutes; the limit is one second, so each test takes a few seconds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import licscan
from licscan import engine
from licscan.config import ConfigError, load_config
from licscan.model import DocumentResult
from licscan.options import ScanOptions
from licscan.pipeline import READ_ERROR_RULE, build_context
from tests.engine_helpers import make_site, sleeps_on_slow_files

LIMIT = 1.0
TIMED_OUT = "scanning this file took longer than 1 s; the worker was stopped"
PAGE = "A page.\n\n© 2024 Slow Test Ltd.\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("site"), pages=70, seed=23)


def add_pages(site: Path, relpaths: tuple[str, ...]) -> None:
    for relpath in relpaths:
        (site / relpath).write_text(PAGE, encoding="utf-8")


def scan_with(site: Path, **options: object) -> list[DocumentResult]:
    context = build_context(ScanOptions(file_timeout=LIMIT, **options))
    return list(engine.run_local([site], context, process=sleeps_on_slow_files))


def reference(site: Path) -> list[DocumentResult]:
    return list(engine.run_local([site], build_context(ScanOptions(cache=False))))


def assert_stopped(results: list[DocumentResult], stopped: dict[str, str], site: Path) -> None:
    """``stopped`` files (relpath -> reason) are error rows; every other row is the one-process
    scan's, in the same order."""
    expected = reference(site)
    assert [r.document.relpath for r in results] == [r.document.relpath for r in expected]
    for result, one_process in zip(results, expected, strict=True):
        reason = stopped.get(result.document.relpath)
        if reason is None:
            assert result == one_process
            continue
        assert one_process.document.status == "ok"  # nothing wrong with the file itself
        assert result.document.status == "error"
        assert result.document.reason == reason
        assert [f.rule_id for f in result.findings] == [READ_ERROR_RULE]
        assert result.notices == []


def test_files_that_hang_their_worker_are_error_rows_and_the_scan_goes_on(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    site = make_site(tmp_path_factory.mktemp("two-slow"), pages=70, seed=23)
    slow = ("section1/slow-early.md", "section6/slow-late.txt")
    add_pages(site, slow)
    results = scan_with(site, jobs=2, cache=False)
    assert len(results) == 74  # 70 pages, 2 slow pages, an empty and a binary file
    assert_stopped(results, dict.fromkeys(slow, TIMED_OUT), site)


def test_a_hang_after_a_crash_in_the_same_batch_is_a_timeout_not_a_crash(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # the crash sends the batch to be re-run file by file: the hang happens in that lone worker
    site = make_site(tmp_path_factory.mktemp("crash-and-slow"), pages=40, seed=29)
    add_pages(site, ("section3/a-crash.md", "section3/b-slow.md"))
    results = scan_with(site, jobs=2, cache=False)
    assert_stopped(
        results,
        {
            "section3/a-crash.md": "worker process died while scanning this file "
            "(exit code -9, SIGKILL)",
            "section3/b-slow.md": TIMED_OUT,
        },
        site,
    )


def test_with_one_job_a_limit_runs_one_worker_and_a_timed_out_file_is_not_cached(
    site: Path, tmp_path: Path
) -> None:
    add_pages(site, ("section4/slow-one.html",))
    results = scan_with(site, jobs=1, cache_dir=tmp_path)
    assert_stopped(results, {"section4/slow-one.html": TIMED_OUT}, site)
    # the next scan (no longer hanging on it) scans the file again instead of reading the row
    again = licscan.scan([site], jobs=1, cache_dir=tmp_path, file_timeout=LIMIT)
    rows = again.documents.set_index("path")
    assert rows.loc["section4/slow-one.html", "status"] == "ok"
    assert "Slow Test Ltd." in {h for holders in again.notices["holders"] for h in holders}


def test_file_timeout_in_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "licscan.toml").write_text("file-timeout = 45\n", encoding="utf-8")
    assert load_config([tmp_path]).file_timeout == 45.0
    assert load_config([tmp_path / "elsewhere"]).file_timeout == 45.0
    (tmp_path / "licscan.toml").write_text("file-timeout = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="file-timeout: expected a positive number, got 0"):
        load_config([tmp_path])


def test_file_timeout_flag_reaches_the_scan_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from licscan import pipeline
    from licscan.cli import app

    seen: list[ScanOptions] = []
    real_scan = pipeline.scan

    def recording_scan(paths: list[Path], options: ScanOptions) -> object:
        seen.append(options)
        return real_scan(paths, options)

    monkeypatch.setattr(pipeline, "scan", recording_scan)
    (tmp_path / "page.md").write_text("Nothing to see.\n", encoding="utf-8")
    runner = CliRunner()
    args = ["scan", str(tmp_path), "--no-cache", "--quiet", "--file-timeout", "30"]
    assert runner.invoke(app, args).exit_code == 0
    assert seen[0].file_timeout == 30.0
    refused = runner.invoke(app, ["scan", str(tmp_path), "--file-timeout", "0"])
    assert refused.exit_code == 2
