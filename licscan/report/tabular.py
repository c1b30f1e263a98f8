"""Atomic report writers for CSV, JSON and Parquet, and the readers of saved results.

The writers and readers are registered in :mod:`licscan.report.formats`.

Every file is written to a temporary file in the target's own directory and moved into place
with :func:`os.replace`, so a reader sees either the old report or the complete new one, never
a half-written file, even when the scan is interrupted mid-write.  Several reports written
together (:class:`Staging`) are moved into place only once all are complete: all or nothing.

Layouts (documented in ``docs/schema.md``):

- JSON: one object, ``schema_version`` first, then ``scan`` (metadata), then one array of row
  objects per table; list cells stay lists, missing values are ``null``.
- CSV: the findings table in the named file, every other table beside it as
  ``<stem>.<table>.csv``; list cells as JSON arrays; formula-like text prefixed with ``'``.
- Parquet: a directory ``<name>.parquet/`` holding ``<table>.parquet`` per table plus
  ``scan.json``; each table file also carries the scan metadata in its schema metadata.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pandas as pd

from licscan.report import tables
from licscan.report.cells import csv_text

if TYPE_CHECKING:
    from licscan.result import ScanResult

SCAN_FILE = "scan.json"  # the scan metadata inside a Parquet result directory
ARROW_METADATA_KEY = b"licscan"


def _file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


class ReportWriteError(OSError):
    """Writing a report failed (disk full, file too large …); names the report, not the
    temporary file it was being written to."""

    def __init__(self, path: Path, error: OSError) -> None:
        reason = os.strerror(error.errno) if error.errno else str(error)
        advice = _WRITE_ADVICE.get(error.errno or 0, "check the folder and the free space")
        super().__init__(error.errno, f"cannot write {path}: {reason}; {advice}")
        self.path = path

    def __str__(self) -> str:
        return str(self.strerror)


_WRITE_ADVICE = {
    errno.EFBIG: "write it to a file system that allows larger files, or use another format",
    errno.ENOSPC: "free some disk space or write it elsewhere",
    errno.EDQUOT: "free some space in your quota or write it elsewhere",
    errno.EACCES: "check the permissions of the file and its folder",
    errno.EPERM: "check the permissions of the file and its folder",
    errno.EROFS: "write it to a folder that is not read-only",
}


class Staging:
    """New files and folders written beside their targets, then moved into place together.

    Each report is first written in full to a temporary name in its target's own folder (so the
    final move is a rename on one file system).  :meth:`commit` moves them all into place; if a
    move fails, every target already replaced gets its old content back.  :meth:`discard`
    removes whatever temporary files are left, so nothing of a failed write remains.
    """

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []  # (temporary, target)

    def file(self, target: Path) -> Path:
        """A new empty temporary file that will become ``target``."""
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=_folder(target))
        os.close(fd)
        return self._add(Path(name), target, _file_mode())

    def directory(self, target: Path) -> Path:
        """A new empty temporary folder that will become ``target`` (a Parquet result)."""
        name = tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=_folder(target))
        return self._add(Path(name), target, _file_mode() | 0o111)

    def _add(self, temp: Path, target: Path, mode: int) -> Path:
        os.chmod(temp, mode)  # mkstemp makes files private; reports get the usual permissions
        self._staged.append((temp, target))
        return temp

    def commit(self) -> None:
        replaced: list[tuple[Path, Path | None]] = []  # (target, its old content set aside)
        target = None
        try:
            for temp, target in self._staged:
                replaced.append((target, _set_aside(target)))
                os.replace(temp, target)
        except OSError as error:
            _put_back(replaced)
            raise ReportWriteError(target, error) from error
        for _, old in replaced:
            _remove(old)
        self._staged.clear()

    def discard(self) -> None:
        for temp, _ in self._staged:
            _remove(temp)
        self._staged.clear()


@contextlib.contextmanager
def staged() -> Iterator[Staging]:
    """A :class:`Staging` committed when the block succeeds and discarded in any case."""
    staging = Staging()
    try:
        yield staging
        staging.commit()
    finally:
        staging.discard()


def _folder(target: Path) -> Path:
    """The folder ``target`` goes in, created if need be."""
    folder = Path(target).parent
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _set_aside(target: Path) -> Path | None:
    """Keep the old ``target`` under a temporary name until the new one is in place.

    A file is kept as a hard link (copied where links are not supported), so the rename that
    replaces it stays atomic; a folder cannot be replaced in one step and is renamed aside.
    """
    if not os.path.lexists(target):
        return None
    old = target.with_name(f".{target.name}.{secrets.token_hex(4)}.old")
    if target.is_dir() and not target.is_symlink():
        os.replace(target, old)
    else:
        try:
            os.link(target, old, follow_symlinks=False)
        except OSError:
            shutil.copy2(target, old, follow_symlinks=False)
    return old


def _put_back(replaced: list[tuple[Path, Path | None]]) -> None:
    """Undo a partial commit, latest first: each target gets its old content back."""
    for target, old in reversed(replaced):
        with contextlib.suppress(OSError):
            if old is None:
                _remove(target)
            else:
                if old.is_dir():
                    _remove(target)  # a folder cannot be renamed onto a full one
                os.replace(old, target)
                _remove(old)  # still there when it was a link to the target itself


def _remove(path: Path | None) -> None:
    if path is None or not os.path.lexists(path):
        return
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


@contextlib.contextmanager
def joined(staging: Staging | None) -> Iterator[Staging]:
    """``staging`` itself, or a staging of one's own committed when the block succeeds."""
    if staging is not None:
        yield staging
    else:
        with staged() as own:
            yield own


