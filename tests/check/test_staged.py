"""`licscan check --staged`: the content staged in git's index is checked, not the working tree.

The finding used is licscan's own (an inline ignore marker without a reason, medium), so these
tests do not depend on the content rules; real git repositories are built in temp folders.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from licscan.cli import app

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

FLAGGED = (
    "# Notes from the field\n"
    "\n"
    "<!-- licscan: ignore reuse.uncredited -->\n"
    "We wrote every word of this paragraph ourselves, on a quiet afternoon.\n"
)
CLEAN = "# Notes from the field\n\nWe wrote every word of this paragraph ourselves.\n"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def check(*args: str | Path):
    return CliRunner().invoke(app, ["check", *(str(a) for a in args)])


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path))  # no user git configuration
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "site"
    (root / "posts").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    monkeypatch.chdir(root)
    return root


def stage(repo: Path, relpath: str, text: str) -> Path:
    path = repo / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    git(repo, "add", relpath)
    return path


def test_staged_finding_blocks_even_when_the_working_tree_is_fixed(repo: Path) -> None:
    stage(repo, "posts/draft.md", FLAGGED).write_text(CLEAN, encoding="utf-8")
    staged = check("--staged")
    assert staged.exit_code == 1, staged.output
    assert staged.output.startswith("posts/draft.md:3:1: licscan.ignore-without-reason [medium]")
    assert check().exit_code == 0  # the working tree alone would pass


def test_clean_staged_version_passes_despite_an_unstaged_problem(repo: Path) -> None:
    stage(repo, "posts/draft.md", CLEAN).write_text(FLAGGED, encoding="utf-8")
    staged = check("--staged")
    assert staged.exit_code == 0, staged.output
    assert "no finding at or above medium in 1 file(s)" in staged.output
    assert check().exit_code == 1


def test_line_numbers_refer_to_the_staged_text(repo: Path) -> None:
    stage(repo, "posts/draft.md", "# Title\n\nIntro.\n\n" + FLAGGED)  # marker on line 7
    (repo / "posts" / "draft.md").write_text(FLAGGED, encoding="utf-8")  # marker on line 3
    staged = check("--staged")
    assert staged.output.startswith("posts/draft.md:7:1: "), staged.output


def test_paths_fingerprints_and_baseline_match_a_normal_check(repo: Path) -> None:
    stage(repo, "posts/draft.md", FLAGGED)
    normal = json.loads(check("posts/draft.md", "--format", "json").output)
    staged = json.loads(check("--staged", "--format", "json").output)
    assert staged["files"] == ["posts/draft.md"]
    assert [(f["path"], f["fingerprint"]) for f in staged["findings"]] == [
        (f["path"], f["fingerprint"]) for f in normal["findings"]
    ]
    assert CliRunner().invoke(app, ["baseline", "create", "posts/draft.md"]).exit_code == 0
    assert check("--staged").exit_code == 0  # the baselined finding no longer blocks


def test_paths_limit_which_staged_files_are_checked(repo: Path) -> None:
    stage(repo, "posts/draft.md", FLAGGED)
    stage(repo, "posts/clean.md", CLEAN)
    stage(repo, "notes/other.md", CLEAN)
    only_clean = check("--staged", "posts/clean.md", "--format", "json")
    assert only_clean.exit_code == 0, only_clean.output
    assert json.loads(only_clean.output)["files"] == ["posts/clean.md"]
    folder = json.loads(check("--staged", "posts", "--format", "json").output)
    assert folder["files"] == ["posts/clean.md", "posts/draft.md"]


def test_only_added_or_modified_documents_are_checked(repo: Path) -> None:
    stage(repo, "posts/old.md", FLAGGED)
    git(repo, "-c", "user.name=E", "-c", "user.email=e@example.org", "commit", "-q", "-m", "old")
    git(repo, "rm", "-q", "posts/old.md")  # a deletion is not checked
    (repo / "slides.key").write_bytes(b"PK\x03\x04")
    git(repo, "add", "slides.key")  # a Keynote presentation: not a document
    stage(repo, "posts/new.md", CLEAN)
    (repo / "posts" / "unstaged.md").write_text(FLAGGED, encoding="utf-8")  # never added
    result = json.loads(check("--staged", "--format", "json").output)
    assert result["files"] == ["posts/new.md"]


def test_paths_are_relative_to_a_project_root_below_the_repository_top(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "site").mkdir()
    (repo / "site" / "licscan.toml").write_text('fail-on = "medium"\n', encoding="utf-8")
    stage(repo, "site/posts/draft.md", FLAGGED)
    stage(repo, "elsewhere/other.md", FLAGGED)  # outside the project: not part of it
    monkeypatch.chdir(repo / "site")
    result = check("--staged", "--format", "json")
    assert result.exit_code == 1, result.output
    assert json.loads(result.output)["files"] == ["posts/draft.md"]


def test_nothing_staged_passes(repo: Path) -> None:
    result = check("--staged")
    assert result.exit_code == 0, result.output
    assert "in 0 file(s)" in result.output


def test_outside_a_git_repository_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # no repository above tmp
    folder = tmp_path / "plain"
    folder.mkdir()
    monkeypatch.chdir(folder)
    result = check("--staged")
    assert result.exit_code == 2, result.output
    assert "is not inside a git work tree" in result.output
