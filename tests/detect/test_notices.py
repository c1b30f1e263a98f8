"""Copyright notices and third-party credits on realistic snippets (HTML and text)."""

from __future__ import annotations

import pytest

from tests.detect.builtin import run


def _copyright(content: str, doc_type: str = "text"):
    return [n for n in run(content, doc_type).notices if n.notice_type == "copyright"]


def test_notice_split_across_elements_and_comments() -> None:
    html = (
        "<html><body><footer><p>© <!-- --> 2019 <span>Example</span> <b>LLC</b></p>"
        "</footer></body></html>"
    )
    (notice,) = _copyright(html, "html")
    assert notice.years == [2019]
    assert notice.holders == ["Example LLC"]
    assert notice.span.line == 1  # points into the original HTML
    assert html[notice.span.start : notice.span.start + 1] == "©"


def test_link_inside_notice_gives_a_domain_not_a_holder() -> None:
    html = (
        '<html><body><footer>Copyright © 2024 <a href="https://www.example-news.co.uk/">'
        "Example News Ltd</a> | Privacy</footer></body></html>"
    )
    (notice,) = _copyright(html, "html")
    assert notice.holders == ["Example News Ltd"]
    assert notice.holder_domains == ["example-news.co.uk"]


def test_urls_in_a_notice_are_not_holders() -> None:
    (notice,) = _copyright("© 2024 Jane Doe https://janedoe.example.org/about")
    assert notice.holders == ["Jane Doe"]
    assert notice.holder_domains == ["example.org"]


def test_nothing_from_scripts_or_markup_is_a_holder() -> None:
    html = (
        "<html><head><script>var c = '© 2020 Evil Corp';</script>"
        "<style>.c:after{content:'©'}</style></head><body>"
        '<p title="© 1999 Attribute Inc">Body</p><footer>© 2024 Real Media</footer></body></html>'
    )
    notices = _copyright(html, "html")
    assert [n.holders for n in notices] == [["Real Media"]]


@pytest.mark.parametrize(
    ("text", "years", "holders"),
    [
        ("© 2010–2025 Example Media GmbH", [2010, 2025], ["Example Media GmbH"]),
        ("Copyright (c) 2019-present Jane Doe", [2019], ["Jane Doe"]),
        ("© 2018, 2020, 2022 Foo Ltd and Bar LLC", [2018, 2020, 2022], ["Foo Ltd", "Bar LLC"]),
        ("Copr. 2001 West Publishing Co.", [2001], ["West Publishing Co."]),
        ("℗ 2021 Acme Records", [2021], ["Acme Records"]),
        ("© www.example.com 2023", [2023], ["www.example.com"]),
    ],
)
def test_years_and_holders(text, years, holders) -> None:
    (notice,) = _copyright(text)
    assert notice.years == years
    assert notice.holders == holders


def test_open_range_has_no_end_year() -> None:
    (notice,) = _copyright("© 2019-present Jane Doe")
    assert (notice.year_start, notice.year_end) == (2019, None)


@pytest.mark.parametrize(
    "text",
    [
        "The contract lists (a) fees, (b) dates and (c) penalties in 2024 terms.",
        "Under 17 U.S.C. § 107(c) the court weighs four factors.",
        "Order the Widget© 2024 edition today.",
        "The cafÃ© 2019 menu was cheap.",
        "Copyright law protects original works of authorship.",
        "Copyright holders may send a takedown notice to the host.",
        "The Copyright Office said in 2019 that it would review the rules.",
        "A 501(c)(3) nonprofit founded in 2019.",
    ],
)
def test_look_alikes_are_not_notices(text) -> None:
    assert run(text).notices == []


def test_an_article_about_copyright_law_yields_nothing() -> None:
    article = (
        "Copyright law in the EU changed in 2019.\n\n"
        "Copyright holders may now opt out, the court said. Critics called the "
        "copyright directive a mistake, and copyright infringement claims rose.\n"
    )
    detection = run(article)
    assert detection.notices == []
    assert [t.term_type for t in detection.terms] == []


@pytest.mark.parametrize(
    "text",
    [
        "© 2024 Beispiel GmbH. Alle Rechte vorbehalten.",
        "© 2024 Exemple SA. Tous droits réservés.",
        "© 2024 Ejemplo SL. Todos los derechos reservados.",
        "© 2024 Esempio Srl. Tutti i diritti riservati.",
        "© 2024 Exemplo Ltda. Todos os direitos reservados.",
        "© 2024 Voorbeeld BV. Alle rechten voorbehouden.",
        "© 2024 Örnek Medya. Tüm hakları saklıdır.",
        "© 2024 Пример. Все права защищены.",
        "© 2024 示例网 版权所有",
        "© 2024 サンプル新聞 著作権所有",
    ],
)
def test_rights_reserved_in_many_languages(text) -> None:
    detection = run(text)
    (notice,) = detection.notices
    assert notice.rights_reserved is True
    assert notice.years == [2024]
    assert [t.term_type for t in detection.terms] == ["all_rights_reserved"]


@pytest.mark.parametrize(
    ("text", "kind", "holders"),
    [
        ("Photo: Reuters", "photo_credit", ["Reuters"]),
        ("Photo by Jane Doe/Getty Images", "photo_credit", ["Jane Doe", "Getty Images"]),
        ("Image courtesy of NASA", "photo_credit", ["NASA"]),
        ("WASHINGTON (AP) — Lawmakers met on Tuesday.", "wire_credit", ["AP"]),
        ("The minister spoke in Paris. (AFP)", "wire_credit", ["AFP"]),
        ("Protesters gather. (AP Photo/Evan Vucci)", "photo_credit", ["Evan Vucci", "AP"]),
        ("Royal wedding © REUTERS / POOL", "photo_credit", ["Reuters", "POOL"]),
    ],
)
def test_third_party_credits_are_their_own_kind(text, kind, holders) -> None:
    (notice,) = run(text).notices
    assert notice.notice_type == kind
    assert notice.holders == holders


def test_credits_do_not_become_the_page_holder() -> None:
    html = (
        "<html><body><figure><img src=a.jpg><figcaption>The summit. Photo: Jane Doe/Reuters"
        "</figcaption></figure><p>WASHINGTON (AP) — Leaders met.</p>"
        "<footer>© 2024 Example Broadcasting Inc. All rights reserved.</footer></body></html>"
    )
    detection = run(html, "html")
    kinds = {n.notice_type: n.holders for n in detection.notices}
    assert kinds == {
        "photo_credit": ["Jane Doe", "Reuters"],
        "wire_credit": ["AP"],
        "copyright": ["Example Broadcasting Inc."],
    }


def test_menu_items_next_to_a_notice_are_not_holders() -> None:
    html = (
        "<html><body><footer><ul><li>About</li><li>Copyright</li><li>Contact Us</li></ul>"
        "<p>Copyright © 2019, Los Angeles Times | Terms of Service | Privacy Policy</p>"
        "</footer></body></html>"
    )
    (notice,) = _copyright(html, "html")
    assert notice.holders == ["Los Angeles Times"]
