"""Atomic report writers for CSV, JSON and Parquet, and the readers of saved results.

Every file is written to a temporary file in the target's own directory and moved into place
with :func:`os.replace`, so a reader sees either the old report or the complete new one, never
a half-written file, even when the scan is interrupted mid-write.

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
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import pandas as pd

from . import tables
from .cells import csv_text

SCAN_FILE = "scan.json"  # the scan metadata inside a Parquet result directory
ARROW_METADATA_KEY = b"licscan"


def _file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``; moved onto ``target`` only if the block succeeds."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        os.chmod(temp, _file_mode())
        os.replace(temp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


@contextlib.contextmanager
def atomic_text(target: Path) -> Iterator[IO[str]]:
    """A text file handle whose content replaces ``target`` only once it is complete."""
    with atomic_path(target) as temp, open(temp, "w", encoding="utf-8", newline="") as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


@contextlib.contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """A temporary directory beside ``target`` that replaces it once the block succeeds.

    A directory cannot be swapped in one step; the old one is renamed aside first and removed
    after the new one is in place, so ``target`` is complete whenever it exists.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    old: Path | None = None
    try:
        yield temp
        os.chmod(temp, _file_mode() | 0o111)
        if target.is_dir() and not target.is_symlink():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old",
                                        dir=target.parent))
            os.replace(target, old)
        os.replace(temp, target)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


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


def write_json(target: Path, meta: Mapping[str, Any], frames: Mapping[str, pd.DataFrame]) -> None:
    """One JSON object: ``schema_version``, ``scan``, then one array of rows per table.

    Rows are streamed one per line so a large scan is never held as one big string.
    """
    with atomic_text(target) as out:
        out.write("{\n")
        out.write(f'"schema_version": {tables.SCHEMA_VERSION},\n')
        out.write(f'"scan": {json.dumps(dict(meta), ensure_ascii=False)}')
        for table in tables.TABLE_NAMES:
            out.write(f',\n"{table}": [')
            for i, row in enumerate(records(frames[table])):
                out.write(",\n  " if i else "\n  ")
                out.write(json.dumps(row, ensure_ascii=False))
            out.write("\n]" if len(frames[table]) else "]")
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


def write_csv(target: Path, frames: Mapping[str, pd.DataFrame]) -> None:
    """Every table to its own temporary file first; all are moved into place only at the end,
    so a failure on any table leaves every earlier CSV report untouched."""
    with contextlib.ExitStack() as stack:
        for table, path in csv_paths(target).items():
            temp = stack.enter_context(atomic_path(path))
            with open(temp, "w", encoding="utf-8", newline="") as out:
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


def write_parquet(
    target: Path, meta: Mapping[str, Any], frames: Mapping[str, pd.DataFrame]
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    header = {"schema_version": tables.SCHEMA_VERSION, "scan": dict(meta)}
    encoded = json.dumps(header, ensure_ascii=False).encode()
    with atomic_directory(target) as folder:
        for table in tables.TABLE_NAMES:
            schema = arrow_schema(table)
            data = pa.Table.from_pandas(frames[table], schema=schema, preserve_index=False)
            data = data.replace_schema_metadata(
                {**(data.schema.metadata or {}), ARROW_METADATA_KEY: encoded}
            )
            pq.write_table(data, folder / f"{table}.parquet")
        (folder / SCAN_FILE).write_text(json.dumps(header, ensure_ascii=False, indent=2) + "\n",
                                        encoding="utf-8")


def _check_version(header: Mapping[str, Any], path: Path) -> None:
    version = header.get("schema_version")
    if not isinstance(version, int) or version > tables.SCHEMA_VERSION or version < 1:
        raise ValueError(
            f"{path}: unsupported schema_version {version!r} "
            f"(this licscan reads 1 to {tables.SCHEMA_VERSION})"
        )


def read_json(path: Path) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a licscan result (expected one JSON object)")
    _check_version(data, path)
    frames = {}
    for table in tables.TABLE_NAMES:
        rows = data.get(table)
        if not isinstance(rows, list):
            raise ValueError(f"{path}: not a licscan result (no {table!r} array)")
        frames[table] = tables.frame(
            table, pd.DataFrame(rows, columns=tables.COLUMNS[table], dtype=object)
        )
    return dict(data.get("scan") or {}), frames


def read_parquet(path: Path) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    import pyarrow.parquet as pq

    path = Path(path)
    if not (path / SCAN_FILE).is_file():
        raise ValueError(f"{path}: not a licscan Parquet result (no {SCAN_FILE} inside)")
    header = json.loads((path / SCAN_FILE).read_text(encoding="utf-8"))
    _check_version(header, path)
    frames = {}
    for table in tables.TABLE_NAMES:
        data = pq.read_table(path / f"{table}.parquet").to_pylist()
        frames[table] = tables.frame(
            table, pd.DataFrame(data, columns=tables.COLUMNS[table], dtype=object)
        )
    return dict(header.get("scan") or {}), frames