@contextlib.contextmanager
def text_file(path: Path) -> Iterator[IO[str]]:
    """A UTF-8 text file handle, flushed to disk before it is closed."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


def jsonable(value: Any) -> Any:
    """A DataFrame cell as a JSON value: NA/NaN → null, numpy scalars → Python, lists kept."""
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def records(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
    columns = list(frame.columns)
    for row in frame.itertuples(index=False, name=None):
        yield {column: jsonable(value) for column, value in zip(columns, row, strict=True)}


def write_json(result: ScanResult, target: Path, staging: Staging | None = None) -> None:
    """One JSON object: ``schema_version``, ``scan``, then one array of rows per table.

    Rows are streamed one per line so a large scan is never held as one big string.
    """
    with joined(staging) as stage, text_file(stage.file(target)) as out:
        dump_json(result, out)


def dump_json(result: ScanResult, out: IO[str]) -> None:
    """The JSON report written to ``out`` (a file, or stdout for ``--report -``)."""
    out.write("{\n")
    out.write(f'"schema_version": {tables.SCHEMA_VERSION},\n')
    out.write(f'"scan": {json.dumps(dict(result.scan), ensure_ascii=False)}')
    for table, frame in result.frames().items():
        out.write(f',\n"{table}": [')
        for i, row in enumerate(records(frame)):
            out.write(",\n  " if i else "\n  ")
            out.write(json.dumps(row, ensure_ascii=False))
        out.write("\n]" if len(frame) else "]")
    out.write("\n}\n")


def csv_paths(target: Path) -> dict[str, Path]:
    """Where each table goes when a CSV report is asked for as ``target``."""
    target = Path(target)
    return {
        table: target if table == "findings" else target.with_name(f"{target.stem}.{table}.csv")
        for table in tables.TABLE_NAMES
    }


def csv_frame(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with text cells made formula-safe and list cells as JSON arrays."""
    out = frame.copy()
    for column, dtype in tables.TABLES[table]:
        if tables.is_list(dtype):
            out[column] = [json.dumps(jsonable(v), ensure_ascii=False) for v in out[column]]
        elif dtype == tables.TEXT:
            out[column] = [csv_text(v) for v in out[column]]
    return out


