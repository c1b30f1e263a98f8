"""`licscan hook install|uninstall`: a plain git pre-commit hook, exercised by real commits.

The end-to-end test installs the hook with this environment's console script and commits with a
PATH that does not contain it, so the hook must find licscan by its absolute path (a virtual
environment that is not activated).  The source index holds the seed article, read in place.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from licscan.check.githook import HOOK_MARKER, hook_script
from tests.check.git_repos import (
    BIN,
    CREDIT,
    build_seed_index,
    commit,
    git_env,
    init_repo,
    run_command,
    seed_draft,
)

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (BIN / "licscan").exists(),
    reason="needs git and the licscan console script installed in this environment",
)
FOREIGN = '#!/bin/sh\necho "the team\'s own checks"\n'


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = git_env(tmp_path)
    system_path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if Path(p) != BIN]
    environment["PATH"] = os.pathsep.join(system_path)  # licscan is not on PATH
    return environment


@pytest.fixture
def repo(tmp_path: Path, env: dict[str, str]) -> Path:
    return init_repo(tmp_path / "site", env)


def licscan(repo: Path, env: dict[str, str], *args: str | Path):
    return run_command([BIN / "licscan", *args], repo, env)


def hook_path(repo: Path) -> Path:
    return repo / ".git" / "hooks" / "pre-commit"


def test_installed_hook_blocks_an_uncredited_copy_and_lets_the_credited_one_through(
    tmp_path: Path, repo: Path, env: dict[str, str], seed_article: Path
) -> None:
    pytest.importorskip("licscan.judge", reason="reuse detection is not available")
    index = build_seed_index(tmp_path, seed_article, env)
    installed = licscan(repo, env, "hook", "install", "--", "--sources", index)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    hook = hook_path(repo)
    assert hook.stat().st_mode & stat.S_IXUSR
    assert f"{BIN / 'licscan'}" in hook.read_text(encoding="utf-8")

    post = repo / "content" / "posts" / "turkey.md"
    post.parent.mkdir(parents=True)
    post.write_text(seed_draft(seed_article), encoding="utf-8")
    refused = commit(repo, env, "content/posts/turkey.md")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "content/posts/turkey.md:" in output
    assert "Global Defense Corp" in output
    assert "fix: add a credit line naming Global Defense Corp" in output
    assert run_command(["git", "log", "--oneline"], repo, env).stdout == ""  # nothing committed
    assert run_command([hook], repo, env).returncode == 1  # findings: exit 1, not an error

    # the credited version is staged, an uncredited edit left unstaged: the commit goes through
    post.write_text(seed_draft(seed_article, CREDIT), encoding="utf-8")
    run_command(["git", "add", "content/posts/turkey.md"], repo, env)
    post.write_text(seed_draft(seed_article), encoding="utf-8")
    accepted = run_command(["git", "commit", "-q", "-m", "credited"], repo, env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert run_command(["git", "log", "--oneline"], repo, env).stdout.count("\n") == 1


@pytest.fixture
def foreign_hook(repo: Path) -> Path:
    """A pre-commit hook that some other tool wrote."""
    hook = hook_path(repo)
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text(FOREIGN, encoding="utf-8")
    return hook


def test_install_refuses_a_foreign_hook_unless_forced(
    repo: Path, env: dict[str, str], foreign_hook: Path
) -> None:
    hook = foreign_hook
    refused = licscan(repo, env, "hook", "install")
    assert refused.returncode == 2
    assert "was not written by licscan" in refused.stderr and "--force" in refused.stderr
    assert hook.read_text(encoding="utf-8") == FOREIGN

    forced = licscan(repo, env, "hook", "install", "--force", "--", "--fail-on", "high")
    assert forced.returncode == 0, forced.stderr
    assert HOOK_MARKER in hook.read_text(encoding="utf-8").splitlines()
    assert "check --staged --fail-on high" in hook.read_text(encoding="utf-8")
    again = licscan(repo, env, "hook", "install", "--", "--fail-on", "low")  # its own: updated
    assert again.returncode == 0, again.stderr
    assert "check --staged --fail-on low" in hook.read_text(encoding="utf-8")


def test_uninstall_removes_only_licscans_hook(
    repo: Path, env: dict[str, str], foreign_hook: Path
) -> None:
    hook = foreign_hook
    kept = licscan(repo, env, "hook", "uninstall")
    assert kept.returncode == 2
    assert "not written by licscan" in kept.stderr
    assert hook.read_text(encoding="utf-8") == FOREIGN

    hook.unlink()
    assert licscan(repo, env, "hook", "install").returncode == 0
    removed = licscan(repo, env, "hook", "uninstall")
    assert removed.returncode == 0, removed.stderr
    assert not hook.exists()
    assert "no licscan pre-commit hook" in licscan(repo, env, "hook", "uninstall").stdout


def test_install_follows_core_hooks_path(repo: Path, env: dict[str, str]) -> None:
    run_command(["git", "config", "core.hooksPath", ".githooks"], repo, env)
    installed = licscan(repo, env, "hook", "install")
    assert installed.returncode == 0, installed.stderr
    assert HOOK_MARKER in (repo / ".githooks" / "pre-commit").read_text(encoding="utf-8")
    assert not hook_path(repo).exists()


def test_hook_falls_back_to_licscan_on_path(tmp_path: Path, env: dict[str, str]) -> None:
    fake_bin = tmp_path / "fake-bin"
    fake_bin.mkdir()
    fake = fake_bin / "licscan"
    fake.write_text('#!/bin/sh\necho "called with: $*"\nexit 1\n', encoding="utf-8")
    fake.chmod(0o755)
    hook = tmp_path / "pre-commit"
    hook.write_text(hook_script(["--sources", "my index"], "/gone/bin/licscan"), encoding="utf-8")
    hook.chmod(0o755)

    env_with_fake = {**env, "PATH": f"{fake_bin}{os.pathsep}{env['PATH']}"}
    ran = run_command([hook], tmp_path, env_with_fake)
    assert ran.returncode == 1  # licscan's exit code is the hook's
    assert ran.stdout == "called with: check --staged --sources my index\n"

    empty = tmp_path / "empty"
    empty.mkdir()
    missing = run_command([hook], tmp_path, {**env, "PATH": str(empty)})  # no licscan anywhere
    assert missing.returncode == 1
    assert "licscan not found" in missing.stderr


def test_install_outside_a_repository_exits_2(tmp_path: Path, env: dict[str, str]) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    outside = {**env, "GIT_CEILING_DIRECTORIES": str(tmp_path)}
    result = licscan(folder, outside, "hook", "install")
    assert result.returncode == 2
    assert "is not inside a git work tree" in result.stderr
    staged = licscan(folder, outside, "check", "--staged")
    assert staged.returncode == 2
    assert "is not inside a git work tree" in staged.stderr
