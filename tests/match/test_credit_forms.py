"""Credit forms of news copy (datelines, agency bylines, hat tips, links naming the source) and
where a passage ends: never in the source's byline or the draft's credit phrase."""

from __future__ import annotations

import pytest

from licscan.load import load_text
from licscan.match import match_document

WIRE = {"publisher": "Harbour Wire", "url": "https://harbourwire.test/port",
        "terms": "all-rights-reserved"}
STORY = [
    "The harbour authority voted on Thursday to approve a plan that would deepen the northern "
    "shipping channel by three metres before the end of next year.",
    "Officials said the work was needed because container ships calling at the port have "
    "grown steadily larger over the past decade.",
]
SOURCE = f"Port to dredge channel\nBy Harbour Wire\n{STORY[0]}\n{STORY[1]}\n"
INTRO = "The town has argued about its port for years, and this week brought a decision."
OTHER = ("A second outlet wrote that the ferry timetable will change in the spring, when two "
         "new boats arrive from the yard in the north of the country.")


@pytest.fixture(scope="module")
def index(tmp_path_factory, make_index, builtin_rules):
    folder = tmp_path_factory.mktemp("wire")
    source_index = make_index(folder, [
        ("wire", SOURCE, WIRE),
        ("other", f"Ferries\n{OTHER}\n", {"publisher": "Ferry Post"}),
    ], rules=builtin_rules)
    yield source_index
    source_index.close()


def _match(index, rules, text_doc, text, **doc):
    return [m for m in match_document(text_doc(text, **doc), index, rules)
            if m.source_id == "wire"]


@pytest.mark.parametrize("draft", [
    f"DOVER (Harbour Wire) - {STORY[1]}",  # a dateline of the draft's own
    f"{STORY[1]} — Harbour Wire",
    f"{INTRO}\n\n{STORY[1]}\n\nReporting by Harbour Wire; editing by the desk",
    f"{INTRO}\n\n{STORY[1]}\n\nAdditional reporting by Harbour Wire",
    f"{INTRO}\n\n{STORY[1]}\n\nWith files from Harbour Wire",
    f"{INTRO}\n\n{STORY[1]}\n\n(h/t Harbour Wire)",
    f"{INTRO} As first reported by Harbour Wire:\n\n{STORY[1]}",
    f"{INTRO}\n\n{STORY[1]}\n\nQuelle: Harbour Wire",
    f"{INTRO}\n\n« {STORY[1]} », selon Harbour Wire.",
])
def test_news_credit_forms_credit_the_source(index, builtin_rules, text_doc, draft):
    [m] = _match(index, builtin_rules, text_doc, draft)
    assert m.attributed, draft


def test_a_link_whose_text_names_the_source_is_credit(index, builtin_rules, text_doc):
    draft = f"{INTRO}\n\n{STORY[1]}\n\nMore from Harbour Wire on the port.\n"
    links = [("Harbour Wire", "https://social.test/harbourwire")]
    [m] = _match(index, builtin_rules, text_doc, draft, links=links)
    assert m.attributed and not m.linked
    assert m.evidence == ["credit_link:Harbour Wire@L5"]


@pytest.mark.parametrize("html", [
    f'<p>{INTRO}</p><blockquote cite="https://harbourwire.test/port"><p>{STORY[1]}</p>'
    "</blockquote>",
    f"<p>{INTRO}</p><blockquote><p>{STORY[1]}</p><footer><cite>Harbour Wire</cite></footer>"
    "</blockquote>",
])
def test_cite_and_blockquote_cite_credit_the_source(index, builtin_rules, html):
    document = load_text(html, "draft.html", "html")
    [m] = [m for m in match_document(document, index, builtin_rules) if m.source_id == "wire"]
    assert m.quoted and m.attributed
    assert [e.split(":")[0] for e in m.evidence] == ["cite"]


def test_the_source_s_own_dateline_copied_with_the_text_is_not_credit(
        tmp_path, make_index, builtin_rules, text_doc):
    index = make_index(tmp_path, [("wire", f"Port\nDOVER (Harbour Wire) - {STORY[0]}\n", WIRE)],
                       rules=builtin_rules)
    [m] = _match(index, builtin_rules, text_doc, f"{INTRO}\n\nDOVER (Harbour Wire) - {STORY[0]}")
    assert not m.attributed


def test_a_credit_inside_text_copied_from_another_source_does_not_count(
        tmp_path, make_index, builtin_rules, text_doc):
    quoting = f"Ferries\n{OTHER} Dredging starts soon, according to Harbour Wire.\n"
    index = make_index(tmp_path, [("wire", SOURCE, WIRE),
                                  ("other", quoting, {"publisher": "Ferry Post"})],
                       rules=builtin_rules)
    draft = f"{INTRO}\n\n{STORY[1]}\n\n{OTHER} Dredging starts soon, according to Harbour Wire."
    [m] = _match(index, builtin_rules, text_doc, draft)
    assert not m.attributed


def test_a_passage_stops_before_the_source_s_byline_and_the_draft_s_credit(
        index, builtin_rules, text_doc):
    quotation = " ".join(STORY[0].split()[:20])
    draft = f"{INTRO}\n\nAccording to Harbour Wire, “{quotation}” That was news.\n"
    [m] = _match(index, builtin_rules, text_doc, draft)
    assert m.excerpt == quotation
    assert m.quoted and m.attributed
    assert m.matched_words == 20


def test_a_passage_stops_at_the_draft_s_credit_line_when_the_next_words_go_on_like_the_source(
        index, builtin_rules, text_doc):
    # the paragraph after the credit line opens with the source's next six words by chance
    draft = (f"{INTRO}\n\n{STORY[0]}\n\nSource: Harbour Wire\n\n"
             "Officials said the work was needed, and the vote was close.\n")
    [m] = _match(index, builtin_rules, text_doc, draft)
    assert m.excerpt == STORY[0]
    assert m.attributed


@pytest.mark.parametrize("marks", [("“", "” they said."), ('"', '," an official said.')])
def test_quotation_marks_a_few_words_away_still_enclose_the_passage(
        index, builtin_rules, text_doc, marks):
    opening, closing = marks
    changed = STORY[1].replace("past decade.", "last ten years")  # the match stops short
    draft = f"{INTRO}\n\nHarbour Wire: {opening}{changed}{closing}\n"
    [m] = _match(index, builtin_rules, text_doc, draft)
    assert m.quoted


def test_a_closing_mark_of_an_earlier_quotation_does_not_enclose_the_passage(
        index, builtin_rules, text_doc):
    draft = f"{INTRO}\n\n\"Yes,\" he said. {STORY[1]}\n"
    [m] = _match(index, builtin_rules, text_doc, draft)
    assert not m.quoted


def test_a_lower_case_initialism_is_no_credit(tmp_path, make_index, builtin_rules, text_doc):
    source = f"Port\n{STORY[0]}\n© 2025 The Associated Press. All rights reserved.\n"
    index = make_index(tmp_path, [("ap", source, {})], rules=builtin_rules)
    assert "AP" in index.find("ap").names
    [credited] = match_document(text_doc(f"LONDON (AP) — {STORY[0]}"), index, builtin_rules)
    assert credited.attributed
    [not_credited] = match_document(text_doc(f"{INTRO} via ap:\n\n{STORY[0]}"), index,
                                    builtin_rules)
    assert not not_credited.attributed
