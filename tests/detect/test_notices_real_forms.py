"""Copyright notices as real footers write them: holders broken over lines, template years,
placeholders, legal forms and tax ids, rights-reserved words in other languages."""

from __future__ import annotations

from datetime import date

import pytest

from tests.detect.builtin import run


def _notices(content: str, doc_type: str = "text"):
    return run(content, doc_type).notices


def _copyright(content: str, doc_type: str = "text"):
    return [n for n in _notices(content, doc_type) if n.notice_type == "copyright"]


def test_a_holder_broken_over_two_lines_of_a_footer_is_one_name() -> None:
    html = "<footer><p>© der Beispiel<br>Mediengesellschaft mbH &amp; Co. KG</p></footer>"
    (notice,) = _copyright(html, "html")
    assert notice.holders == ["der Beispiel Mediengesellschaft mbH & Co. KG"]


def test_a_holder_alone_on_the_line_after_the_years() -> None:
    html = "<footer><p>© ℗ 2012-2021<br>Przykład Media Sp. z o.o.</p></footer>"
    (notice,) = _copyright(html, "html")
    assert notice.symbol == "℗"
    assert notice.years == [2012, 2021]
    assert notice.holders == ["Przykład Media Sp. z o.o."]


def test_the_next_notice_of_a_list_is_not_part_of_the_holder() -> None:
    text = "Copyright (c) 2008 Forest Software Foundation\nCopyright (c) 1999 Museum Labs, Inc.\n"
    assert [n.holders for n in _copyright(text)] == [
        ["Forest Software Foundation"],
        ["Museum Labs, Inc."],
    ]


@pytest.mark.parametrize(
    ("text", "holders"),
    [
        ("© 2024 Jane Doe and contributors", ["Jane Doe and contributors"]),
        ("Copyright (c) 2015 Example Project and others", ["Example Project and others"]),
        ("© 2018 Foo Ltd and Bar LLC", ["Foo Ltd", "Bar LLC"]),
    ],
)
def test_and_contributors_stays_in_the_holder(text: str, holders: list[str]) -> None:
    (notice,) = _copyright(text)
    assert notice.holders == holders


@pytest.mark.parametrize(
    ("text", "years", "holders"),
    [
        ("© '98 Example Records", [1998], ["Example Records"]),
        ("© 98 Example Records", [1998], ["Example Records"]),
        ("Copyright © '07 Jane Doe", [2007], ["Jane Doe"]),
        ("(c) 2001,04 Example Corp.", [2001, 2004], ["Example Corp."]),
        ("© 1998/99 Foo Ltd", [1998, 1999], ["Foo Ltd"]),
    ],
)
def test_two_digit_years(text: str, years: list[int], holders: list[str]) -> None:
    (notice,) = _copyright(text)
    assert (notice.years, notice.holders) == (years, holders)


@pytest.mark.parametrize(
    "text",
    [
        "(C)opyright 1998 Example Software Ltd",
        "Copyright: © 1998 Example Software Ltd",
        "Copyright: 1998 Example Software Ltd",
    ],
)
def test_copyright_spelled_with_its_symbol_or_as_a_label(text: str) -> None:
    (notice,) = _copyright(text)
    assert (notice.years, notice.holders) == ([1998], ["Example Software Ltd"])


def test_copyright_label_and_copyright_by_in_the_middle_of_a_line() -> None:
    (label,) = _copyright("Text: Jane Doe. Copyright: Example Verlag GmbH")
    assert label.holders == ["Example Verlag GmbH"]
    (by,) = _copyright("Privacy. Copyright by EXAMPLE.PL 1999-2021. Wszystkie prawa zastrzeżone.")
    assert (by.holders, by.years, by.rights_reserved) == (["EXAMPLE.PL"], [1999, 2021], True)


@pytest.mark.parametrize(
    "footer",
    [
        "&copy; {{ site.time | date: '%Y' }} Jane Doe",
        "Copyright © {% now 'utc', '%Y' %} Jane Doe",
        "© {{ now.Year }} Jane Doe",
        '© {{ "now" | date: "%Y" }} Jane Doe',
    ],
)
def test_a_template_year_in_a_footer_is_the_current_year(footer: str) -> None:
    (notice,) = _copyright(f"<footer><p>{footer}</p></footer>", "html")
    assert notice.years == [date.today().year]
    assert notice.holders == ["Jane Doe"]


