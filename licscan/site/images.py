"""Pictures on pages: the rights an image's metadata states, linked to the pages that show it.

After the scan, each image with a photo credit or a copyright holder in its metadata (its
``notices`` rows) is looked for in the scanned pages: an HTML ``<img src>`` or a Markdown
``![alt](src)`` whose path, resolved against the page, is the image's path in the scan.  Only
pages and images of the scan are read, so nothing outside the scanned folders is.  The image
asks for a credit when its metadata names a credit, or a holder that is not the page's own; the
page shows it when one of those names is in the picture's alt text or in the page's text (its
caption, a credit line).  A page that shows the image without it has an
``image.credit-missing`` finding; one that credits it, an ``image.credited`` row (info).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
from lxml import etree, html
from markdown_it import MarkdownIt

from licscan.catalogue import IMAGE_CREDIT_MISSING, IMAGE_CREDITED
from licscan.load import LoadError, load_document
from licscan.load.reading import read_file
from licscan.model import (
    FileEntry,
    Finding,
    LoadedDocument,
    Severity,
    fingerprint,
    number_fingerprints,
)
from licscan.textmap import Span

_PAGE_TYPES = ("html", "markdown")
_CREDITS = ("photo_credit", "credit", "wire_credit")
# What a holder's name may end with that a credit line leaves out: "Heron Images Ltd."
_LEGAL_FORM = re.compile(
    r"[\s,]+(?:ltd|limited|inc|llc|plc|gmbh|ag|s\.?a|b\.?v|co|corp|corporation)\.?$", re.I
)


@dataclass(frozen=True)
class ImageRights:
    """Whom an image's metadata asks to be credited: its credits and holders."""

    path: str
    credits: tuple[str, ...]
    holders: tuple[str, ...]


@dataclass(frozen=True)
class Shown:
    """An image shown on a page: its path in the scan, its line in the page, its alt text."""

    image: str
    line: int
    alt: str


def image_credit_findings(frames: dict[str, pd.DataFrame], base: Path,
                          max_size: int) -> list[Finding]:  # fmt: skip
    """The findings of the pages that show an image whose metadata names whom to credit."""
    images = image_rights(frames)
    if not images:
        return []
    documents = frames["documents"]
    pages = documents[documents["type"].isin(_PAGE_TYPES) & (documents["status"] == "ok")]
    findings = []
    names = [posixpath.basename(path).encode("utf-8", "surrogateescape") for path in images]
    for page, holders in zip(pages["path"], pages["holders"], strict=True):
        document = _load(base, page, max_size, names)
        if document is None:
            continue
        for shown in shown_images(page, document.source, document.doc_type.value, images):
            finding = credit_finding(page, shown, images[shown.image], list(holders),
                                     document.text)  # fmt: skip
            if finding is not None:
                findings.append(finding)
    number_fingerprints(findings)
    return findings


def image_rights(frames: dict[str, pd.DataFrame]) -> dict[str, ImageRights]:
    """The images of the scan whose notices name a credit or a holder, by path."""
    documents = frames["documents"]
    image_paths = set(documents.loc[documents["type"] == "image", "path"])
    notices = frames["notices"]
    notices = notices[notices["path"].isin(image_paths)]
    found: dict[str, tuple[dict[str, None], dict[str, None]]] = {}
    for path, kind, holders in zip(notices["path"], notices["notice_type"], notices["holders"],
                                   strict=True):  # fmt: skip
        credits, owners = found.setdefault(path, ({}, {}))
        target = credits if kind in _CREDITS else owners if kind == "copyright" else None
        if target is not None:
            target.update(dict.fromkeys(holders))
    return {path: ImageRights(path, _distinct(credits), _distinct(owners))
            for path, (credits, owners) in found.items() if credits or owners}  # fmt: skip


def _distinct(names: Iterable[str]) -> tuple[str, ...]:
    """The names, each written once ("Heron Images Ltd." and "Heron Images Ltd" are one)."""
    return tuple({_key(name): name for name in reversed(list(names))}.values())[::-1]


