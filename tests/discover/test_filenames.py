"""File names that are not valid UTF-8: scanned, and shown the same way in every output."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import Result

from licscan.result import ScanResult
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="the file system must accept any byte in a name"
)
BAD_NAME = b"bad\xffname.md"
SHOWN = "bad\\xffname.md"  # the byte that is not UTF-8 written as \xff
COPY = (REPO / "examples" / "drafts" / "harbour-roundup.md").read_bytes()  # reuses a source


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "site"
    (root / ".git").mkdir(parents=True)
    (root / "good.md").write_text("# Good\n\nWe wrote this ourselves.\n", encoding="utf-8")
    with open(os.path.join(os.fsencode(root), BAD_NAME), "wb") as handle:
        handle.write(COPY)
    monkeypatch.chdir(root)
    return root


def test_scan_reads_the_badly_named_file_and_finds_the_copy(
    site: Path, run: Callable[..., Result]
) -> None:
    reports = [site / f"report.{ext}" for ext in ("json", "csv", "parquet", "xlsx", "html")]
    sources = REPO / "examples" / "site"
    done = run("scan", ".", "--sources", sources, "--no-cache", *(f"-o{r}" for r in reports))
    assert done.exit_code == 1, done.output
    result = ScanResult.read(site / "report.json")
    documents = result.documents.set_index("path")["status"].to_dict()
    assert documents == {SHOWN: "ok", "good.md": "ok"}
    uncredited = result.findings[result.findings["rule_id"] == "reuse.uncredited"]
    assert list(uncredited["path"]) == [SHOWN]
    assert SHOWN in " ".join(done.output.split())  # the summary's list of blocking findings
    assert ScanResult.read(site / "report.parquet").documents["path"].tolist() == [SHOWN, "good.md"]
    sheet = pd.read_excel(site / "report.xlsx", sheet_name="Documents")
    assert SHOWN in sheet.iloc[:, 0].tolist()
    assert SHOWN in (site / "report.html").read_text(encoding="utf-8")


def test_check_sarif_and_baseline_show_the_same_path(
    site: Path, run: Callable[..., Result]
) -> None:
    sources = REPO / "examples" / "site"
    done = run("check", ".", "--sources", sources)
    assert done.exit_code == 1, done.output
    assert done.output.startswith(f"{SHOWN}:")
    sarif = json.loads(run("check", ".", "--sources", sources, "--format", "sarif").output)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif["runs"][0]["results"]}
    assert uris == {SHOWN}
    created = run("baseline", "create", ".", "--sources", sources, "--reason", "licensed")
    assert created.exit_code == 0, created.output
    entries = json.loads((site / ".licscan-baseline.json").read_text(encoding="utf-8"))
    assert {entry["path"] for entry in entries["accepted"]} == {SHOWN}
    assert run("check", ".", "--sources", sources).exit_code == 0  # the baseline matches


def test_a_scanned_folder_named_with_a_bad_byte_gives_every_report(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    folder = os.path.join(os.fsencode(tmp_path), b"drafts\xfe")
    os.mkdir(folder)
    with open(os.path.join(folder, BAD_NAME), "wb") as handle:
        handle.write(b"Copyright 2024 Example Ltd.\n")
    reports = [tmp_path / f"report.{ext}" for ext in ("json", "csv", "parquet", "xlsx", "html")]
    done = run("scan", os.fsdecode(folder), "--no-cache", "-q", *(f"-o{r}" for r in reports))
    assert done.exit_code == 0, done.output
    result = ScanResult.read(tmp_path / "report.parquet")
    assert result.scan["roots"] == [f"{tmp_path.as_posix()}/drafts\\xfe"]
    assert result.notices["holders"].tolist() == [["Example Ltd."]]
