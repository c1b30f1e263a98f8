"""Images (JPEG, PNG, WebP, TIFF, HEIC/HEIF): the rights metadata a photo carries, never its
pixels.

Pillow reads a file's header and metadata blocks only: the pixels are never decoded, so a
photo of any size is read at the cost of its metadata, and the scan's size limit does not
apply to it (the file is opened, not read whole).  HEIC and HEIF (the photos of phones) are
opened by pillow-heif's plugin for Pillow, which libheif decodes lazily: its opener is
registered on the first image read, so Pillow knows HEIF content whatever the file's name.
Three kinds of metadata are read:

- EXIF ``Copyright`` and ``Artist`` (source ``exif``: ``exif.Copyright``, ``exif.Artist``);
- IPTC IIM in a JPEG's Photoshop block or a TIFF's IPTC tag: 2:116 Copyright Notice, 2:80
  By-line, 2:110 Credit, 2:115 Source (source ``iptc``: ``iptc.CopyrightNotice``,
  ``iptc.By-line``, ``iptc.Credit``, ``iptc.Source``); PNG, WebP and HEIF have no place for
  IIM (a HEIC's rights are in its EXIF and XMP);
- the XMP packet (source ``xmp``, read by :mod:`licscan.load.xmp`): ``dc.rights``,
  ``dc.creator``, ``photoshop.Credit``, ``xmpRights.UsageTerms`` …

Each item's location names its field as photo tools show it: ``EXIF Copyright``, ``IPTC
Credit``, ``XMP dc:rights``.  An image has no text: its document's text is empty and all it
says is in its metadata.  A file Pillow cannot open is ``malformed`` with Pillow's reason; a
file whose pixels are cut short but whose metadata is whole is read (the pixels are not
needed); a HEIF file cut short is ``malformed``, since libheif drops the metadata it cannot
reach without a word.  Without Pillow (``pip install licscan[formats]``) an image is a
``skipped`` row, and so is a HEIC/HEIF file without pillow-heif (the same extra).
"""

from __future__ import annotations

import functools
import io
import struct
import warnings
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import IO, Any  # Pillow's image objects: the library is optional

from licscan.load.errors import LoadError, missing_library
from licscan.load.loader import Parsed
from licscan.load.xmp import xmp_items
from licscan.model import DocStatus, DocType, LoadedDocument, MetaItem
from licscan.textmap import OffsetMap

HEIF_SUFFIXES = (".heic", ".heif", ".hif")  # .hif: the HEIF of Canon and Fujifilm cameras
SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", *HEIF_SUFFIXES)
# EXIF tags of IFD0 that state rights: (tag, name)
_EXIF_TAGS = ((0x8298, "Copyright"), (0x013B, "Artist"))
# IPTC IIM datasets of record 2 that state rights: (dataset, name in items, name in locations)
_IPTC_DATASETS = (
    (116, "CopyrightNotice", "Copyright Notice"),
    (80, "By-line", "By-line"),
    (110, "Credit", "Credit"),
    (115, "Source", "Source"),
    (40, "SpecialInstructions", "Special Instructions"),
)
_IIM_UTF8 = b"\x1b%G"  # 1:90 Coded Character Set: UTF-8
# What a damaged file makes Pillow raise while reading headers and metadata.
_UNIDENTIFIED = "not a readable image (cannot identify image file)"
# libheif drops the metadata items of a cut file without a word: its rights would go unseen
_HEIF_CUT_SHORT = "file cut short: it ends inside a box, so its rights metadata may be lost"
_BROKEN = (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, struct.error)


