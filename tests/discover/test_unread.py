"""Files of formats licscan does not read: listed as skipped, never a finding."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from licscan.result import ScanResult

SUMMARY = "3 files skipped (formats not read: .key 2, .pages 1)"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "site"
    (root / ".git").mkdir(parents=True)
    (root / ".git" / "index").write_bytes(b"DIRC\x00\x00")  # hidden: not visited at all
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    (root / "build").mkdir()
    (root / "build" / "site.pdf").write_bytes(b"%PDF-1.7\n")  # ignored: not visited at all
    (root / "page.md").write_text("# Page\n\nOur own words.\n", encoding="utf-8")
    (root / "annual-report.pages").write_bytes(b"PK\x03\x04")
    (root / "slides").mkdir()  # Keynote presentations: zip files
    (root / "slides" / "intro.key").write_bytes(b"PK\x03\x04")
    (root / "slides" / "outro.KEY").write_bytes(b"PK\x03\x04")
    monkeypatch.chdir(root)
    return root


def test_scan_lists_skipped_files_in_documents_and_errors(
    site: Path, run: Callable[..., Result]
) -> None:
    report = site / "report.json"
    done = run("scan", ".", "--no-cache", "--fail-on", "info", "--report", report)
    assert done.exit_code == 0, done.output  # not even an info finding
    assert SUMMARY in " ".join(done.output.split())
    result = ScanResult.read(report)
    rows = result.documents[["path", "status", "reason"]].values.tolist()
    assert rows == [
        ["annual-report.pages", "skipped", "format not read: .pages"],
        ["page.md", "ok", ""],
        ["slides/intro.key", "skipped", "format not read: .key"],
        ["slides/outro.KEY", "skipped", "format not read: .key"],
    ]
    assert result.errors["path"].tolist() == [
        "annual-report.pages", "slides/intro.key", "slides/outro.KEY"]  # fmt: skip
    assert result.findings.empty


def test_check_mentions_skipped_files_and_passes(site: Path, run: Callable[..., Result]) -> None:
    done = run("check", ".", "--fail-on", "info")
    assert done.exit_code == 0, done.output
    assert f"no finding at or above info in 1 file(s); {SUMMARY}" in done.output
    data = json.loads(run("check", ".", "--format", "json").output)
    assert data["findings"] == []


def test_items_a_feed_or_archive_leaves_out_are_counted_apart_from_skipped_files() -> None:
    from licscan.discover import skipped_summary

    reasons = [
        "format not read: .key",
        "items not read (2: attachment 1, nav_menu_item 1)",  # a WordPress export
        "items not read (4: request 3, warcinfo 1)",  # a web archive
    ]
    assert skipped_summary(reasons) == (
        "1 file skipped (formats not read: .key 1); 6 items of 2 files not read "
        "(attachment 1, nav_menu_item 1, request 3, warcinfo 1)"
    )
