"""Photo, wire, agency and source credits as real pages write them: each a credit row naming
the credited party, never a holder of the page."""

from __future__ import annotations

import pytest

from licscan.detect import RuleError, RuleSet
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


# -- picture captions: what the page marks as a caption or a caption's credit line ------------
FOOTER = "<footer><p>© Example Media GmbH</p></footer>"


@pytest.mark.parametrize(
    ("picture", "holders"),
    [
        # a © line in a figcaption, no year: the picture's holder
        ("<figure><img src='a.jpg'><figcaption>Die Aue im Frühjahr<br>"
         "© E. Beispiel</figcaption></figure>", ["E. Beispiel"]),
        # the credit element of a caption names its photographer, glued to the caption's text
        ("<figure><img src='a.jpg'><figcaption><span class='caption'>Sergio Ejemplo, el "
         "presidente</span><span class='credit'>Ignacio Ejemplo</span></figcaption></figure>",
         ["Ignacio Ejemplo"]),
        # itemprop says whose the picture is
        ("<figure><figcaption>Kävelijä lumessa. <span itemprop='copyrightHolder'>Hanna "
         "Beispiel / Lehtikuva</span></figcaption></figure>", ["Hanna Beispiel", "Lehtikuva"]),
        # a class naming a picture's copyright, outside any figure
        ("<div class='hero'><img src='h.jpg'><span class='heroimage-copyright'>© Beispielmuseum"
         "</span></div>", ["Beispielmuseum"]),
        # names in brackets ending a caption
        ("<figure><figcaption>La alcaldesa llega al pleno. (Marta Ejemplo Ruiz)"
         "</figcaption></figure>", ["Marta Ejemplo Ruiz"]),
        # a label on its own, a blank line, then the name
        ("<figure><figcaption><p>Two players at the club.</p><div>Foto: <div><p>BEISPIELFOTO</p>"
         "</div></div></figcaption></figure>", ["BEISPIELFOTO"]),
        # a © with a year in a caption is still the picture's
        ("<figure><figcaption>The harbour at dawn. © 2021 Jane Doe</figcaption></figure>",
         ["Jane Doe"]),
    ],
)
def test_a_credit_in_a_picture_caption_names_the_pictures_holder(
    picture: str, holders: list[str]
) -> None:
    page = f"<article><p>The park grew this year.</p>{picture}</article>{FOOTER}"
    (credit,) = _credits(page, "html")
    assert (credit.notice_type, credit.holders) == ("photo_credit", holders)
    (notice,) = _copyright(page, "html")
    assert notice.holders == ["Example Media GmbH"]


@pytest.mark.parametrize(
    "html",
    [
        # a byline or an author box is not a picture's credit
        "<figure class='comments'><ul><li><div class='commentAuthor'>Nick42</div><p>I agree.</p>"
        "</li></ul></figure>",
        "<header class='page-header__caption-style--compact'><div class='byline'>Jane Doe"
        "</div></header>",
        # a caption's own sentence in a credit-like element, a figure's bracketed remark
        "<div class='figure-caption'><div class='credit-media'>Rodolfo Ejemplo.</div></div>",
        "<figure><figcaption>Die Kanzlerin beim Gipfel (Archivbild)</figcaption></figure>",
        "<figure><figcaption>Foto: Die Ministerin beim Treffen in Bonn.</figcaption></figure>",
    ],
)
def test_what_only_looks_like_a_caption_credit_is_none(html: str) -> None:
    assert _credits(html, "html") == []


def test_a_footer_copyright_class_holds_the_pages_notice_not_a_credit() -> None:
    page = "<p>Our story.</p><div class='footer-copyright'>© Example Media GmbH</div>"
    assert _credits(page, "html") == []
    assert [n.holders for n in _copyright(page, "html")] == [["Example Media GmbH"]]


@pytest.mark.parametrize(
    ("text", "holders"),
    [
        # an agency line after the caption's sentence or a bar on the same line
        ("Rep. Jane Example. | John Doe/Getty Images", ["John Doe", "Getty Images"]),
        ("A crowded market. Shutterstock/janedoe42", ["Shutterstock", "janedoe42"]),
        ("Walking in the snow in February. Hanna Beispiel / Lehtikuva",
         ["Hanna Beispiel", "Lehtikuva"]),
        # a licence code after the photographer's name
        ("Lena Beispiel, CC-BY-SA 4.0", ["Lena Beispiel"]),
        ("Foto: bildarchiv/Jan Beispiel/cc by sa 2.0", ["bildarchiv", "Jan Beispiel"]),
        ("Header image – CC BY Eva Beispiel @ Flickr", ["Eva Beispiel", "Flickr"]),
        # a label and a name in another language; particles inside a name
        ("Rechte: MITTELDEUTSCHER BEISPIELFUNK", ["MITTELDEUTSCHER BEISPIELFUNK"]),
        ("Maria Ejemplo da Costa. (Foto: Vozes das Ruas)", ["Vozes das Ruas"]),
        ("(Bildquelle: donationbeispiel.com)", ["donationbeispiel.com"]),
        ("Greg Muster, Photographs", ["Greg Muster"]),
    ],
)
def test_picture_credits_in_the_text_of_a_caption(text: str, holders: list[str]) -> None:
    (credit,) = _credits(f"The minister arrives for the talks.\n{text}\n\nThe talks began.")
    assert (credit.notice_type, credit.holders) == ("photo_credit", holders)


