"""The on-disk source index: one SQLite file, embedded, no server.

Layout of ``<index dir>/sources.sqlite`` (WAL journal):

``meta(key, value)``
    ``scheme`` (hashing scheme; a mismatch means the index must be rebuilt), ``records``
    (what a source row holds, :data:`RECORDS`; an index without it or of another version must
    be rebuilt), ``ngram``, ``window``, ``max_df`` (``auto`` or a number), ``sources``,
    ``fingerprints``, ``updated``.
``sources(sid, id, key, path, url, publisher, domain, host, title, doc_type, sha256, words,
chars, info, text, textmap)``
    one row per source.  ``key`` (absolute path, or URL) identifies a source across builds;
    ``sha256`` covers its text and manifest row, so re-adding an unchanged source is a no-op and
    a changed one replaces the old row and fingerprints.  ``publisher`` is the resolved one
    (:mod:`licscan.match.identity`); ``info`` is JSON: ``aliases`` (every name a credit may
    use), the manifest row, the notices and terms the rights rules found (manifest terms first,
    ``origin = "manifest"``), and the ``ignored`` text ranges (site chrome, the source's own
    rights lines) that are neither fingerprinted nor aligned, and the ``captions`` (picture
    captions and their credit lines) where no passage ends.  ``text`` is the zlib-compressed
    visible text and ``textmap`` the offset map and line starts of the original file
    (:mod:`licscan.match.locator`).
``fp(hash, sid)``
    winnowed word 5-gram fingerprints (signed 64-bit, see :mod:`licscan.match.hashing`),
    primary key ``(hash, sid)``, ``WITHOUT ROWID``: a lookup by hash is one B-tree range.
``fp_new(hash, sid)``
    staging for a build in progress: appends are cheap; :meth:`Store.finish` moves the rows
    into ``fp`` in hash order, so even a 100,000-source build writes the B-tree sequentially.
``df_high(hash, n)``
    fingerprints found in more than ``max_df`` sources: site furniture, wire taglines,
    stock phrases.  They never select a candidate source and mask the document words they
    cover (:mod:`licscan.match.query`).  ``max_df`` defaults to
    ``max(8, sqrt(number of sources))``.
``cw(hash, sid)``, ``cw_new(hash, sid)``, ``cw_df(hash, n)``
    content-word postings for the paraphrase stage (:mod:`licscan.match.paraphrase`): the
    hash of each distinct content stem of a source (:mod:`licscan.match.content_words`, in the
    source's language, kept in ``info`` as ``lang``), staged like ``fp``; ``cw_df`` counts the
    sources holding each stem, so a scan weighs a stem by its rarity and never fetches the
    postings of a stem most sources hold.  Scheme ``v2`` added them: an older index is refused
    with the message to rebuild it, never read without them.

What is kept of a source, as written and as read back, is :mod:`licscan.match.records`.
"""

from __future__ import annotations

import functools
import json
import math
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from licscan.match import hashing
from licscan.match.locator import SourceLocator, pack_textmap
from licscan.match.records import SourceInfo, SourceRecord, terms_from_json

if TYPE_CHECKING:
    from licscan.match.words import Tokens

INDEX_FILE = "sources.sqlite"
SCHEME = f"blake2b64-poly-splitmix/n{hashing.NGRAM}/w{hashing.WINDOW}/v2"
# what a source row holds; an index of other records would give wrong names, not an error
RECORDS = "2"  # 2: the resolved publisher, the aliases, the captions and the language of a source
MIN_MAX_DF = 8
_CHUNK = 900  # bound parameters per statement
T = TypeVar("T")


class IndexUnusable(RuntimeError):
    """The index cannot be used (missing, damaged, another scheme); the message names the file
    and says how to build it again."""


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS sources(
  sid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, key TEXT NOT NULL UNIQUE,
  path TEXT, url TEXT, publisher TEXT, domain TEXT, host TEXT, title TEXT, doc_type TEXT,
  sha256 TEXT, words INTEGER, chars INTEGER, info TEXT, text BLOB, textmap BLOB);
