"""An HTML page's links and head: the links the walk met, finished with their anchor text
and source range; meta tags, ``<link rel>``, ``<base>``, ``<html lang>`` and the canonical URL.

URLs: :attr:`Link.href` keeps the attribute as written; :attr:`Link.url` is the absolute URL,
resolved against ``<base href>``, else the canonical URL, else ``og:url`` ("" when the href is
relative and no base is known).  ``<link rel>`` values in :attr:`LoadedDocument.meta` are
absolute the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from licscan.load.content import ExtractedContent, trim
from licscan.load.html_tokens import Tag
from licscan.load.html_walk import PendingLink
from licscan.load.layout import TextWriter
from licscan.model import Link, MetaItem

_LINK_RELS = frozenset(
    {"canonical", "license", "copyright", "author", "publisher", "cite-as", "me"}
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_ORIGIN = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*")
_ANCHOR_END = re.compile(r"</a\s*>", re.I)


def finish_link(
    pending: PendingLink, writer: TextWriter, text: str, source: str, base: int, base_url: str
) -> Link:
    """The link the walk met, with its trimmed anchor text (or label), its range in the source
    (the whole <a> element when its end tag is found) and its absolute URL."""
    start, end = -1, -1
    if pending.text_end > pending.text_start:
        start, end = trim(text, pending.text_start, pending.text_end)
    if start < end:
        anchor_text = text[start:end]
    else:
        start = end = -1
        anchor_text = pending.label
    src_start, src_end = 0, 0
    if pending.tag is not None:
        src_start, src_end = pending.tag.start, pending.tag.end
        if pending.tag.name == "a":
            after = max(src_end, writer.map.source_end(end) if end > 0 else src_end)
            close = _ANCHOR_END.search(source, after - base, after - base + 20000)
            if close is not None:
                src_end = base + close.end()
    elif start >= 0:
        src_start, src_end = writer.map.source_range(start, end)
    return Link(
        href=pending.href,
        text=anchor_text,
        rel=pending.rel,
        text_start=start,
        text_end=end,
        src_start=src_start,
        src_end=src_end,
        url=absolute_url(pending.href, base_url),
    )


def license_links(links: list[Link]) -> list[MetaItem]:
    """``rel="license"`` links of the body, as metadata."""
    return [
        MetaItem("link", "license", link.url or link.href, link.src_start, link.src_end)
        for link in links
        if "license" in link.rel
    ]


@dataclass
class HeadMeta:
    """What the head says that is not a document field: the base of relative URLs, og:title."""

    base_url: str = ""
    og_title: str = ""


def head_metadata(tags: list[Tag], content: ExtractedContent) -> HeadMeta:
    """Meta tags, <link rel>, <base>, <html lang>, canonical URL: read from the source tags."""
    head = HeadMeta()
    base_href = canonical = og_url = language = ""
    links: list[tuple[Tag, str, str]] = []
    for tag in tags:
        if tag.name in ("a", "area"):
            continue  # located for links; their attributes are parsed only when needed
        attrs = tag.attrs
        if tag.name == "meta":
            name = (
                attrs.get("name") or attrs.get("property") or attrs.get("http-equiv")
                or attrs.get("itemprop") or ""
            ).strip().lower()  # fmt: skip
            value = attrs.get("content")
            if not name or value is None:
                continue
            value = value.strip()
            content.meta.append(MetaItem("meta", name, value, tag.start, tag.end))
            if name == "og:url" and not og_url:
                og_url = value
            elif name == "og:title" and not head.og_title:
                head.og_title = " ".join(value.split())
            elif name == "content-language" and not language:
                language = value.split(",")[0].strip()
        elif tag.name == "link":
            href = attrs.get("href", "").strip()
            for rel in attrs.get("rel", "").lower().split():
                if rel == "canonical" and href and not canonical:
                    canonical = href
                if rel in _LINK_RELS and href:
                    links.append((tag, rel, href))
        elif tag.name == "base" and not base_href:
            base_href = attrs.get("href", "").strip()
        elif tag.name == "html" and not content.lang:
            content.lang = (attrs.get("lang") or attrs.get("xml:lang") or "").strip()
    if not content.lang:
        content.lang = language
    base_url = base_href if _SCHEME.match(base_href) else ""
    content.canonical_url = absolute_url(canonical, base_url) if canonical else ""
    if not content.canonical_url and _SCHEME.match(og_url):
        content.canonical_url = og_url
    head.base_url = base_url or content.canonical_url
    if base_href and not base_url:
        head.base_url = absolute_url(base_href, content.canonical_url)
    for tag, rel, href in links:
        url = absolute_url(href, head.base_url) or href
        content.meta.append(MetaItem("link", rel, url, tag.start, tag.end))
    return head


def absolute_url(href: str, base_url: str) -> str:
    """``href`` made absolute against ``base_url``; "" when that is not possible."""
    if href.startswith(("https://", "http://")) or _SCHEME.match(href):  # the usual case first
        return href
    if not base_url or not href:
        return ""
    if href[0] == "/" and href[1:2] != "/" and "/." not in href:  # the common case, quickly
        origin = _ORIGIN.match(base_url)
        if origin:
            return origin.group() + href
    return urljoin(base_url, href)
