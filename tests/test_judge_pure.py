"""The judge reads matches and their sources and returns new rows: what it is given stays as it
was.  Every term type reads as words in a reuse finding, and a term type licscan does not know
is refused where the term is made."""

from __future__ import annotations

import copy
import hashlib

import pytest

from licscan.judge import judge_matches
from licscan.match.store import SourceInfo
from licscan.model import Match, Term, TermType
from licscan.textmap import Span
from tests.match.sources import text_doc

PASSAGE = "The harbour board voted to dredge the channel."
DOCUMENT = text_doc(f"Our own opening line.\n\n{PASSAGE}\n\nSource: News Desk\n")
START = DOCUMENT.text.index(PASSAGE)
SPAN = DOCUMENT.text_span(START, START + len(PASSAGE))


def _match(**fields: object) -> Match:
    return Match("draft.txt", "s1", SPAN, START, START + len(PASSAGE), matched_words=8,
                 source_words=80, source_fraction=0.1, kind="verbatim", **fields)


def _source(term_type: str, **conditions: object) -> SourceInfo:
    term = Term("s1.txt", "terms.test", term_type, "the source's terms", Span(0, 0, 1, 1, 1, 1),
                **conditions)
    return SourceInfo(id="s1", key="s1", path="s1.txt", url="https://news.test/story",
                      publisher="News Desk", domain="news.test", host="news.test", title="",
                      doc_type="text", words=80, sid=1, chars=480, terms=[term])


def _sha16(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def test_judging_leaves_the_matches_and_sources_given_unchanged() -> None:
    matches = [
        _match(),
        _match(attributed=True, linked=True, evidence=["credit_line:Source: News Desk@L5"]),
    ]
    sources = {"s1": _source("excerpt_with_credit", link_required=True)}
    matches_before, sources_before = copy.deepcopy(matches), copy.deepcopy(sources)

    judged, findings = judge_matches(DOCUMENT, matches, sources)

    assert matches == matches_before
    assert sources == sources_before
    assert [(m.verdict, m.fingerprint) for m in matches] == [(None, ""), (None, "")]
    assert [(m.verdict, m.verdict_reason, m.source_terms) for m in judged] == [
        ("violation", "missing_credit", "excerpt_with_credit"),
        ("ok", "credited", "excerpt_with_credit"),
    ]
    assert [f.rule_id for f in findings] == ["reuse.uncredited", "reuse.credited"]
    # a judged row's list is its own: changing it does not reach the match it came from
    judged[1].evidence.append("link:news.test@L5")
    assert matches[1].evidence == ["credit_line:Source: News Desk@L5"]


def test_judging_twice_gives_the_same_rows() -> None:
    matches = [_match()]
    sources = {"s1": _source("all_rights_reserved")}
    assert judge_matches(DOCUMENT, matches, sources) == judge_matches(DOCUMENT, matches, sources)


def test_fingerprints_follow_the_documented_formula() -> None:
    # sha256(rule id NUL path NUL normalised evidence), first 16 hex: the passage's words,
    # casefolded, without punctuation; a match row's evidence starts with its source id
    [match], [finding] = judge_matches(DOCUMENT, [_match()], {"s1": _source("other")})
    words = "the harbour board voted to dredge the channel"
    assert finding.fingerprint == _sha16(f"reuse.review\0draft.txt\0{words}")
    assert match.fingerprint == _sha16(f"reuse.match\0draft.txt\0s1\0{words}")


def test_a_source_missing_from_the_sources_given_has_unknown_terms() -> None:
    [match], [finding] = judge_matches(DOCUMENT, [_match()], {})
    assert (match.verdict, match.source_terms, finding.rule_id) == (
        "review", "unknown", "reuse.review")
    assert "whose terms are unknown; no credit found" in finding.message


# What "… copied verbatim from <source>, whose terms ___; …" says for each term type.
WORDING = {
    TermType.all_rights_reserved: "reserve all rights",
    TermType.no_reproduction: "forbid reproduction",
    TermType.permission_required: "require permission for reuse",
    TermType.excerpt_with_credit: "allow excerpts only with full credit",
    TermType.free_with_attribution: "allow republication with credit",
    TermType.creative_commons: "are CC-BY-4.0 (attribution)",
    TermType.wire_service_ban: "forbid republication of wire copy",
    TermType.tdm_ai_reservation: "are unknown",
    TermType.personal_use_only: "allow personal use only",
    TermType.fair_use_statement: "are unknown",
    TermType.other: "are unknown",
}


@pytest.mark.parametrize("term_type", list(TermType))
def test_every_term_type_is_put_in_words(term_type: TermType) -> None:
    conditions = {"license": "CC-BY-4.0"} if term_type is TermType.creative_commons else {}
    _, [finding] = judge_matches(DOCUMENT, [_match()], {"s1": _source(term_type, **conditions)})
    assert f"news.test/story, whose terms {WORDING[term_type]}; " in finding.message


def test_term_types_keep_their_names_as_text() -> None:
    assert {str(t) for t in TermType} == {t.value for t in TermType} == set(WORDING)
    assert f"{TermType.wire_service_ban}" == "wire_service_ban"


def test_an_unknown_term_type_is_refused_where_the_term_is_made() -> None:
    with pytest.raises(ValueError, match="'fair_dealing' is not a valid TermType"):
        _source("fair_dealing")
