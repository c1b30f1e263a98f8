"""Symbolic links and the scanned roots, as a user meets them: `scan`, `check`, `index build`."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import Result

OUT_OF_ROOTS = "symbolic link to a path outside the scanned folders"
NOTICE = "# Notes\n\nCopyright 2024 Outside Press Ltd. All rights reserved.\n"

_touched: list[list[str]] = []  # while a `touched_paths` block runs: every path opened or listed


def _audit(event: str, args: tuple) -> None:
    if _touched and event in ("open", "os.scandir", "os.listdir") and args:
        path = args[0]
        if isinstance(path, (str, bytes, os.PathLike)):
            _touched[-1].append(os.fsdecode(os.path.abspath(path)))


sys.addaudithook(_audit)  # audit hooks cannot be removed: this one records only when asked


@contextmanager
def touched_paths() -> Iterator[list[str]]:
    """The files and folders this process opens or lists inside the block."""
    paths: list[str] = []
    _touched.append(paths)
    try:
        yield paths
    finally:
        _touched.pop()


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "site"
    (root / ".git").mkdir(parents=True)  # the project root: paths are relative to it
    (root / "page.md").write_text("# Page\n\nOur own words.\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "notes.md").write_text(NOTICE, encoding="utf-8")
    return folder


def _documents(report: Path) -> dict[str, tuple[str, str]]:
    rows = json.loads(report.read_text(encoding="utf-8"))["documents"]
    return {row["path"]: (row["status"], row["reason"]) for row in rows}


@pytest.mark.skipif(not os.path.isdir("/etc"), reason="needs /etc")
def test_a_link_to_etc_reads_nothing_outside_the_root(
    site: Path, run: Callable[..., Result]
) -> None:
    (site / "etc").symlink_to("/etc")
    report = site / "report.json"
    with touched_paths() as touched:
        done = run("scan", ".", "--no-cache", "--report", report)
    assert done.exit_code == 0, done.output
    assert str(site) in touched  # the walk was watched
    through_link = [p for p in touched if p.startswith(str(site / "etc"))]
    assert through_link == []
    documents = _documents(report)
    assert documents == {
        "etc": ("skipped", f"{OUT_OF_ROOTS} (/etc); use --follow-symlinks to scan it"),
        "page.md": ("ok", ""),
    }
    read = [path for path, (status, _) in documents.items() if status != "skipped"]
    assert all((site / path).resolve().is_relative_to(site) for path in read)
    assert f"1 file skipped ({OUT_OF_ROOTS}: 1)" in " ".join(done.output.split())


@pytest.mark.skipif(not os.path.isdir("/etc"), reason="needs /etc")
def test_check_says_what_it_left_out_and_does_not_block(
    site: Path, run: Callable[..., Result]
) -> None:
    (site / "etc").symlink_to("/etc")
    with touched_paths() as touched:
        done = run("check", ".")
    assert done.exit_code == 0, done.output
    assert not [p for p in touched if p.startswith(str(site / "etc"))]
    assert f"1 file skipped ({OUT_OF_ROOTS}: 1)" in done.output


def test_follow_symlinks_reads_the_target_from_the_flag_or_the_config(
    site: Path, outside: Path, run: Callable[..., Result]
) -> None:
    (site / "linked").symlink_to(outside)
    report = site / "report.json"
    done = run("scan", ".", "--no-cache", "--follow-symlinks", "--report", report)
    assert done.exit_code == 0, done.output
    assert _documents(report)["linked/notes.md"] == ("ok", "")
    notices = json.loads(report.read_text(encoding="utf-8"))["notices"]
    assert [(n["path"], n["holders"]) for n in notices] == [
        ("linked/notes.md", ["Outside Press Ltd."])
    ]

    (site / "licscan.toml").write_text("follow-symlinks = true\n", encoding="utf-8")
    done = run("scan", ".", "--no-cache", "--report", report)
    assert "linked/notes.md" in _documents(report)
    done = run("scan", ".", "--no-cache", "--no-follow-symlinks", "--report", report)
    assert _documents(report)["linked"][0] == "skipped"


def test_check_follows_links_out_only_when_asked(
    site: Path, outside: Path, run: Callable[..., Result]
) -> None:
    (site / "linked").symlink_to(outside)
    (outside / "notes.md").write_text("<!-- licscan: ignore reuse.uncredited -->\n")
    assert run("check", ".").exit_code == 0
    followed = run("check", ".", "--follow-symlinks")
    assert followed.exit_code == 1, followed.output  # the marker without a reason blocks
    assert followed.output.startswith("linked/notes.md:1:1: licscan.ignore-without-reason")


def test_a_link_inside_the_root_is_scanned_once(site: Path, run: Callable[..., Result]) -> None:
    (site / "copy.md").symlink_to("page.md")
    report = site / "report.json"
    done = run("scan", ".", "--no-cache", "--report", report)
    assert done.exit_code == 0, done.output
    assert list(_documents(report)) == ["page.md"]


def test_index_build_counts_the_links_it_leaves_out(
    tmp_path: Path, outside: Path, run: Callable[..., Result]
) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "own.md").write_text(NOTICE.replace("Outside", "Inside"), encoding="utf-8")
    (sources / "linked").symlink_to(outside)
    index = tmp_path / "index"
    done = run("index", "build", sources, "--index", index)
    assert done.exit_code == 0, done.output
    assert "1 added, 0 replaced, 0 unchanged, 0 unreadable, 1 skipped; 1 sources" in done.output
    done = run("index", "build", sources, "--index", index, "--follow-symlinks")
    assert "1 added, 0 replaced, 1 unchanged, 0 unreadable, 0 skipped; 2 sources" in done.output
