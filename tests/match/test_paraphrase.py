"""The paraphrase stage: passages retold sentence by sentence, and same-topic texts left alone."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from licscan.judge import judge_matches, sources_for
from licscan.match import IndexUnusable, SourceIndex, match_document
from licscan.model import Verdict

# Lines 2 to 5 of harbour.txt, each sentence retold in other words, in the same order.
RETOLD = [
    "On Thursday the port's governing body backed a proposal to make the northern shipping "
    "channel three metres deeper by the close of next year.",
    "According to officials, the dredging is necessary since the container vessels that call "
    "at the port have been getting bigger for a decade.",
    "Most of the roughly 48 million euro bill is to come out of the authority's own funds.",
    "Fishermen using the channel worry that breeding grounds of sole and plaice by the outer "
    "sandbanks may be disturbed.",
]
OWN_INTRO = "Here is what our town's newsletter has to say this week."
# The same story told independently: other facts, in another order.
INDEPENDENT = (
    "The northern channel has long been a sore point for the town. Shipping lines have "
    "complained for years that the water is too shallow for modern vessels, and two of them "
    "moved to rival ports last winter. Local fishermen say catches of plaice have fallen since "
    "the channel was last dredged in 2009. The authority will publish its budget for the coming "
    "year in March, and a public meeting on the harbour is planned for the spring."
)


@pytest.fixture()
def index(tmp_path, standard_index):
    source_index = standard_index(tmp_path)
    yield source_index
    source_index.close()


def test_a_passage_retold_sentence_by_sentence_is_a_paraphrase_of_its_source(
    index, builtin_rules, text_doc, paragraph
):
    text = OWN_INTRO + "\n\n" + " ".join(RETOLD) + "\n"
    matches = match_document(text_doc(text), index, builtin_rules)
    assert [(m.source_id, m.kind) for m in matches] == [("harbour", "paraphrase")]
    m = matches[0]
    assert (m.text_start, m.text_end) == (text.index("On Thursday"), len(text) - 1)
    source = index.tokens(0, index.find("harbour").sid).text
    retold = [(text[int(a):int(b)], source[int(c):int(d)])
              for a, b, c, d in (p.replace("=", "-").split("-") for p in m.pairs)]
    assert retold == [(sentence, paragraph("harbour.txt", line))
                      for line, sentence in enumerate(RETOLD, 2)]


def test_a_paraphrase_is_for_review_never_a_violation(index, builtin_rules, text_doc):
    document = text_doc(" ".join(RETOLD))
    matches = match_document(document, index, builtin_rules)
    judged = judge_matches(document, matches, sources_for(matches, index))
    assert [(m.verdict, m.verdict_reason) for m in judged.matches] == [
        (Verdict.review, "paraphrase")]
    assert [f.rule_id for f in judged.findings] == ["reuse.paraphrase"]
    assert "retold sentence by sentence from" in judged.findings[0].message


def test_a_text_on_the_same_story_in_its_own_words_is_not_reuse(index, builtin_rules, text_doc):
    assert match_document(text_doc(INDEPENDENT), index, builtin_rules) == []


def test_two_retold_sentences_are_not_enough_for_a_paraphrase(index, builtin_rules, text_doc):
    text = OWN_INTRO + " " + " ".join(RETOLD[:2]) + " " + INDEPENDENT
    assert match_document(text_doc(text), index, builtin_rules) == []


def test_retold_sentences_out_of_the_sources_order_are_not_a_paraphrase(
    index, builtin_rules, text_doc
):
    shuffled = [RETOLD[3], RETOLD[1], RETOLD[2], RETOLD[0]]
    assert match_document(text_doc(" ".join(shuffled)), index, builtin_rules) == []


def test_an_index_without_content_word_postings_must_be_built_again(tmp_path, standard_index):
    standard_index(tmp_path).close()
    folder = tmp_path / "index"
    with closing(sqlite3.connect(folder / "sources.sqlite")) as db, db:
        db.execute("DROP TABLE cw")
    with pytest.raises(IndexUnusable) as raised:
        SourceIndex([folder])
    assert str(raised.value) == (
        f"source index {folder / 'sources.sqlite'} lacks its content-word postings (table "
        f"cw); delete {folder} and build it again with "
        f"`licscan index build --index {folder} SOURCES...`")
