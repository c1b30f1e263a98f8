"""Site chrome in an HTML page: which parts of its visible text are not the page's own content.

Pages of one site or platform share menus, headers, footers, comment forms, cookie banners,
share widgets and "related stories" boxes.  Matching compares only the article, so the loader
marks the rest (:attr:`LoadedDocument.boilerplate`) with three signals, each well known from
boilerplate removal (Readability, jusText, boilerpipe):

1. **Elements**: ``nav``, ``aside``, ``footer``, ``form``, ``menu``, ``dialog``, a page-level
   ``header`` (not an article's or a section's own), ARIA roles ``navigation``, ``banner``,
   ``contentinfo``, ``complementary``, ``search``, ``menu``/``menubar``, and elements whose
   ``class``/``id`` *words* say chrome (``comments``, ``cookie``, ``share``, ``sidebar``,
   ``nav``/``navigation``, ``breadcrumb``, ``widget``, ``advert`` …; ``site-navigation`` and
   ``navBar`` are split into words, so ``canvas`` is not ``nav``).  A class whose last telling
   word is ``content``, ``article``, ``main``, ``body`` or ``column`` is not chrome (after
   Readability's exception), nor a word in a long slug (``category-native-advertising-…``).  An
   element that holds the page's ``article``/``main`` or its main text (the element with the
   most paragraph words, as in Readability) is never chrome: page builders wrap every block,
   the article too, in ``widget`` containers, and ASP.NET pages sit in one ``form``.
2. **Content area**: when the page has ``<main>``/``<article>`` (or the roles), text outside
   them is chrome — provided they hold the article (see :func:`combine`).
3. **Link density**: a block of text (between blank lines) that is mostly link text is a
   list of links, not prose.

Each signal is kept only when it leaves the page some content: a page whose every word would
be chrome is compared whole rather than not at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

# elements that may be chrome or content areas: containers and list items (sidebars list
# their widgets); a paragraph or a heading is judged by the container it stands in
CANDIDATES = frozenset(
    {"div", "section", "ul", "ol", "li", "dl", "table", "nav", "header", "footer", "aside",
     "form", "menu", "dialog", "main", "article", "search", "details", "center"}
)  # fmt: skip
CHROME_TAGS = frozenset({"nav", "aside", "footer", "form", "menu", "dialog"})
CHROME_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
)
CONTENT_TAGS = frozenset({"main", "article"})
CONTENT_ROLES = frozenset({"main", "article"})
SECTIONING = frozenset({"article", "aside", "main", "nav", "section"})  # own their header
_NEVER_CHROME = frozenset({"html", "body", "main", "article"})
CHROME_WORDS = frozenset(
    {
        "comment", "comments", "commentlist", "respond", "disqus",
        "cookie", "cookies", "consent", "gdpr",
        "share", "shares", "sharing", "sharedaddy", "sharethis", "addthis", "social",
        "newsletter", "subscribe", "subscription", "signup",
        "related", "recommended", "sidebar", "widget", "widgets", "widgetarea",
        "menu", "menus", "menubar", "nav", "navbar", "navigation", "breadcrumb", "breadcrumbs",
        "footer", "pagination", "pager", "skip", "toolbar", "popup", "modal",
        "advert", "adverts", "advertisement", "advertising", "ad", "ads", "sponsor",
        "sponsored", "promo",
    }
)  # fmt: skip
CONTENT_WORDS = frozenset({"content", "article", "main", "body", "column"})
MAX_NAME_WORDS = 4  # a class token of more words is a slug (category-…, tag-…), not a role
_STATE_WORDS = frozenset({"has", "no", "with", "show", "hide", "enable", "disable", "is"})
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")
CHROME, CONTENT = 1, 2  # what classify() says of an element
LINK_DENSITY = 0.5  # share of a block's characters in link text from which it is a link list
MIN_LEFT = 30  # words a signal must leave outside chrome to be kept
MIN_CONTENT = 50  # words of a content area that make it the article (else: half the page)


def attribute_words(value: str) -> list[str]:
    """Lowercase words of a class or id value: ``site-navigation navBar`` → site, navigation,
    nav, bar."""
    return [w.lower() for w in _WORD.findall(value)]


@lru_cache(maxsize=8192)  # class values repeat across a page and across a site's pages
def says_chrome(value: str) -> bool:
    """A class/id value naming chrome, not content.  In a compound name the last telling word
    decides ("main-navigation" is a navigation, "sidebar-content" the content of a sidebar);
    "has-sidebar", "no-comments" describe a page's layout, not the element, and a long slug
    (a category or tag name) says nothing."""
    found = False
    for token in value.split():
        words = attribute_words(token)
        if len(words) > MAX_NAME_WORDS:
            continue
        telling = [
            w for i, w in enumerate(words)
            if w in CONTENT_WORDS
            or (w in CHROME_WORDS and (i == 0 or words[i - 1] not in _STATE_WORDS))
        ]
        if telling and telling[-1] in CONTENT_WORDS:
            return False
        found = found or bool(telling)
    return found


@dataclass
class PageAreas:
    areas: set  # the content areas (main, article) that hold the page's main text
    keep: set  # elements never chrome: the areas' ancestors, the main text and its ancestors


def page_areas(root, blocks: list) -> PageAreas:
    """Which content area (``main``/``article`` or their roles) is the page's content: the
    innermost one holding its main text (the element with the most words in paragraphs, or in
    lines broken by ``<br>``; as in Readability) — not an ``<article>`` per comment or per
    teaser card.  Pages without either keep them all.  ``blocks``: the ``p`` and ``br``
    elements of ``root``, in document order."""
    words: dict = {}
    for element in blocks:
        parent = element.getparent()
        if parent is None:
            continue
        if element.tag == "p":
            count = len("".join(element.itertext()).split())
        else:
            count = len(element.tail.split()) if element.tail else 0
        words[parent] = words.get(parent, 0) + count
    if not any(words.values()):
        areas = set(_content_query()(root))
        return PageAreas(areas, {a for area in areas for a in area.iterancestors()})
    top = max(words, key=words.__getitem__)
    path = [top, *top.iterancestors()]
    # the innermost area around the main text: the <article> inside <main>, not all of <main>
    area = next((element for element in path if _is_area(element)), None)
    return PageAreas({area} if area is not None else set(), set(path))


def _is_area(element) -> bool:
    """A content area: what :func:`_content_query` finds."""
    return element.tag in CONTENT_TAGS or element.get("role") in CONTENT_ROLES


@cache
def _content_query() -> Any:
    """The page's content areas (``main``, ``article`` and their roles), found in one query."""
    from lxml import etree

    return etree.XPath("//main | //article | //*[@role='main' or @role='article']")


