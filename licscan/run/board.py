"""The workers' board: shared memory where each worker of a :class:`~licscan.run.pool.WorkerPool`
says which batch and which file it is on, and the ``spawn`` context that keeps the processes it
starts.  After a crash the board tells which batch the dead worker was running; during a scan,
which worker is stuck on a file.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.context import SpawnContext, SpawnProcess
from typing import Any


class Spawn(SpawnContext):
    """The ``spawn`` start method (workers start clean, without the parent's open databases or
    threads), keeping the processes it starts so that their exit codes can be read."""

    def __init__(self) -> None:
        self.processes: list[SpawnProcess] = []

    def Process(self, *args: Any, **kwargs: Any) -> SpawnProcess:  # the name pools call
        process = SpawnProcess(*args, **kwargs)
        self.processes.append(process)
        return process


@dataclass(frozen=True)
class Busy:
    """A worker's current file, as its board row says: ``position`` in batch ``batch_id``."""

    pid: int
    batch_id: int
    position: int
    seconds: float  # spent on it so far


class Board:
    """Shared memory where each worker of a pool writes its process id once, then the id of
    every batch it starts, and the position and start time of every file: after a crash it
    tells which batch the dead worker was running; during a scan, which worker is stuck."""

    FIELDS = 4  # pid, batch id, file position, file start (time.monotonic_ns(); 0: between files)

    def __init__(self, spawn: SpawnContext, workers: int) -> None:
        self.rows = spawn.Array("q", self.FIELDS * workers, lock=False)
        self.signed_in = spawn.Value("i", 0)
        self.row: int | None = None  # in a worker: its row

    def sign_in(self) -> None:
        with self.signed_in.get_lock():
            row = self.signed_in.value
            self.signed_in.value += 1
        if self.FIELDS * row < len(self.rows):
            self.row = row
            self.rows[self.FIELDS * row] = os.getpid()

    def starting(self, batch_id: int) -> None:
        if self.row is not None:
            self.rows[self.FIELDS * self.row + 1] = batch_id

    def starting_file(self, position: int | None) -> None:
        """Sign the start of the file at ``position`` of the current batch (``None``: done).
        The start time is cleared first and set last, so a reader that sees the same start
        time before and after reading the position has a consistent row."""
        if self.row is None:
            return
        at = self.FIELDS * self.row
        self.rows[at + 3] = 0
        if position is not None:
            self.rows[at + 2] = position
            self.rows[at + 3] = time.monotonic_ns()

    def _count(self) -> int:
        return min(self.signed_in.value, len(self.rows) // self.FIELDS)

    def batches(self) -> dict[int, int]:
        """Process id -> the last batch that worker started."""
        rows, n = self.rows, self.FIELDS
        return {rows[n * i]: rows[n * i + 1] for i in range(self._count()) if rows[n * i + 1]}

    def busy(self) -> Iterator[Busy]:
        """The workers scanning a file now, and since how long."""
        rows, n = self.rows, self.FIELDS
        for i in range(self._count()):
            started = rows[n * i + 3]
            batch_id, position = rows[n * i + 1], rows[n * i + 2]
            if started and rows[n * i + 3] == started:
                seconds = (time.monotonic_ns() - started) / 1e9
                yield Busy(rows[n * i], batch_id, position, seconds)
