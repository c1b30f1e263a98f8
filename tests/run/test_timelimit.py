"""A per-file wall-clock limit (``file_timeout``): a file that overruns it is stopped (its worker
killed, or, with one job, an alarm in licscan's own process) and becomes an error row; every
other file gets the result a one-process scan gives, in discovery order.  ``scan`` and ``check``
both honour it, from the configuration or the command line; 60 s by default, 0 turns it off.

The stuck files sleep for ten minutes or run a catastrophic pattern with a regex time limit of
a minute; the file limit is one second, so each test takes a few seconds.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import licscan
from licscan.catalogue import READ_ERROR as READ_ERROR_RULE
from licscan.config import ConfigError, load_config
from licscan.model import DocumentResult
from licscan.options import ScanOptions
from licscan.run import local as engine
from licscan.run.context import build_context
from licscan.run.timelimit import file_time_limit
from licscan.run.unit import READ_ERROR_FIX
from tests.run.workers import sleeps_on_slow_files

LIMIT = 1.0
TIMED_OUT = (
    "scanning this file took longer than 1 s and was stopped; raise file-timeout (or "
    "--file-timeout) to allow more"
)
PAGE = "A page.\n\n© 2024 Slow Test Ltd.\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, make_site: Callable[..., Path]) -> Path:
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
    make_site: Callable[..., Path],
) -> None:
    site = make_site(tmp_path_factory.mktemp("two-slow"), pages=70, seed=23)
    slow = ("section1/slow-early.md", "section6/slow-late.txt")
    add_pages(site, slow)
    results = scan_with(site, jobs=2, cache=False)
    assert len(results) == 74  # 70 pages, 2 slow pages, an empty and a binary file
    assert_stopped(results, dict.fromkeys(slow, TIMED_OUT), site)


def test_a_hang_after_a_crash_in_the_same_batch_is_a_timeout_not_a_crash(
    tmp_path_factory: pytest.TempPathFactory,
    make_site: Callable[..., Path],
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


def test_with_one_job_an_alarm_stops_the_file_in_process_and_the_row_is_not_cached(
    site: Path, tmp_path: Path
) -> None:
    add_pages(site, ("section4/slow-one.html",))
    started = time.monotonic()
    results = scan_with(site, jobs=1, cache_dir=tmp_path)
    assert time.monotonic() - started < 30  # no worker to start, the sleep cut after 1 s
    assert_stopped(results, {"section4/slow-one.html": TIMED_OUT}, site)
    # the next scan (no longer hanging on it) scans the file again instead of reading the row
    again = licscan.scan([site], jobs=1, cache_dir=tmp_path, file_timeout=LIMIT)
    rows = again.documents.set_index("path")
    assert rows.loc["section4/slow-one.html", "status"] == "ok"
    assert "Slow Test Ltd." in {h for holders in again.notices["holders"] for h in holders}


def test_file_timeout_in_the_configuration_with_a_default_and_0_for_none(tmp_path: Path) -> None:
    assert load_config([tmp_path]).file_timeout == 60.0  # no configuration: the default
    assert file_time_limit(load_config([tmp_path])) == 60.0
    (tmp_path / "licscan.toml").write_text("file-timeout = 45\n", encoding="utf-8")
    assert load_config([tmp_path]).file_timeout == 45.0
    assert load_config([tmp_path / "elsewhere"]).file_timeout == 45.0
    (tmp_path / "licscan.toml").write_text("file-timeout = 0\n", encoding="utf-8")
    assert file_time_limit(load_config([tmp_path])) is None
    (tmp_path / "licscan.toml").write_text("file-timeout = -1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="file-timeout: expected a number of seconds, 0 or more"):
        load_config([tmp_path])


def test_file_timeout_flag_reaches_the_scan_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from licscan import api
    from licscan.cli import app

    seen: list[ScanOptions] = []
    real_scan = api.scan

    def recording_scan(paths: list[Path], options: ScanOptions) -> object:
        seen.append(options)
        return real_scan(paths, options)

    monkeypatch.setattr(api, "scan", recording_scan)
    (tmp_path / "page.md").write_text("Nothing to see.\n", encoding="utf-8")
    runner = CliRunner()
    args = ["scan", str(tmp_path), "--no-cache", "--quiet", "--file-timeout", "30"]
    assert runner.invoke(app, args).exit_code == 0
    assert seen[0].file_timeout == 30.0
    args = ["scan", str(tmp_path), "--no-cache", "--quiet", "--file-timeout", "0"]
    assert runner.invoke(app, args).exit_code == 0
    assert file_time_limit(seen[1]) is None
    refused = runner.invoke(app, ["scan", str(tmp_path), "--file-timeout", "-1"])
    assert refused.exit_code == 2
    assert seen[2:] == []


# -- check and scan from the command line, with a rule that runs away -------------------------

CATASTROPHIC = Path(__file__).parents[1] / "detect" / "data" / "catastrophic.yaml"  # (a|aa)+$
RUNAWAY = "© 2024 Runaway Ltd.\n\n" + "a" * 60 + "b\n"  # about 1.6^60 steps without a limit


def project(tmp_path: Path, config: str) -> Path:
    """A project whose rule file has a catastrophic pattern, with a regex time limit of a
    minute: only the file limit can stop it within the test."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "licscan.toml").write_text(
        f'rules = ["{CATASTROPHIC.as_posix()}"]\nregex-timeout = 60\n{config}', encoding="utf-8"
    )
    (tmp_path / "draft.txt").write_text(RUNAWAY, encoding="utf-8")
    return tmp_path


