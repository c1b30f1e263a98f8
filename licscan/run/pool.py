"""The crash-isolating process pool of ``jobs > 1``: batches of files scanned in worker
processes, each worker building the scan's context once from a :class:`ContextSpec`.

A worker that dies (a crash in a C extension, the out-of-memory killer) does not stop the scan:
the pool is restarted, the unfinished batches run again, and the batch the dead worker was on
is re-run file by file in a worker of its own, so that the file which kills a worker again
becomes an ``error`` row.  A file that overruns ``file-timeout`` has its worker killed and
takes the same path.
"""

from __future__ import annotations

import itertools
import signal
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from licscan.model import DocStatus, DocumentResult, FileEntry
from licscan.run.board import Board, Busy, Spawn
from licscan.run.context import ContextSpec, worker_context
from licscan.run.timelimit import (
    file_time_limit,
    timed_out,
    within_limit,
)

if TYPE_CHECKING:

    from licscan.run.context import ScanContext

ProcessEntry = Callable[[FileEntry, "ScanContext"], DocumentResult]



# Worker deaths in a row, with no file finished in between, after which a scan gives up: the
# workers die whatever they scan (memory limit, broken installation), not because of a file.
MAX_DEATHS_IN_A_ROW = 5


WORKER_DIED = "worker process died while scanning this file"


class WorkerCrashError(RuntimeError):
    """Worker processes kept dying: the scan was stopped."""


_CURRENT_SPEC: ContextSpec | None = None


_BOARD: Board | None = None  # in a worker: where it says which batch it is running


def _init_worker(spec: ContextSpec, board: Board | None = None) -> None:
    global _CURRENT_SPEC, _BOARD
    _CURRENT_SPEC, _BOARD = spec, board
    if board is not None:
        board.sign_in()
    from licscan.run.unit import warm_up

    warm_up(worker_context(spec))


def process_batch(
    entries: list[FileEntry],
    context: ScanContext,
    process: ProcessEntry | None = None,
    limit: float | None = None,
) -> list[DocumentResult]:
    """The results of ``entries``, each file held to ``limit`` seconds by an alarm (None: no
    limit; in a worker, the scan kills the worker instead)."""
    if process is None:
        from licscan.run.unit import process_entry

        process = process_entry
    return [within_limit(process, entry, context, limit) for entry in entries]


def _process_batch(
    batch_id: int, entries: list[FileEntry], process: ProcessEntry | None
) -> list[DocumentResult]:
    """The pool's task: the batch against this worker's context, each file signed on the board
    (which file, since when) so that the scan can stop a worker stuck on one."""
    assert _CURRENT_SPEC is not None, "worker started without _init_worker"
    context = worker_context(_CURRENT_SPEC)
    if _BOARD is None:
        return process_batch(entries, context, process)
    _BOARD.starting(batch_id)
    results = []
    for position, entry in enumerate(entries):
        _BOARD.starting_file(position)
        results.extend(process_batch([entry], context, process))
    _BOARD.starting_file(None)
    return results


def worker_died(entry: FileEntry, exit_code: int | None) -> DocumentResult:
    """The row of a file that killed the worker scanning it, twice: reported, not scanned."""
    from licscan.run.unit import unusable_result

    return unusable_result(entry, DocStatus.error, f"{WORKER_DIED} ({_exit_status(exit_code)})")


def _exit_status(code: int | None) -> str:
    if code is None:
        return "exit code unknown"
    if code < 0:
        try:
            return f"exit code {code}, {signal.Signals(-code).name}"
        except ValueError:
            pass
    return f"exit code {code}"


