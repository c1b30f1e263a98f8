"""End to end: the real `pre-commit` tool runs `licscan check` on commits of a real git repo.

The hook is declared as ``repo: local`` with ``language: system`` (no network needed), with
the fields of licscan's own ``.pre-commit-hooks.yaml`` and the ``licscan`` console script of
this environment as the entry.  The source index holds the seed article, read in place, with a
manifest row naming its publisher, URL and terms (excerpts allowed with credit and a link).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

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
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (BIN / "pre-commit").exists()
    or not (BIN / "licscan").exists(),
    reason="needs git, and pre-commit and licscan installed in this environment",
)


def _hook_config(index: Path) -> str:
    """`.pre-commit-config.yaml`: licscan's manifest entry, run from this environment."""
    (manifest,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = {
        **manifest,
        "language": "system",
        "entry": f"{BIN / 'licscan'} check",
        "args": ["--sources", str(index)],
    }
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}, sort_keys=False)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return git_env(tmp_path)


@pytest.fixture
def index(tmp_path: Path, seed_article: Path, env: dict[str, str]) -> Path:
    pytest.importorskip("licscan.judge", reason="reuse detection is not available")
    return build_seed_index(tmp_path, seed_article, env)


@pytest.fixture
def repo(tmp_path: Path, index: Path, env: dict[str, str]) -> Path:
    root = init_repo(tmp_path / "site", env)
    (root / "content" / "posts").mkdir(parents=True)
    (root / ".pre-commit-config.yaml").write_text(_hook_config(index), encoding="utf-8")
    installed = run_command([BIN / "pre-commit", "install"], root, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return root


def test_hook_blocks_uncredited_copy_accepts_credit_baseline_and_refuses_bad_config(
    repo: Path, index: Path, seed_article: Path, env: dict[str, str]
) -> None:
    post = repo / "content" / "posts" / "turkey.md"

    # 1. the seed's paragraphs without credit: refused, with a readable explanation
    post.write_text(seed_draft(seed_article), encoding="utf-8")
    refused = commit(repo, env, ".pre-commit-config.yaml", "content/posts/turkey.md")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "- exit code: 1" in output
    assert "content/posts/turkey.md:" in output
    assert "reuse." in output
    assert "Global Defense Corp" in output
    assert "fix: add a credit line naming Global Defense Corp" in output
    assert run_command(["git", "log", "--oneline"], repo, env).stdout == ""  # nothing committed

    # 2. the same draft with a credit line and a link: committed
    post.write_text(seed_draft(seed_article, CREDIT), encoding="utf-8")
    accepted = commit(repo, env, ".pre-commit-config.yaml", "content/posts/turkey.md")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr

    # 3. an uncredited copy recorded in the baseline no longer blocks
    legacy = repo / "content" / "posts" / "legacy.md"
    legacy.write_text(seed_draft(seed_article), encoding="utf-8")
    baselined = run_command(
        [BIN / "licscan", "baseline", "create", "content/posts/legacy.md", "--sources", index,
         "--reason", "licensed, contract 2025-14"],
        repo, env,
    )
    assert baselined.returncode == 0, baselined.stdout + baselined.stderr
    entries = json.loads((repo / ".licscan-baseline.json").read_text())["accepted"]
    assert any(e["rule_id"].startswith("reuse.") for e in entries)
    committed = commit(repo, env, ".licscan-baseline.json", "content/posts/legacy.md")
    assert committed.returncode == 0, committed.stdout + committed.stderr

    # 4. a broken configuration: exit 2, naming the offending key
    (repo / "licscan.toml").write_text('fial-on = "high"\n', encoding="utf-8")
    post.write_text(seed_draft(seed_article, CREDIT) + "\nUpdated.\n", encoding="utf-8")
    broken = commit(repo, env, "licscan.toml", "content/posts/turkey.md")
    output = broken.stdout + broken.stderr
    assert broken.returncode != 0, output
    assert "- exit code: 2" in output
    assert '"fial-on"' in output


def test_hook_manifest_is_valid_for_pre_commit(tmp_path: Path, env: dict[str, str]) -> None:
    checked = run_command(
        [BIN / "pre-commit", "validate-manifest", REPO / ".pre-commit-hooks.yaml"], tmp_path, env
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "licscan"
    assert hook["entry"] == "licscan check"
    assert hook["require_serial"] is True and hook["pass_filenames"] is True
