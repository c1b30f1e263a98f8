"""HTML loading: visible text, offsets into the original file, links, metadata, comments."""

from __future__ import annotations

import gzip

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licscan.load import load_document, load_text
from licscan.model import FileEntry

PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <title>Harbour &amp; Ferry News</title>
  <meta name="copyright" content="Example LLC">
  <meta name="DC.Rights" content="&copy; Example LLC">
  <meta property="og:site_name" content="Example Harbour News">
  <meta name="robots" content="noai, noimageai">
  <link rel="canonical" href="https://news.example.com/2024/ferry">
  <link rel="license" href="/terms">
  <link rel="stylesheet" href="/site.css">
  <style>p { color: red }</style>
  <script>var notice = "<p>© 1999 Script Co.</p>";</script>
</head>
<body>
  <nav>Home <a href="/about">About   us</a></nav>
  <p>First paragraph with <b>bold</b>and <i>italic</i> text.</p>
  <div hidden>Hidden newsletter box</div>
  <p aria-hidden="true">Decorative text</p>
  <span style="color: red; display : none">Invisible span</span>
  <p style="visibility:hidden">Invisible paragraph</p>
  <noscript>Please enable JavaScript</noscript>
  <template><p>Template content</p></template>
  <footer><p>&copy; <!-- --> 2019 <span>Example LLC</span>. All rights reserved.</p></footer>
