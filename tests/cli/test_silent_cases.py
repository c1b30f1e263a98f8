"""Cases that used to pass quietly or fail without naming their file: each now says so.

A mistyped `--sources` path is exit 2 in every command; a scan of nothing, an empty source
index and manifest rows that match no file are warnings (on stderr and in the errors table);
report paths are checked before the scan; every error is one line naming the user's file.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

import licscan
from licscan import api
from licscan.report import tabular
from licscan.run.context import SourcesNotFoundError

NOTICE = "© 2024 Harbour Media Ltd. All rights reserved.\n"
SOURCE = (
    "The harbour board met on Tuesday and agreed to dredge the northern channel before the "
    "autumn storms, at a cost the council will share with the port authority.\n"
)
MISSING_SOURCES = (
    "licscan: error: source index or folder not found: typo (check the path, or build an "
    "index with `licscan index build`)\n"
)
NOTHING_TO_SCAN = (
    "licscan: warning: drafts: no files to scan: check --include/--exclude and .gitignore\n"
)
EMPTY_SOURCES = (
    "no sources to match against, so reuse is not checked; check the path, or add sources "
    "with `licscan index build`"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with one draft and a folder of sources, as the current folder."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "post.md").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "harbour.txt").write_text(SOURCE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- a missing --sources path ---------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("scan", "drafts", "--no-cache"),
        ("check", "drafts"),
        ("baseline", "create", "drafts"),
        ("baseline", "update", "drafts"),
    ],
)
def test_a_missing_sources_path_is_exit_2_with_one_line(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: tuple[str, ...],
    licscan_cli: Callable[..., tuple[int, str, str]],
) -> None:
    code, out, err = licscan_cli(monkeypatch, capsys, *command, "--sources", "typo/")
    assert (code, err) == (2, MISSING_SOURCES)
    assert out == ""
    assert not (project / ".licscan-baseline.json").exists()


def test_index_build_of_a_missing_folder_is_exit_2(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    licscan_cli: Callable[..., tuple[int, str, str]],
) -> None:
    code, _, err = licscan_cli(monkeypatch, capsys, "index", "build", "typo/", "--index", "idx")
    assert code == 2
    assert len(err.splitlines()) == 1 and "typo does not exist" in err
    assert not (project / "idx").exists()


def test_the_library_raises_for_a_missing_sources_path(project: Path) -> None:
    with pytest.raises(SourcesNotFoundError) as raised:
        licscan.scan(["drafts"], sources=["typo", "archive"], cache=False)
    assert str(raised.value) == MISSING_SOURCES.removeprefix("licscan: error: ").strip()
    assert isinstance(raised.value, FileNotFoundError)


# --- warnings -------------------------------------------------------------------------------


def test_a_scan_of_no_files_warns_on_stderr_and_in_the_errors_table(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    licscan_cli: Callable[..., tuple[int, str, str]],
) -> None:
    code, _, err = licscan_cli(monkeypatch, capsys, "scan", "drafts", "--include", "*.html",
                               "--no-cache", "-q", "--report", "scan.json")
    assert (code, err) == (0, NOTHING_TO_SCAN)
    errors = json.loads((project / "scan.json").read_text(encoding="utf-8"))["errors"]
    assert errors == [{"path": "drafts", "type": "", "status": "warning", "size": 0,
                       "reason": "no files to scan: check --include/--exclude and .gitignore",
                       "encoding": ""}]


def test_the_summary_counts_warnings(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    licscan_cli: Callable[..., tuple[int, str, str]],
) -> None:
    _, out, _ = licscan_cli(monkeypatch, capsys, "scan", "drafts", "--include", "*.html",
                            "--no-cache")
    assert "0 findings (0 accepted) · 1 warning(s)" in " ".join(out.split())


def test_an_empty_sources_folder_warns_in_scan_and_check(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    licscan_cli: Callable[..., tuple[int, str, str]],
) -> None:
    (project / "empty").mkdir()
    code, _, err = licscan_cli(monkeypatch, capsys, "scan", "drafts", "--sources", "empty",
                               "--no-cache", "-q")
    assert (code, err) == (0, f"licscan: warning: empty: {EMPTY_SOURCES}\n")
    code, _, err = licscan_cli(monkeypatch, capsys, "check", "drafts", "--sources", "empty")
    assert (code, err) == (0, f"licscan: warning: empty: {EMPTY_SOURCES}\n")


def test_an_empty_index_warns_when_built_and_when_used(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    licscan_cli: Callable[..., tuple[int, str, str]],
) -> None:
    (project / "empty").mkdir()
    code, _, err = licscan_cli(monkeypatch, capsys, "index", "build", "empty", "--index", "idx")
    assert (code, err) == (0, f"licscan: warning: idx: {EMPTY_SOURCES}\n")
    result = licscan.scan(["drafts"], sources=["idx"], cache=False)
    assert [str(w) for w in result.warnings] == [f"idx: {EMPTY_SOURCES}"]
    # an index with sources beside it is still named: its own sources are missing
    licscan_cli(monkeypatch, capsys, "index", "build", "archive", "--index", "full")
    result = licscan.scan(["drafts"], sources=["full", "idx"], cache=False)
    assert [w.path for w in result.warnings] == ["idx"]


def write_manifest(project: Path) -> None:
    rows = [
        {"path": "harbour.txt", "publisher": "Harbour Media", "terms": "all-rights-reserved"},
        {"path": "gone.txt", "publisher": "Gone"},
        {"publisher": "No path"},
        {"path": "../drafts/post.md"},
        {"path": "typo/harbour.txt"},
    ]
    lines = [json.dumps(row) for row in rows]
    lines.insert(2, "")  # a blank line: line numbers are those of the file
    (project / "archive" / "sources.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_manifest_rows_that_match_no_file_are_named_by_line(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    licscan_cli: Callable[..., tuple[int, str, str]],
) -> None:
    write_manifest(project)
    expected = (
        "licscan: warning: archive/sources.jsonl: 3 rows match no source file (line 2: "
        "gone.txt, line 4: (no path), line 6: typo/harbour.txt); fix the paths (relative to "
        "the manifest's folder) or remove the rows\n"
    )
    # scanning against the folder indexes it from its manifest
    code, _, err = licscan_cli(monkeypatch, capsys, "scan", "drafts", "--sources", "archive",
                               "--no-cache", "-q", "--report", "scan.json")
    assert (code, err) == (0, expected)
    errors = json.loads((project / "scan.json").read_text(encoding="utf-8"))["errors"]
    assert [(e["path"], e["status"]) for e in errors] == [("archive/sources.jsonl", "warning")]
    code, _, err = licscan_cli(monkeypatch, capsys, "index", "build", "--manifest",
                               "archive/sources.jsonl", "--index", "idx")
    assert (code, err) == (0, expected)


def test_more_than_three_unmatched_rows_are_counted(project: Path) -> None:
    rows = [{"path": f"missing-{n}.txt"} for n in range(5)]
    (project / "archive" / "sources.csv").write_text(
        "path\n" + "".join(f"{row['path']}\n" for row in rows), encoding="utf-8"
    )
    result = licscan.scan(["drafts"], sources=["archive"], cache=False)
    assert [str(w) for w in result.warnings] == [
        f"archive: {EMPTY_SOURCES}",  # a manifest indexes only the files it lists: none here
        "archive/sources.csv: 5 rows match no source file (line 2: missing-0.txt, line 3: "
        "missing-1.txt, line 4: missing-2.txt, and 2 more); fix the paths (relative to the "
        "manifest's folder) or remove the rows"
    ]


def test_a_clean_scan_has_no_warning(project: Path) -> None:
    result = licscan.scan(["drafts"], sources=["archive"], cache=False)
    assert result.warnings == []
    assert result.errors.empty


# --- report paths, checked before the scan --------------------------------------------------


@pytest.fixture
def no_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the scan starts: these errors must come before it."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the scan ran before the report paths were checked")

    monkeypatch.setattr(api, "scan", refuse)


@pytest.mark.parametrize(
    ("setup", "report", "message"),
    [
        ("", "r.pdf", "cannot write r.pdf: unknown report format '.pdf'; use one of .json .csv "
                      ".parquet .xlsx .html"),
        ("", "report", "cannot write report: unknown report format '(no extension)'; use one "
                       "of .json .csv .parquet .xlsx .html"),
        ("file", "notes/r.html", "cannot write notes/r.html: notes is a file, not a folder; "
                                 "choose another path"),
        ("file", "notes/sub/r.html", "cannot write notes/sub/r.html: notes is a file, not a "
                                     "folder; choose another path"),
        ("folder", "out.json", "cannot write out.json: a folder of that name is in the way; "
                               "give another file name"),
        ("file", "notes.parquet", "cannot write notes.parquet: a file of that name is in the "
                                  "way (a .parquet result is a folder); remove it"),
    ],
)
def test_a_bad_report_path_is_exit_2_before_the_scan(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_scan: None,
    setup: str,
    report: str,
    message: str,
    licscan_cli: Callable[..., tuple[int, str, str]],
) -> None:
    if setup == "file":
        (project / report.split("/")[0]).write_text("x", encoding="utf-8")
    if setup == "folder":
        (project / report).mkdir()
    code, _, err = licscan_cli(monkeypatch, capsys, "scan", "drafts", "-o", "ok.json",
                               "-o", report)
    assert (code, err) == (2, f"licscan: error: {message}\n")
    assert not (project / "ok.json").exists()


def test_a_folder_without_write_permission_is_refused_before_the_scan(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_scan: None,
    licscan_cli: Callable[..., tuple[int, str, str]],
) -> None:
    (project / "locked").mkdir()
    real = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path).name != "locked"
                        and real(path, mode))
    code, _, err = licscan_cli(monkeypatch, capsys, "scan", "drafts", "-o", "locked/r.html")
    assert (code, err) == (2, "licscan: error: cannot write locked/r.html: no permission to "
                              "write in locked; choose another folder\n")


def test_the_same_report_twice_is_refused(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_scan: None,
    licscan_cli: Callable[..., tuple[int, str, str]],
) -> None:
    code, _, err = licscan_cli(monkeypatch, capsys, "scan", "drafts", "-o", "out/a.json",
                               "-o", "out/../out/a.json")
    assert (code, err) == (2, "licscan: error: cannot write out/../out/a.json: the same "
                              "report is asked for twice\n")


def test_report_checks_its_report_paths_first(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    licscan_cli: Callable[..., tuple[int, str, str]],
) -> None:
    (project / "notes").write_text("x", encoding="utf-8")
    code, _, err = licscan_cli(monkeypatch, capsys, "report", "missing.json",
                               "-o", "notes/r.html")
    assert (code, err) == (2, "licscan: error: cannot write notes/r.html: notes is a file, not "
                              "a folder; choose another path\n")


def test_scan_says_what_it_wrote(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    licscan_cli: Callable[..., tuple[int, str, str]],
) -> None:
    code, _, err = licscan_cli(monkeypatch, capsys, "scan", "drafts", "--no-cache",
                               "-o", "out/audit.xlsx", "-o", "out/report.html")
    tables = "(Findings 2 rows, Documents 1 row, Notices 1 row, Terms 1 row)"
    assert (code, err) == (0, f"wrote out/audit.xlsx {tables}\nwrote out/report.html {tables}\n")
    assert (project / "out" / "audit.xlsx").is_file()
    assert (project / "out" / "report.html").is_file()
    code, _, err = licscan_cli(monkeypatch, capsys, "scan", "drafts", "--no-cache", "-q",
                               "-o", "out/audit.xlsx")
    assert (code, err) == (0, "")


# --- errors that name the user's file -------------------------------------------------------


def test_a_failed_write_names_the_report_not_its_temporary_file(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    licscan_cli: Callable[..., tuple[int, str, str]],
) -> None:
    def too_large(path: Path):
        raise OSError(errno.EFBIG, os.strerror(errno.EFBIG), str(path))

    monkeypatch.setattr(tabular, "text_file", too_large)
    code, _, err = licscan_cli(monkeypatch, capsys, "scan", "drafts", "--no-cache", "-q",
                               "-o", "out/scan.json")
    assert (code, err) == (2, "licscan: error: cannot write out/scan.json: File too large; "
                              "write it to a file system that allows larger files, or use "
                              "another format\n")
    assert list((project / "out").iterdir()) == []


def test_a_non_utf8_configuration_names_the_file_and_the_line(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    licscan_cli: Callable[..., tuple[int, str, str]],
) -> None:
    (project / "licscan.toml").write_bytes(b'jobs = 1\nfail-on = "h\xffigh"\n')
    expected = (f"licscan: error: {project / 'licscan.toml'}: line 2 is not UTF-8 text; save "
                "the file as UTF-8\n")
    for command in (("scan", "drafts", "--no-cache"), ("check", "drafts")):
        code, _, err = licscan_cli(monkeypatch, capsys, *command)
        assert (code, err) == (2, expected)


def test_a_baseline_that_cannot_be_written_names_the_baseline(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    licscan_cli: Callable[..., tuple[int, str, str]],
) -> None:
    (project / "notes").write_text("x", encoding="utf-8")
    code, _, err = licscan_cli(monkeypatch, capsys, "baseline", "create", "drafts",
                               "--baseline", "notes/b.json")
    assert (code, err) == (2, "licscan: error: cannot write baseline notes/b.json: Not a "
                              "directory; check its folder, or choose another --baseline\n")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'{"path": "harbour.txt"}\nnot json\n', "line 2 is not a JSON object; fix or remove it"),
        (b'{"path": "harbour.txt"}\n[1, 2]\n', "line 2 is not a JSON object; fix or remove it"),
        (b'{"path": "harbour.txt", "publisher": "Caf\xe9"}\n', "not UTF-8 text; save it as UTF-8"),
    ],
)
def test_a_manifest_that_cannot_be_read_is_named(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    problem: str,
    licscan_cli: Callable[..., tuple[int, str, str]],
) -> None:
    (project / "archive" / "sources.jsonl").write_bytes(content)
    code, _, err = licscan_cli(monkeypatch, capsys, "scan", "drafts", "--sources", "archive",
                               "--no-cache", "-q")
    assert (code, err) == (2, f"licscan: error: archive/sources.jsonl: {problem}\n")
