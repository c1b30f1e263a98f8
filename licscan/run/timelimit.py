"""Time per file: the per-file time limit (``file-timeout``), and fewer garbage collections.

A file that takes longer than the limit becomes an ``error`` row instead of holding a scan or
a pre-commit check forever.  Where it can, licscan stops the file in its own process: a
``SIGALRM`` timer (POSIX, main thread) raises :class:`FileTimeout` in the Python code scanning
the file, which costs nothing when the file is quick.  The exception comes only between two
Python steps: one long call into C (an lxml parse, a decompression, a SQLite query) finishes
before it is stopped; a regular-expression search is stopped (the regex package checks for
signals while it matches).  Where no alarm is available (Windows, a thread
other than the main one, a program that uses the alarm itself), and for scans with several
jobs, the engine runs files in worker processes and kills a worker that overruns instead
(:mod:`licscan.run.local`), which also stops a call into C.
"""

from __future__ import annotations

import gc
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from licscan.model import DocumentResult, FileEntry
    from licscan.options import ScanOptions
    from licscan.run.context import ScanContext

TIMED_OUT = "scanning this file took longer than"  # how every timed-out row's reason starts
GC_ALLOCATIONS = 50_000  # see fewer_collections

ProcessEntry = Callable[["FileEntry", "ScanContext"], "DocumentResult"]


class FileTimeout(BaseException):
    """The file being scanned overran the limit.  A ``BaseException``, like KeyboardInterrupt,
    so that no ``except Exception`` on the way (a loader's, the pipeline's) takes it for an
    error of the file's own."""


def file_time_limit(options: ScanOptions) -> float | None:
    """Seconds one file may take; None when there is no limit (``file-timeout`` 0)."""
    return options.file_timeout or None


def timed_out(entry: FileEntry, limit: float) -> DocumentResult:
    """The row of a file that was stopped for taking longer than ``limit`` seconds."""
    from licscan.model import DocStatus
    from licscan.run.unit import unusable_result

    reason = (
        f"{TIMED_OUT} {limit:g} s and was stopped; raise file-timeout (or --file-timeout) "
        "to allow more"
    )
    return unusable_result(entry, DocStatus.error, reason)


def alarm_available() -> bool:
    """Whether this process can stop a file with ``SIGALRM``: POSIX, the main thread, and no
    handler or timer of someone else's to disturb."""
    if not hasattr(signal, "setitimer"):
        return False
    if threading.current_thread() is not threading.main_thread():
        return False
    handler = signal.getsignal(signal.SIGALRM)
    if handler not in (signal.SIG_DFL, signal.SIG_IGN, None):
        return False
    return signal.getitimer(signal.ITIMER_REAL)[0] == 0


def can_stop_here(limit: float | None) -> bool:
    """Whether files can be scanned in this process and still be held to ``limit``."""
    return limit is None or alarm_available()


def within_limit(
    process: ProcessEntry, entry: FileEntry, context: ScanContext, limit: float | None
) -> DocumentResult:
    """``process(entry, context)``, or the timed-out row if it takes longer than ``limit``
    seconds (no limit: None).  Call only where :func:`can_stop_here` says so."""
    if limit is None:
        return process(entry, context)
    armed = True

    def expire(_signum: int, _frame: object) -> None:
        if armed:  # a signal that arrives after the file finished is ignored
            raise FileTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            return process(entry, context)
        finally:
            armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
    except FileTimeout:
        return timed_out(entry, limit)
    finally:
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def fewer_collections(allocations: int = GC_ALLOCATIONS) -> Iterator[None]:
    """Run the cyclic garbage collector less often while a scan or a check runs.

    A scan creates millions of long-lived objects (results read back from the cache, table
    rows), a file of 200,000 notices a million (hits, rows, spans, findings), and almost no
    reference cycles; with CPython's default threshold (a collection every 700 allocations)
    the collector keeps traversing them, which doubles the time of a rescan and adds a fifth
    to such a file.  Cycles are still collected, every ``allocations`` allocations instead.
    """
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], allocations), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
