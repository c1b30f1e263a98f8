"""Real git repositories, the seed article and its source index, for the hook tests.

Plain functions and constants, not fixtures: the hook tests use them at import (the
``pytestmark`` that needs this environment's console scripts) and in their own module-level
helper functions, where pytest hands out no fixture.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent  # this environment's console scripts
SOURCE_URL = "https://www.globaldefensecorp.com/2025/12/turkey-seeks-to-return-s-400/"
CREDIT = f"Source: [Global Defense Corp]({SOURCE_URL})"


def run_command(
    command: list[str | Path], cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=300,
    )


def seed_draft(seed: Path, credit: str = "") -> str:
    """A post whose body is the seed article's first three paragraphs, copied verbatim."""
    paragraphs = [p for p in seed.read_text(encoding="utf-8").splitlines() if p.strip()][:3]
    body = "\n\n".join(paragraphs)
    tail = f"\n\n{credit}\n" if credit else "\n"
    return f"---\ntitle: Turkey and the S-400\n---\n\n# Turkey and the S-400\n\n{body}{tail}"


def git_env(tmp_path: Path) -> dict[str, str]:
    """An environment isolated from the user's git and pre-commit settings."""
    environment = dict(os.environ)
    environment.update(
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        GIT_CONFIG_NOSYSTEM="1",
        HOME=str(tmp_path / "home"),
        PATH=f"{BIN}{os.pathsep}{environment.get('PATH', '')}",
    )
    (tmp_path / "home").mkdir(exist_ok=True)
    return environment


def build_seed_index(tmp_path: Path, seed: Path, env: dict[str, str]) -> Path:
    """A source index of the seed article, read in place, with its publisher, URL and terms."""
    manifest = tmp_path / "sources.jsonl"
    row = {
        "id": "gdc-turkey-s400",
        "path": str(seed),
        "url": SOURCE_URL,
        "publisher": "Global Defense Corp",
        "terms": "excerpts-with-credit",
    }
    manifest.write_text(json.dumps(row) + "\n", encoding="utf-8")
    target = tmp_path / "index"
    built = run_command(
        [BIN / "licscan", "index", "build", "--manifest", manifest, "--index", target, "-q"],
        tmp_path, env,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    return target


def init_repo(root: Path, env: dict[str, str]) -> Path:
    """A fresh git repository with a committer and no signing."""
    root.mkdir(parents=True, exist_ok=True)
    for command in (
        ["git", "init", "-q", "-b", "main"],
        ["git", "config", "user.email", "editor@example.org"],
        ["git", "config", "user.name", "Editor"],
        ["git", "config", "commit.gpgsign", "false"],
    ):
        done = run_command(command, root, env)
        assert done.returncode == 0, done.stderr
    return root


def commit(repo: Path, env: dict[str, str], *paths: str) -> subprocess.CompletedProcess:
    """`git add PATHS` then `git commit`, returning the commit's result (hooks included)."""
    added = run_command(["git", "add", *paths], repo, env)
    assert added.returncode == 0, added.stderr
    return run_command(["git", "commit", "-q", "-m", "update"], repo, env)
