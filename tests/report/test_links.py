"""Report links reach the scanned files when paths are relative to a project root."""

from __future__ import annotations

from pathlib import Path

import openpyxl

import licscan


def test_document_links_resolve_when_paths_are_relative_to_the_project_root(
    tmp_path: Path,
) -> None:
    project = tmp_path / "site-repo"
    page = project / "content" / "news" / "a.html"
    page.parent.mkdir(parents=True)
    page.write_text("<p>© 2024 Example Media Ltd. All rights reserved.</p>", encoding="utf-8")
    result = licscan.scan([project / "content"], root=project, cache=False, jobs=1)
    assert result.documents["path"].tolist() == ["content/news/a.html"]

    report = tmp_path / "reports" / "audit.xlsx"
    result.write(report)
    sheet = openpyxl.load_workbook(report)["Documents"]
    targets = [cell.hyperlink.target for cell in sheet[2] if cell.hyperlink]
    # a relative link with forward slashes: followed the same way on every system
    assert targets == ["../site-repo/content/news/a.html"]
    assert (report.parent / targets[0]).resolve() == page.resolve()
