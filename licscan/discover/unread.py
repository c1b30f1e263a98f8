"""Why discovery does not read a file: a format it does not read, a link out of the scanned
folders, a file it cannot look at — the status and reason of its row."""

from __future__ import annotations

import errno
import os
from collections import Counter
from collections.abc import Iterable

from licscan.discover.paths import readable
from licscan.load.container import NOT_READ as ITEMS_NOT_READ
from licscan.load.errors import FORMAT_NOT_READ
from licscan.model import DocStatus

LINK_OUT_OF_ROOTS = "symbolic link to a path outside the scanned folders"


def skipped_summary(reasons: Iterable[str]) -> str:
    """ "3 files skipped (formats not read: .pdf 1, .png 2)" from the reasons of the skipped
    rows, then the items that feeds, exports and archives hold but licscan leaves out ("9 items
    of 2 files not read: attachment 1, request 8"); "" when there are none."""
    reasons = list(reasons)
    items = [reason for reason in reasons if reason.startswith(ITEMS_NOT_READ)]
    files = [reason for reason in reasons if not reason.startswith(ITEMS_NOT_READ)]
    return "; ".join(part for part in (_files_skipped(files), _items_left_out(items)) if part)


def _files_skipped(reasons: list[str]) -> str:
    kinds = Counter(reason.split(" (", 1)[0] for reason in reasons)  # a link's target dropped
    formats = [(kind.removeprefix(FORMAT_NOT_READ), n) for kind, n in sorted(kinds.items())
               if kind.startswith(FORMAT_NOT_READ)]
    parts = [f"{kind}: {n}" for kind, n in sorted(kinds.items())
             if not kind.startswith(FORMAT_NOT_READ)]
    if formats:
        parts.insert(0, "formats not read: " + ", ".join(f"{name} {n}" for name, n in formats))
    total = sum(kinds.values())
    return f"{total} file{'s' * (total != 1)} skipped ({'; '.join(parts)})" if total else ""


def _items_left_out(reasons: list[str]) -> str:
    """From ``items not read (3: attachment 2, nav_menu_item 1)`` rows, one per file."""
    kinds: Counter[str] = Counter()
    for reason in reasons:
        counted = reason.partition(": ")[2].removesuffix(")")
        for part in filter(None, counted.split(", ")):
            kind, _, n = part.rpartition(" ")
            kinds[kind] += int(n) if n.isdigit() else 1
    if not reasons:
        return ""
    total, files = sum(kinds.values()), len(reasons)
    listed = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
    return (f"{total} item{'s' * (total != 1)} of {files} file{'s' * (files != 1)} not read "
            f"({listed})")


def out_of_roots_reason(target: str) -> str:
    """The reason of a link leading out of the scanned folders, to ``target``."""
    return f"{LINK_OUT_OF_ROOTS} ({readable(target)}); use --follow-symlinks to scan it"


def unknown_type_problem(path: str, name: str) -> tuple[DocStatus, str] | None:
    """Why a file of no known type is not scanned; None when it has no extension and reads as
    text (``README``, an HTML page saved without extension)."""
    if "." in name.removesuffix(".gz"):
        return DocStatus.skipped, FORMAT_NOT_READ + _extension(name)
    return _sniff_unknown(path)


def _extension(name: str) -> str:
    """``.pdf`` of ``paper.PDF``; ``.tar.gz`` of ``site.tar.gz``."""
    base = name.lower()
    suffix = ".gz" if base.endswith(".gz") else ""
    base = base.removesuffix(suffix)
    return base[base.rfind(".") :] + suffix


def stat_or_problem(path: str) -> tuple[os.stat_result | None, tuple[DocStatus, str] | None]:
    """``os.stat`` of ``path`` (links followed), or the status and reason of its row."""
    try:
        return os.stat(path), None
    except OSError as error:
        if error.errno == errno.ELOOP:
            return None, (DocStatus.symlink_loop, "symbolic link loop")
        if isinstance(error, FileNotFoundError) and os.path.islink(path):
            return None, (DocStatus.unreadable, "broken symbolic link")
        return None, (DocStatus.unreadable, why_unreadable(error))


def _sniff_unknown(path: str) -> tuple[DocStatus, str] | None:
    """For a file without extension: None if it reads as text, else why it is not scanned."""
    import zlib

    from licscan.load.reading import GZIP_MAGIC
    from licscan.load.sniff import SNIFF_BYTES, binary_reason

    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as error:
        return DocStatus.unreadable, why_unreadable(error)
    binary = (DocStatus.skipped, FORMAT_NOT_READ + "binary file without extension")
    if head[:2] == GZIP_MAGIC:
        try:  # the first bytes of the decompressed stream are enough to tell
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, SNIFF_BYTES)
        except zlib.error:
            return binary
    if not head.strip():
        return DocStatus.skipped, FORMAT_NOT_READ + "empty file without extension"
    return binary if binary_reason(head) else None


def why_unreadable(error: OSError) -> str:
    """An OS error in words fit for a report row."""
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, FileNotFoundError):
        return "not found"
    return error.strerror or str(error)
