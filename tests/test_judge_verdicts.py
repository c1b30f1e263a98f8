"""Verdicts against each kind of terms, findings with severities, messages and fingerprints."""

from __future__ import annotations

import pytest

from licscan.judge import governing_term, judge_matches, sources_for
from licscan.match import match_document
from licscan.match.manifest import terms_from_id
from licscan.model import Match, Severity, Term
from licscan.policy import decide
from licscan.textmap import Span

SPAN = Span(0, 10, 1, 1, 1, 11)


def _match(fraction: float, credited: bool, linked: bool = False, kind: str = "verbatim",
           words: int = 60) -> Match:
    return Match("d.txt", "s1", SPAN, 0, 10, source_fraction=fraction, attributed=credited,
                 linked=linked, kind=kind, matched_words=words)


def _term(name: str) -> Term:
    return terms_from_id(name, "s1.txt")[0]


# (terms, fraction, credited, linked) -> verdict of a 60-word unquoted passage, by the policy
# of docs/policy.md: from a source that reserves its rights, credit alone does not make a
# short quotation
@pytest.mark.parametrize(
    ("terms", "fraction", "credited", "linked", "verdict", "reason"),
    [
        ("excerpts-with-credit", 0.10, True, True, "ok", "credited"),
        ("excerpts-with-credit", 0.10, True, False, "ok", "missing_link"),
        ("excerpts-with-credit", 0.40, True, True, "review", "excerpt_too_long"),
        ("excerpts-with-credit", 0.85, True, True, "violation", "excerpt_too_long"),
        ("excerpts-with-credit", 0.10, False, False, "violation", "missing_credit"),
        ("all-rights-reserved", 0.10, True, False, "violation", "needs_permission"),
        ("all-rights-reserved", 0.30, True, True, "violation", "needs_permission"),
        ("all-rights-reserved", 0.05, False, False, "violation", "needs_permission"),
        ("cc-by-4.0", 0.95, True, False, "ok", "credited"),
        ("cc-by-4.0", 0.10, False, False, "violation", "missing_credit"),
        ("republish-with-link", 0.90, True, True, "ok", "credited"),
        ("republish-with-link", 0.90, True, False, "review", "missing_link"),
        ("republish-with-link", 0.20, False, False, "violation", "missing_credit"),
        ("no-reproduction", 0.05, True, True, "violation", "needs_permission"),
        ("something else", 0.05, True, True, "review", "unknown_terms"),
    ],
)
def test_policy_table(terms, fraction, credited, linked, verdict, reason):
    decided = decide(_match(fraction, credited, linked), _term(terms), None, [])
    assert (decided.verdict, decided.reason) == (verdict, reason)


def test_no_terms_at_all_is_review():
    assert decide(_match(0.1, True, True), None, None, []).verdict == "review"


def test_a_stated_word_limit_makes_a_long_excerpt_a_violation():
    term = _term("excerpts-with-credit")
    term.max_excerpt_words = 50
    assert decide(_match(0.1, True, True, words=60), term, None, []).reason == "excerpt_too_long"
    assert decide(_match(0.1, True, True, words=40), term, None, []).verdict == "ok"


def test_no_derivatives_licence_flags_edited_reuse():
    term = _term("CC-BY-ND-4.0")
    assert decide(_match(0.5, True, True, kind="edited"), term, None, []).reason == "derivative"
    assert decide(_match(0.5, True, True, kind="verbatim"), term, None, []).verdict == "ok"


def test_a_permission_governs_over_a_general_reservation():
    reserved = Term("s.txt", "terms.arr", "all_rights_reserved", "All rights reserved", SPAN)
    excerpts = Term("s.txt", "terms.ex", "excerpt_with_credit", "Excerpts may be used", SPAN)
    assert governing_term([reserved, excerpts]) is excerpts
    manifest = _term("all-rights-reserved")
    assert governing_term([excerpts, manifest]) is manifest  # the manifest wins


@pytest.fixture()
def index(tmp_path, standard_index):
    source_index = standard_index(tmp_path)
    yield source_index
    source_index.close()


def test_findings_carry_rule_severity_message_and_stable_fingerprint(
    index, builtin_rules, paragraph, text_doc
):
    excerpt = " ".join(paragraph("harbour.txt", n) for n in (3, 4, 5))
    text = f"A short introduction of our own about the port and the town.\n\n{excerpt}\n"
    document = text_doc(text)
    found = match_document(document, index, builtin_rules)
    matches, findings = judge_matches(document, found, sources_for(found, index))
    [m], [f] = matches, findings
    assert (m.verdict, m.verdict_reason, m.source_terms) == (
        "violation", "missing_credit", "excerpt_with_credit")
    assert (f.rule_id, f.severity, f.kind) == ("reuse.uncredited", Severity.high, "reuse")
    assert f.span == m.span
    assert f.message.startswith("Paragraph 2 (")
    assert "www.harbourtimes.test/news/dredging-vote" in f.message
    assert "allow excerpts only with full credit and a link; no credit found" in f.message
    assert "Fix: add a credit line naming Harbour Times with a link" in f.message
    # the same passage lower in the page keeps its fingerprint
    moved = text_doc("New first paragraph.\n\n" + text)
    found = match_document(moved, index, builtin_rules)
    _, [again] = judge_matches(moved, found, sources_for(found, index))
    assert again.fingerprint == f.fingerprint
    assert len(f.fingerprint) == 16


def test_credited_and_linked_short_excerpt_is_ok_info(index, builtin_rules, paragraph, text_doc):
    excerpt = paragraph("harbour.txt", 3)
    text = f"An introduction of our own.\n\n{excerpt}\n\nSource: Harbour Times\n"
    document = text_doc(text, links=[("Harbour Times", "https://harbourtimes.test/")])
    found = match_document(document, index, builtin_rules)
    [m], [f] = judge_matches(document, found, sources_for(found, index))
    assert (m.verdict, f.rule_id, f.severity) == ("ok", "reuse.credited", Severity.info)


def test_licensed_sources_are_ok(index, builtin_rules, paragraph, text_doc):
    excerpt = " ".join(paragraph("library.txt", n) for n in range(2, 8))
    document = text_doc(f"Our own words first.\n\n{excerpt}\n")
    matches = match_document(document, index, builtin_rules)
    sources = sources_for(matches, index)
    [m], [f] = judge_matches(document, matches, sources, licensed_sources=["citynews.test"])
    assert (m.verdict, f.rule_id) == ("ok", "reuse.licensed")
    [m], [f] = judge_matches(document, matches, sources)
    assert (m.verdict, f.rule_id, f.severity) == (
        "violation", "reuse.needs-permission", Severity.high)
    assert "whose terms reserve all rights" in f.message
