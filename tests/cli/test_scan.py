"""`licscan scan` as a user runs it: exit codes, reports, the summary."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from licscan.result import ScanResult
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


# --- problems first: --min-severity, the console list, reports on stdout ---------------------

PAGE = (
    "---\ntitle: Harbour notes\nauthor: parkr\n---\n\n"
    "<!-- licscan: ignore reuse.uncredited -->\n"
    "We wrote every word of this paragraph ourselves.\n\n"
    "© 2024 Harbour Media Ltd. All rights reserved.\n"
)  # one medium finding (the marker has no reason); author, notice and terms are info
MARKER_RULE = "licscan.ignore-without-reason"
AUTHOR_MESSAGE = "Author metadata (front_matter author): parkr"


@pytest.fixture
def page_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / ".git").mkdir(parents=True)
    (site / "page.md").write_text(PAGE, encoding="utf-8")
    return site


def test_min_severity_leaves_info_rows_out_of_every_report_and_the_console(
    page_site: Path,
) -> None:
    out = page_site / "out"
    reports = [out / f"r.{ext}" for ext in ("json", "csv", "parquet", "xlsx", "html")]
    done = licscan("scan", ".", "--no-cache", "--fail-on", "info", "--min-severity", "medium",
                   *(f"-o{report}" for report in reports), cwd=page_site)
    assert done.returncode == 1, done.stderr
    for saved in (out / "r.json", out / "r.parquet"):
        assert ScanResult.read(saved).findings["rule_id"].tolist() == [MARKER_RULE]
    assert pd.read_csv(out / "r.csv")["rule_id"].tolist() == [MARKER_RULE]
    sheet = pd.read_excel(out / "r.xlsx", sheet_name="Findings")
    cells = " ".join(str(cell) for cell in sheet.to_numpy().ravel())
    assert MARKER_RULE in cells and AUTHOR_MESSAGE not in cells
    html = (out / "r.html").read_text(encoding="utf-8")
    assert MARKER_RULE in html and AUTHOR_MESSAGE not in html
    assert f"page.md:6:1: {MARKER_RULE} [medium]" in done.stdout
    assert AUTHOR_MESSAGE not in done.stdout


def test_without_min_severity_the_console_lists_every_finding_at_fail_on(page_site: Path) -> None:
    done = licscan("scan", ".", "--no-cache", "--fail-on", "info", cwd=page_site)
    assert done.returncode == 1, done.stderr
    assert f"page.md:3:1: metadata.author [info] {AUTHOR_MESSAGE}" in done.stdout
    assert "4 blocking finding(s) at or above info" in done.stdout


def test_min_severity_from_the_config(page_site: Path) -> None:
    (page_site / "licscan.toml").write_text('min-severity = "medium"\n', encoding="utf-8")
    done = licscan("scan", ".", "--no-cache", "--report", "-", cwd=page_site)
    assert [f["rule_id"] for f in json.loads(done.stdout)["findings"]] == [MARKER_RULE]


def test_report_dash_writes_json_on_stdout_and_the_summary_on_stderr(page_site: Path) -> None:
    done = licscan("scan", ".", "--no-cache", "--report", "-", cwd=page_site)
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert [d["path"] for d in data["documents"]] == ["page.md"]
    assert len(data["findings"]) == 4
    assert done.stderr.startswith("licscan: 1 documents (0 not read) · 1 notices · ")


def test_the_full_message_and_fix_are_never_cut_and_piped_lines_are_whole(
    page_site: Path,
) -> None:
    done = licscan("scan", ".", "--no-cache", cwd=page_site)
    lines = done.stdout.splitlines()
    assert lines[0] == ("licscan: 1 documents (0 not read) · 1 notices · 1 terms · 1 metadata · "
                        "0 matches · 4 findings (0 accepted)")
    block = lines[lines.index("1 blocking finding(s) at or above medium:") + 1:]
    assert block[:3] == [
        f'page.md:6:1: {MARKER_RULE} [medium] Inline ignore marker for reuse.uncredited has no '
        'reason, so it accepts nothing; add one after " -- ": <!-- licscan: ignore '
        'reuse.uncredited -- why this is allowed -->',
        "  | <!-- licscan: ignore reuse.uncredited -->",
        "  fix: write the reason after ' -- ' in the marker",
    ]


def test_a_csv_report_says_each_file_it_writes(page_site: Path) -> None:
    done = licscan("scan", ".", "--no-cache", "-o", "out/x.csv", cwd=page_site)
    assert done.stderr.splitlines() == [
        "wrote out/x.csv (Findings 4 rows)",
        "wrote out/x.matches.csv (Matches 0 rows)",
        "wrote out/x.documents.csv (Documents 1 row)",
        "wrote out/x.notices.csv (Notices 1 row)",
        "wrote out/x.terms.csv (Terms 1 row)",
        "wrote out/x.metadata.csv (Metadata 1 row)",
        "wrote out/x.errors.csv (Errors 0 rows)",
        "wrote out/x.reservations.csv (Reservations 0 rows)",
    ]
    for line in done.stderr.splitlines():
        assert (page_site / line.split()[1]).is_file()
