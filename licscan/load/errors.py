"""The one exception a loader raises: the file cannot be read as a document."""

from __future__ import annotations

from licscan.model import DocStatus

FORMAT_NOT_READ = "format not read: "  # the reason of a skipped file, before its format


class LoadError(Exception):
    """A file that is not scanned, with the status and reason the documents table shows."""

    def __init__(self, status: DocStatus, reason: str, encoding: str = "") -> None:
        super().__init__(f"{status.value}: {reason}")
        self.status = status
        self.reason = reason
        self.encoding = encoding


def missing_library(suffix: str, label: str) -> LoadError:
    """The error of a format whose library is not installed: a ``skipped`` row that says
    what to install (a plain ``pip install licscan`` reads the text formats only)."""
    return LoadError(
        DocStatus.skipped, f"{FORMAT_NOT_READ}{suffix} (install licscan[formats] to read {label})"
    )
