"""The progress line of long runs (scans, checks, index builds): files done of the total, speed,
time spent and time left, on stderr.

Discovery walks every folder before the first file is scanned, so a scan knows its total from
the start.  The line is drawn only on a terminal: in a pipe, a log or CI it stays silent, and
it is erased when the run ends (``transient``), leaving the summary alone on the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress, Task, TaskID


class FileProgress:
    """Files done so far, drawn by a rich progress line (or nowhere, when it is ``None``)."""

    def __init__(self, progress: Progress | None = None, task: TaskID | None = None) -> None:
        self._progress = progress
        self._task = task

    def advance(self, files: int = 1) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, files)

    def reach(self, files: int) -> None:
        """``files`` done in all (for runs that count rather than step)."""
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=files)


@contextmanager
def file_progress(
    enabled: bool, description: str, total: int | Callable[[], int | None] | None = None
) -> Iterator[FileProgress]:
    """A progress line of ``total`` files while the block runs; silent unless ``enabled`` and
    stderr is a terminal.  ``total`` may be a function, called only when the line is drawn
    (counting costs a walk of the folders), or ``None`` when it is not known."""
    progress = _make_progress() if enabled else None
    if progress is None:
        yield FileProgress()
        return
    with progress:
        files = total() if callable(total) else total
        yield FileProgress(progress, progress.add_task(description, total=files))


def _make_progress() -> Progress | None:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    console = Console(stderr=True)
    if not console.is_terminal:
        return None

    class FilesPerSecond(ProgressColumn):
        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            label = f"{speed:,.0f} files/s" if speed else "- files/s"
            return Text(label, style="progress.data.speed")

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        FilesPerSecond(),
        TimeElapsedColumn(),
        TextColumn("elapsed,"),
        TimeRemainingColumn(),
        TextColumn("left"),
        console=console,
        transient=True,
    )
