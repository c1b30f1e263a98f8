"""The engine's ordering and streaming: results come in discovery order, however the work
finishes, with a bounded number of batches in flight."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from licscan.model import DocStatus, DocumentResult, DocumentRow, FileEntry
from licscan.run import local as engine


def _entries(count: int) -> list[FileEntry]:
    return [FileEntry(Path(f"/nowhere/f{i}.md"), f"f{i}.md", size=10) for i in range(count)]


def _run(entries: Iterable[FileEntry], pool: _JitteryPool, window: int) -> Iterator[DocumentResult]:
    return engine.ordered_results(engine.looked_up(entries, None), pool.submit, None, window)


def _result(entry: FileEntry) -> DocumentResult:
    return DocumentResult(DocumentRow(entry.relpath, "markdown", entry.size, "utf-8", DocStatus.ok))


class _JitteryPool:
    """Finishes batches in a random order and records how many are in flight at once."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=4)
        self.rng = random.Random(3)
        self.lock = threading.Lock()
        self.in_flight = 0
        self.most_in_flight = 0
        self.batch_sizes: list[int] = []

    def submit(self, entries: list[FileEntry]) -> Future[list[DocumentResult]]:
        delay = self.rng.random() / 200
        with self.lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            self.batch_sizes.append(len(entries))
        return self.pool.submit(self._work, entries, delay)

    def _work(self, entries: list[FileEntry], delay: float) -> list[DocumentResult]:
        time.sleep(delay)
        with self.lock:
            self.in_flight -= 1
        return [_result(entry) for entry in entries]


def test_results_keep_discovery_order_when_batches_finish_out_of_order() -> None:
    entries = _entries(500)
    pool = _JitteryPool()
    relpaths = [r.document.relpath for r in _run(entries, pool, window=6)]
    assert relpaths == [entry.relpath for entry in entries]
    # 500 files in batches of BATCH_FILES: every file is sent exactly once, in batches
    assert sum(pool.batch_sizes) == 500
    assert max(pool.batch_sizes) == engine.BATCH_FILES
    assert pool.most_in_flight <= 6


def test_results_are_streamed_not_collected() -> None:
    """The first result is out before discovery has produced the last file."""
    produced = 0

    def discovery() -> Iterator[FileEntry]:
        nonlocal produced
        for entry in _entries(10 * engine.BATCH_FILES):
            produced += 1
            yield entry

    pool = _JitteryPool()
    results = _run(discovery(), pool, window=2)
    next(results)
    assert produced <= 3 * engine.BATCH_FILES
    assert len(list(results)) == 10 * engine.BATCH_FILES - 1


def test_a_big_file_closes_its_batch_early() -> None:
    entries = [
        FileEntry(Path(f"/x/{i}.html"), f"{i}.html", size=engine.BATCH_BYTES) for i in range(3)
    ]
    pool = _JitteryPool()
    assert len(list(_run(entries, pool, window=4))) == 3
    assert pool.batch_sizes == [1, 1, 1]
