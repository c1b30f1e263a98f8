"""Reading a file's bytes: regular files only, a size limit, gzip read transparently; or
opening it for a loader that reads only part of it (an image's metadata), without the limit.

A gzip stream is decompressed at most ``max_size + 1`` bytes far, so a small compressed file
that expands to gigabytes (a gzip bomb) costs no more than a file at the limit.
"""

from __future__ import annotations

import errno
import gzip
import os
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from licscan.load.errors import LoadError
from licscan.model import DocStatus

GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class RawFile:
    data: bytes  # the file's bytes, decompressed when it was gzip
    size: int  # bytes on disk
    compressed: bool


def read_file(path: Path, max_size: int) -> RawFile:
    """Read ``path`` or raise :class:`LoadError` saying why it cannot be read."""
    info = _regular_stat(path)
    if info.st_size > max_size:
        raise LoadError(DocStatus.too_large, _too_large(info.st_size, max_size))
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_size + 1)
            if len(data) > max_size:  # the file grew since it was listed
                raise LoadError(DocStatus.too_large, _too_large(len(data), max_size))
            if data[:2] != GZIP_MAGIC:
                return RawFile(data, len(data), False)
            single = _single_member(data, max_size)
            if single is not None:
                return RawFile(single, len(data), True)
            handle.seek(0)
            return RawFile(_gunzip(handle, max_size), len(data), True)
    except OSError as error:
        raise LoadError(DocStatus.unreadable, _os_reason(error)) from error


def open_file(path: Path) -> IO[bytes]:
    """``path`` opened for reading in part, whatever its size (a loader that needs only a
    file's metadata); :class:`LoadError` saying why it cannot be."""
    _regular_stat(path)
    try:
        return open(path, "rb")
    except OSError as error:
        raise LoadError(DocStatus.unreadable, _os_reason(error)) from error


def _regular_stat(path: Path) -> os.stat_result:
    info = _stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise LoadError(DocStatus.unreadable, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise LoadError(DocStatus.unreadable, f"not a regular file ({_kind(info.st_mode)})")
    return info


def _single_member(data: bytes, max_size: int) -> bytes | None:
    """The usual gzip file, one member within the limit, decompressed in one call (zlib checks
    its CRC and length); None for anything else, which :func:`_gunzip` reads and reports."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip header and trailer
    try:
        output = inflater.decompress(data, max_size + 1)
    except zlib.error:
        return None
    if inflater.eof and not inflater.unused_data and len(output) <= max_size:
        return output
    return None


def _gunzip(handle, max_size: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=handle, mode="rb") as stream:
            data = stream.read(max_size + 1)
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        raise LoadError(DocStatus.malformed, f"corrupt gzip data: {error}") from error
    if len(data) > max_size:
        raise LoadError(
            DocStatus.too_large, f"decompressed size exceeds the limit of {max_size} bytes"
        )
    return data


def _stat(path: Path) -> os.stat_result:
    try:
        return path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise LoadError(DocStatus.symlink_loop, "symbolic link loop") from error
        raise LoadError(DocStatus.unreadable, _os_reason(error)) from error


def _os_reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, FileNotFoundError):
        return "file not found (or a broken symbolic link)"
    if isinstance(error, IsADirectoryError):
        return "is a folder, not a file"
    return f"cannot read: {error.strerror or error}"


def _too_large(size: int, max_size: int) -> str:
    return f"{size} bytes, over the limit of {max_size} bytes"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"