class _Pool:
    """A process pool whose dead workers can be examined once it breaks."""

    def __init__(self, spec: ContextSpec, workers: int, process: ProcessEntry | None) -> None:
        self._spawn = Spawn()
        self._board = Board(self._spawn, workers)
        self._process = process
        self._executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=self._spawn,
            initializer=_init_worker,
            initargs=(spec, self._board),
        )

    def submit(self, batch_id: int, entries: list[FileEntry]) -> Future[list[DocumentResult]]:
        return self._executor.submit(_process_batch, batch_id, entries, self._process)

    def autopsy(self) -> tuple[dict[int, int], int | None]:
        """After the pool broke: the batches whose worker died running them (batch id -> exit
        code), and the exit code of a worker that died (``None`` when none is known)."""
        self._executor.shutdown(wait=True)  # joins the workers: their exit codes are set
        codes = {p.pid: p.exitcode for p in self._spawn.processes if p.exitcode is not None}
        # A broken pool terminates (SIGTERM) the workers still alive; the others died of their
        # own, unless every one was terminated: then any of them may have been the first.
        died = {pid: code for pid, code in codes.items() if code != -signal.SIGTERM} or codes
        running = self._board.batches()
        dead = {running[pid]: code for pid, code in died.items() if pid in running}
        return dead, next(iter(died.values()), None)

    def stop_overrunning(self, limit: float) -> list[Busy]:
        """Kill every worker that has spent longer than ``limit`` seconds on one file; the pool
        breaks, and the crash path takes over."""
        processes = {p.pid: p for p in self._spawn.processes}
        stopped = []
        for busy in self._board.busy():
            process = processes.get(busy.pid)
            if busy.seconds > limit and process is not None and process.exitcode is None:
                process.kill()
                stopped.append(busy)
        return stopped

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


@dataclass(eq=False)
class _Task:
    """A batch sent to the workers: a :class:`Pending` that survives its worker's death."""

    id: int
    entries: list[FileEntry]
    workers: WorkerPool
    pool: _Pool | None = None
    future: Future[list[DocumentResult]] | None = None
    alone: bool = False  # its worker died: run it file by file, each in a worker of its own
    skipped: dict[int, DocumentResult] = field(default_factory=dict)  # overran: position -> row

    def sent(self) -> list[int]:
        """Positions of the entries sent to the workers: all but those that overran."""
        return [i for i in range(len(self.entries)) if i not in self.skipped]

    def overran(self, sent_position: int, limit: float) -> None:
        """The file at ``sent_position`` of the last submission overran: it is not sent again."""
        position = self.sent()[sent_position]
        self.skipped[position] = timed_out(self.entries[position], limit)

    def merged(self, computed: list[DocumentResult]) -> list[DocumentResult]:
        """The results of every entry, from the workers' results for those sent."""
        results, skipped = iter(computed), self.skipped
        return [skipped[i] if i in skipped else next(results) for i in range(len(self.entries))]

    def done(self) -> bool:
        return not self.alone and self.future is not None and self.future.done()

    def result(self) -> list[DocumentResult]:
        return self.workers.wait(self)

    def lost(self, pool: _Pool) -> bool:
        """Sent to ``pool``, which broke (and was shut down) before finishing it."""
        future = self.future
        if self.pool is not pool or self.alone:
            return False
        return future is None or future.cancelled() or _broke(future)


def _broke(future: Future[list[DocumentResult]]) -> bool:
    return isinstance(future.exception(), BrokenProcessPool)


