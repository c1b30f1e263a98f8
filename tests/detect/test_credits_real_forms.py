"""Photo, wire, agency and source credits as real pages write them: each a credit row naming
the credited party, never a holder of the page."""

from __future__ import annotations

import pytest

from tests.detect.builtin import run

CREDIT_TYPES = {"photo_credit", "wire_credit", "credit"}


def _credits(content: str, doc_type: str = "text"):
    return [n for n in run(content, doc_type).notices if n.notice_type in CREDIT_TYPES]


def _copyright(content: str, doc_type: str = "text"):
    return [n for n in run(content, doc_type).notices if n.notice_type == "copyright"]


@pytest.mark.parametrize(
    ("caption", "holders"),
    [
        ("Bildrechte: dpa", ["dpa"]),
        ("Fotó/Videó: Kovács Anna", ["Kovács Anna"]),
        ("(Créditos: Ejemplo.com)", ["Ejemplo.com"]),
        ("Crédito: Agencia Ejemplo", ["Agencia Ejemplo"]),
        ("FOTO Ángel Ejemplo.", ["Ángel Ejemplo"]),
        ("fot. shutterstock", ["Shutterstock"]),
        ("Photo iStock", ["iStock"]),
        ("Photo : Yonhap", ["Yonhap"]),
        ("photo: khamkhor via Pixabay", ["khamkhor", "Pixabay"]),
        ("Titelbild: Ana Ejemplo on Unsplash", ["Ana Ejemplo", "Unsplash"]),
    ],
)
def test_caption_labels_in_many_languages(caption: str, holders: list[str]) -> None:
    (credit,) = _credits(f"A street in the old town.\n{caption}\n")
    assert credit.notice_type == "photo_credit"
    assert credit.holders == holders


def test_a_label_alone_on_the_line_above_the_name() -> None:
    html = "<figure><img src='a.jpg'><figcaption>Foto:<br>WITTERS</figcaption></figure>"
    (credit,) = _credits(html, "html")
    assert credit.holders == ["WITTERS"]


@pytest.mark.parametrize(
    ("line", "holders"),
    [
        ("Alex Wong/Getty Images", ["Alex Wong", "Getty Images"]),
        ("AFP via Getty Images", ["AFP", "Getty Images"]),
        ("Jane Doe / Photononstop / AFP", ["Jane Doe", "Photononstop", "AFP"]),
        ("(smolaw11/iStock)", ["smolaw11", "iStock"]),
        ("Getty Images", ["Getty Images"]),
        ("via GIPHY", ["GIPHY"]),
        ("Courtesy Louvre", ["Louvre"]),
    ],
)
def test_agency_and_courtesy_lines_under_a_picture(line: str, holders: list[str]) -> None:
    (credit,) = _credits(f"The minister arrives for the talks.\n{line}\n\nThe talks began.")
    assert credit.holders == holders


@pytest.mark.parametrize(
    ("line", "holders"),
    [
        ("Source: Example Statistics Office", ["Example Statistics Office"]),
        ("Quelle: Jan Beispiel (Text), Eva Muster (Bild)", ["Jan Beispiel", "Eva Muster"]),
        ("Fuente: Agencia EFE", ["Agencia EFE"]),
        ("Źródło: ISBnews", ["ISBnews"]),
    ],
)
def test_source_lines_credit_their_source(line: str, holders: list[str]) -> None:
    (credit,) = _credits(line)
    assert credit.notice_type == "credit"
    assert credit.holders == holders


@pytest.mark.parametrize(
    ("text", "holders"),
    [
        ("Por Agencia EFE\nEl gobierno anunció nuevas medidas.", ["Agencia EFE"]),
        ("The talks resume on Monday. — AFP", ["AFP"]),
        ("By Reuters\nOil prices fell.", ["Reuters"]),
    ],
)
def test_agency_bylines(text: str, holders: list[str]) -> None:
    (credit,) = _credits(text)
    assert credit.notice_type == "wire_credit"
    assert credit.holders == holders


@pytest.mark.parametrize(
    ("html", "holders"),
    [
        ("<p>Die Reiterin beim Turnier (© FEI/Jane Beispiel)</p>", ["FEI", "Jane Beispiel"]),
        ("<p>Schneeräumpflicht - was man wissen muss© Rike/pixelio.de</p>", ["Rike", "pixelio.de"]),
        ("<figcaption>Kleine Kreise mobilisieren. © Pferdefoto</figcaption>", ["Pferdefoto"]),
    ],
)
def test_a_picture_copyright_is_a_credit_not_the_page_notice(html: str, holders: list[str]) -> None:
    page = f"{html}<footer><p>© 2024 Example Media GmbH</p></footer>"
    (credit,) = _credits(page, "html")
    assert credit.notice_type == "photo_credit"
    assert credit.holders == holders
    (notice,) = _copyright(page, "html")
    assert notice.holders == ["Example Media GmbH"]


@pytest.mark.parametrize(
    "text",
    [
        "Photo Gallery",
        "Photo: beautiful sunsets over the bay",
        "Source code is available on request.",
        "Reuters reported the deal on Monday.",
        "Another team suffering a hangover, courtesy of your New England Patriots.",
        "Courtesy calls are expected.",
    ],
)
def test_sentences_and_menus_are_not_credits(text: str) -> None:
    assert _credits(text) == []


def test_a_footer_notice_without_a_year_stays_the_page_notice() -> None:
    page = "<footer><p>Impressum | Datenschutz © Example Media GmbH</p></footer>"
    assert _credits(page, "html") == []
    (notice,) = _copyright(page, "html")
    assert notice.holders == ["Example Media GmbH"]
