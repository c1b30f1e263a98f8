"""The report formats: one registry that says, for each, its file suffixes, what it holds, which
function writes it and, where it can be read back, which function reads it.

:meth:`~licscan.result.ScanResult.write` and :meth:`~licscan.result.ScanResult.read`, the
checks of report paths before a scan, and the CLI's help texts and error messages all come from
:data:`FORMATS`.  Adding a format is one module with a writer and one entry here.

A writer is called as ``write(result, target, staging)`` and writes ``target`` through the
:class:`~licscan.report.tabular.Staging` (so that several reports are written all or nothing);
a reader is called as ``read(path)`` and returns ``(frames, scan)``.  Both are named as
``"module:function"`` and imported on first use: this module is read for every ``--help`` and
must not pull in pandas.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from licscan.report.tabular import Staging
    from licscan.result import ScanResult

    Writer = Callable[[ScanResult, Path, Staging], None]
    Reader = Callable[[Path], tuple[dict[str, pd.DataFrame], dict[str, Any]]]


@dataclass(frozen=True)
class ReportFormat:
    suffixes: tuple[str, ...]  # lowercase, with the dot; the first is the one messages name
    description: str  # what a report of this format holds, for help texts
    writer: str  # "module:function"
    reader: str = ""  # "module:function"; "" when this format cannot be read back
    folder: bool = False  # written as a folder of files rather than as one file
    # "module:function" giving, for a report path, the file each table goes to, when the
    # format writes tables to files of their own beside it; "": every table in the one report
    files: str = ""

    @property
    def suffix(self) -> str:
        return self.suffixes[0]

    @property
    def readable(self) -> bool:
        return bool(self.reader)

    def write(self, result: ScanResult, target: Path, staging: Staging) -> None:
        write: Writer = _function(self.writer)
        write(result, target, staging)

    def read(self, path: Path) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
        read: Reader = _function(self.reader)
        return read(path)

    def tables_by_file(self, path: Path, tables: Iterable[str]) -> dict[Path, list[str]]:
        """Each file a report at ``path`` is, with the tables it holds."""
        if not self.files:
            return {path: list(tables)}
        files = _function(self.files)(path)
        by_file: dict[Path, list[str]] = {}
        for table in tables:
            by_file.setdefault(files[table], []).append(table)
        return by_file


FORMATS: tuple[ReportFormat, ...] = (
    ReportFormat((".json",), "every table in one file",
                 "licscan.report.tabular:write_json", "licscan.report.tabular:read_json"),
    ReportFormat((".csv",), "the findings, each other table in a file beside it",
                 "licscan.report.tabular:write_csv", files="licscan.report.tabular:csv_paths"),
    ReportFormat((".parquet",), "a folder, one Parquet file per table",
                 "licscan.report.tabular:write_parquet", "licscan.report.tabular:read_parquet",
                 folder=True),
    ReportFormat((".xlsx",), "an Excel workbook with a summary sheet",
                 "licscan.report.xlsx:write_xlsx"),
    ReportFormat((".html", ".htm"), "a self-contained page for a browser",
                 "licscan.report.html:write_html"),
)


def _function(reference: str) -> Any:
    module, name = reference.split(":")
    return getattr(importlib.import_module(module), name)


def format_of(path: Path) -> ReportFormat | None:
    """The format ``path``'s suffix names (any case), or ``None``."""
    suffix = path.suffix.lower()
    return next((f for f in FORMATS if suffix in f.suffixes), None)


def write_report(result: ScanResult, path: Path, staging: Staging) -> None:
    """Write ``path`` in the format its suffix names (a path :func:`check_report_paths`
    accepted)."""
    report_format = format_of(path)
    assert report_format is not None, f"{path} was not checked"
    report_format.write(result, path, staging)


def written_lines(paths: Iterable[Path], rows: dict[str, int]) -> list[str]:
    """One line per file the reports at ``paths`` wrote, with the rows of the tables in it
    (``rows``: table name -> rows), findings and matches first."""
    order = sorted(rows, key=lambda table: (table not in _FIRST_TABLES, table != "findings"))
    lines = []
    for path in paths:
        report_format = format_of(path)
        assert report_format is not None, f"{path} was not checked"
        for file, tables in report_format.tables_by_file(path, order).items():
            # an empty table is left out where others share the file: the line stays short
            said = [t for t in tables if rows[t] or t == "findings" or len(tables) == 1]
            counts = ", ".join(f"{table.capitalize()} {_rows(rows[table])}" for table in said)
            lines.append(f"wrote {file} ({counts})")
    return lines


_FIRST_TABLES = ("findings", "matches")


def _rows(count: int) -> str:
    return f"{count} row{'' if count == 1 else 's'}"


# --- reports asked for ------------------------------------------------------------------------


class ReportPathError(ValueError):
    """A report that cannot be written where asked, found before anything is written."""


def check_report_paths(paths: Iterable[str | Path]) -> list[Path]:
    """The report paths, checked before a scan: a known format, each given once, and a place
    that can hold it.  Raises :class:`ReportPathError` naming the first bad path."""
    checked: list[Path] = []
    for path in map(Path, paths):
        problem = _report_path_problem(path, checked)
        if problem:
            raise ReportPathError(f"cannot write {path}: {problem}")
        checked.append(path)
    return checked


def _report_path_problem(path: Path, earlier: list[Path]) -> str:
    """Why ``path`` cannot take a report ("" when it can)."""
    report_format = format_of(path)
    if report_format is None:
        return (f"unknown report format {path.suffix.lower() or '(no extension)'!r}; "
                f"use one of {' '.join(f.suffix for f in FORMATS)}")
    if any(path.resolve() == other.resolve() for other in earlier):
        return "the same report is asked for twice"
    is_folder = path.is_dir() and not path.is_symlink()
    if report_format.folder and os.path.lexists(path) and not is_folder:
        return (f"a file of that name is in the way (a {report_format.suffix} result is a "
                "folder); remove it")
    if not report_format.folder and is_folder:
        return "a folder of that name is in the way; give another file name"
    folder = next(parent for parent in path.parents if parent.exists())  # "." exists
    if not folder.is_dir():
        return f"{folder} is a file, not a folder; choose another path"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"no permission to write in {folder}; choose another folder"
    return ""


# --- saved results ----------------------------------------------------------------------------


def read_tables(path: str | Path) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """The tables and scan metadata of a result saved in a format that can be read back."""
    path = Path(path)
    report_format = format_of(path)
    if report_format is None or not report_format.readable:
        saved_as = " or ".join(f.suffix for f in FORMATS if f.readable)
        raise ValueError(f"{path}: cannot read a result from "
                         f"{path.suffix.lower() or 'this file'!r}; save the scan as {saved_as}")
    return report_format.read(path)


# --- help texts -------------------------------------------------------------------------------


def report_option_help(lead: str) -> str:
    """Help of a ``--report`` option: ``lead``, then every format and what it holds."""
    listing = ", ".join(
        f"{' or '.join(f.suffixes)} ({f.description}"
        + (", read back by `licscan report`)" if f.readable else ")")
        for f in FORMATS
    )
    return f"{lead}; format from its extension: {listing}. Repeatable."


def saved_result_help() -> str:
    """Help of the argument that names a saved result (``licscan report RESULT``)."""
    kinds = " or ".join(
        f"a {f.suffix} {'directory' if f.folder else 'file'}" for f in FORMATS if f.readable
    )
    return f"A saved scan result: {kinds}."