def write_csv(result: ScanResult, target: Path, staging: Staging | None = None) -> None:
    """Every table to its own temporary file first; all are moved into place only at the end,
    so a failure on any table leaves every earlier CSV report untouched."""
    frames = result.frames()
    with joined(staging) as stage:
        for table, path in csv_paths(target).items():
            with text_file(stage.file(path)) as out:
                csv_frame(table, frames[table]).to_csv(out, index=False, lineterminator="\n")


def arrow_schema(table: str) -> Any:
    import pyarrow as pa

    types = {
        tables.TEXT: pa.string(),
        "int64": pa.int64(),
        "Int64": pa.int64(),
        "float64": pa.float64(),
        "Float64": pa.float64(),
        "bool": pa.bool_(),
        "boolean": pa.bool_(),
        tables.LIST_TEXT: pa.list_(pa.string()),
        tables.LIST_INT: pa.list_(pa.int64()),
    }
    return pa.schema([pa.field(name, types[dtype]) for name, dtype in tables.TABLES[table]])


def write_parquet(result: ScanResult, target: Path, staging: Staging | None = None) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    header = {"schema_version": tables.SCHEMA_VERSION, "scan": dict(result.scan)}
    encoded = json.dumps(header, ensure_ascii=False).encode()
    with joined(staging) as stage:
        folder = stage.directory(target)
        for table, frame in result.frames().items():
            schema = arrow_schema(table)
            data = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
            data = data.replace_schema_metadata(
                {**(data.schema.metadata or {}), ARROW_METADATA_KEY: encoded}
            )
            pq.write_table(data, folder / f"{table}.parquet")
        (folder / SCAN_FILE).write_text(json.dumps(header, ensure_ascii=False, indent=2) + "\n",
                                        encoding="utf-8")


def _check_version(header: Mapping[str, Any], path: Path) -> int:
    version = header.get("schema_version")
    if not isinstance(version, int) or version > tables.SCHEMA_VERSION or version < 1:
        raise ValueError(
            f"{path}: unsupported schema_version {version!r} "
            f"(this licscan reads 1 to {tables.SCHEMA_VERSION})"
        )
    return version


def read_json(path: Path) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        try:
            data = json.load(handle)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            where = f" at line {error.lineno}" if isinstance(error, json.JSONDecodeError) else ""
            raise ValueError(f"cannot read {path}: not UTF-8 JSON{where}; give a result "
                             "licscan saved as .json") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a licscan result (expected one JSON object)")
    version = _check_version(data, path)
    frames = {}
    for table in tables.TABLE_NAMES:
        rows = data.get(table, [] if table in tables.OPTIONAL_TABLES else None)
        if not isinstance(rows, list):
            raise ValueError(f"{path}: not a licscan result (no {table!r} array)")
        rows = tables.upgraded(table, rows, version)
        frames[table] = tables.frame(
            table, pd.DataFrame(rows, columns=tables.COLUMNS[table], dtype=object)
        )
    return frames, dict(data.get("scan") or {})


def read_parquet(path: Path) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    import pyarrow.parquet as pq

    path = Path(path)
    if not (path / SCAN_FILE).is_file():
        raise ValueError(f"{path}: not a licscan Parquet result (no {SCAN_FILE} inside)")
    header = json.loads((path / SCAN_FILE).read_text(encoding="utf-8"))
    version = _check_version(header, path)
    frames = {}
    for table in tables.TABLE_NAMES:
        if table in tables.OPTIONAL_TABLES and not (path / f"{table}.parquet").exists():
            frames[table] = tables.empty(table)
            continue
        data = pq.read_table(path / f"{table}.parquet").to_pylist()
        data = tables.upgraded(table, data, version)
        frames[table] = tables.frame(
            table, pd.DataFrame(data, columns=tables.COLUMNS[table], dtype=object)
        )
    return frames, dict(header.get("scan") or {})
