"""The source index a scan matches against: one or more stores, with read caches.

A :class:`SourceIndex` wraps the SQLite stores of :mod:`licscan.match.store` (an index folder
made by ``licscan index build``, a temporary index built from source folders, the scan's own
documents for ``--cross``).  It pickles as the paths of its stores, so ``--jobs`` workers and
Dask workers reopen it themselves; only the process that built a temporary index deletes it.
"""

from __future__ import annotations

import shutil
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from licscan.match.locator import SourceLocator
from licscan.match.records import SourceInfo, terms_to_json
from licscan.match.store import Store
from licscan.match.words import Tokens

_TOKEN_CACHE = 256  # aligned sources kept tokenised (a corpus reused by many documents)
T = TypeVar("T")


class SourceIndex:
    """Sources to match documents against, with their metadata, notices and terms."""

    def __init__(self, directories: list[Path], temporary: Path | None = None,
                 exclude_ids: bool = False) -> None:
        self.directories = [Path(d) for d in directories]
        self.exclude_ids = exclude_ids  # --cross: a document never matches itself by id
        if temporary is not None:  # only the creating process removes the folder
            self._cleanup = weakref.finalize(self, shutil.rmtree, str(temporary), True)
        self._open()

    def _open(self) -> None:
        self.stores = [Store(d) for d in self.directories]
        self._infos: dict[tuple[int, int], SourceInfo] = {}
        self._tokens: OrderedDict[tuple[int, int], Tokens] = OrderedDict()
        self._locators: dict[tuple[int, int], SourceLocator] = {}
        self._counts: dict[int, int] = {}
        self._derived: OrderedDict[tuple[Hashable, int, int], Any] = OrderedDict()
        self._lock = threading.Lock()  # threaded workers (Dask) share one index

    def __getstate__(self) -> dict:
        return {"directories": self.directories, "exclude_ids": self.exclude_ids}

    def __setstate__(self, state: dict) -> None:
        self.directories = state["directories"]
        self.exclude_ids = state["exclude_ids"]
        self._open()

    def close(self) -> None:
        for store in self.stores:
            store.close()

    def __len__(self) -> int:
        return sum(store.count() for store in self.stores)

    def source_count(self, store: int) -> int:
        """Sources in one store (read once: a scan does not change the index)."""
        if store not in self._counts:
            self._counts[store] = self.stores[store].count()
        return self._counts[store]

    # --- lookups used by the matcher ------------------------------------------------------
    def info(self, store: int, sid: int) -> SourceInfo:
        key = (store, sid)
        if key not in self._infos:
            self._infos[key] = self.stores[store].info(sid, store)
        return self._infos[key]

    def find(self, source_id: str) -> SourceInfo | None:
        """A source by its id (the first store that has it)."""
        for i, store in enumerate(self.stores):
            sid = store.sid_for_id(source_id)
            if sid is not None:
                return self.info(i, sid)
        return None

    def tokens(self, store: int, sid: int) -> Tokens:
        key = (store, sid)
        with self._lock:
            cached = self._tokens.get(key)
            if cached is not None:
                self._tokens.move_to_end(key)
                return cached
        # the source's chrome and rights lines are left out, as they were when it was indexed
        tokens = Tokens.of(self.stores[store].text(sid)).without(self.info(store, sid).ignored)
        with self._lock:
            self._tokens[key] = tokens
            if len(self._tokens) > _TOKEN_CACHE:
                self._tokens.popitem(last=False)
        return tokens

    def derived(self, kind: Hashable, store: int, sid: int, make: Callable[[], T]) -> T:
        """What ``make`` derives from one source (its sentences for the paraphrase stage),
        made once and kept for the next documents, like the sources' words."""
        key = (kind, store, sid)
        with self._lock:
            if key in self._derived:
                self._derived.move_to_end(key)
                return self._derived[key]
        value = make()
        with self._lock:
            self._derived[key] = value
            if len(self._derived) > _TOKEN_CACHE:
                self._derived.popitem(last=False)
        return value

    def locator(self, store: int, sid: int) -> SourceLocator:
        key = (store, sid)
        if key not in self._locators:
            if len(self._locators) > _TOKEN_CACHE:
                self._locators.clear()
            self._locators[key] = self.stores[store].locator(sid)
        return self._locators[key]

    def sources(self) -> list[SourceInfo]:
        return [info for i, store in enumerate(self.stores) for info in _with_store(store, i)]

    def stats(self) -> dict:
        metas = [store.meta() for store in self.stores]
        return {
            "stores": [str(d) for d in self.directories],
            "sources": sum(int(m.get("sources", 0)) for m in metas),
            "fingerprints": sum(int(m.get("fingerprints", 0)) for m in metas),
            "boilerplate_fingerprints": sum(len(store.high) for store in self.stores),
            "max_df": [store.max_df() for store in self.stores],
            "size_bytes": sum(store.size_bytes() for store in self.stores),
            "updated": max((m.get("updated", "") for m in metas), default=""),
            "scheme": metas[0].get("scheme", "") if metas else "",
        }

    # --- Parquet export -------------------------------------------------------------------
    def export_parquet(self, directory: Path, buckets: int = 64, batch: int = 1_000_000) -> dict:
        """Write the fingerprints and source metadata as Parquet, for joins in Dask or DuckDB.

        Layout (``directory``)::

            sources.parquet                 store, sid, id, path, url, publisher, domain,
                                            host, title, words, chars, terms (JSON)
            fingerprints/bucket=NN/part-S-K.parquet
                                            hash (int64), store (int16), sid (int64)

        ``NN`` (``buckets`` values, a power of two) is taken from the top bits of the hash, so a
        join of document fingerprints against the index can go bucket by bucket; rows within a
        file are sorted by hash.  ``store``/``sid`` join ``sources.parquet``.
        """
        import pyarrow as pa
        import pyarrow.parquet as pq

        directory = Path(directory)
        (directory / "fingerprints").mkdir(parents=True, exist_ok=True)
        shift = np.int64(64 - int(np.log2(buckets)))
        rows = 0
        for s, store in enumerate(self.stores):
            for part, chunk in enumerate(_fingerprint_chunks(store, batch)):
                data = np.asarray(chunk, dtype=np.int64)
                bucket = (data[:, 0] >> shift) + buckets // 2  # signed order → 0..buckets-1
                for b in np.unique(bucket).tolist():
                    sel = data[bucket == b]
                    table = pa.table({
                        "hash": sel[:, 0],
                        "store": np.full(len(sel), s, dtype=np.int16),
                        "sid": sel[:, 1],
                    })
                    out = directory / "fingerprints" / f"bucket={b:02d}"
                    out.mkdir(exist_ok=True)
                    pq.write_table(table, out / f"part-{s}-{part}.parquet")
                rows += len(data)
        infos = self.sources()
        meta = pa.table({
            "store": [i.store for i in infos], "sid": [i.sid for i in infos],
            "id": [i.id for i in infos], "path": [i.path for i in infos],
            "url": [i.url for i in infos], "publisher": [i.publisher for i in infos],
            "domain": [i.domain for i in infos], "host": [i.host for i in infos],
            "title": [i.title for i in infos], "words": [i.words for i in infos],
            "chars": [i.chars for i in infos],
            "terms": [_json(terms_to_json(i.terms)) for i in infos],
        })
        pq.write_table(meta, directory / "sources.parquet")
        return {"fingerprints": rows, "sources": len(infos), "buckets": buckets}


def _fingerprint_chunks(store: Store, size: int) -> Iterator[list[tuple[int, int]]]:
    """The store's (hash, sid) pairs in hash order, ``size`` at a time."""
    with store.reading():
        cursor = store.conn.execute("SELECT hash, sid FROM fp ORDER BY hash")
        while chunk := cursor.fetchmany(size):
            yield chunk


def _with_store(store: Store, index: int) -> list[SourceInfo]:
    out = []
    for info in store.infos():
        info.store = index
        out.append(info)
    return out


def _json(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)
