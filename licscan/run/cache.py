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
    ``format`` → :data:`CACHE_FORMAT`.

Results are committed batch by batch, so a scan killed at any point leaves a consistent
database holding every batch finished before the kill.  Rows not used for
:data:`RETENTION_DAYS` are pruned when a scan ends.

The cache may come from anywhere (a repository can ship a ``.licscan`` folder, or point
``cache-dir`` at a file of its choosing), so it holds data only: a stored result is decoded
into the model's types and validated, never unpickled.  Nor can such a file feed a scan
results of its author's choosing: a row's key is an HMAC under the user's own secret key (see
:func:`user_secret`), so only rows this user's scans wrote are ever found.  A file that is
not a cache of this format (not SQLite, other tables, another format, a result that does not
validate) is discarded with one warning naming it, and rebuilt by the scan.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import hmac
import json
import logging
import os
import secrets
import sqlite3
import time
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from licscan.model import DocStatus, DocumentResult, FileEntry

if TYPE_CHECKING:
    from licscan.run.context import ScanContext

CACHE_FORMAT = 3  # bump when the layout of the tables or of a stored result changes
CACHE_DIRNAME = ".licscan"
CACHE_FILENAME = "cache.sqlite"
SECRET_FILENAME = "cache-key"  # in the user's cache folder (platformdirs), never in a project
SECRET_BYTES = 32
RETENTION_DAYS = 30
# A file modified this recently may be modified again within the filesystem's timestamp
# granularity without its stat changing ("racily clean", as git calls it): its hash is not
# remembered by stat, only by content.
RACY_SECONDS = 2.0

# Options that choose *which* files are scanned or *how* the scan runs, never what a file's
# result is.  Every other option is part of the configuration digest, so a new option is
# assumed to change results until it is listed here.
NEUTRAL_OPTIONS = frozenset(
    {
        "include",
        "exclude",
        "use_gitignore",
        "follow_symlinks",
        "baseline",
        "fail_on",
        "jobs",
        "file_timeout",
        "engine",
        "scheduler",
        "cache",
        "cache_dir",
        "progress",
    }
)

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
_ENCODER = msgspec.json.Encoder()
_DECODER = msgspec.json.Decoder(DocumentResult)


class CacheDamaged(Exception):
    """The cache file is not a licscan cache of this format; the message says why."""


def default_cache_path(options_cache_dir: Path | None) -> Path:
    """``<cache_dir>/cache.sqlite``; without a cache_dir, ``.licscan/cache.sqlite`` in the
    current directory (like ``.ruff_cache`` or ``.pytest_cache``: scanned folders stay
    untouched, and one cache serves every folder scanned from the same project)."""
    folder = options_cache_dir if options_cache_dir is not None else Path.cwd() / CACHE_DIRNAME
    return folder / CACHE_FILENAME


def user_secret() -> bytes | None:
    """This user's key for the cache's row keys, kept outside every project.

    A row is found only under a key made with it, so a cache shipped in a repository (or
    named by its ``cache-dir``) cannot feed a scan results its author wrote: without the key,
    no row of theirs is ever looked up.  ``None`` (no cache) when the key cannot be kept.
    """
    from platformdirs import user_cache_path

    path = user_cache_path("licscan") / SECRET_FILENAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with suppress(FileExistsError):
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(secrets.token_bytes(SECRET_BYTES))
        secret = path.read_bytes()
    except OSError as error:
        _log.warning("licscan: warning: scanning without a cache: cannot keep its key in %s (%s)",
                     path, error.strerror or error)
        return None
    if len(secret) != SECRET_BYTES:
        _log.warning("licscan: warning: scanning without a cache: its key %s is damaged; "
                     "delete it and the next scan makes a new one", path)
        return None
    return secret