@pytest.mark.parametrize(
    "text",
    [
        "Copyright (c) [year] [fullname]",
        "Copyright (C) <year>  <name of author>",
        "Copyright {yyyy} {name of copyright owner}",
        "© 2024 YOUR NAME. All rights reserved.",
    ],
)
def test_a_template_notice_is_a_placeholder_with_no_holder(text: str) -> None:
    detection = run(f"{text}\n\nSome text of the page.")
    (notice,) = detection.notices
    assert notice.notice_type == "placeholder"
    assert notice.holders == []
    (finding,) = [f for f in detection.findings if f.kind == "notice"]
    assert finding.message.startswith("Placeholder copyright notice")


def test_a_placeholder_gives_the_document_no_holder(tmp_path) -> None:
    import licscan

    (tmp_path / "LICENSE.txt").write_text("Copyright (c) [year] [fullname]\n", encoding="utf-8")
    (tmp_path / "page.txt").write_text("© 2024 Jane Doe\n", encoding="utf-8")
    frames = licscan.scan([tmp_path], licscan.ScanOptions(cache=False)).frames()
    documents = frames["documents"].set_index("path")
    assert list(documents.loc["LICENSE.txt", "holders"]) == []
    assert list(documents.loc["page.txt", "holders"]) == ["Jane Doe"]


@pytest.mark.parametrize(
    ("text", "holders"),
    [
        ("© 2022 C.A. Ejemplo Noticias RIF J-00012345-6", ["C.A. Ejemplo Noticias"]),
        ("© 2024 Exampleworks A/S. All rights reserved.", ["Exampleworks A/S."]),
        ("Derechos Reservados © 2022, Ejemplo Hermanos, S.A. de C.V. - El uso del sitio",
         ["Ejemplo Hermanos, S.A. de C.V."]),
        ("© 2021 Example News Network.A Example Media Company.All Rights Reserved.",
         ["Example News Network"]),
        ("Copyright © 2022 The Example Company (Media) Limited. A member of the Example Group.",
         ["The Example Company (Media) Limited"]),
        ('جميع الحقوق © محفوظة لـ "دار الصحافة" - ويحظر النشر', ["دار الصحافة"]),
        ("© 2014 activeEXAMPLE UK. Alle Rechte vorbehalten.", ["activeEXAMPLE UK"]),
        ("© 2022 dlv Beispiel Agrarverlag GmbH", ["dlv Beispiel Agrarverlag GmbH"]),
        ("© Copyright 2001-2021 by Example.pl Realizacja Example Studio", ["Example.pl"]),
    ],
)
def test_holder_cleanup_on_real_footers(text: str, holders: list[str]) -> None:
    (notice,) = _copyright(text)
    assert notice.holders == holders


def test_a_phonogram_symbol_is_the_symbol_not_part_of_the_holder() -> None:
    (notice,) = _copyright("© ℗ 2020 Example Records")
    assert (notice.symbol, notice.holders) == ("℗", ["Example Records"])


@pytest.mark.parametrize(
    ("text", "years", "holders"),
    [
        ("© 2015–2024 | Northfield Media Group | All Rights Reserved", [2015, 2024],
         ["Northfield Media Group"]),
        ("Copyright (c) 2003.\nThe Trustees of Example College.", [2003],
         ["The Trustees of Example College"]),
        ("Copyright:\n2011–2020\nExample Labs GmbH", [2011, 2020], ["Example Labs GmbH"]),
    ],
)
def test_a_holder_after_a_separator_or_on_the_next_line(text: str, years: list[int],
                                                          holders: list[str]) -> None:
    (notice,) = _copyright(text)
    assert (notice.years, notice.holders) == (years, holders)


def test_a_sentence_on_the_line_after_the_years_is_not_a_holder() -> None:
    (notice,) = _copyright("Copyright © 2020.\nWe use cookies to improve your experience.")
    assert (notice.years, notice.holders) == ([2020], [])