def read_image(content: bytes | IO[bytes], path: Path, relpath: str) -> Parsed:
    """The document of an image: no text, its rights metadata as items."""
    pillow = _library(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with pillow.open(_source(content)) as image:
                items = [*_exif_items(image), *_iptc_items(image), *_xmp_items(image)]
                kind = image.format or "image"
            if kind == "HEIF" and _boxes_cut_short(content):
                raise LoadError(DocStatus.malformed, _HEIF_CUT_SHORT)
        except pillow.UnidentifiedImageError:  # Pillow's message names the file: the row does
            raise LoadError(DocStatus.malformed, _UNIDENTIFIED) from None
        except _BROKEN as error:
            raise LoadError(DocStatus.malformed, f"not a readable image ({error})") from None
    document = LoadedDocument(path, relpath, DocType.image, "", "", OffsetMap(), encoding="")
    document.meta = items
    document.title = next((i.value for i in items if i.name == "dc.title"), "")
    document.warnings.extend(f"{kind}: {warning.message}" for warning in caught)
    return Parsed(document)


def _boxes_cut_short(content: bytes | IO[bytes]) -> bool:
    """Whether an ISO media file (HEIF) ends before its last top-level box does: each box
    starts with its length (32 bits; 1: a 64-bit length follows the type; 0: to the end)."""
    handle = io.BytesIO(content) if isinstance(content, bytes) else content
    size = handle.seek(0, io.SEEK_END)
    position = 0
    while position < size:
        handle.seek(position)
        header = handle.read(16)
        length = struct.unpack(">I", header[:4])[0] if len(header) >= 8 else 8
        if length == 1:
            length = struct.unpack(">Q", header[8:16])[0] if len(header) == 16 else 16
        if length == 0:
            return False
        position += max(length, 8)
    return position != size


def _source(content: bytes | IO[bytes]) -> IO[bytes] | str:
    """What Pillow opens: decompressed bytes as a file, an open file by its name so that
    pillow-heif reads the parts of a HEIF file it needs (given a file object, it reads it
    whole)."""
    if isinstance(content, bytes):
        return io.BytesIO(content)
    name = getattr(content, "name", None)
    return name if isinstance(name, str) else content


def _library(path: Path) -> ModuleType:
    """Pillow, with the HEIF opener when pillow-heif is installed; a ``skipped`` error when the
    library of the file's format is missing."""
    try:
        from PIL import Image
    except ImportError:
        raise missing_library("image", "images") from None
    suffix = Path(path.name.lower().removesuffix(".gz")).suffix
    if not _heif_opener() and suffix in HEIF_SUFFIXES:
        raise missing_library(suffix, "HEIC/HEIF images")
    return Image


def _heif_opener() -> bool:
    """Whether Pillow opens HEIF files: pillow-heif installed, its opener registered."""
    try:
        import pillow_heif
    except ImportError:
        return False
    _register_heif_opener(pillow_heif)
    return True


@functools.cache
def _register_heif_opener(pillow_heif: ModuleType) -> None:
    """Once a process: registering changes Pillow's list of formats for all its users."""
    pillow_heif.register_heif_opener()


def _exif_items(image: Any) -> list[MetaItem]:
    exif = image.getexif()
    items = []
    for tag, name in _EXIF_TAGS:
        value = _text(exif.get(tag))
        if value:
            items.append(MetaItem("exif", f"exif.{name}", value, location=f"EXIF {name}"))
    return items


def _iptc_items(image: Any) -> list[MetaItem]:
    from PIL import IptcImagePlugin

    if image.format not in ("JPEG", "TIFF"):  # the formats that carry IIM
        return []
    info = IptcImagePlugin.getiptcinfo(image) or {}
    utf8 = _IIM_UTF8 in _values(info.get((1, 90)))
    items = []
    for dataset, name, label in _IPTC_DATASETS:
        for raw in _values(info.get((2, dataset))):
            # without a declared charset: UTF-8 as tools write today, else Latin-1
            value = _text(raw.decode("utf-8", "replace") if utf8 else _utf8_or_latin1(raw))
            if value:
                items.append(MetaItem("iptc", f"iptc.{name}", value, location=f"IPTC {label}"))
    return items


def _xmp_items(image: Any) -> list[MetaItem]:
    packet = image.info.get("xmp") or b""
    if isinstance(packet, str):
        packet = packet.encode("utf-8")
    return [replace(item, location=f"XMP {item.name.replace('.', ':', 1)}")
            for item in xmp_items(packet)]  # fmt: skip


def _values(value: bytes | list[bytes] | None) -> list[bytes]:
    """An IIM dataset's values: Pillow gives one as bytes, a repeated one as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _utf8_or_latin1(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _text(value: object) -> str:
    """A metadata value as one line: EXIF separates photographer and editor copyright by NUL."""
    if isinstance(value, bytes):
        value = _utf8_or_latin1(value)
    if not isinstance(value, str):
        return ""
    return " ".join(value.replace("\x00", " ").split())
