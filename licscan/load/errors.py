"""The one exception a loader raises: the file cannot be read as a document."""

from __future__ import annotations

from licscan.model import DocStatus


class LoadError(Exception):
    """A file that is not scanned, with the status and reason the documents table shows."""

    def __init__(self, status: DocStatus, reason: str, encoding: str = "") -> None:
        super().__init__(f"{status.value}: {reason}")
        self.status = status
        self.reason = reason
        self.encoding = encoding