def classify(element, tag: str, sectioned: bool, page: PageAreas) -> int:
    """``CHROME``, ``CONTENT`` or 0 for an element (outside any chrome) of the page."""
    if element in page.areas:
        return CONTENT
    if tag in _NEVER_CHROME or element in page.keep:
        return 0
    role = (element.get("role") or "").strip().lower()
    if tag in CHROME_TAGS or role in CHROME_ROLES or (tag == "header" and not sectioned):
        return CHROME
    names = " ".join(v for v in (element.get("class"), element.get("id")) if v)
    return CHROME if names and says_chrome(names) else 0



def link_dense(text: str, links: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Blocks (between blank lines) whose characters are mostly link text."""
    if not links:
        return []
    anchors = sorted(links)
    dense: list[tuple[int, int]] = []
    pos, first = 0, 0
    for block in text.split("\n\n"):
        start, end = pos, pos + len(block)
        pos = end + 2
        while first < len(anchors) and anchors[first][1] <= start:
            first += 1
        linked, i = 0, first
        while i < len(anchors) and anchors[i][0] < end:
            linked += max(0, min(end, anchors[i][1]) - max(start, anchors[i][0]))
            i += 1
        visible = len(block) - block.count(" ") - block.count("\n")
        if linked and visible and linked >= LINK_DENSITY * visible:
            dense.append((start, end))
    return dense


def combine(text: str, chrome: list[tuple[int, int]], content: list[tuple[int, int]],
            dense: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The boilerplate ranges of a page from its three signals, each kept only when it leaves
    at least :data:`MIN_LEFT` words; the content area is the article when it holds
    :data:`MIN_CONTENT` words or half of what the chrome left (not a teaser card)."""
    total = len(text.split())
    marked: list[tuple[int, int]] = []
    before = total  # words left outside what is marked
    chrome_left = _left(text, total, chrome)
    if chrome_left >= MIN_LEFT:
        marked, before = chrome, chrome_left
    if content:
        outside = _complement(content, len(text))
        left = _left(text, total, marked + outside)
        if left >= MIN_CONTENT or (left >= MIN_LEFT and left * 2 >= before):
            marked = marked + outside
    if dense and _left(text, total, marked + dense) >= MIN_LEFT:
        marked = marked + dense
    return merge_ranges(marked)


def _left(text: str, total: int, ranges: list[tuple[int, int]]) -> int:
    """Words of ``text`` (``total`` in all) outside ``ranges``."""
    return total - sum(len(text[start:end].split()) for start, end in merge_ranges(ranges))


def _complement(ranges: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    out, pos = [], 0
    for start, end in merge_ranges(ranges):
        if start > pos:
            out.append((pos, start))
        pos = max(pos, end)
    if pos < length:
        out.append((pos, length))
    return out


def merge_ranges(ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ``[start, end)`` ranges covering the same characters."""
    merged: list[list[int]] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]
