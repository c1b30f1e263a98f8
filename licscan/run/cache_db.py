"""The cache's SQLite file: its tables, and what is done with a file that is not such a cache.

The layout (``meta``, ``files``, ``results``) is described in :mod:`licscan.run.cache`, which
reads and writes the rows.  Here: opening the file (WAL journal), creating the tables in a new
one, and discarding, with one warning naming it, a file that holds anything else (not SQLite,
other tables, another format; an older cache holds pickles, which are never read).
"""

from __future__ import annotations

import functools
import logging
import sqlite3
from contextlib import closing, suppress
from pathlib import Path

CACHE_FORMAT = 4  # bump when the layout of the tables or of a stored result changes

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL, sha256 TEXT NOT NULL, used_day INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY, data BLOB NOT NULL, used_day INTEGER NOT NULL
);
"""

_log = logging.getLogger(__name__)


class CacheDamaged(Exception):
    """The cache file is not a licscan cache of this format; the message says why."""


def open_database(path: Path) -> sqlite3.Connection:
    """The cache database at ``path``, created when there is none; a file that is not a cache
    of this format is discarded, with a warning, and created anew."""
    try:
        return _connect(path)
    except CacheDamaged as damage:
        problem = str(damage)
    except sqlite3.OperationalError:
        raise  # cannot open, locked, read-only: the file may be fine
    except sqlite3.DatabaseError:
        problem = "it is not a SQLite database, or a damaged one"
    discard(path)
    warn_discarded(path, problem, "this scan")
    return _connect(path)


def _connect(path: Path) -> sqlite3.Connection:
    if path.is_symlink():  # writing through it would change a file outside the cache folder
        raise CacheDamaged("it is a symbolic link")
    # isolation_level=None: transactions are opened explicitly, one per batch.
    db = sqlite3.connect(path, isolation_level=None, timeout=30.0)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: a killed process loses no committed batch, and commits are cheap.
        db.execute("PRAGMA synchronous=NORMAL")
        _check_layout(db)
    except BaseException:
        db.close()
        raise
    return db


def _check_layout(db: sqlite3.Connection) -> None:
    """Create the tables in an empty file; raise :class:`CacheDamaged` when the file holds
    anything but a cache of this format (an older cache holds pickles: never read them)."""
    if not _layout(db):
        # one transaction: a scan starting at the same time sees all of it or none
        db.executescript(
            f"BEGIN IMMEDIATE; {_SCHEMA} "
            f"INSERT OR IGNORE INTO meta VALUES ('format', '{CACHE_FORMAT}'); COMMIT;"
        )
    if _layout(db) != _expected_layout():
        raise CacheDamaged("it holds other tables than a licscan cache")
    row = db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
    if row != (str(CACHE_FORMAT),):
        raise CacheDamaged("it was written by another version of licscan")


def _layout(db: sqlite3.Connection) -> dict[str, str]:
    return dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))


@functools.cache
def _expected_layout() -> dict[str, str]:
    with closing(sqlite3.connect(":memory:")) as db:
        db.executescript(_SCHEMA)
        return _layout(db)


def discard(path: Path) -> None:
    """Remove the cache file and SQLite's files beside it."""
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        path.with_name(name).unlink(missing_ok=True)


def warn_discarded(path: Path, problem: str, rebuilder: str) -> None:
    _log.warning("licscan: warning: discarded the cache %s: %s; %s rebuilds it",
                 path, problem, rebuilder)


def ignore_in_git(path: Path) -> None:
    """Keep the cache out of version control (and out of scans honouring .gitignore)."""
    with suppress(FileExistsError), open(path.parent / ".gitignore", "x", encoding="utf-8") as f:
        f.write(f"# written by licscan\n{path.name}\n{path.name}-*\n")  # "x": never a symlink