CREATE TABLE IF NOT EXISTS fp(hash INTEGER NOT NULL, sid INTEGER NOT NULL,
  PRIMARY KEY(hash, sid)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fp_new(hash INTEGER NOT NULL, sid INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS df_high(hash INTEGER PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS cw(hash INTEGER NOT NULL, sid INTEGER NOT NULL,
  PRIMARY KEY(hash, sid)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cw_new(hash INTEGER NOT NULL, sid INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS cw_df(hash INTEGER PRIMARY KEY, n INTEGER NOT NULL);
"""
_TABLES = frozenset({"meta", "sources", "fp", "fp_new", "df_high"})  # in every licscan index
_CONTENT_TABLES = frozenset({"cw", "cw_new", "cw_df"})  # since scheme v2

_INFO_COLUMNS = (
    "sid, id, key, path, url, publisher, domain, host, title, doc_type, words, chars, info"
)


def _reads(method: Callable[..., T]) -> Callable[..., T]:
    """Run a :class:`Store` method under :meth:`Store.reading`."""

    @functools.wraps(method)
    def reading(self: Store, *args: Any, **kwargs: Any) -> T:
        with self.reading():
            return method(self, *args, **kwargs)

    return reading


class Store:
    """One SQLite source index."""

    def __init__(self, directory: Path, create: bool = False) -> None:
        self.directory = Path(directory)
        self.path = self.directory / INDEX_FILE
        if create:
            self.directory.mkdir(parents=True, exist_ok=True)
        elif not self.path.is_file():
            raise IndexUnusable(
                f"{self.directory} is not a source index (no {INDEX_FILE}); build one with "
                f"{self._build_command()}"
            )
        self.conn = sqlite3.connect(self.path, check_same_thread=False)
        try:
            with self.reading():
                self._open(create)
        except BaseException:
            self.conn.close()
            raise
        self._session_sids: set[int] = set()

    def _open(self, create: bool) -> None:
        if create:  # only takes effect in a new file: lets finish() give staging space back
            self.conn.execute("PRAGMA auto_vacuum=INCREMENTAL")
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA cache_size=-65536")  # 64 MB page cache
        self.conn.execute("PRAGMA temp_store=FILE")  # big sorts spill to disk, not to RAM
        tables = {name for (name,) in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = sorted(_TABLES - tables)
        if create and not tables:
            self.conn.executescript(_SCHEMA)
            self._init_meta()
        elif missing:
            raise self._unusable(f"is not a licscan source index (no table {', '.join(missing)})")
        self._check_scheme()
        if _CONTENT_TABLES - tables and not create:
            raise self._unusable("lacks its content-word postings (table cw)")
        self.high = self._load_high()

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Turn a database error into an :class:`IndexUnusable` naming the file: a damaged
        index is found when it is read, and pages are read as the scan needs them."""
        try:
            yield
        except sqlite3.OperationalError as error:  # locked, unreadable: the file may be fine
            raise IndexUnusable(f"cannot use source index {self.path} ({error})") from None
        except sqlite3.DatabaseError:
            raise self._unusable("is damaged, or is not a SQLite database") from None

    def _unusable(self, problem: str) -> IndexUnusable:
        return IndexUnusable(
            f"source index {self.path} {problem}; delete {self.directory} and build it again "
            f"with {self._build_command()}"
        )

    def _build_command(self) -> str:
        return f"`licscan index build --index {self.directory} SOURCES...`"

    # --- metadata -------------------------------------------------------------------------
    def _init_meta(self) -> None:
        defaults = {"scheme": SCHEME, "records": RECORDS, "ngram": str(hashing.NGRAM),
                    "window": str(hashing.WINDOW), "max_df": "auto", "sources": "0",
                    "fingerprints": "0", "updated": ""}
        self.conn.executemany("INSERT OR IGNORE INTO meta VALUES (?, ?)", defaults.items())
        self.conn.commit()

    @_reads
    def meta(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT key, value FROM meta"))

    def _check_scheme(self) -> None:
        meta = self.meta()
        scheme = meta.get("scheme")
        if scheme != SCHEME:
            raise self._unusable(
                f"uses fingerprint scheme {scheme!r}, this licscan uses {SCHEME!r}"
            )
        records = meta.get("records", "1")
        if records != RECORDS:
            raise self._unusable(
                f"holds source records of version {records} (this licscan reads version "
                f"{RECORDS}: sources named by their resolved publisher and aliases)"
            )

    def set_max_df(self, value: int | None) -> None:
        self.conn.execute("UPDATE meta SET value=? WHERE key='max_df'",
                          ("auto" if value is None else str(int(value)),))

    def max_df(self, sources: int | None = None) -> int:
        setting = self.meta().get("max_df", "auto")
        if setting != "auto":
            return int(setting)
        n = self.count() if sources is None else sources
        return max(MIN_MAX_DF, round(math.sqrt(n)))

    @_reads
    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM sources").fetchone()[0]

    def _load_high(self) -> np.ndarray:
        rows = self.conn.execute("SELECT hash FROM df_high").fetchall()
        return np.sort(np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)))

    # --- writing --------------------------------------------------------------------------
    def add(self, record: SourceRecord, prints: np.ndarray, stems: np.ndarray) -> str:
        """Add or replace a source with its fingerprints and the hashes of its distinct
        content stems: ``"added"``, ``"replaced"`` or ``"unchanged"``."""
        old = self.conn.execute(
            "SELECT sid, sha256 FROM sources WHERE key=?", (record.key,)
        ).fetchone()
        if old and old[1] == record.sha256:
            return "unchanged"
        if old:
            self._remove(old[0])
        record.id = self._free_id(record.id)
        cursor = self.conn.execute(
            "INSERT INTO sources(id, key, path, url, publisher, domain, host, title, doc_type,"
            " sha256, words, chars, info, text, textmap) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                record.id, record.key, record.path, record.url, record.publisher, record.domain,
                record.host, record.title, record.doc_type, record.sha256, record.words,
                len(record.text), json.dumps(record.info, ensure_ascii=False),
                zlib.compress(record.text.encode("utf-8", "surrogatepass"), 6),
                pack_textmap(record.offsets, record.line_starts),
            ),
        )
        sid = cursor.lastrowid
        self._session_sids.add(sid)
        self.conn.executemany(
            "INSERT INTO fp_new VALUES (?, ?)", ((h, sid) for h in prints.tolist())
        )
        self.conn.executemany(
            "INSERT INTO cw_new VALUES (?, ?)", ((h, sid) for h in stems.tolist())
        )
        return "replaced" if old else "added"

    def _free_id(self, wanted: str) -> str:
        candidate, n = wanted, 1
        while self.conn.execute("SELECT 1 FROM sources WHERE id=?", (candidate,)).fetchone():
            n += 1
            candidate = f"{wanted}#{n}"
        return candidate

    def _remove(self, sid: int) -> None:
        info = self.info(sid)
        tokens = _compared(self.text(sid), info.ignored)
        prints = hashing.fingerprints(hashing.word_hashes(tokens.words))
        self.conn.executemany(
            "DELETE FROM fp WHERE hash=? AND sid=?", ((h, sid) for h in prints.tolist())
        )
        self.conn.executemany(
            "DELETE FROM cw WHERE hash=? AND sid=?",
            ((h, sid) for h in _content_stems(tokens, info.lang).tolist()),
        )
        if sid in self._session_sids:  # still staged by this build
            self.conn.execute("DELETE FROM fp_new WHERE sid=?", (sid,))
            self.conn.execute("DELETE FROM cw_new WHERE sid=?", (sid,))
        self.conn.execute("DELETE FROM sources WHERE sid=?", (sid,))

    def commit(self) -> None:
        self.conn.commit()

    def finish(self) -> None:
        """Move staged fingerprints into the B-tree in hash order; refresh boilerplate list."""
        self.conn.execute(
            "INSERT OR IGNORE INTO fp SELECT hash, sid FROM fp_new ORDER BY hash, sid"
        )
        self.conn.execute("DELETE FROM fp_new")
        self.conn.execute(
            "INSERT OR IGNORE INTO cw SELECT hash, sid FROM cw_new ORDER BY hash, sid"
        )
        self.conn.execute("DELETE FROM cw_new")
        self.conn.execute("DELETE FROM cw_df")
        self.conn.execute("INSERT INTO cw_df SELECT hash, count(*) FROM cw GROUP BY hash")
        sources = self.count()
        limit = self.max_df(sources)
        self.conn.execute("DELETE FROM df_high")
        self.conn.execute(
            "INSERT INTO df_high SELECT hash, count(*) AS n FROM fp GROUP BY hash HAVING n > ?",
            (limit,),
        )
        fps = self.conn.execute("SELECT count(*) FROM fp").fetchone()[0]
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.conn.executemany(
            "UPDATE meta SET value=? WHERE key=?",
            [(str(sources), "sources"), (str(fps), "fingerprints"), (now, "updated")],
        )
        self.conn.commit()
        self.conn.executescript("PRAGMA incremental_vacuum;")  # executescript steps it to the end
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._session_sids.clear()
        self.high = self._load_high()

    # --- reading --------------------------------------------------------------------------
    @_reads
    def sids_holding(self, grams: np.ndarray) -> np.ndarray:
        """The sid of every (fingerprint, source) pair of the index whose fingerprint is one of
        ``grams``: a source holding three of them is listed three times."""
        sids: list[int] = []
        values = grams.tolist()
        for i in range(0, len(values), _CHUNK):
            chunk = values[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            sids += [sid for (sid,) in self.conn.execute(
                f"SELECT sid FROM fp WHERE hash IN ({marks})", chunk)]
        return np.asarray(sids, dtype=np.int64)

    @_reads
    def stem_counts(self, stems: np.ndarray) -> dict[int, int]:
        """How many sources hold each of the content-stem hashes ``stems`` (held ones only)."""
        return dict(self._in_chunks("SELECT hash, n FROM cw_df WHERE hash IN ({})", stems))

    @_reads
    def stem_postings(self, stems: np.ndarray) -> list[tuple[int, int]]:
        """(stem hash, sid) of every source holding one of the content stems ``stems``."""
        return self._in_chunks("SELECT hash, sid FROM cw WHERE hash IN ({})", stems)

    def _in_chunks(self, sql: str, values: np.ndarray) -> list[tuple[int, int]]:
        rows: list[tuple[int, int]] = []
        listed = values.tolist()
        for i in range(0, len(listed), _CHUNK):
            chunk = listed[i : i + _CHUNK]
            rows += self.conn.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall()
        return rows

    @_reads
    def info(self, sid: int, store: int = 0) -> SourceInfo:
        row = self.conn.execute(
            f"SELECT {_INFO_COLUMNS} FROM sources WHERE sid=?", (sid,)
        ).fetchone()
        if row is None:
            raise KeyError(sid)
        return _info_from_row(row, store)

    def infos(self) -> Iterator[SourceInfo]:
        with self.reading():
            for row in self.conn.execute(f"SELECT {_INFO_COLUMNS} FROM sources ORDER BY sid"):
                yield _info_from_row(row)

    @_reads
    def content_hashes(self) -> list[tuple[str, str]]:
        """(id, sha256) of every source, by id: what the index's content depends on."""
        return self.conn.execute("SELECT id, sha256 FROM sources ORDER BY id").fetchall()

    @_reads
    def text(self, sid: int) -> str:
        blob = self.conn.execute("SELECT text FROM sources WHERE sid=?", (sid,)).fetchone()[0]
        return zlib.decompress(blob).decode("utf-8", "surrogatepass")

    @_reads
    def locator(self, sid: int) -> SourceLocator:
        blob = self.conn.execute("SELECT textmap FROM sources WHERE sid=?", (sid,)).fetchone()[0]
        return SourceLocator.unpack(blob)

    @_reads
    def sid_for_id(self, source_id: str) -> int | None:
        row = self.conn.execute("SELECT sid FROM sources WHERE id=?", (source_id,)).fetchone()
        return row[0] if row else None

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.directory.glob(INDEX_FILE + "*"))

    def close(self) -> None:
        self.conn.close()


def _compared(text: str, ignored: list[tuple[int, int]]) -> Tokens:
    from licscan.match.words import Tokens

    return Tokens.of(text).without(ignored)


def _content_stems(tokens: Tokens, lang: str) -> np.ndarray:
    from licscan.match.sentences import content_stems

    return content_stems(tokens, lang or "en")


def _info_from_row(row: tuple, store: int = 0) -> SourceInfo:
    sid, sid_id, key, path, url, publisher, domain, host, title, doc_type, words, chars, info = row
    data = json.loads(info or "{}")
    return SourceInfo(
        sid=sid, id=sid_id, key=key, path=path or "", url=url or "", publisher=publisher or "",
        domain=domain or "", host=host or "", title=title or "", doc_type=doc_type or "",
        words=words or 0, chars=chars or 0, names=data.get("aliases", []),
        terms=terms_from_json(data.get("terms", [])), holders=data.get("holders", []),
        manifest=data.get("manifest", {}), store=store,
        ignored=[(int(a), int(b)) for a, b in data.get("ignored", [])],
        captions=[(int(a), int(b)) for a, b in data.get("captions", [])],
        lang=data.get("lang", ""),
    )
