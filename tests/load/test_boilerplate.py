"""Site chrome marked by the HTML loader: menus, page header and footer, forms, widgets named
by their class, text outside <article>/<main>, link lists — never the article itself."""

from __future__ import annotations

import pytest

from licscan.load import load_text
from licscan.load.boilerplate import says_chrome

ARTICLE = (
    "The harbour board voted on Thursday to deepen the main channel by three metres, a project "
    "that the port has argued about for a decade. Dredging starts in spring and should end "
    "before the autumn storms, the board said. Fishermen worry about the silt; the ferry "
    "company welcomes deeper water for its new ships."
)


def _page(body: str) -> str:
    return f"<html><head><title>Port news</title></head><body>{body}</body></html>"


def _split(html: str) -> tuple[str, str]:
    """(text of the marked ranges, text left), each single-spaced."""
    document = load_text(_page(html), relpath="page.html", doc_type="html")
    text, pos, marked, kept = document.text, 0, [], []
    for start, end in document.boilerplate:
        kept.append(text[pos:start])
        marked.append(text[start:end])
        pos = end
    kept.append(text[pos:])
    return " ".join(" ".join(marked).split()), " ".join(" ".join(kept).split())


@pytest.mark.parametrize(
    "chrome",
    [
        "<nav><a href='/'>Home</a> <a href='/about'>About us</a></nav>",
        "<header><p>Harbour Gazette, the town's paper since 1901</p></header>",
        "<footer><p>Registration on this site means you accept our terms of use</p></footer>",
        "<aside><p>Most read this week: the ferry timetable changes</p></aside>",
        "<form><p>Leave a reply. Your email address will not be published.</p></form>",
        "<div role='navigation'><p>Sections of the paper and their pages</p></div>",
        "<div role='contentinfo'><p>Our company and its many other titles</p></div>",
        "<div class='comments-area'><p>Great article, thanks for writing it!</p></div>",
        "<div id='cookie-notice'><p>This website uses cookies to improve your experience</p></div>",
        "<div class='site-navigation'><p>Politics and sport and weather pages</p></div>",
        "<div class='navBar'><p>Politics and sport and weather pages</p></div>",
        "<ul class='social-share'><li>Share this story with your friends</li></ul>",
        "<section class='related-posts'><p>You may also like these stories</p></section>",
        "<div class='newsletter_signup'><p>Get our daily email with the headlines</p></div>",
    ],
)
def test_chrome_elements_are_marked_and_the_article_is_not(chrome):
    marked, kept = _split(f"{chrome}<p>{ARTICLE}</p>")
    assert ARTICLE in kept
    assert marked and marked not in ARTICLE


@pytest.mark.parametrize(
    "element",
    [
        "<div class='canvas-wrap'><p>Shipping notes from the quay this week</p></div>",
        "<div class='has-sidebar'><p>Shipping notes from the quay this week</p></div>",
        "<div class='no-comments'><p>Shipping notes from the quay this week</p></div>",
        "<div class='post category-native-advertising-platform-news'><p>Shipping notes from "
        "the quay this week</p></div>",
        "<div class='sidebar-content'><p>Shipping notes from the quay this week</p></div>",
    ],
)
def test_names_that_only_contain_a_chrome_word_are_not_chrome(element):
    marked, kept = _split(f"{element}<p>{ARTICLE}</p>")
    assert "Shipping notes" in kept and "Shipping notes" not in marked


def test_class_words_are_whole_words():
    assert says_chrome("main-navigation") and says_chrome("navBar") and says_chrome("nav")
    assert not says_chrome("canvas") and not says_chrome("unavailable")
    assert says_chrome("article-share") and says_chrome("sd-sharing-enabled")
    assert not says_chrome("has-sidebar") and not says_chrome("sidebar-content")
    assert not says_chrome("widget entry-content")


def test_an_articles_own_header_is_not_chrome_but_the_pages_is():
    marked, kept = _split(
        "<header><p>Harbour Gazette masthead and slogan</p></header>"
        f"<article><header><h1>Channel to be deepened</h1></header><p>{ARTICLE}</p></article>"
    )
    assert "Channel to be deepened" in kept
    assert "Harbour Gazette masthead" in marked


def test_text_outside_the_article_is_chrome():
    marked, kept = _split(
        "<div><p>Trending now: a cat on the ferry, the mayor's new bike</p></div>"
        f"<main><article><p>{ARTICLE}</p></article></main>"
        "<div><p>More from the Gazette: puzzles, obituaries and letters</p></div>"
    )
    assert ARTICLE in kept
    assert "Trending now" in marked and "More from the Gazette" in marked


def test_an_article_per_comment_is_not_the_content_area():
    """<article> elements inside a comment list do not make the story outside them chrome."""
    comments = "".join(
        f"<article class='comment-body'><p>Comment {n}: I agree with this.</p></article>"
        for n in range(3))
    _marked, kept = _split(f"<div class='entry'><p>{ARTICLE}</p></div><ol>{comments}</ol>")
    assert ARTICLE in kept


def test_a_container_holding_the_main_text_is_never_chrome():
    """Page builders wrap every block in "widget" containers, the article too."""
    marked, kept = _split(
        "<div class='elementor-widget-wrap'><p>Subscribe to our podcast</p></div>"
        f"<div class='elementor-widget-wrap'><p>{ARTICLE}</p><p>{ARTICLE}</p></div>"
    )
    assert ARTICLE in kept
    assert "Subscribe to our podcast" in marked


def test_link_lists_are_chrome():
    links = "".join(f"<li><a href='/s/{n}'>Story number {n} of the week</a></li>"
                    for n in range(6))
    marked, kept = _split(f"<p>{ARTICLE}</p><ul>{links}</ul>")
    assert "Story number 3 of the week" in marked
    assert ARTICLE in kept


def test_a_page_that_would_be_all_chrome_is_compared_whole():
    marked, kept = _split(f"<form><p>{ARTICLE}</p></form>")
    assert marked == "" and ARTICLE in kept