@pytest.mark.parametrize(
    ("text", "holders"),
    [
        ("Źródło Dziennik Gazeta Przykładowa", ["Dziennik Gazeta Przykładowa"]),
        ("beispielheute/Mit Material vom BR", ["BR"]),
        ("Veröffentlichung mit freundlicher Genehmigung von beispiel.at.", ["beispiel.at"]),
        ("Publié avec l'aimable autorisation de Exemple Magazine.", ["Exemple Magazine"]),
        ("A colorful eye-deer. (credit to Capt. Jane of the Seabird!)",
         ["Capt. Jane of the Seabird"]),
        ("Autor: www.portal-przyklad.pl", ["www.portal-przyklad.pl"]),
        ("The clinic opened a new wing. Learn more at Example Health News.",
         ["Example Health News"]),
    ],
)
def test_texts_credit_their_source_in_many_languages(text: str, holders: list[str]) -> None:
    (credit,) = _credits(text)
    assert (credit.notice_type, credit.holders) == ("credit", holders)


@pytest.mark.parametrize(
    "text",
    [
        "Vervielfältigung nur mit Genehmigung der Beispiel Zeitung GmbH.",
        "Source Code",
        "Autor: Jan Kowalski",
        "Learn more at our website.",
        "Give credit to your sources.",
        "The licence is CC BY 4.0",
    ],
)
def test_permission_requests_and_plain_labels_credit_nobody(text: str) -> None:
    assert _credits(text) == []


def test_a_stations_dateline_credits_the_station() -> None:
    text = "DALLAS, Texas (WFAA) -- A Dallas-area bakery opened on Monday."
    (credit,) = _credits(text)
    assert (credit.notice_type, credit.holders) == ("wire_credit", ["WFAA"])


HOUSE_RULE = """rules:
  - id: house.caption-studio
    kind: credit
    within: caption
    keywords: [studio]
    message: "Studio credit {{ text }}"
    pattern: '(?P<holders>\\p{Lu}\\w+ Studio)'
    fields: {holders: names}
    examples:
      match:
        - html: "<figure><figcaption>A cub. Bjorn Studio</figcaption></figure>"
          expect: {holders: [Bjorn Studio]}
      no_match:
        - html: "<p>Visit the Bjorn Studio today.</p>"
"""


def test_a_rule_read_within_captions_finds_nothing_outside_them(tmp_path) -> None:
    path = tmp_path / "house.yaml"
    path.write_text(HOUSE_RULE, encoding="utf-8")
    rules = RuleSet.load(extra=[path])
    page = ("<p>Visit the Bjorn Studio today.</p><figure><figcaption>A cub. Bjorn Studio"
            "</figcaption></figure><figure><figcaption>A cub. Erik Gallery</figcaption></figure>")
    found = [n for n in run(page, "html", rules).notices if n.rule_id == "house.caption-studio"]
    assert [(n.text, n.holders, n.span.line) for n in found] == [
        ("Bjorn Studio", ["Bjorn Studio"], 1)
    ]
    assert found[0].span.column == page.index("Bjorn Studio</fig") + 1


def test_a_rule_may_be_read_within_known_ranges_only(tmp_path) -> None:
    path = tmp_path / "house.yaml"
    path.write_text(HOUSE_RULE.replace("within: caption", "within: sidebar"), encoding="utf-8")
    with pytest.raises(RuleError, match="'within' must be one of caption, caption_credit"):
        RuleSet.load(extra=[path])


def test_a_licence_in_a_picture_credit_is_not_a_term_of_the_page() -> None:
    detection = run("The author at a reading.\nLena Beispiel, CC-BY-SA 4.0\n\n"
                    "The text of this page is licensed under CC BY 4.0.")  # fmt: skip
    credits = [n for n in detection.notices if n.notice_type == "photo_credit"]
    assert [n.holders for n in credits] == [["Lena Beispiel"]]
    # the page's own licence, on line 4, is its one term
    assert [(t.term_type, t.span.line) for t in detection.terms] == [("creative_commons", 4)]


def test_a_licence_after_a_reprint_credit_stays_the_texts() -> None:
    detection = run("This article is republished from The Conversation under a Creative Commons "
                    "license.")  # fmt: skip
    assert [n.notice_type for n in detection.notices] == ["credit"]
    assert [t.term_type for t in detection.terms] == ["creative_commons"]