</body>
</html>
"""


@pytest.fixture(scope="module")
def page():
    return load_text(PAGE, "page.html", "html")


def test_visible_text_leaves_out_what_a_reader_never_sees(page):
    text = page.text
    for hidden in (
        "color: red",
        "Script Co.",
        "Hidden newsletter",
        "Decorative",
        "Invisible",
        "enable JavaScript",
        "Template content",
    ):
        assert hidden not in text
    assert "First paragraph with boldand italic text." in text
    assert page.text.startswith("Harbour & Ferry News\n")  # the title is the first line


def test_notice_split_by_a_comment_and_a_span_reads_as_one_line(page, find_span, source_of):
    assert "© 2019 Example LLC. All rights reserved." in page.text
    start, end = find_span(page, "© 2019 Example LLC")
    assert source_of(page, start, end) == "&copy; <!-- --> 2019 <span>Example LLC"
    span = page.text_span(start, end)
    line = PAGE.splitlines()[span.line - 1]
    assert line.lstrip().startswith("<footer><p>&copy;")
    assert span.column == line.index("&copy;") + 1


def test_blocks_are_line_breaks_and_whitespace_is_folded(page):
    lines = page.text.split("\n")
    assert "Home About us" in lines  # "About   us" folded, nav is its own block
    assert "First paragraph with boldand italic text." in lines
    assert "  " not in page.text


def test_every_visible_word_maps_back_to_the_source(page, find_span, source_of, unmapped_words):
    assert unmapped_words(page) == []
    start, end = find_span(page, "About us")
    assert source_of(page, start, end) == "About   us"


def test_title_lang_canonical(page):
    assert page.title == "Harbour & Ferry News"
    assert page.lang == "en-GB"
    assert page.canonical_url == "https://news.example.com/2024/ferry"


def test_meta_tags_and_link_rels(page):
    meta = {(m.source, m.name): m.value for m in page.meta}
    assert meta[("meta", "copyright")] == "Example LLC"
    assert meta[("meta", "dc.rights")] == "© Example LLC"  # names lowercased, entities decoded
    assert meta[("meta", "og:site_name")] == "Example Harbour News"
    assert meta[("meta", "robots")] == "noai, noimageai"
    assert meta[("link", "canonical")] == "https://news.example.com/2024/ferry"
    assert meta[("link", "license")] == "https://news.example.com/terms"  # made absolute
    assert ("link", "stylesheet") not in meta
    item = next(m for m in page.meta if m.name == "copyright")
    assert PAGE[item.src_start : item.src_end] == '<meta name="copyright" content="Example LLC">'


def test_links_keep_href_absolute_url_anchor_text_and_ranges(page):
    (link,) = page.links
    assert link.href == "/about"
    assert link.url == "https://news.example.com/about"
    assert link.text == "About us"
    assert page.text[link.text_start : link.text_end] == "About us"
    assert PAGE[link.src_start : link.src_end] == '<a href="/about">About   us</a>'


def test_base_href_wins_over_canonical_for_relative_links():
    doc = load_text(
        '<html><head><base href="https://cdn.example.org/x/">'
        '<link rel="canonical" href="https://www.example.com/a"></head>'
        '<body><a href="y.html">y</a><a href="https://other.example.net/">o</a></body></html>',
        "b.html",
        "html",
    )
    assert [link.url for link in doc.links] == [
        "https://cdn.example.org/x/y.html",
        "https://other.example.net/",
    ]


def test_relative_link_without_any_base_has_no_absolute_url():
    doc = load_text('<p><a href="/about">About</a></p>', "n.html", "html")
    assert doc.links[0].href == "/about"
    assert doc.links[0].url == ""


def test_rel_license_anchor_is_a_link_and_a_metadata_item():
    doc = load_text(
        '<p>Licensed <a rel="license" href="https://creativecommons.org/licenses/by-nc-sa/4.0/">'
        '<img alt="CC BY-NC-SA" src="cc.png"></a></p>',
        "l.html",
        "html",
    )
    (link,) = doc.links
    assert link.rel == ("license",)
    assert link.text == "CC BY-NC-SA"  # no visible text: the image's alt names it
    assert link.text_start == -1
    assert [(m.source, m.name, m.value) for m in doc.meta] == [
        ("link", "license", "https://creativecommons.org/licenses/by-nc-sa/4.0/")
    ]


def test_entities_and_crlf_map_to_their_source_characters(find_span, source_of):
    source = "<p>Caf&eacute; &amp; bar&#x2014;\r\nsecond&nbsp;line &copy 2020</p>\r\n"
    doc = load_text(source, "e.html", "html")
    assert doc.text == "Café & bar— second\xa0line © 2020"
    start, end = find_span(doc, "Café")
    assert source_of(doc, start, end) == "Caf&eacute;"
    start, end = find_span(doc, "©")
    assert source_of(doc, start, end) == "&copy"
    start, end = find_span(doc, "second\xa0line")
    assert source_of(doc, start, end) == "second&nbsp;line"
    assert doc.text_span(start, end).line == 2


def test_crlf_file_lines_and_columns(find_span):
    source = "<html>\r\n<body>\r\n<p>one</p>\r\n<p>  two &amp; three</p>\r\n</body></html>\r\n"
    doc = load_text(source, "c.html", "html")
    start, end = find_span(doc, "two & three")
    span = doc.text_span(start, end)
    assert (span.line, span.column, span.end_line, span.end_column) == (4, 6, 4, 21)


def test_block_and_line_break_structure():
    doc = load_text(
        "<div>a<p>b</p>c<br>d<br><br><br>e<ul><li>f</li><li>g</li></ul>"
        "<table><tr><td>h</td><td>i</td></tr></table></div>",
        "s.html",
        "html",
    )
    assert doc.text == "a\n\nb\n\nc\nd\n\ne\n\nf\ng\n\nh i"


def test_pre_keeps_whitespace(find_span, source_of):
    doc = load_text("<pre>  line one\r\n    line two</pre><p>after   text</p>", "p.html", "html")
    assert doc.text == "  line one\n    line two\n\nafter text"
    start, end = find_span(doc, "line two")
    assert source_of(doc, start, end) == "line two"


def test_blockquote_and_q_are_quoted_ranges():
    doc = load_text(
        "<p>He said <q>we will be back</q>.</p><blockquote><p>A long quote.</p></blockquote>",
        "q.html",
        "html",
    )
    assert sorted(doc.text[a:b] for a, b in doc.quoted) == ["A long quote.", "we will be back"]


def test_cite_elements_and_blockquote_cite_urls_are_citations():
    doc = load_text(
        '<blockquote cite="https://example.test/story"><p>A long quote.</p></blockquote>'
        "<blockquote><p>Unsourced.</p></blockquote><p>As <cite>Harbour Times</cite> put it.</p>",
        "cite.html",
        "html",
    )
    assert [(doc.text[a:b], url) for a, b, url in doc.citations] == [
        ("A long quote.", "https://example.test/story"), ("Harbour Times", "")]


CAPTIONED = """<article><p>The park counted more cubs.</p>
<figure><img src="bear.jpg"><figcaption><span class="caption-text">A cub in May</span>
<span class="photo-credit">&copy; Jane Doe</span></figcaption></figure>
<div class="wp-caption-text">Rangers at work <span class="credit">John Roe</span></div>
<div class="hero"><span class="heroimage-copyright">Example Archive</span></div>
<figure class="comments"><p class="source">Comment by Nick42</p></figure>
<p class="site-credits">Theme by Example</p></article>"""


def test_picture_captions_and_their_credit_lines_are_text_ranges(source_of):
    page = load_text(CAPTIONED, "bears.html", "html")
    captions = [page.text[a:b] for a, b in page.captions]
    credits = [page.text[a:b] for a, b in page.caption_credits]
    # the figure and its figcaption, the caption's own text, a caption class outside a figure
    assert captions == ["A cub in May", "A cub in May © Jane Doe", "Rangers at work John Roe"]
    assert credits == ["© Jane Doe", "John Roe", "Example Archive"]
    start, end = page.caption_credits[0]
    assert source_of(page, start, end) == "&copy; Jane Doe"


def test_a_page_without_pictures_has_no_caption_ranges():
    page = load_text("<p>Text and a <b>credit</b> card.</p><footer>© Example</footer>", "p.html",
                     "html")  # fmt: skip
    assert (page.captions, page.caption_credits) == ([], [])


# a page that opens a <noscript> it never closes: the parser puts the whole body inside it
NOSCRIPT_PAGE = """<!doctype html><html><head><title>Bear census</title></head>
<body><noscript><div id="no-js"></noscript>
<div id="page"><h1>A record year for the bears</h1>
<p>Rangers counted more cubs in the park this year than in any year since counting began.</p>
<footer>&copy; 2020 Example Park Authority</footer></div></body></html>"""


def test_a_page_held_inside_a_noscript_is_read_with_it(find_span, source_of):
    page = load_text(NOSCRIPT_PAGE, "bears.html", "html")
    assert "Rangers counted more cubs in the park" in page.text
    assert page.text.endswith("© 2020 Example Park Authority")
    start, end = find_span(page, "Example Park Authority")
    assert source_of(page, start, end) == "Example Park Authority"


def test_a_noscript_stays_hidden_beside_the_pages_own_text():
    words = "Rangers counted more cubs in the park this year than in any year before."
    html = f"<p>{words}</p><noscript><p>Turn on scripts to see the bear map and its "
    html += "twenty photographs of the cubs.</p></noscript>"
    assert load_text(html, "bears.html", "html").text == words


def test_a_short_noscript_message_is_not_a_pages_content():
    html = "<title>Map</title><div id='app'></div><noscript>Please enable JavaScript.</noscript>"
    assert load_text(html, "map.html", "html").text == "Map"


def test_comments_keep_their_source_range_and_body():
    source = "<p>text <!-- licscan: ignore reuse.uncredited -- licensed 2025-14 --> more</p>"
    doc = load_text(source, "c.html", "html")
    ((start, end, body),) = doc.comments
    assert source[start:end] == "<!-- licscan: ignore reuse.uncredited -- licensed 2025-14 -->"
    assert body == " licscan: ignore reuse.uncredited -- licensed 2025-14 "
    assert doc.text == "text more"


def test_comment_inside_a_script_is_not_a_comment():
    doc = load_text("<script>// <!-- old style --></script><p>x</p>", "s.html", "html")
    assert doc.comments == []


JSONLD_PAGE = """<html><head>
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "Organization", "@id": "https://www.example.com/#org", "name": "Example Media Ltd"},
  {"@type": "NewsArticle", "copyrightYear": "2023",
   "copyrightHolder": {"@id": "https://www.example.com/#org"},
   "publisher": {"@id": "https://www.example.com/#org"},
   "license": "https://creativecommons.org/licenses/by/4.0/",
   "image": {"@type": "ImageObject", "creditText": "Jo Bloggs", "copyrightNotice": "© Jo Bloggs"}},
  {"@type": "ImageObject", "copyrightHolder": "Stock Photo Agency"},
]}
</script>
<script type="application/ld+json">{"@type": "WebPage", "name": 'broken</script>
</head><body><p>Body</p></body></html>"""


def test_jsonld_rights_properties_graph_references_and_nesting():
    doc = load_text(JSONLD_PAGE, "j.html", "html")
    items = [(m.name, m.value) for m in doc.meta if m.source == "jsonld"]
    assert ("copyrightYear", "2023") in items
    assert ("copyrightHolder", "Example Media Ltd") in items  # {"@id": …} resolved
    assert ("publisher", "Example Media Ltd") in items
    assert ("license", "https://creativecommons.org/licenses/by/4.0/") in items
    assert ("image.creditText", "Jo Bloggs") in items  # a nested photo's credit stays apart
    assert ("image.copyrightNotice", "© Jo Bloggs") in items
    assert ("ImageObject.copyrightHolder", "Stock Photo Agency") in items
    year = next(m for m in doc.meta if m.name == "copyrightYear")
    assert JSONLD_PAGE[year.src_start : year.src_end] == '"copyrightYear": "2023'


def test_jsonld_type_is_matched_in_any_case_and_not_inside_comments():
    page = (
        '<!-- <script type="application/ld+json">{"license": "https://no.example/"}</script> -->'
        '<SCRIPT TYPE="application/LD+JSON">{"license": "https://yes.example/"}</SCRIPT>'
        "<p>Body</p>"
    )
    doc = load_text(page, "j.html", "html")
    assert [(m.name, m.value) for m in doc.meta if m.source == "jsonld"] == [
        ("license", "https://yes.example/")
    ]
    assert doc.comments[0][2].startswith(' <script type="application/ld+json">')


def test_broken_jsonld_is_repaired_or_a_warning_never_a_failure():
    doc = load_text(JSONLD_PAGE, "j.html", "html")
    assert "JSON-LD repaired (invalid JSON)" in doc.warnings  # the trailing comma
    assert any(w.startswith("invalid JSON-LD ignored") for w in doc.warnings)
    assert doc.text == "Body"


def test_malformed_html_is_repaired_and_noted():
    doc = load_text("<div><p>one <b>two</div></span><p>three", "m.html", "html")
    assert doc.text == "one two\n\nthree"
    assert any(w.startswith("malformed HTML repaired by the parser") for w in doc.warnings)


def test_page_with_html5_elements_has_no_warnings():
    doc = load_text(
        "<!doctype html><main><article><section><figure><figcaption>Photo: A. Person"
        "</figcaption></figure></section></article></main>",
        "h5.html",
        "html",
    )
    assert doc.warnings == []
    assert doc.text == "Photo: A. Person"


def test_gzip_page_is_read_transparently_with_offsets_into_the_decompressed_text(
    tmp_path, find_span, source_of
):
    source = "<html><body><p>Gzip &amp; offsets</p></body></html>\n"
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(source.encode()))
    doc = load_document(FileEntry(path, "page.html.gz", path.stat().st_size), 10_000)
    assert doc.compressed is True
    assert doc.doc_type == "html"
    assert doc.size == path.stat().st_size
    assert doc.source == source
    start, end = find_span(doc, "Gzip & offsets")
    assert source_of(doc, start, end) == "Gzip &amp; offsets"


# -- the offset invariant on generated pages ----------------------------------------------------
_WORDS = st.sampled_from(["alpha", "beta", "©", "Example", "LLC", "2019", "d'or", "x<y"])
_PIECES = st.one_of(
    _WORDS.map(lambda w: w.replace("<", "&lt;")),
    st.sampled_from(["&amp;", "&copy;", "&#169;", "&nbsp;", "&eacute;", "&#x2014;", "&copy"]),
    st.sampled_from([" ", "  ", "\n", "\r\n", "\t"]),
    st.sampled_from(["<b>", "</b>", "<span class='a'>", "</span>", "<br>", "<p>", "</p>"]),
    st.sampled_from(["<!-- c -->", "<div hidden>gone</div>", "<script>var a='<b>';</script>"]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=40))
def test_generated_pages_map_every_visible_word_back(unmapped_words, pieces):
    source = "<html><body>" + "".join(pieces) + "</body></html>"
    doc = load_text(source, "g.html", "html")
    assert "gone" not in doc.text
    assert unmapped_words(doc) == []
    for start in range(len(doc.text)):
        src_start, src_end = doc.offsets.source_range(start, start + 1)
        assert 0 <= src_start <= src_end <= len(source)


def test_pieces_the_parser_changed_are_aligned_word_by_word():
    from licscan.load.layout import SourceStream, TextWriter
    from licscan.textmap import TextBuilder

    runs = TextBuilder()
    runs.add("Copyright 2019 Example", 10)  # two runs of source text, as the tokenizer saw them
    runs.add(" LLC", 50)
    stream = SourceStream(runs.text(), runs.map)
    writer = TextWriter()
    stream.take("Copyright \ufffd2019 Example LLC", writer)  # a character the parser made up
    assert stream.misses == 1
    text = writer.text()
    assert text == "Copyright \ufffd2019 Example LLC"
    llc = text.index("LLC")
    assert writer.map.source_range(llc, llc + 3) == (51, 54)  # found words keep their offsets
    assert writer.map.source_range(0, 9) == (10, 19)


def test_load_text_rejects_an_unknown_type():
    with pytest.raises(ValueError):
        load_text("x", "x.rst", "rst")


def test_text_after_the_closing_html_tag_is_still_read(find_span, source_of):
    doc = load_text("<html><body><p>x</p></body></html>\n<p>after &amp; more</p>", "t.html", "html")
    assert doc.text == "x\n\nafter & more"
    start, end = find_span(doc, "after & more")
    assert source_of(doc, start, end) == "after &amp; more"


@pytest.mark.parametrize("tag", ["title", "textarea", "TITLE"])
def test_a_title_or_textarea_tag_left_open_at_the_end_loads_at_once(tag, time_limit):
    # a page cut short inside a start tag (an interrupted download) once hung the tokenizer
    source = f"<p>Cut short</p><{tag} lang=en " + "data-x=a'b " * 30
    with time_limit(5):
        doc = load_text(source, "cut.html", "html")
    assert doc.text == "Cut short"


def test_title_holds_text_only_even_when_it_looks_like_markup(find_span, source_of):
    doc = load_text("<title>Tags like <b> &amp; co</title><p>body</p>", "t.html", "html")
    assert doc.title == "Tags like <b> & co"
    assert doc.text == "Tags like <b> & co\n\nbody"
    assert doc.warnings == []
    start, end = find_span(doc, "like <b> & co")
    assert source_of(doc, start, end) == "like <b> &amp; co"
