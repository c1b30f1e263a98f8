"""Incremental scans: results of unchanged files are read back instead of computed again.

The cache is one SQLite database (WAL journal) holding three tables:

``files``
    absolute path → (size, mtime_ns, inode, sha256 of the raw bytes).  A file whose stat is
    unchanged is not read again; a file whose stat changed is hashed again, so a ``touch`` or
    a checkout that rewrites identical bytes still hits the cache.
``results``
    key → the :class:`~licscan.model.DocumentResult` as JSON (uncompressed: a rescan's time
    goes into reading results back, and a result is a few kB).  The key is the
    sha256 of the file's content hash, its path relative to the scan root (every row and
    fingerprint of a result names it), and the *configuration digest*: licscan's version and
    code, the rule set's version, every option that can change a result, and the source
    index's version.  Changing a rule file changes the rule set's version and so misses
    exactly the results computed with the old rules; changing a file misses that file alone.
``meta``
    ``format`` → :data:`~licscan.run.cache_db.CACHE_FORMAT`.

Results are committed batch by batch, so a scan killed at any point leaves a consistent
database holding every batch finished before the kill.  Rows not used for
:data:`RETENTION_DAYS` are pruned when a scan ends.

The cache may come from anywhere (a repository can ship a ``.licscan`` folder, or point
``cache-dir`` at a file of its choosing), so it holds data only: a stored result is decoded
into the model's types and validated, never unpickled.  Nor can such a file feed a scan
results of its author's choosing: a row's key is an HMAC under the user's own secret key (see
:func:`~licscan.run.cache_rows.user_secret`), so only rows this user's scans wrote are ever
found.  A file that is not a cache of this format (not SQLite, other tables, another format, a
result that does not validate) is discarded with one warning naming it, and rebuilt by the
scan.

:mod:`licscan.run.cache_rows` makes the keys and the stored JSON; :mod:`licscan.run.cache_db`
opens the SQLite file and checks its layout; this module looks results up and stores them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from licscan.model import DocStatus, DocumentResult, FileEntry
from licscan.run.cache_db import (
    CacheDamaged,
    discard,
    ignore_in_git,
    open_database,
    warn_discarded,
)
from licscan.run.cache_rows import (
    config_digest,
    decode_result,
    encode_result,
    row_key,
    user_secret,
)

if TYPE_CHECKING:
    from licscan.run.context import ScanContext

CACHE_DIRNAME = ".licscan"
CACHE_FILENAME = "cache.sqlite"
RETENTION_DAYS = 30
# A file modified this recently may be modified again within the filesystem's timestamp
# granularity without its stat changing ("racily clean", as git calls it): its hash is not
# remembered by stat, only by content.
RACY_SECONDS = 2.0

_log = logging.getLogger(__name__)


def default_cache_path(options_cache_dir: Path | None) -> Path:
    """``<cache_dir>/cache.sqlite``; without a cache_dir, ``.licscan/cache.sqlite`` in the
    current directory (like ``.ruff_cache`` or ``.pytest_cache``: scanned folders stay
    untouched, and one cache serves every folder scanned from the same project)."""
    folder = options_cache_dir if options_cache_dir is not None else Path.cwd() / CACHE_DIRNAME
    return folder / CACHE_FILENAME


@dataclass
class Lookup:
    """The cache's answer for one file: its result key (``None``: not cacheable), the cached
    result when there is one, and the file's stat when it was hashed."""

    key: str | None
    result: DocumentResult | None = None
    path: Path | None = None
    stat: tuple[int, int, int] | None = None  # (size, mtime_ns, inode)


