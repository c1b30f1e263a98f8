"""Turning a file's bytes into text, with the encoding a browser (or an editor) would pick.

Order: byte-order mark; for HTML the declared charset (``<meta charset>``, ``http-equiv``
Content-Type, XML declaration) with the WHATWG label aliases (``iso-8859-1`` means
windows-1252); strict UTF-8; UTF-8 with a few stray bytes replaced (a truncated character, one
pasted windows-1252 quote: no more bad bytes than valid non-ASCII characters, as valid
multi-byte sequences practically never occur by chance in legacy encodings); then
charset-normalizer as the detector of last resort.  The text is decoded exactly as
``open(path, encoding=encoding, newline="")`` would read it, so offsets match the file.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from licscan.load.errors import LoadError
from licscan.load.sniff import utf16_without_bom
from licscan.model import DocStatus

_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_PRESCAN_BYTES = 16384
_DECLARED = re.compile(
    rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:+-]{1,40})["']"""
    rb"""|<meta\b[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9._:+-]{1,40})""",
    re.IGNORECASE,
)
# WHATWG Encoding Standard: labels browsers read as another (superset) encoding.
_WHATWG = {
    "ascii": "cp1252",
    "latin_1": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
    "big5": "big5hkscs",
    "utf-16": "utf-8",  # a UTF-16 declaration inside ASCII-compatible bytes is wrong by definition
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
    "utf-32": "utf-8",
    "utf-32-le": "utf-8",
    "utf-32-be": "utf-8",
}

# The legacy encodings of the WHATWG Encoding Standard, the ones browsers read, less the two Mac
# ones: the detector picks among these only (cp1125, cp775 or mac-roman fit short Western
# texts too, and garble them).
_WEB_ENCODINGS = [
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "cp874", "cp866", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5", "iso8859_6",
    "iso8859_7", "iso8859_8", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15",
    "iso8859_16", "koi8_r", "koi8_u", "gb18030", "big5", "euc_jp", "iso2022_jp", "shift_jis",
    "euc_kr",
]  # fmt: skip
_WEB_DEFAULT = "cp1252"


@dataclass
class Decoded:
    text: str
    encoding: str  # Python codec name, usable with open(..., encoding=...)
    warnings: list[str] = field(default_factory=list)


def decode(data: bytes, html: bool) -> Decoded:
    """Decode ``data``; raise :class:`LoadError` (undecodable) when no encoding fits."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, "the byte-order mark says")
    utf16 = utf16_without_bom(data[:4096]) if b"\x00" in data[:4096] else ""
    if utf16:
        return _strict(data, utf16, "its NUL-byte pattern says")
    declared = declared_charset(data) if html else ""
    if data.isascii():
        return Decoded(data.decode("ascii"), "utf-8" if declared in ("", "utf-8") else declared)
    if declared and declared != "utf-8":
        return _declared(data, declared)
    return _utf8_or_detect(data, declared)


def declared_charset(data: bytes) -> str:
    """The Python codec named by the page's own charset declaration ("" when none is usable)."""
    match = _DECLARED.search(data, 0, _PRESCAN_BYTES)
    if match is None:
        return ""
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return ""
    return _WHATWG.get(name, name)


def _declared(data: bytes, declared: str) -> Decoded:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:  # valid multi-byte UTF-8 practically never happens by chance in legacy encodings
        return Decoded(text, "utf-8", [f"declared charset {declared} but the content is UTF-8"])
    try:
        return Decoded(data.decode(declared), declared)
    except UnicodeDecodeError:
        result = _detect(data)
        result.warnings.insert(0, f"declared charset {declared} does not fit the bytes")
        return result


def _utf8_or_detect(data: bytes, declared: str) -> Decoded:
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", "replace")
    replaced = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    valid = len(text) - len(text.encode("ascii", "ignore")) - replaced  # non-ASCII characters
    if replaced <= valid:
        bad = len(data) - len(text.encode("utf-8")) + 3 * replaced  # each U+FFFD is 3 bytes
        return Decoded(text, "utf-8", [f"decoded as UTF-8 with {_bytes(bad)} replaced"])
    result = _detect(data)
    if declared:
        result.warnings.insert(0, "declared charset utf-8 does not fit the bytes")
    return result


def _bytes(count: int) -> str:
    return "1 invalid byte" if count == 1 else f"{count} invalid bytes"


def _detect(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes

    results = from_bytes(data, cp_isolation=_WEB_ENCODINGS)
    best = results.best()
    if best is None or best.encoding is None:
        raise LoadError(DocStatus.undecodable, "no character encoding fits the bytes")
    tied = [m for m in results if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    if any(_WEB_DEFAULT in m.could_be_from_charset for m in tied):
        encoding = _WEB_DEFAULT  # what a browser reads when nothing tells another encoding apart
    else:
        encoding = codecs.lookup(best.encoding).name
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:  # the detector tolerated a few bad bytes
        text = data.decode(encoding, "replace")
    return Decoded(text, encoding, [f"encoding {encoding} guessed by charset-normalizer"])


def _strict(data: bytes, encoding: str, why: str) -> Decoded:
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError as error:
        raise LoadError(
            DocStatus.undecodable,
            f"not valid {encoding} although {why} so: {error.reason}",
            encoding=encoding,
        ) from error
