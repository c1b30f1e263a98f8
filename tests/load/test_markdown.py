"""Markdown and plain-text loading: front matter, rendered text, links, offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from licscan.load import load_text

POST = """---
title: "Counting moths"
license: CC-BY-4.0
author:
  name: Jane Roe
  url: https://jane.example.net
tags: [moths, parks]
date: 2024-08-02
canonical_url: https://blog.example.net/moths
---

# Counting moths &amp; more

Some *emphasis*, **strong** and an escaped \\*star\\*. See the
[park's **recording** page](https://parks.example.org/records?a=1&amp;b=2 "Records")
or <https://auto.example.com/x>, and www.example.com/info.

> Moths are the night shift of pollination.
> Second line of the quote.

- first item with `inline code`
- second item ![a photo of a moth](moth.jpg) after the image

```text
code block &copy; \\*kept\\*
```

<div class="credit">Photo: <a href="https://photos.example.org/">Ann Lee</a></div>

<!-- licscan: ignore reuse.uncredited -- our own text -->

Text © 2024 Jane Roe, [CC BY 4.0][cc]. Next<br>line.

[cc]: https://creativecommons.org/licenses/by/4.0/
"""


def _post():
    return load_text(POST, "post.md", "markdown")


def test_front_matter_becomes_metadata_and_stays_out_of_the_text():
    doc = _post()
    items = {(m.name, m.value) for m in doc.meta if m.source == "front_matter"}
    assert ("license", "CC-BY-4.0") in items
    assert ("author.name", "Jane Roe") in items
    assert ("tags", "moths") in items and ("tags", "parks") in items
    assert ("date", "2024-08-02") in items
    assert doc.title == "Counting moths"
    assert doc.canonical_url == "https://blog.example.net/moths"
    assert "CC-BY-4.0" not in doc.text
    licence = next(m for m in doc.meta if m.name == "license")
    assert POST[licence.src_start : licence.src_end] == "license: CC-BY-4.0"


def test_rendered_text_structure():
    lines = _post().text.split("\n")
    assert lines[0] == "Counting moths & more"
    assert (
        "Some emphasis, strong and an escaped *star*. See the park's recording page" in (lines[2])
    )
    assert "Moths are the night shift of pollination. Second line of the quote." in lines
    assert "first item with inline code" in lines
    assert "second item after the image" in lines  # image alt text left out
    assert "code block &copy; \\*kept\\*" in lines  # code is kept verbatim
    assert "Photo: Ann Lee" in lines  # an HTML block goes through the HTML loader
    assert "Next" in lines[-2] and lines[-1] == "line."


def test_every_visible_word_maps_back_to_the_source(find_span, source_of, unmapped_words):
    doc = _post()
    assert unmapped_words(doc) == []
    start, end = find_span(doc, "escaped *star*")
    assert source_of(doc, start, end) == "escaped \\*star\\*"
    start, end = find_span(doc, "Counting moths & more")
    assert source_of(doc, start, end) == "Counting moths &amp; more"
    span = doc.text_span(start, end)
    assert (span.line, span.column) == (12, 3)


def test_links_with_raw_href_anchor_text_and_source_range():
    doc = _post()
    by_text = {link.text: link for link in doc.links}
    park = by_text["park's recording page"]
    assert park.href == "https://parks.example.org/records?a=1&b=2"
    assert POST[park.src_start : park.src_end] == (
        '[park\'s **recording** page](https://parks.example.org/records?a=1&amp;b=2 "Records")'
    )
    auto = by_text["https://auto.example.com/x"]
    assert POST[auto.src_start : auto.src_end] == "<https://auto.example.com/x>"
    assert by_text["www.example.com/info"].url == "https://www.example.com/info"  # a bare URL
    assert by_text["Ann Lee"].href == "https://photos.example.org/"
    assert by_text["CC BY 4.0"].href == "https://creativecommons.org/licenses/by/4.0/"
    for link in doc.links:
        assert doc.text[link.text_start : link.text_end] == link.text


def test_blockquote_is_a_quoted_range_and_comments_are_collected():
    doc = _post()
    assert [doc.text[a:b] for a, b in doc.quoted] == [
        "Moths are the night shift of pollination. Second line of the quote."
    ]
    ((start, end, body),) = doc.comments
    assert POST[start:end] == "<!-- licscan: ignore reuse.uncredited -- our own text -->"
    assert body.strip() == "licscan: ignore reuse.uncredited -- our own text"


def test_toml_front_matter_and_crlf_line_endings(find_span):
    source = '+++\r\ntitle = "Notes"\r\nlicense = "CC0-1.0"\r\n+++\r\nFirst line\r\nsecond line\r\n'
    doc = load_text(source, "notes.md", "markdown")
    assert doc.title == "Notes"
    assert ("license", "CC0-1.0") in {(m.name, m.value) for m in doc.meta}
    assert doc.text == "First line second line"
    start, end = find_span(doc, "second line")
    assert doc.text_span(start, end).line == 6


def test_broken_front_matter_is_a_warning_and_the_body_is_still_read(find_span):
    source = "---\ntitle: [unclosed\nlicense: x\n---\n\n© 2024 Example Ltd\n"
    doc = load_text(source, "broken.md", "markdown")
    assert doc.text == "© 2024 Example Ltd"
    assert doc.meta == []
    assert any(w.startswith("broken YAML front matter") for w in doc.warnings)
    start, end = find_span(doc, "© 2024 Example Ltd")
    assert doc.text_span(start, end).line == 6


def test_leading_rule_without_closing_delimiter_is_not_front_matter():
    doc = load_text("---\nJust a rule above this line.\n", "rule.md", "markdown")
    assert doc.meta == []
    assert doc.text == "Just a rule above this line."


def test_plain_text_is_the_identity_with_urls_as_links():
    source = "Copyright 2025 Example Ltd.\nSee https://www.example.com/terms.\n"
    doc = load_text(source, "notes.txt")
    assert doc.text == source
    assert doc.offsets.source_range(5, 9) == (5, 9)
    (link,) = doc.links
    assert link.href == "https://www.example.com/terms"
    assert source[link.src_start : link.src_end] == "https://www.example.com/terms"


def test_plain_text_crlf_reads_as_lf_with_offsets_into_the_file(find_span, source_of):
    source = "line one\r\nCopyright 2025 Example Ltd\r\n"
    doc = load_text(source, "crlf.txt")
    assert doc.text == "line one\nCopyright 2025 Example Ltd\n"
    start, end = find_span(doc, "Copyright 2025 Example Ltd")
    assert source_of(doc, start, end) == "Copyright 2025 Example Ltd"
    span = doc.text_span(start, end)
    assert (span.line, span.column, span.end_column) == (2, 1, 27)


_MARKDOWN_PIECES = st.sampled_from(
    ["# ", "*", "**", "_", "`", "```\n", "[", "]", "(", ")", "<", ">", "&amp;", "&copy;",
     "\\*", "\n", "\n\n", "> ", "- ", "1. ", "word", "©", " ", "  ", "\r\n", "\t",
     "<!-- c -->", "<div>", "</div>", '<a href="x">', "</a>", "https://ex.example.com/a",
     "![alt](p.png)", "---\n", "key: v\n", "|a|b|\n", "|-|-|\n", "<br>"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(_MARKDOWN_PIECES, min_size=1, max_size=40), st.sampled_from(["markdown", "text"]))
def test_any_markdown_loads_and_every_character_maps_inside_the_file(pieces, doc_type):
    source = "".join(pieces)
    doc = load_text(source, "g.md", doc_type)
    for pos, char in enumerate(doc.text):
        start, end = doc.offsets.source_range(pos, pos + 1)
        assert 0 <= start <= end <= len(source)
        if end - start == 1 and not char.isspace():
            assert source[start] == char