def test_check_honours_file_timeout_from_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from licscan.cli import app

    monkeypatch.chdir(project(tmp_path, "file-timeout = 1\n"))
    started = time.monotonic()
    done = CliRunner().invoke(app, ["check", "draft.txt", "--format", "json"])
    assert time.monotonic() - started < 30
    [finding] = json.loads(done.stdout)["findings"]
    assert finding["path"] == "draft.txt"
    assert finding["rule_id"] == READ_ERROR_RULE
    assert finding["message"] == f"Not scanned (error): {TIMED_OUT}. {READ_ERROR_FIX}"
    assert finding["severity"] == "high"  # the gate fails closed on a file it did not finish


def test_check_without_an_alarm_holds_the_file_to_the_limit_in_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows, or check run from a thread other than the main one
    from licscan.cli import app
    from licscan.run import timelimit

    monkeypatch.setattr(timelimit, "alarm_available", lambda: False)
    monkeypatch.chdir(project(tmp_path, "file-timeout = 1\n"))
    done = CliRunner().invoke(app, ["check", "draft.txt", "--format", "json"])
    [finding] = json.loads(done.stdout)["findings"]
    assert finding["message"] == f"Not scanned (error): {TIMED_OUT}. {READ_ERROR_FIX}"
    assert finding["severity"] == "high"  # the gate fails closed on a file it did not finish


def test_scan_honours_file_timeout_from_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from licscan.cli import app

    monkeypatch.chdir(project(tmp_path, "file-timeout = 1\n"))
    (tmp_path / "fine.txt").write_text("© 2024 Quick Page Ltd.\n", encoding="utf-8")
    args = ["scan", ".", "--no-cache", "--quiet", "--exit-zero", "--report", "out.json"]
    assert CliRunner().invoke(app, args).exit_code == 0
    rows = {row["path"]: row for row in json.loads(Path("out.json").read_text())["documents"]}
    assert (rows["draft.txt"]["status"], rows["draft.txt"]["reason"]) == ("error", TIMED_OUT)
    assert (rows["fine.txt"]["status"], rows["fine.txt"]["holders"]) == ("ok", ["Quick Page Ltd."])


def test_check_takes_the_default_limit_and_the_flag_overrides_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import licscan.check.gate
    from licscan.cli import app

    seen: list[ScanOptions] = []
    real_run_check = licscan.check.gate.run_check

    def recording_run_check(paths: list[Path], options: ScanOptions, root: Path):
        seen.append(options)
        return real_run_check(paths, options, root=root)

    monkeypatch.setattr(licscan.check.gate, "run_check", recording_run_check)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.md").write_text("Nothing to see.\n", encoding="utf-8")
    for args in ([], ["--file-timeout", "5"], ["--file-timeout", "0"]):
        assert CliRunner().invoke(app, ["check", "page.md", *args]).exit_code == 0
    assert [file_time_limit(options) for options in seen] == [60.0, 5.0, None]


def slow_analyse(real):
    def analyse(document, context):
        time.sleep(1.5)
        return real(document, context)

    return analyse


@pytest.mark.parametrize(("limit", "status"), [(0.5, "error"), (0, "ok")])
def test_the_library_holds_a_slow_stage_to_the_limit_and_0_turns_it_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: float, status: str
) -> None:
    from licscan.run import unit

    monkeypatch.setattr(unit, "analyse", slow_analyse(unit.analyse))
    (tmp_path / "page.md").write_text("© 2024 Slow Stage Ltd.\n", encoding="utf-8")
    result = licscan.scan([tmp_path], jobs=1, cache=False, file_timeout=limit)
    assert result.documents["status"].tolist() == [status]
