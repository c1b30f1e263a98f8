"""Only article text is compared: site chrome, a page's own rights lines and menus never make
reuse, pages still find their own article text, and a site reusing its own text is ok."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from licscan.detect import detect
from licscan.judge import judge_matches, sources_for
from licscan.load import load_document, load_text
from licscan.match import SourceIndex, index_documents, match_document
from licscan.match.matcher import menu_like
from licscan.model import FileEntry
from tests.detect.builtin import builtin_rules

CORPUS = Path(__file__).parents[2].parent / "shared" / "corpus" / "articles"

NAV = "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/about'>About us</a></nav>"
FOOTER = (
    "<footer><p>Registration on or use of this site constitutes acceptance of our User "
    "Agreement and Privacy Policy and Cookie Statement and your California Privacy Rights.</p>"
    "</footer>"
)
COMMENTS = (
    "<div id='comments' class='comments-area'><h3>Leave a Reply</h3><p>Your email address will "
    "not be published. Required fields are marked. Save my name, email, and website in this "
    "browser for the next time I comment.</p></div>"
)
RIGHTS = (
    "This material may not be published, broadcast, rewritten, or redistributed. ©2019 Harbour "
    "Network, LLC. All rights reserved."
)


def _page(title: str, body: str, url: str, extra: str = "") -> str:
    return (
        f"<html><head><title>{title}</title><link rel='canonical' href='{url}'></head><body>"
        f"{NAV}<article><h1>{title}</h1><p>{body}</p><p>{extra}</p></article>{COMMENTS}{FOOTER}"
        "</body></html>"
    )


def _matches(tmp_path: Path, sources: list, document) -> list:
    rules = builtin_rules()
    index_documents([(source, None) for source in sources], tmp_path / "index", rules)
    index = SourceIndex([tmp_path / "index"])
    detection = detect(document, rules)
    return match_document(document, index, ignored=detection.rights_ranges, rules=rules)


def _html(text: str, name: str):
    return load_text(text, relpath=name, doc_type="html")


def test_pages_sharing_only_their_sites_chrome_do_not_match(tmp_path, data_text):
    one = _html(_page("Channel deepened", data_text("harbour.txt"), "https://a.example/"), "1.html")
    two = _html(_page("Library opens", data_text("library.txt"), "https://b.example/"), "2.html")
    assert _matches(tmp_path, [one], two) == []


def test_a_shared_rights_line_is_not_reuse(tmp_path, data_text, text_doc):
    one = text_doc(f"{data_text('harbour.txt')}\n\n{RIGHTS}\n", relpath="one.txt")
    two = text_doc(f"{data_text('library.txt')}\n\n{RIGHTS}\n", relpath="two.txt")
    assert _matches(tmp_path, [one], two) == []


def test_the_article_is_still_found_between_chrome(tmp_path, data_text, text_doc):
    source = text_doc(data_text("harbour.txt"), relpath="harbour.txt")
    page = _html(_page("Copy", data_text("harbour.txt"), "https://c.example/copy"), "copy.html")
    [m] = _matches(tmp_path, [source], page)
    assert m.source_id == "harbour.txt" and m.source_fraction > 0.9


def test_a_menu_is_not_reuse(text_doc):
    lines = ["Home", "World news", "Local news", "Sport", "Weather today", "Contact us"]
    text = "\n".join([*lines, "The harbour board voted to deepen the channel this week."])
    document = text_doc(text, links=[(line, f"/{n}") for n, line in enumerate(lines)])
    menu_end = text.index("The harbour")
    assert menu_like(document, 0, menu_end)
    assert not menu_like(document, menu_end, len(text))
    assert not menu_like(text_doc(text), 0, menu_end)  # short lines without links: a list


def test_reuse_within_one_site_is_ok(tmp_path, data_text):
    rules = builtin_rules()
    body = data_text("harbour.txt")
    source = _html(_page("Channel", body, "https://www.harbour.example/a"), "a.html")
    index_documents([(source, None)], tmp_path / "index", rules)
    index = SourceIndex([tmp_path / "index"])
    for url, verdict, reason in [
        ("https://harbour.example/b", "ok", "same_site"),
        ("https://other.example/b", "review", "unknown_terms"),
    ]:
        document = _html(_page("Channel again", body, url), "b.html")
        matches = match_document(document, index, rules=rules)
        [m], [finding] = judge_matches(document, matches, sources_for(matches, index))
        assert (m.verdict, m.verdict_reason) == (verdict, reason)
        if reason == "same_site":
            assert finding.rule_id == "reuse.same-site" and finding.severity.value == "info"
            assert "harbour.example" in finding.message


@pytest.fixture(scope="module")
def real_pages(tmp_path_factory):
    truth_file = CORPUS / "ground-truth.json"
    if not truth_file.is_file():
        pytest.skip("shared corpus not found")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    chosen = [pid for pid in sorted(truth) if len(truth[pid]["articleBody"].split()) >= 80][::3]
    folder = tmp_path_factory.mktemp("truth")
    bodies = [(load_text(truth[pid]["articleBody"], relpath=f"{pid}.txt"), None) for pid in chosen]
    index_documents(bodies, folder, builtin_rules())
    index = SourceIndex([folder])
    yield chosen, truth, index
    index.close()


def test_real_pages_find_their_own_article_and_no_other_sites(real_pages):
    """Boilerplate marking keeps the article: each real page, loaded from its HTML, matches
    the article body of its ground truth (most of it), and no article of another site (two
    posts of one blog may share a paragraph the author adds to every post)."""
    from licscan.match.sites import site_of

    chosen, truth, index = real_pages
    rules = builtin_rules()
    assert len(chosen) >= 15
    for pid in chosen:
        path = CORPUS / "html" / f"{pid}.html.gz"
        document = load_document(FileEntry(path, path.name, size=path.stat().st_size), 10**8)
        detection = detect(document, rules)
        matches = match_document(document, index, ignored=detection.rights_ranges, rules=rules)
        own = [m for m in matches if m.source_id == f"{pid}.txt"]
        assert sum(m.source_fraction for m in own) >= 0.75, pid
        site = site_of(truth[pid]["url"])
        assert {site_of(truth[m.source_id[:-4]]["url"]) for m in matches} == {site}, pid