class WorkerPool:
    """The process pool of a scan with ``jobs > 1``, restarted whenever a worker dies.

    When the pool breaks, every batch it had not finished is sent again to a new pool, except
    the batch a dead worker was running: its files are run one at a time, each in a one-worker
    pool of its own, so that a second death names the file, which becomes an error row.
    :data:`MAX_DEATHS_IN_A_ROW` deaths with no file finished in between stop the scan.

    With a per-file limit (``options.file_timeout``), waiting for a result also watches the
    boards, and kills a worker that has spent longer than the limit on one file.  Its pool breaks
    as if the worker had crashed; the file is known from the board, so it becomes an error row
    at once and the rest of its batch is sent again.
    """

    def __init__(self, spec: ContextSpec, jobs: int, process: ProcessEntry | None) -> None:
        self._spec, self._jobs, self._process = spec, jobs, process
        self._pool = _Pool(spec, jobs, process)
        self._lone: _Pool | None = None  # the one-worker pool for files run alone
        self._tasks: dict[int, _Task] = {}  # sent and not yet handed back, by id
        self._ids = itertools.count(1)
        self._deaths_in_a_row = 0
        self._limit = file_time_limit(spec.options)
        self._overran: dict[int, Busy] = {}  # by batch id: workers killed for an overrun

    def submit(self, entries: list[FileEntry]) -> _Task:
        task = _Task(next(self._ids), entries, self)
        self._tasks[task.id] = task
        self._send(task)
        return task

    def wait(self, task: _Task) -> list[DocumentResult]:
        """The results of ``task``, however many workers die on the way."""
        while not task.alone:
            assert task.future is not None
            try:
                results = self._result(task.future)
            except BrokenProcessPool:
                if task.pool is self._pool:
                    self._restart()
                else:
                    self._send(task)
                continue
            del self._tasks[task.id]
            self._deaths_in_a_row = 0
            return task.merged(results)
        del self._tasks[task.id]
        skipped = task.skipped
        return [skipped[i] if i in skipped else self._alone(e) for i, e in enumerate(task.entries)]

    def close(self) -> None:
        for pool in (self._pool, self._lone):
            if pool is not None:
                pool.close()

    def _send(self, task: _Task) -> None:
        task.pool, task.future = self._pool, None
        try:
            task.future = self._pool.submit(task.id, [task.entries[i] for i in task.sent()])
        except BrokenProcessPool:  # a worker died since the last look: this task is lost too
            self._restart()

    def _restart(self) -> None:
        broken = self._pool
        dead, exit_code = broken.autopsy()
        lost = [task for task in self._tasks.values() if task.lost(broken)]
        overran = {t.id: self._overran.pop(t.id) for t in lost if t.id in self._overran}
        if overran:
            self._deaths_in_a_row = 0  # a worker stopped on purpose: its file is finished
        else:
            self._died(exit_code)
        self._pool = _Pool(self._spec, self._jobs, self._process)
        for task in lost:
            if task.id in overran:
                assert self._limit is not None
                task.overran(overran[task.id].position, self._limit)
                self._send(task)
            elif task.id in dead:
                task.alone = True
            else:
                self._send(task)

    def _alone(self, entry: FileEntry) -> DocumentResult:
        """``entry`` in the one-worker pool; an error row if the worker dies on it."""
        while True:
            lone = self._lone = self._lone or _Pool(self._spec, 1, self._process)
            batch_id = next(self._ids)
            try:
                [result] = self._result(lone.submit(batch_id, [entry]))
            except BrokenProcessPool:
                dead, exit_code = lone.autopsy()
                self._lone = None
                if self._overran.pop(batch_id, None) is not None and self._limit is not None:
                    self._deaths_in_a_row = 0
                    return timed_out(entry, self._limit)
                self._died(exit_code)
                if batch_id in dead:
                    return worker_died(entry, dead[batch_id])
                continue  # the worker died before it started on the file: not the file's fault
            self._deaths_in_a_row = 0
            return result

    def _result(self, future: Future[list[DocumentResult]]) -> list[DocumentResult]:
        """``future.result()``; with a per-file limit, stopping overrunning workers meanwhile."""
        if self._limit is None:
            return future.result()
        poll = min(0.5, max(0.02, self._limit / 10))  # a kill comes at most 10% late
        while True:
            try:
                return future.result(timeout=poll)
            except FutureTimeout:
                self._stop_overrunning(self._limit)

    def _stop_overrunning(self, limit: float) -> None:
        for pool in (self._pool, self._lone):
            if pool is not None:
                for busy in pool.stop_overrunning(limit):
                    self._overran[busy.batch_id] = busy

    def _died(self, exit_code: int | None) -> None:
        self._deaths_in_a_row += 1
        if self._deaths_in_a_row >= MAX_DEATHS_IN_A_ROW:
            raise WorkerCrashError(
                f"worker processes died {self._deaths_in_a_row} times in a row without "
                f"finishing a file (last: {_exit_status(exit_code)}); the scan was stopped. "
                "SIGKILL is often the out-of-memory killer: try fewer --jobs."
            )
