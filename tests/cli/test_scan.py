"""`licscan scan` as a user runs it: exit codes, reports, the summary."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

EXAMPLES = REPO / "examples"


def licscan(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "licscan", *args], cwd=cwd, capture_output=True, text=True
    )


def test_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    done = licscan("scan", "no-such-folder", cwd=tmp_path)
    assert done.returncode == 2
    assert "no such file or folder: no-such-folder" in done.stderr


def test_the_example_draft_blocks_and_exit_zero_does_not(tmp_path: Path) -> None:
    report = tmp_path / "audit.json"
    args = ("scan", "examples", "--sources", "examples/site", "--no-cache", "-q")
    blocked = licscan(*args, "--report", str(report), cwd=REPO)
    assert blocked.returncode == 1, blocked.stderr
    findings = json.loads(report.read_text())["findings"]
    high = [f for f in findings if f["severity"] == "high"]
    assert [(f["path"], f["rule_id"]) for f in high] == [
        ("examples/drafts/harbour-roundup.md", "reuse.uncredited")
    ]
    assert licscan(*args, "--exit-zero", cwd=REPO).returncode == 0


def test_seed_article_scan_reports_its_notice_and_exits_zero(seed_article: Path) -> None:
    done = licscan("scan", str(seed_article.parent), "--no-cache", cwd=seed_article.parent)
    assert done.returncode == 0, done.stderr
    assert "1 notices" in done.stdout.replace("\n", " ")
