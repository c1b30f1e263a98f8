"""Attribution: every form of credit, where it was found, and the decoys that are not credit."""

from __future__ import annotations

import pytest

from licscan.match import match_document
from licscan.model import MetaItem
from tests.detect.builtin import builtin_rules
from tests.match.sources import paragraph, standard_index, text_doc

EXCERPT = paragraph("harbour.txt", 4)
INTRO = "The town has argued about its port for years, and this week brought a decision."


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    source_index = standard_index(tmp_path_factory.mktemp("attribution"))
    yield source_index
    source_index.close()


def _credit(index, text, **doc):
    [m] = [m for m in match_document(text_doc(text, **doc), index, builtin_rules())
           if m.source_id == "harbour"]
    return m


@pytest.mark.parametrize(
    "credit",
    [
        "Source: Harbour Times",
        "SOURCE: harbourtimes.test",
        "(via Harbour Times)",
        "Courtesy of the Harbour Times newsroom.",
        "Originally published by Harbour Times.",
        "This story was originally published at harbourtimes.test.",
        "This article originally appeared on Harbour Times.",
        "Republished with permission from Harbour Times.",
        "© 2025 Harbour Times. Republished with permission.",
        "Copyright 2024, Harbour Times",
        "Read the full story at Harbour Times.",
        "Quelle: Harbour Times",
        "Fuente: Harbour Times",
        "Fonte: Harbour Times",
        "Bron: Harbour Times",
        "Artikel erschien zuerst bei Harbour Times.",
    ],
)
def test_credit_lines_naming_the_source_are_credit(index, credit):
    text = f"{INTRO}\n\n{EXCERPT}\n\n{credit}\n"
    m = _credit(index, text)
    assert m.attributed
    assert not m.linked
    line = text[: text.index(credit)].count("\n") + 1
    assert m.evidence[0].startswith("credit_line:") and m.evidence[0].endswith(f"@L{line}")


@pytest.mark.parametrize(
    "prefix",
    ["Harbour Times reported: ", "As Harbour Times reported, ", "According to Harbour Times, ",
     "Harbour Times reports that ", "From Harbour Times: ", "Laut Harbour Times ",
     "Selon le Harbour Times, ", "D'après Harbour Times, ", "Según Harbour Times, ",
     "Secondo Harbour Times, ", "Segundo o Harbour Times, ", "Volgens Harbour Times "],
)
def test_credit_before_the_passage(index, prefix):
    m = _credit(index, f"{INTRO}\n\n{prefix}{EXCERPT}\n")
    assert m.attributed
    assert m.evidence[0].startswith("credit_line:")


def test_a_name_written_differently_from_the_domain_still_credits():
    """"Global Defense Corp" names globaldefensecorp.com: compared without spaces."""
    from licscan.match.credit import _names_pattern
    from licscan.match.sites import name_variants

    pattern = _names_pattern(tuple(name_variants("www.globaldefensecorp.com")))
    assert pattern.match("Global Defense Corp")
    assert pattern.match("GlobalDefenseCorp.com")
    assert not pattern.match("Global Defence Review")


def test_link_to_another_page_of_the_source_site_is_credit_and_link(index):
    text = f"{INTRO}\n\n{EXCERPT}\n\nMore on the port here.\n"
    m = _credit(index, text, links=[("More on the port", "http://harbourtimes.test/port/")])
    assert (m.attributed, m.linked) == (True, True)
    assert m.evidence == ["link:harbourtimes.test@L5"]


def test_bare_url_in_plain_text_is_a_link(index):
    text = f"{INTRO}\n\n{EXCERPT}\n\nRead more: https://www.harbourtimes.test/news/dredging-vote\n"
    m = _credit(index, text)
    assert (m.attributed, m.linked) == (True, True)
    assert "link:harbourtimes.test@L5" in m.evidence


def test_canonical_link_to_the_source_is_credit(index):
    text = f"{INTRO}\n\n{EXCERPT}\n"
    document = text_doc(text, canonical="https://harbourtimes.test/news/dredging-vote")
    document.meta.append(MetaItem("link", "canonical", document.canonical_url, 0, 10))
    [m] = match_document(document, index, builtin_rules())
    assert (m.attributed, m.linked) == (True, True)
    assert m.evidence == ["canonical:harbourtimes.test@L1"]


def test_credit_and_link_are_both_recorded(index):
    text = f"{INTRO}\n\n{EXCERPT}\n\nSource: Harbour Times\n"
    m = _credit(index, text, links=[("Harbour Times", "https://www.harbourtimes.test/")])
    assert (m.attributed, m.linked) == (True, True)
    assert m.evidence == ["link:harbourtimes.test@L5", "credit_line:Source: Harbour Times@L5"]


@pytest.mark.parametrize(
    "decoy",
    [
        "Source: Reuters",
        "Source: City News",  # another source of the index, not this one
        "Photo: Harbour Authority",
        "Read more at https://www.harbourtimes-archive.test/",
        "Harbour traffic reported a busy summer.",
    ],
)
def test_decoys_are_not_credit(index, decoy):
    m = _credit(index, f"{INTRO}\n\n{EXCERPT}\n\n{decoy}\n")
    assert (m.attributed, m.linked, m.evidence) == (False, False, [])


def test_a_link_to_a_lookalike_domain_is_not_credit(index):
    text = f"{INTRO}\n\n{EXCERPT}\n\nSee the map.\n"
    m = _credit(index, text, links=[("See the map", "https://harbourtimes.test.evil.example/")])
    assert not m.linked


def test_the_source_naming_itself_inside_the_copy_is_not_credit(tmp_path):
    from tests.match.sources import HARBOUR, make_index

    body = (
        "Harbour Times reported on Thursday that the channel will be dredged by three metres "
        "before the end of next year, according to officials at the port authority."
    )
    index = make_index(tmp_path, [("harbour", body, HARBOUR)])
    [m] = match_document(text_doc(f"{INTRO}\n\n{body}\n"), index, builtin_rules())
    assert not m.attributed


def test_a_credit_line_far_from_the_passage_belongs_to_something_else(index):
    own = [f"Paragraph {n} of our own reporting on the town and its many small harbours."
           for n in range(1, 9)]
    text = "\n\n".join([*own[:2], "Source: Harbour Times", *own[2:5], EXCERPT, *own[5:]])
    m = _credit(index, text + "\n")
    assert not m.attributed
    text = "\n\n".join([*own[:4], EXCERPT, own[4], "Source: Harbour Times", *own[5:]])
    assert _credit(index, text + "\n").attributed


def test_a_credit_phrase_from_a_user_rule_file_counts(index):
    """Adding a phrase is an edit of a rule file: the matcher reads the rule set's phrases."""
    from pathlib import Path

    from licscan.detect import RuleSet

    text = f"{INTRO}\n\n{EXCERPT}\n\nMerci à Harbour Times.\n"
    [m] = match_document(text_doc(text), index, builtin_rules())
    assert not m.attributed
    rules = RuleSet.load(extra=[Path(__file__).parent / "data" / "merci_phrase.yaml"])
    [m] = match_document(text_doc(text), index, rules=rules)
    assert m.attributed and m.evidence == ["credit_line:Merci à Harbour Times.@L5"]