def config_digest(context: ScanContext) -> str | None:
    """What, besides a file's bytes and relative path, decides its result.

    ``None`` when the source index cannot say which version it is: then nothing is cached.
    """
    from licscan.version import __version__

    index = index_version(context.index) if context.index is not None else ""
    if index is None:
        return None
    options = {
        name: value
        for name, value in dataclasses.asdict(context.options).items()
        if name not in NEUTRAL_OPTIONS
    }
    parts = {
        "format": CACHE_FORMAT,
        "licscan": __version__,
        "code": code_digest(),
        "rules": context.rules.version,
        "index": index,
        "options": options,
    }
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def index_version(index: object) -> str | None:
    """A digest of a source index's content: its sources (id and content hash, which covers
    the manifest row), its fingerprint scheme and boilerplate threshold, for every store.

    Independent of when or where the index was built, so a temporary index rebuilt from an
    unchanged source folder has the same version.  ``None`` for an index of unknown kind.
    """
    version = getattr(index, "version", None)
    if isinstance(version, str) and version:
        return version
    stores = getattr(index, "stores", None)
    if stores is None:
        return None
    digest = hashlib.sha256(f"exclude_ids={getattr(index, 'exclude_ids', False)}".encode())
    for store in stores:
        meta = store.meta()
        digest.update(f"\0{meta.get('scheme')}\0{store.max_df()}\0".encode())
        for source_id, content in store.content_hashes():
            digest.update(f"{source_id}\0{content}\n".encode())
    return digest.hexdigest()


_CODE_DIGEST: str | None = None


def code_digest() -> str:
    """A hash of licscan's own source files: in a development checkout the code changes
    without the version number changing, and a cached result must not outlive its code."""
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        package = Path(__file__).resolve().parent
        digest = hashlib.sha256()
        for path in sorted(package.rglob("*.py")):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
        _CODE_DIGEST = digest.hexdigest()
    return _CODE_DIGEST


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
        _ignore_in_git(path)
        self._db: sqlite3.Connection | None = _open_database(path)
        self._stats: list[tuple[str, int, int, int, str]] = []
        self._results: list[tuple[str, bytes]] = []
        self._touched: list[str] = []
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
            key = hmac.new(
                self._secret,
                f"{self._digest}\0{entry.relpath}\0{content_hash}".encode(),
                hashlib.sha256,
            ).hexdigest()
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
        content_hash = _sha256_file(path)
        if time.time_ns() - stat[1] > RACY_SECONDS * 1e9:
            self._stats.append((name, *stat, content_hash))
        return content_hash

    def _discard_rows(self) -> None:
        """A stored result does not validate: nothing in the file is trusted any more."""
        _warn_discarded(self.path, "it holds a result that is not valid", "this scan")
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
            _discard(self.path)
            _warn_discarded(self.path, "it is damaged", "the next scan")


def _open_database(path: Path) -> sqlite3.Connection:
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
    _discard(path)
    _warn_discarded(path, problem, "this scan")
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


def _discard(path: Path) -> None:
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        path.with_name(name).unlink(missing_ok=True)


def _warn_discarded(path: Path, problem: str, rebuilder: str) -> None:
    _log.warning("licscan: warning: discarded the cache %s: %s; %s rebuilds it",
                 path, problem, rebuilder)


def encode_result(result: DocumentResult) -> bytes | None:
    """The JSON of a result; ``None`` when its text is not valid Unicode (a lone surrogate
    from a broken page): such a result is computed again by the next scan."""
    try:
        return _ENCODER.encode(result)
    except UnicodeEncodeError:
        return None


def decode_result(data: object) -> DocumentResult | None:
    """A stored result, checked field by field against the model's types; ``None`` when the
    data is not such a result."""
    if not isinstance(data, bytes):
        return None
    try:
        return _DECODER.decode(data)
    except msgspec.MsgspecError:
        return None


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


def _ignore_in_git(path: Path) -> None:
    """Keep the cache out of version control (and out of scans honouring .gitignore)."""
    with suppress(FileExistsError), open(path.parent / ".gitignore", "x", encoding="utf-8") as f:
        f.write(f"# written by licscan\n{path.name}\n{path.name}-*\n")  # "x": never a symlink
