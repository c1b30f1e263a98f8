"""Picture captions in an HTML page: the elements whose text says what a picture shows and who
took it or holds its rights.

A **caption** is a ``<figure>`` (the picture's caption and anything else shown with it), a
``<figcaption>``, or an element whose ``class`` or ``itemprop`` says caption
(``wp-caption-text``, ``media_caption``, ``itemprop="caption"``).  A **caption credit** is an
element whose ``class`` or ``itemprop`` names a credit (``credit``, ``copyright``,
``photographer``, ``source``, ``itemprop="copyrightHolder"``) inside a caption, or anywhere when
the same value names a picture (``photo-credit``, ``image-copyright``,
``heroimage-copyright``).  A credit word alone outside a caption says nothing of pictures:
``footer-copyright`` holds the page's notice, ``site-credits`` its theme's.  A figure whose
class says chrome (``<figure class="comments">``) is no caption.

Detection reads a "© Name" in a caption as the picture's credit rather than the page's notice,
and the text of a caption credit as the names it credits.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from licscan.load.boilerplate import MAX_NAME_WORDS, attribute_words, says_chrome

CAPTION, CREDIT = "caption", "credit"
_CAPTION_TAGS = frozenset({"figure", "figcaption"})
_CAPTION_WORDS = frozenset({"caption", "captions", "figcaption"})
# not "author": an author box or a byline names who wrote the page
_CREDIT_WORDS = frozenset(
    {"credit", "credits", "copyright", "copyrights", "photographer", "fotograf", "source", "quelle"}
)
# a word holding one of these names a picture: "headerimage", "photocredit", "imgCopyright"
_PICTURE_STEMS = ("image", "img", "photo", "foto", "picture", "bild", "media", "figure", "caption")
# a figure longer than this holds more than a picture and its caption (a layout's wrapper), a
# credit line longer than that more than a credit
LONGEST = {CAPTION: 1000, CREDIT: 200}


@cache
def _named_query() -> Any:
    """The class values that may name a caption or a credit anywhere in the page (their words
    are checked in Python): one pass over the attributes, where reading every element's class
    in Python took longer."""
    from lxml import etree

    return etree.XPath(
        "descendant-or-self::*/@class[contains(., 'aption') or contains(., 'redit')"
        " or contains(., 'opyright') or contains(., 'hotograph')]"
    )


def caption_elements(root) -> dict[Any, str]:
    """The caption and caption-credit elements of the tree under ``root``, each with its kind
    (:data:`CAPTION` or :data:`CREDIT`)."""
    figures = [
        figure for figure in root.iter(*_CAPTION_TAGS)
        # a page builder's figure may hold the comments ("<figure class='comments'>")
        if not says_chrome(figure.get("class") or "")
    ]  # fmt: skip
    # in a figure any class or itemprop may say credit ("source", itemprop="copyrightHolder")
    in_figures = {element for figure in figures for element in figure.iterdescendants()}
    candidates = dict.fromkeys(value.getparent() for value in _named_query()(root))
    candidates.update(dict.fromkeys(
        element for element in in_figures if element.get("class") or element.get("itemprop")
    ))  # fmt: skip
    for figure in figures:  # a figure is a caption whatever its class says
        candidates.pop(figure, None)
    kinds = dict.fromkeys(figures, CAPTION)
    credits: list[tuple[Any, bool]] = []  # (element, whether its own names say picture)
    for element in candidates:
        words = _words(element.get("class")) + _words(element.get("itemprop"))
        if any(word in _CREDIT_WORDS for word in words):
            names_picture = any(stem in word for word in words for stem in _PICTURE_STEMS)
            credits.append((element, names_picture))
        elif any(word in _CAPTION_WORDS for word in words):
            kinds.setdefault(element, CAPTION)
    for element, names_picture in credits:
        if names_picture or element in in_figures or _in_caption(element, kinds):
            kinds[element] = CREDIT
    return kinds


def _words(value: str | None) -> list[str]:
    """The words of an attribute's names, less those of long names: a slug or a modifier
    ("page-header__caption-style--compact") says nothing of the element's role."""
    words: list[str] = []
    for name in (value or "").split():
        name_words = attribute_words(name)
        if len(name_words) <= MAX_NAME_WORDS:
            words.extend(name_words)
    return words


def _in_caption(element, kinds: dict[Any, str]) -> bool:
    return any(kinds.get(ancestor) == CAPTION for ancestor in element.iterancestors())
