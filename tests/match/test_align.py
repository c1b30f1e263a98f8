"""Reuse detection: each kind of reuse, exact boundaries on both sides, negatives."""

from __future__ import annotations

import pytest

from licscan.match import match_document

OWN_INTRO = (
    "Our reporter spent the week talking to people along the waterfront about what the "
    "coming months will bring for the town."
)
OWN_OUTRO = "We will follow the story and publish updates as the council meets again next month."


@pytest.fixture()
def index(tmp_path, standard_index):
    source_index = standard_index(tmp_path)
    yield source_index
    source_index.close()


def test_verbatim_excerpt_has_exact_offsets_on_both_sides(
    index, builtin_rules, data_text, paragraph, text_doc
):
    excerpt = paragraph("harbour.txt", 3) + " " + paragraph("harbour.txt", 4)
    text = f"{OWN_INTRO}\n\n{excerpt}\n\n{OWN_OUTRO}\n"
    matches = match_document(text_doc(text), index, builtin_rules)
    assert len(matches) == 1
    m = matches[0]
    start = text.index("Officials said")
    assert (m.text_start, m.text_end) == (start, start + len(excerpt))
    assert (m.span.start, m.span.end) == (start, start + len(excerpt))
    assert (m.span.line, m.span.end_line) == (3, 3)
    source = data_text("harbour.txt")
    assert source[m.source_start : m.source_end] == paragraph("harbour.txt", 3) + "\n" + (
        paragraph("harbour.txt", 4)
    )
    assert (m.source_line, m.source_end_line) == (3, 4)
    assert m.source_id == "harbour"
    assert m.kind == "verbatim"
    assert m.similarity == 1.0
    assert m.matched_words == len(excerpt.replace("'", " ").split()) + 0  # "authority's" → 2
    assert 0.1 < m.source_fraction < 0.3


def test_case_quote_and_spacing_noise_is_near_verbatim(
    index, builtin_rules, data_text, paragraph, text_doc
):
    original = paragraph("orchard.txt", 4)
    noisy = original.upper().replace(", ", " ,  ")
    text = f"{OWN_INTRO}\n\n{noisy}\n"
    [m] = match_document(text_doc(text), index, builtin_rules)
    assert m.kind == "near_verbatim"
    assert m.similarity == 1.0
    assert text[m.text_start : m.text_end] == noisy
    assert data_text("orchard.txt")[m.source_start : m.source_end] == original


def test_light_edits_are_one_edited_passage_covering_the_whole_reuse(
    index, builtin_rules, data_text, paragraph, text_doc
):
    sentences = [paragraph("library.txt", n) for n in range(2, 8)]
    edited = [
        sentences[0].replace("reopened its doors", "opened its doors again"),
        sentences[1].replace("Hundreds of residents", "Many people"),
        # sentence 3 dropped, a sentence of our own inserted instead
        "Our reporter counted the visitors at the entrance for an hour in the afternoon.",
        sentences[3].replace("most requested", "most popular"),
        sentences[4] + " " + sentences[5].replace("Funding came", "the money came"),
    ]
    reuse = " ".join(edited)
    text = f"{OWN_INTRO}\n\n{reuse}\n\n{OWN_OUTRO}\n"
    matches = match_document(text_doc(text), index, builtin_rules)
    assert len(matches) == 1
    m = matches[0]
    assert m.kind == "edited"
    assert 0.75 < m.similarity < 0.97
    assert text[m.text_start : m.text_end] == reuse
    source = data_text("library.txt")
    assert source[m.source_start : m.source_end] == "\n".join(sentences)


def test_shuffled_sentences_are_one_reordered_passage(
    index, builtin_rules, data_text, paragraph, text_doc
):
    sentences = [paragraph("orchard.txt", n) for n in range(2, 8)]
    order = [3, 0, 5, 1, 4, 2]
    reuse = " ".join(sentences[i] for i in order)
    text = f"{OWN_INTRO}\n\n{reuse}\n"
    [m] = match_document(text_doc(text), index, builtin_rules)
    assert m.kind == "reordered"
    assert text[m.text_start : m.text_end] == reuse
    assert data_text("orchard.txt")[m.source_start : m.source_end] == "\n".join(sentences)


def test_passages_from_two_sources_are_reported_separately(
    index, builtin_rules, paragraph, text_doc
):
    one, two = paragraph("harbour.txt", 6), paragraph("library.txt", 5)
    text = f"{OWN_INTRO} {one}\n\n{OWN_OUTRO}\n\n{two}\n"
    matches = match_document(text_doc(text), index, builtin_rules)
    assert [(m.source_id, text[m.text_start : m.text_end]) for m in matches] == [
        ("harbour", one),
        ("library", two),
    ]


def test_same_topic_article_without_shared_sentences_does_not_match(
    index, builtin_rules, data_text, text_doc
):
    assert match_document(text_doc(data_text("harbour_other.txt")), index, builtin_rules) == []


def test_a_shared_phrase_shorter_than_a_sentence_is_not_reuse(index, builtin_rules, text_doc):
    text = (
        "Last night the harbour authority voted on Thursday to approve a new budget for the "
        "sailing school, which had asked for more boats."
    )
    assert match_document(text_doc(text), index, builtin_rules) == []


def test_quotation_marks_and_blockquotes_mark_the_passage_quoted(
    index, builtin_rules, paragraph, text_doc
):
    excerpt = paragraph("harbour.txt", 5)
    text = f"{OWN_INTRO}\n\nThe fishermen put it plainly: “{excerpt}”\n"
    [m] = match_document(text_doc(text), index, builtin_rules)
    assert m.quoted
    text = f"{OWN_INTRO}\n\n{excerpt}\n"
    start = text.index(excerpt)
    [m] = match_document(text_doc(text, quoted=[(start, start + len(excerpt))]), index,
                         builtin_rules)
    assert m.quoted
    [m] = match_document(text_doc(text), index, builtin_rules)
    assert not m.quoted


def test_html_document_offsets_point_into_the_raw_file(index, builtin_rules, paragraph):
    load = pytest.importorskip("licscan.load")
    excerpt = paragraph("harbour.txt", 7)
    raw = (
        "<html><head><title>Port</title></head><body><article>\n"
        f"<p>{OWN_INTRO}</p>\n<p>{excerpt.replace('&', '&amp;')}</p>\n</article></body></html>\n"
    )
    document = load.load_text(raw, relpath="page.html", doc_type="html")
    [m] = match_document(document, index, builtin_rules)
    assert raw[m.span.start : m.span.end] == excerpt
    assert m.span.line == 3


def test_a_url_slug_repeating_the_source_text_is_not_part_of_the_passage(
    index, builtin_rules, paragraph, text_doc
):
    excerpt = paragraph("harbour.txt", 8)
    slug = "the-harbour-authority-voted-on-thursday-to-approve-a-plan-that-would-deepen"
    text = f"{OWN_INTRO}\n\n{excerpt}\n\nSource: https://harbourtimes.test/{slug}\n"
    [m] = match_document(text_doc(text), index, builtin_rules)
    assert text[m.text_start : m.text_end] == excerpt
