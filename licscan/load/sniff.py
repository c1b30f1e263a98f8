"""Cheap looks at a file's first bytes: is it binary, and is it HTML?

Used by discovery (for files without an extension) and by the loader.
"""

from __future__ import annotations

import re

SNIFF_BYTES = 8192

# Signatures of common binary formats that may hide behind a text extension.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x7fELF", "ELF executable"),
    (b"RIFF", "RIFF media file"),
    (b"OggS", "Ogg media file"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# Bytes that never occur in text: C0 controls (NUL too) except tab, LF, FF, CR and ESC.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_CONTROL_RATIO = 0.05  # share of such bytes from which a file is binary
_FEW_CONTROLS = 8  # as many as this are stray bytes even in a short text
_HTML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta\b|title>|\?xml)",
    re.IGNORECASE | re.DOTALL,
)


def utf16_without_bom(head: bytes) -> str:
    """ "utf-16-le"/"utf-16-be" when NULs sit on every other byte (text stored as UTF-16)."""
    sample = head[: len(head) - len(head) % 2]
    if len(sample) < 4:
        return ""
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > 0.6 * half and even.count(0) < 0.1 * half:
        return "utf-16-le"
    if even.count(0) > 0.6 * half and odd.count(0) < 0.1 * half:
        return "utf-16-be"
    return ""


def binary_reason(head: bytes) -> str:
    """Why these leading bytes are not text ("" when they look like text).

    A stray NUL or control byte (a paste from a terminal, a bad export) does not make a file
    binary; a share of them above :data:`_CONTROL_RATIO` does (a few more than
    :data:`_FEW_CONTROLS`), unless they are UTF-16's NULs.
    """
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return f"binary content ({name})"
    if not head or head.startswith(_BOMS) or head.startswith(b"\x00\x00\xfe\xff"):
        return ""
    controls = len(head) - len(head.translate(None, _CONTROL))
    if controls <= max(_CONTROL_RATIO * len(head), _FEW_CONTROLS):
        return ""
    if b"\x00" not in head:
        return "binary content (control bytes)"
    return "" if utf16_without_bom(head) else "binary content (NUL bytes)"


def looks_like_html(head: bytes) -> bool:
    """True when a file without extension starts like an HTML document."""
    return _HTML_START.match(head[:2048]) is not None
