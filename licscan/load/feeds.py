"""Feeds and WordPress exports (``.rss``, ``.atom``, ``.xml``, read with lxml): each item of an
RSS or Atom feed, and each post or page of a WordPress export (WXR: an RSS feed with the
``wp:`` namespace), is a document; its content (``content:encoded``, ``description``, Atom
``content`` or ``summary``) read as an HTML page, its link its URL.

The rights statements of the item and of the feed as a whole (a channel's ``copyright``
applies to every item) become metadata of source ``feed``: ``dc:rights`` (``dc.rights``),
RSS ``copyright``, Atom ``rights``, ``media:credit`` and ``media:copyright`` (a picture's
credit), the Creative Commons module's ``license``, the author (``dc:creator``, ``author``) and
a WordPress post's ``wp:status`` (``publish``, ``draft``, ``private`` …).  An XML file that is
none of these is ``skipped``.
"""

from __future__ import annotations

import hashlib
import html
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from licscan.load.archive import joined_text
from licscan.load.container import Listing, Member
from licscan.load.errors import FORMAT_NOT_READ, LoadError
from licscan.load.html import read_html
from licscan.load.reading import read_file
from licscan.model import DocStatus, DocType, LoadedDocument, MetaItem
from licscan.textmap import Locations

ATOM = "{http://www.w3.org/2005/Atom}"
_RSS1 = "{http://purl.org/rss/1.0/}"
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_WP = "http://wordpress.org/export/"
_WXR_TYPES = frozenset({"post", "page"})
# the names of the item's and the feed's rights elements, as metadata
_NAMES = {
    "{http://purl.org/dc/elements/1.1/}rights": "dc.rights",
    "{http://purl.org/dc/terms/}rights": "dcterms.rights",
    "copyright": "copyright",
    f"{ATOM}rights": "rights",
    "{http://search.yahoo.com/mrss/}credit": "media.credit",
    "{http://search.yahoo.com/mrss/}copyright": "media.copyright",
    "{http://backend.userland.com/creativeCommonsRssModule}license": "license",
    "{http://web.resource.org/cc/}license": "license",
    "{http://purl.org/dc/elements/1.1/}creator": "dc.creator",
    "author": "author",
    f"{ATOM}author": "author",
}
_FEED_NAMES = frozenset({"dc.rights", "dcterms.rights", "copyright", "rights", "license"})
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class Feed:
    kind: str  # "wordpress", "rss", "atom"
    items: list[etree._Element]
    meta: list[MetaItem]  # the feed's own rights statements, which apply to every item
    encoding: str


def list_feed(path: Path, max_size: int) -> Listing:
    """The items of the feed at ``path`` (a WordPress export's posts and pages)."""
    feed = _parsed(*_identity(path), max_size)
    listing = Listing()
    for position, item in enumerate(feed.items):
        if feed.kind == "wordpress":
            post_type = _wp_text(item, "post_type")
            if post_type not in _WXR_TYPES:
                listing.left_out[post_type or "item without a post type"] += 1
                continue
            label = f"post-{_wp_text(item, 'post_id') or position + 1}"
        else:
            name = _first_text(item, ("guid", f"{ATOM}id", "link", f"{_RSS1}link")) or _link(item)
            digest = hashlib.sha256((name or str(position)).encode("utf-8", "surrogatepass"))
            label = f"item-{digest.hexdigest()[:12]}"
        listing.add(Member(str(position), label, len(etree.tostring(item))))
    if not listing.members and not listing.left_out:
        raise LoadError(DocStatus.empty, f"a feed without an item ({feed.kind})")
    return listing


def read_feed_item(path: Path, relpath: str, key: str, max_size: int) -> LoadedDocument:
    """The document of the item at position ``key`` of the feed."""
    feed = _parsed(*_identity(path), max_size)
    item = feed.items[int(key)]
    label, content = _content(item)
    if not content.strip():
        raise LoadError(DocStatus.empty, "an item without content")
    document, failure = read_html(content, path, relpath)
    if failure is not None:
        raise LoadError(DocStatus.malformed if failure else DocStatus.empty,
                        failure or "no content besides markup")  # fmt: skip
    document.doc_type = DocType.feed
    document.encoding = feed.encoding
    document.size = len(content.encode("utf-8", "surrogatepass"))
    document.title = _first_text(item, ("title", f"{ATOM}title", f"{_RSS1}title"))
    document.canonical_url = _first_text(item, ("link", f"{_RSS1}link")) or _link(item)
    document.meta[:0] = [*feed.meta, *_item_meta(item, feed.kind)]
    document.locations = Locations()
    document.locations.add(0, label)
    return document


