"""Reuse terms read from what a sentence says (rules/clauses.yaml): the type, the clauses of a
footer, the conditions and the cues that decided, in the languages the vocabularies cover; and
sentences that only look like terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan.detect import RuleSet
from licscan.detect.rule import RuleError
from licscan.model import Term
from tests.detect.builtin import run


def _statement(text: str) -> Term:
    (term,) = run(text).terms
    return term


def test_a_copyrighted_property_notice_with_a_reprint_condition_needs_permission() -> None:
    term = _statement(
        "This article is the copyrighted property of Breaking Belize News. Written permission "
        "must be obtained before reprint in online or print media. REPRINTING CONTENT WITHOUT "
        "PERMISSION AND/OR PAYMENT IS THEFT"
    )
    assert term.term_type == "permission_required"
    assert term.clauses == ["permission_required", "all_rights_reserved"]
    assert term.text.startswith("This article is the copyrighted property")
    assert term.text.endswith("IS THEFT")


def test_a_reservation_with_a_consent_clause_is_one_statement_that_needs_permission() -> None:
    term = _statement(
        "© 2024 Example Wire Ltd. All rights reserved. Redistribution or republication of this "
        "content is prohibited without our prior written consent"
    )
    assert term.term_type == "permission_required"
    assert term.clauses == ["permission_required", "all_rights_reserved"]
    assert term.cues.split() == [
        "act:redistribute", "act:republish", "work:content", "modality:prohibited",
        "exception:without", "condition:written-permission",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "conditions"),
    [
        (
            "You're welcome to quote a paragraph or two as long as you link back here",
            {"link_required": True, "credit_required": None},
        ),
        (
            "Brief passages (up to 15% of a post) may be reprinted with a credit line",
            {"credit_required": True, "max_excerpt_percent": 15},
        ),
        (
            "„Auszüge bis 300 Zeichen sind mit Quellenangabe und Link erlaubt“",
            {"credit_required": True, "link_required": True, "max_excerpt_chars": 300},
        ),
        (
            "« Toute citation courte doit mentionner la source et renvoyer à l'article »",
            {"credit_required": True, "link_required": True},
        ),
    ],
)
def test_excerpts_allowed_with_credit_or_a_link(text: str, conditions: dict) -> None:
    term = _statement(text)
    assert term.term_type == "excerpt_with_credit"
    assert {name: getattr(term, name) for name in conditions} == conditions


@pytest.mark.parametrize(
    ("text", "term_type"),
    [
        ("Die Weiterverbreitung der Inhalte ist nur mit schriftlicher Genehmigung des Verlags "
         "gestattet.", "permission_required"),
        ("Toute reproduction sans autorisation écrite est interdite.", "permission_required"),
        ("Queda prohibida la reproducción total o parcial sin permiso.", "permission_required"),
        ("È vietata la riproduzione senza autorizzazione scritta.", "permission_required"),
        ("Proibida a reprodução sem autorização.", "permission_required"),
        ("Kopiowanie i rozpowszechnianie artykułów bez zgody wydawcy jest zabronione.",
         "permission_required"),
        ("Overname van artikelen is alleen toegestaan met schriftelijke toestemming van de "
         "uitgever.", "permission_required"),
        ("Unerlaubte Vervielfältigung ist untersagt.", "permission_required"),
        ("Content published on this website may not be reproduced.", "no_reproduction"),
        ("La reproduction de nos articles est autorisée à condition de citer la source.",
         "free_with_attribution"),
        ("Feel free to republish our stories: credit the author and link back to the original.",
         "free_with_attribution"),
        ("Przedruk fragmentów dozwolony z podaniem źródła.", "excerpt_with_credit"),
        ("Korte citaten zijn toegestaan met bronvermelding en een link naar het origineel.",
         "excerpt_with_credit"),
        ("È consentita la riproduzione di brevi estratti con citazione della fonte.",
         "excerpt_with_credit"),
        ("Les contenus du site sont soumis à la protection de la propriété intellectuelle.",
         "all_rights_reserved"),
        ("Die Inhalte dürfen nicht für das Training von KI-Modellen verwendet werden.",
         "tdm_ai_reservation"),
    ],
)
def test_the_type_in_each_language(text: str, term_type: str) -> None:
    assert _statement(text).term_type == term_type


def test_a_flat_ban_and_a_route_to_permission_in_one_footer_need_permission() -> None:
    term = _statement("Toute reproduction est interdite. Pour une autorisation de reproduction, "
                      "écrivez à droits@example.fr")  # fmt: skip
    assert term.term_type == "permission_required"
    assert "no_reproduction" not in term.clauses


def test_a_grant_and_a_reservation_keep_both_clauses_and_the_grant_decides() -> None:
    term = _statement("© 2024 Example Weekly. All rights reserved. Short quotes of up to 100 "
                      "words may be used with credit to Example Weekly.")  # fmt: skip
    assert (term.term_type, term.max_excerpt_words, term.credit_required) == (
        "excerpt_with_credit", 100, True)  # fmt: skip
    assert term.clauses == ["excerpt_with_credit", "all_rights_reserved"]


def test_two_footers_in_two_paragraphs_are_two_statements() -> None:
    terms = run("© 2024 Example. All rights reserved.\n\nStory text goes on here.\n\n"
                "Reproduction of this article without written permission is prohibited.").terms
    assert [t.term_type for t in terms] == ["all_rights_reserved", "permission_required"]


@pytest.mark.parametrize(
    "text",
    [
        "We reserve the right to change these terms at any time.",
        "Reprint rights for our annual report are handled by the communications office.",
        "Under copyright law, nobody may reproduce a protected article without the permission "
        "of its author.",
        "Copying a newspaper article without permission was prohibited, the court said.",
        "The newspaper published the photos without permission, the lawsuit says.",
        "Please share this article on Facebook.",
        "We may share your personal data with partners.",
        "Your email address will not be published.",
        "Excerpted from the book. Reprinted with permission of the publisher.",
    ],
)
def test_look_alikes_give_no_term(text: str) -> None:
    assert run(text).terms == []


def test_an_extra_rule_file_adds_a_phrase_to_a_builtin_cue(tmp_path: Path) -> None:
    text = "Il est défendu de recopier ce billet sans accord préalable."
    assert run(text).terms == []  # "défendu" and "recopier" are not in the vocabulary
    extra = tmp_path / "more-cues.yaml"
    extra.write_text(
        "cues:\n"
        "  act:\n    reproduce:\n      fr: \"recopier, recopié*\"\n"
        "  modality:\n    prohibited:\n      fr: \"est défendu, il est défendu\"\n"
        "rules: []\n",
        encoding="utf-8",
    )
    term = _statement_with(text, RuleSet.load([extra], check_examples=False))
    assert term.term_type == "permission_required"
    assert term.cues == "modality:prohibited act:reproduce exception:without condition:permission"


def _statement_with(text: str, rules: RuleSet) -> Term:
    (term,) = run(text, rules=rules).terms
    return term


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("cues:\n  mood:\n    happy:\n      en: \"glad\"\nrules: []\n", "cue category 'mood'"),
        ("cues:\n  act:\n    copy:\n      en: [copy, copies]\nrules: []\n", "separated by commas"),
        ("clauses:\n  - type: no_reproduction\n    all: [\"act:photocopy\"]\nrules: []\n",
         "names no cue"),
        ("clauses:\n  - type: forbidden\n    all: [act]\nrules: []\n", "clause type"),
    ],
)
def test_a_broken_vocabulary_is_a_rule_error(tmp_path: Path, content: str, problem: str) -> None:
    extra = tmp_path / "bad.yaml"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(RuleError, match=problem):
        RuleSet.load([extra], check_examples=False)