class ResultCache:
    """The SQLite store of file hashes and document results (one writer: the scan's process).

    A database error while the scan runs does not stop it: the scan goes on without the
    cache, and a cache whose content is at fault is discarded (the next scan rebuilds it).
    """

    def __init__(self, path: Path, digest: str, max_size: int, secret: bytes) -> None:
        self.path = path
        self._digest = digest
        self._secret = secret
        self._max_size = max_size
        self._today = int(time.time() // 86400)
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore_in_git(path)
        self._db: sqlite3.Connection | None = open_database(path)
        self._stats: list[tuple[str, int, int, int, str]] = []
        self._results: list[tuple[str, bytes]] = []
        self._touched: list[str] = []
        # the last file hashed: the items of a feed or an archive come one after the other
        self._last_hash: tuple[tuple[str, tuple[int, int, int]], str] | None = None
        self.hits = 0
        self.misses = 0

    @classmethod
    def open_for(cls, context: ScanContext) -> ResultCache | None:
        """The cache a scan should use, or ``None`` when caching is off or impossible."""
        options = context.options
        if not options.cache:
            return None
        digest = config_digest(context)
        secret = user_secret()
        if digest is None or secret is None:
            return None
        path = default_cache_path(options.cache_dir)
        try:
            return cls(path, digest, options.max_size, secret)
        except (OSError, sqlite3.Error, CacheDamaged) as error:
            _log.warning("licscan: warning: cache %s cannot be used (%s); scanning without it",
                         path, error)
            return None

    def lookup(self, entry: FileEntry) -> Lookup:
        """Find the cached result of ``entry``; only its stat is read when it is unchanged."""
        if self._db is None or entry.status is not DocStatus.ok:
            return Lookup(None)  # discovery already knows the outcome; nothing to save
        name = str(entry.path.absolute())
        if not _is_utf8(name, entry.relpath):
            return Lookup(None)  # the database holds UTF-8 text only: scanned every time
        try:
            stat = _stat(entry.path)
            content_hash = self._content_hash(name, entry.path, stat)
            if content_hash is None:
                return Lookup(None)
            key = row_key(self._secret, self._digest, entry.relpath, content_hash)
            row = self._db.execute(
                "SELECT data, used_day FROM results WHERE key = ?", (key,)
            ).fetchone()
        except OSError:
            return Lookup(None)  # the pipeline reports the unreadable file
        except sqlite3.DatabaseError as error:
            self._give_up(error)
            return Lookup(None)
        result = None if row is None else decode_result(row[0])
        if result is None:
            if row is not None:
                self._discard_rows()
            self.misses += 1
            return Lookup(key, path=entry.path, stat=stat)
        self.hits += 1
        if row[1] != self._today:
            self._touched.append(key)
        return Lookup(key, result, entry.path, stat)

    def store(self, lookup: Lookup, result: DocumentResult) -> None:
        """Queue a freshly computed result; it is written by the next :meth:`commit`.

        Skipped when the file changed since it was hashed: the result may describe bytes
        other than the hashed ones.
        """
        if self._db is None or lookup.key is None or lookup.path is None:
            return
        try:
            if _stat(lookup.path) != lookup.stat:
                return
        except OSError:
            return
        data = encode_result(result)
        if data is not None:
            self._results.append((lookup.key, data))

    def commit(self) -> None:
        """Write everything queued in one transaction."""
        if self._db is None or not (self._stats or self._results or self._touched):
            return
        try:
            self._write(self._db)
        except sqlite3.DatabaseError as error:
            self._give_up(error)
        self._stats.clear()
        self._results.clear()
        self._touched.clear()

    def close(self) -> None:
        """Commit, prune rows unused for :data:`RETENTION_DAYS`, and close."""
        db = self._db
        if db is None:
            return
        try:
            self.commit()
            if self._db is not None:
                oldest = self._today - RETENTION_DAYS
                db.execute("DELETE FROM results WHERE used_day < ?", (oldest,))
                db.execute("DELETE FROM files WHERE used_day < ?", (oldest,))
        except sqlite3.DatabaseError as error:
            self._give_up(error)
        finally:
            db.close()

    def __enter__(self) -> ResultCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self, db: sqlite3.Connection) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                [(*row, self._today) for row in self._stats],
            )
            db.executemany(
                "INSERT OR REPLACE INTO results VALUES (?, ?, ?)",
                [(*row, self._today) for row in self._results],
            )
            db.executemany(
                "UPDATE results SET used_day = ? WHERE key = ?",
                [(self._today, key) for key in self._touched],
            )
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def _content_hash(self, name: str, path: Path, stat: tuple[int, int, int]) -> str | None:
        """sha256 of the file's bytes, from the stat shortcut when its stat is unchanged."""
        if stat[0] > self._max_size:
            return None  # reported as too large without being read; not worth a cache row
        assert self._db is not None
        row = self._db.execute(
            "SELECT size, mtime_ns, inode, sha256, used_day FROM files WHERE path = ?", (name,)
        ).fetchone()
        if row is not None and tuple(row[:3]) == stat:
            if row[4] != self._today:
                self._stats.append((name, *row[:4]))
            return row[3]
        if self._last_hash is not None and self._last_hash[0] == (name, stat):
            return self._last_hash[1]
        content_hash = _sha256_file(path)
        self._last_hash = ((name, stat), content_hash)
        if time.time_ns() - stat[1] > RACY_SECONDS * 1e9:
            self._stats.append((name, *stat, content_hash))
        return content_hash

    def _discard_rows(self) -> None:
        """A stored result does not validate: nothing in the file is trusted any more."""
        warn_discarded(self.path, "it holds a result that is not valid", "this scan")
        assert self._db is not None
        try:
            self._db.execute("DELETE FROM results")
            self._db.execute("DELETE FROM files")
        except sqlite3.DatabaseError as error:
            self._give_up(error)
        self._touched.clear()

    def _give_up(self, error: sqlite3.DatabaseError) -> None:
        """Go on without the cache; discard it when its content, not the system, is at fault
        (locked, read-only or full is :class:`sqlite3.OperationalError`)."""
        if self._db is not None:
            self._db.close()
            self._db = None
        self._stats.clear()
        self._results.clear()
        self._touched.clear()
        if isinstance(error, sqlite3.OperationalError):
            _log.warning("licscan: warning: cache %s cannot be used (%s); the scan goes on "
                         "without it", self.path, error)
        else:
            discard(self.path)
            warn_discarded(self.path, "it is damaged", "the next scan")


def _is_utf8(*texts: str) -> bool:
    try:
        for text in texts:
            text.encode()
    except UnicodeEncodeError:
        return False
    return True


def _stat(path: Path) -> tuple[int, int, int]:
    stat = os.stat(path)
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