def _identity(path: Path) -> tuple[str, int, int]:
    """What tells a feed file's versions apart: the parsed feed is reused while it holds."""
    info = os.stat(path)
    return str(path), info.st_mtime_ns, info.st_size


@lru_cache(maxsize=1)  # the items of a feed come one after the other to the same worker
def _parsed(name: str, _mtime: int, _size: int, max_size: int) -> Feed:
    raw = read_file(Path(name), max_size)
    if not raw.data.strip():
        raise LoadError(DocStatus.empty, "0 bytes")
    try:
        root = etree.fromstring(raw.data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise LoadError(DocStatus.malformed, f"not well-formed XML: {error}") from None
    encoding = root.getroottree().docinfo.encoding or "utf-8"
    if root.tag == "rss":
        channel = root.find("channel")
        channel = root if channel is None else channel
        kind = (
            "wordpress" if any(ns and ns.startswith(_WP) for ns in root.nsmap.values()) else "rss"
        )
        return Feed(kind, channel.findall("item"), _feed_meta(channel), encoding)
    if root.tag == f"{ATOM}feed":
        return Feed("atom", root.findall(f"{ATOM}entry"), _feed_meta(root), encoding)
    if root.tag == f"{_RDF}RDF":
        channel = root.find(f"{_RSS1}channel")
        meta = _feed_meta(channel) if channel is not None else []
        return Feed("rss", root.findall(f"{_RSS1}item"), meta, encoding)
    suffix, tag = Path(name).suffix.lower(), etree.QName(root).localname
    raise LoadError(DocStatus.skipped, f"{FORMAT_NOT_READ}{suffix} (XML, but neither a WordPress "
                                       f"export nor an RSS or Atom feed: <{tag}>)")  # fmt: skip


def _feed_meta(channel: etree._Element) -> list[MetaItem]:
    return [MetaItem("feed", name, value, location="feed metadata")
            for child in channel
            if (name := _NAMES.get(child.tag)) in _FEED_NAMES
            and (value := _value(child))]  # fmt: skip


def _item_meta(item: etree._Element, kind: str) -> list[MetaItem]:
    items = [MetaItem("feed", name, value, location="item metadata")
             for element in item.iter()
             if isinstance(element.tag, str) and (name := _NAMES.get(element.tag))
             and (value := _value(element))]  # fmt: skip
    if kind == "wordpress" and (status := _wp_text(item, "status")):
        items.append(MetaItem("feed", "wp.status", status, location="item metadata"))
    return items


def _value(element: etree._Element) -> str:
    """An element's statement: its text, an Atom author's name, a cc:license's resource."""
    if element.tag == f"{ATOM}author":
        name = element.find(f"{ATOM}name")
        return "" if name is None else joined_text(name)
    return joined_text(element) or element.get(f"{_RDF}resource", "")


def _content(item: etree._Element) -> tuple[str, str]:
    """Where an item's content is and its HTML: ``content:encoded``, ``description``, Atom
    ``content`` or ``summary``."""
    for tag, label in ((_CONTENT, "content:encoded"), ("description", "description"),
                       (f"{_RSS1}description", "description"), (f"{ATOM}content", "content"),
                       (f"{ATOM}summary", "summary")):  # fmt: skip
        element = item.find(tag)
        if element is not None:
            return label, _html_of(element)
    return "content", ""


def _html_of(element: etree._Element) -> str:
    kind = element.get("type", "html")
    if kind == "xhtml":
        return "".join(etree.tostring(child, encoding="unicode") for child in element)
    text = element.text or ""
    return html.escape(text) if kind == "text" and element.tag.startswith(ATOM) else text


def _wp_text(item: etree._Element, local: str) -> str:
    for child in item:
        if isinstance(child.tag, str) and child.tag.startswith("{" + _WP) and \
                child.tag.endswith("}" + local):  # fmt: skip
            return (child.text or "").strip()
    return ""


def _first_text(item: etree._Element, tags: tuple[str, ...]) -> str:
    for tag in tags:
        element = item.find(tag)
        if element is not None and (text := joined_text(element)):
            return text
    return ""


def _link(item: etree._Element) -> str:
    """An Atom entry's link: ``rel="alternate"`` (or none), its ``href``."""
    for link in item.findall(f"{ATOM}link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href", "")
    return ""
