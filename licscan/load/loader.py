"""What a loader is: the reader of one document type, as :mod:`licscan.load.registry` lists it.

A loader says which files it reads (by suffix, or by whole name), whether it reads binary
content, and turns a file's content into a :class:`~licscan.model.LoadedDocument`.
:func:`licscan.load.load_document` does the rest for every loader alike: reading the bytes (gzip
looked through), the size limit, refusing binary content to a text loader, decoding, and the
statuses of files it cannot read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from licscan.model import DocType, LoadedDocument


class Parsed(NamedTuple):
    """A loader's result: the document, and why its parser could not read it — None when it
    could, "" when the content holds nothing but markup."""

    document: LoadedDocument
    failure: str | None = None


# A loader's reading function: (content, path, relpath) → Parsed.
ReadFunction = Callable[[Any, Path, str], Parsed]


class Loader(Protocol):
    """The reader of one document type."""

    @property
    def doc_type(self) -> DocType:
        """The type written into :attr:`LoadedDocument.doc_type` and the documents table."""

    @property
    def suffixes(self) -> tuple[str, ...]:
        """The lower-case name endings it reads, with the dot (``.html``); each also
        gzip-compressed (``.html.gz``).  A suffix is what follows a name's last dot."""

    @property
    def names(self) -> tuple[str, ...]:
        """Lower-case file names without a suffix that it reads whatever their case
        (``license`` reads ``LICENSE``), each also gzip-compressed."""

    @property
    def read(self) -> ReadFunction:
        """The document of a file's content: the decoded text for a text loader, the bytes
        (decompressed when gzip) for a binary one, the open file for one that does not read
        whole files."""

    @property
    def binary(self) -> bool:
        """Whether it reads content that looks binary; a text loader never sees such a file
        (its status is ``binary``)."""

    @property
    def whole_file(self) -> bool:
        """Whether it reads the whole file's bytes (within the scan's size limit); False for a
        loader that needs only part of a file (an image's metadata): its read function gets
        the open file, of any size."""

    @property
    def declares_charset(self) -> bool:
        """Whether the content may name its own encoding (``<meta charset>``), which decoding
        then honours."""

    @property
    def sniff(self) -> Callable[[bytes], bool] | None:
        """Whether a text file without a known suffix is of this type, from its first bytes
        (None: never)."""


@dataclass(frozen=True)
class FileLoader:
    """A :class:`Loader` made of its parts (the fields are the protocol's)."""

    doc_type: DocType
    suffixes: tuple[str, ...]
    read: ReadFunction
    names: tuple[str, ...] = ()
    binary: bool = False
    whole_file: bool = True
    declares_charset: bool = False
    sniff: Callable[[bytes], bool] | None = None
