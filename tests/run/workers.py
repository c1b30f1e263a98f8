"""Per-file functions that kill their worker, for the crash and time-limit tests.

A plain module, not fixtures: spawned worker processes import these functions by name.  Never
run them in the test process.
"""

from __future__ import annotations

import os
import signal
import time
from typing import TYPE_CHECKING

from licscan.model import DocumentResult, FileEntry
from licscan.run.unit import process_entry

if TYPE_CHECKING:
    from licscan.run.context import ScanContext


def killed_on_crash_files(entry: FileEntry, context: ScanContext) -> DocumentResult:
    """``process_entry``, except that a file named ``*crash*`` kills its worker with SIGKILL, as
    the out-of-memory killer or a segfault in a C extension would."""
    if "crash" in entry.path.name:
        os.kill(os.getpid(), signal.SIGKILL)
    return process_entry(entry, context)


def exits_on_every_file(entry: FileEntry, context: ScanContext) -> DocumentResult:
    """A worker that dies (exit status 9) whatever it scans."""
    os._exit(9)


def sleeps_on_slow_files(entry: FileEntry, context: ScanContext) -> DocumentResult:
    """``killed_on_crash_files``, except that a file named ``*slow*`` hangs its worker (ten
    minutes of sleep), as an endless loop in a C extension would."""
    if "slow" in entry.path.name:
        time.sleep(600)
    return killed_on_crash_files(entry, context)