def shown_images(page: str, source: str, doc_type: str,
                 images: dict[str, ImageRights]) -> list[Shown]:  # fmt: skip
    """The images of ``images`` the page shows, in page order."""
    references = _html_images(source) if doc_type == "html" else _markdown_images(source)
    shown = []
    for src, line, alt in references:
        path = resolve(page, src, images)
        if path is not None:
            shown.append(Shown(path, line, alt))
    return shown


def resolve(page: str, src: str, images: dict[str, ImageRights]) -> str | None:
    """The scanned image an ``src`` of ``page`` names: relative to the page, or from the root
    of the page's site when it starts with "/"; None for another host's or a path outside."""
    parts = urlsplit(src.strip())
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):  # from the site's root: the one image whose path ends so
        tail = "/" + path.lstrip("/")
        found = [image for image in images if ("/" + image).endswith(tail)]
        return found[0] if len(found) == 1 else None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    return joined if joined in images else None


def credit_finding(page: str, shown: Shown, rights: ImageRights, page_holders: list[str],
                   text: str) -> Finding | None:  # fmt: skip
    """The page's finding for one image it shows: credit missing, or credited; None when the
    image names nobody besides the page's own holders."""
    own = {_key(holder) for holder in page_holders}
    wanted = [*rights.credits, *(h for h in rights.holders if _key(h) not in own)]
    if not wanted:
        return None
    where = _credit_shown(wanted, shown.alt, text)
    image, names = posixpath.basename(shown.image), ", ".join(dict.fromkeys(wanted))
    if where:
        rule, severity = IMAGE_CREDITED, Severity.info
        message = f"{image} on {page}: credited to {names} ({where})"
    else:
        rule, severity = IMAGE_CREDIT_MISSING, Severity.medium
        message = (f"{image} on {page}: its metadata names {_stated(rights)}; the page "
                   "shows no credit for it")
    evidence = f"{shown.image}: {names}"
    return Finding(page, rule, "credit", severity, message,
                   Span(0, 0, shown.line, 1, shown.line, 1), excerpt=shown.image,
                   fingerprint=fingerprint(rule, page, evidence))  # fmt: skip


def _stated(rights: ImageRights) -> str:
    holders = f"© {', '.join(rights.holders)}" if rights.holders else ""
    credits = f"credit {', '.join(rights.credits)}" if rights.credits else ""
    return ", ".join(filter(None, [holders, credits]))


def _credit_shown(names: list[str], alt: str, text: str) -> str:
    """Where the page names one of ``names``: "alt text", "page text", or "" for nowhere."""
    for label, place in (("alt text", alt), ("page text", text)):
        folded = " ".join(place.casefold().split())
        if any(_key(name) and _key(name) in folded for name in names):
            return label
    return ""


def _key(name: str) -> str:
    """A name as a credit line writes it: case and spaces folded, legal form left out."""
    return _LEGAL_FORM.sub("", " ".join(name.casefold().split()).rstrip(" ."))


def _html_images(source: str) -> Iterator[tuple[str, int, str]]:
    try:
        root = html.fromstring(source.encode("utf-8"))
    except (etree.ParserError, ValueError):
        return
    for image in root.iter("img"):
        if image.get("src"):
            yield image.get("src", ""), image.sourceline or 1, image.get("alt") or ""


def _markdown_images(source: str) -> Iterator[tuple[str, int, str]]:
    for block in MarkdownIt().parse(source):
        line = block.map[0] + 1 if block.map else 1
        if block.type == "html_block":
            yield from ((src, line + offset - 1, alt)
                        for src, offset, alt in _html_images(block.content))  # fmt: skip
        for token in block.children or ():
            if token.type == "image":
                yield str(token.attrs.get("src", "")), line, token.content
            elif token.type == "html_inline" and token.content.lower().startswith("<img"):
                yield from ((src, line, alt) for src, _, alt in _html_images(token.content))


def _load(base: Path, page: str, max_size: int, names: list[bytes]) -> LoadedDocument | None:
    """The page read again as the scan read it, when its bytes name one of the images; None
    when they do not, or it cannot be read now."""
    try:
        data = read_file(base / page, max_size).data
        if not any(name in data for name in names):
            return None
        return load_document(FileEntry(base / page, page), max_size)
    except LoadError:
        return None
