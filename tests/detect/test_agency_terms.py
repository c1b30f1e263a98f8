"""Picture and news agencies' wording under photos and syndicated items: a mandatory credit
line (whom to credit, the agency as licensor) and editorial-use restrictions are terms; a plain
credit is a credit, never a term."""

from __future__ import annotations

from tests.detect.builtin import run

CAPTION = (
    "<figure><img src='harbour.jpg' alt=''><figcaption>Trawlers leave the harbour at dawn. "
    "Photo: Ann Vole/Shutterstock. Mandatory Credit: Photo by Ann Vole/Shutterstock (1234567a). "
    "EDITORIAL USE ONLY. NO SALES.</figcaption></figure>"
    "<footer><p>© 2024 Quayside Courier</p></footer>"
)


def test_a_caption_with_a_mandatory_credit_and_an_editorial_restriction_is_one_statement() -> None:
    detection = run(f"<html><body>{CAPTION}</body></html>", "html")
    (term,) = detection.terms
    assert term.term_type == "other"
    assert term.text == (
        "Mandatory Credit: Photo by Ann Vole/Shutterstock (1234567a). EDITORIAL USE ONLY. NO SALES"
    )
    assert (term.credit_required, term.credit_target, term.licensor) == (
        True, "Ann Vole/Shutterstock", "Shutterstock")  # fmt: skip
    assert term.non_commercial is True
    assert term.cues == "pattern:terms.agency-credit"
    # the credit before it stays a photo credit
    credits = [n.holders for n in detection.notices if n.notice_type == "photo_credit"]
    assert ["Ann Vole", "Shutterstock"] in credits


def test_the_agency_of_a_wire_credit_line_is_the_licensor_by_its_usual_name() -> None:
    cases = {
        "MANDATORY CREDIT: REUTERS/Jane Doe": ("REUTERS/Jane Doe", "Reuters"),
        "Must credit: The Associated Press": ("The Associated Press", "AP"),
        "Crédito obligatorio: EFE/Juan Ejemplo": ("EFE/Juan Ejemplo", "EFE"),
        "Pflichtangabe Bildnachweis: picture alliance / dpa": (
            "picture alliance / dpa",
            "picture alliance",
        ),
    }
    for text, (target, licensor) in cases.items():
        (term,) = run(text).terms
        assert (term.credit_target, term.licensor, term.credit_required) == (
            target, licensor, True), text  # fmt: skip


def test_editorial_restrictions_in_five_languages_bar_commercial_use() -> None:
    for text in ("Editorial use only.", "Nur zur redaktionellen Verwendung.",
                 "Usage éditorial uniquement.", "Sólo uso editorial.",
                 "Solo per uso editoriale."):  # fmt: skip
        (term,) = run(text).terms
        assert (term.term_type, term.non_commercial, term.credit_required) == (
            "other", True, None), text  # fmt: skip


def test_look_alikes_are_no_terms() -> None:
    for text in (
        "The credit line was mandatory for all staff.",
        "Mandatory credit checks slowed the loan approvals.",
        "Reuters reported that the agency's photographers work under mandatory rules.",
        "Name (Pflichtangabe)",
        "No sales were recorded in March.",
        "The editorial use of photographs has changed since the 1990s.",
    ):
        assert run(text).terms == [], text


def test_a_plain_photo_credit_stays_a_credit() -> None:
    detection = run("Photo: Reuters")
    assert detection.terms == []
    assert [(n.notice_type, n.holders) for n in detection.notices] == [
        ("photo_credit", ["Reuters"])
    ]
