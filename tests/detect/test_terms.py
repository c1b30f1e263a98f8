"""Reuse terms with their conditions; metadata statements; contradictions between the two."""

from __future__ import annotations

import pytest

from tests.detect.builtin import run


def _terms(content: str, doc_type: str = "text"):
    return run(content, doc_type).terms


@pytest.mark.parametrize(
    ("text", "spdx", "nc", "nd", "sa"),
    [
        (
            "Licensed under Creative Commons Attribution 4.0 International.",
            "CC-BY-4.0",
            False,
            False,
            False,
        ),
        ("CC BY-NC-SA 3.0", "CC-BY-NC-SA-3.0", True, False, True),
        ("https://creativecommons.org/licenses/by-nd/2.5/", "CC-BY-ND-2.5", False, True, False),
        (
            "https://creativecommons.org/licenses/by-nc-nd/3.0/",
            "CC-BY-NC-ND-3.0",
            True,
            True,
            False,
        ),
        (
            "http://creativecommons.org/licenses/by-sa/3.0/de/",
            "CC-BY-SA-3.0-DE",
            False,
            False,
            True,
        ),
    ],
)
def test_creative_commons_to_spdx(text, spdx, nc, nd, sa) -> None:
    (term,) = _terms(text)
    assert term.term_type == "creative_commons"
    assert term.license == spdx
    assert (term.non_commercial, term.no_derivatives, term.share_alike) == (nc, nd, sa)
    assert term.credit_required is True


def test_public_domain_marks() -> None:
    assert [t.license for t in _terms("Dedicated under CC0 1.0 Universal.")] == ["CC0-1.0"]
    url = "https://creativecommons.org/publicdomain/mark/1.0/"
    (term,) = _terms(url)
    assert (term.license, term.credit_required) == ("CC-PDM-1.0", False)


def test_wire_service_ban_names_the_wire_as_licensor() -> None:
    text = (
        "Copyright 2024 The Associated Press. All rights reserved. This material may not be "
        "published, broadcast, rewritten or redistributed without permission."
    )
    detection = run(text)
    ban = next(t for t in detection.terms if t.term_type == "wire_service_ban")
    assert ban.licensor == "AP"
    # on a broadcaster's page the AP notice is still a notice of AP, not of the page
    assert [n.holders for n in detection.notices] == [["The Associated Press"]]


def test_permission_required_with_contact() -> None:
    (term,) = _terms("For permission to republish, please contact syndication@example.com.")
    assert term.term_type == "permission_required"
    assert term.contact == "syndication@example.com"


def test_excerpt_limits() -> None:
    (term,) = _terms(
        "Brief excerpts of up to 150 words may be quoted provided that credit is given to "
        "news.example.org with a link back to the original."
    )
    assert term.term_type == "excerpt_with_credit"
    assert (term.max_excerpt_words, term.credit_target, term.link_required) == (
        150,
        "example.org",
        True,
    )


@pytest.mark.parametrize(
    ("text", "term_type"),
    [
        (
            "No part of this publication may be reproduced without prior written permission.",
            "permission_required",
        ),
        (
            "You are free to republish this story with attribution to Example Weekly.",
            "free_with_attribution",
        ),
        ("For your personal, non-commercial use only.", "personal_use_only"),
        ("We reserve the right to use our content for text and data mining.", "tdm_ai_reservation"),
        ("Our articles may not be used to train AI models.", "tdm_ai_reservation"),
        (
            "This site contains copyrighted material the use of which has not always been "
            "specifically authorized by the copyright owner.",
            "fair_use_statement",
        ),
    ],
)
def test_term_types(text, term_type) -> None:
    assert [t.term_type for t in _terms(text)] == [term_type]


def test_meta_copyright_becomes_a_notice_with_meta_origin() -> None:
    html = (
        '<html><head><meta name="copyright" content="© 2024 Foo Inc"></head>'
        "<body><p>Hi</p></body></html>"
    )
    detection = run(html, "html")
    (notice,) = detection.notices
    assert (notice.origin, notice.holders, notice.years) == ("meta", ["Foo Inc"], [2024])
    (row,) = detection.metadata
    assert (row.source, row.name, row.value) == ("meta", "copyright", "© 2024 Foo Inc")
    assert row.span.line == 1 and html[row.span.start : row.span.end].startswith("<meta")


def test_rel_license_url_becomes_a_creative_commons_term() -> None:
    html = '<html><head><link rel="license" href="https://creativecommons.org/licenses/by-nc-nd/3.0/"></head><body></body></html>'
    (term,) = _terms(html, "html")
    assert (term.term_type, term.license, term.origin) == (
        "creative_commons",
        "CC-BY-NC-ND-3.0",
        "link",
    )
    assert (term.non_commercial, term.no_derivatives) == (True, True)


def test_tdm_and_noai_metadata() -> None:
    html = (
        '<html><head><meta name="tdm-reservation" content="1">'
        '<meta name="robots" content="noai, noimageai"></head><body></body></html>'
    )
    terms = _terms(html, "html")
    assert sorted(t.origin for t in terms if t.term_type == "tdm_ai_reservation") == [
        "meta",
        "meta",
    ]


def test_metadata_licence_contradicting_the_text_is_a_medium_finding() -> None:
    html = (
        '<html><head><link rel="license" href="https://creativecommons.org/licenses/by/4.0/"></head>'
        "<body><p>Story.</p><footer>© 2024 Example Media. All rights reserved.</footer>"
        "</body></html>"
    )
    (conflict,) = [f for f in run(html, "html").findings if f.rule_id == "terms.conflict"]
    assert conflict.severity.value == "medium"
    assert "CC-BY-4.0" in conflict.message and "all_rights_reserved" in conflict.message


def test_every_row_has_an_info_finding_with_its_fingerprint() -> None:
    detection = run("© 2024 Example Media. All rights reserved.")
    rows = [*detection.notices, *detection.terms]
    assert {r.fingerprint for r in rows} == {f.fingerprint for f in detection.findings}
    assert all(f.severity.value == "info" for f in detection.findings)


# ---------------------------------------------------------------- open licences

DOCS_PAGE = """<html><head><link rel="license" href="https://opensource.org/licenses/MIT"></head>
<body><main><h1>Install</h1><p>Install the tool with pip. Its parser reads content under
CC BY-SA 3.0 and is compatible with GPL code.</p>
<figure><img src="a.png"><figcaption>Photo: Jane Roe, CC BY-SA 4.0</figcaption></figure></main>
<footer><p>&copy; {{ site.time | date: '%Y' }} under the terms of the MIT License.</p></footer>
</body></html>"""


def test_a_documentation_site_footer_and_rel_license_give_the_mit_licence() -> None:
    found = run(DOCS_PAGE, "html")
    assert {(t.term_type, t.license, t.origin) for t in found.terms} == {
        ("free_with_attribution", "MIT", "text"),
        ("free_with_attribution", "MIT", "link"),
    }
    assert all(t.credit_required for t in found.terms)


def test_licences_named_in_prose_or_in_an_image_credit_are_not_the_pages() -> None:
    found = run(DOCS_PAGE.replace("the MIT License", "our usual terms"), "html")
    # left: the rel=license link only; "compatible with GPL", "under CC BY-SA 3.0" said of
    # what the parser reads, and the photo's CC BY-SA 4.0 are not claims about this page
    assert [(t.license, t.origin) for t in found.terms] == [("MIT", "link")]


@pytest.mark.parametrize(
    ("text", "spdx", "term_type", "share_alike"),
    [
        ("This documentation is licensed under the Apache License, Version 2.0.",
         "Apache-2.0", "free_with_attribution", None),
        ("Permission is granted to copy, distribute and/or modify this document under the "
         "terms of the GNU Free Documentation License, Version 1.3 or any later version.",
         "GFDL-1.3-or-later", "free_with_attribution", True),
        ("Content is available under GNU Free Documentation License 1.2.",
         "GFDL-1.2-only", "free_with_attribution", True),
        ("To the extent possible under law, this site is released under CC0 1.0 Universal.",
         "CC0-1.0", "creative_commons", None),
        ("This is free and unencumbered text released into the public domain under the "
         "Unlicense.", "Unlicense", "other", None),
        ("Alle Texte stehen unter der Datenlizenz Deutschland – Namensnennung – Version 2.0.",
         "DL-DE-BY-2.0", "free_with_attribution", None),
        ("Contains public sector information licensed under the Open Government Licence v3.0.",
         "OGL-UK-3.0", "free_with_attribution", None),
        ("Lizenz: MIT", "MIT", "free_with_attribution", None),
    ],
)
def test_open_licences_claimed_by_the_page_get_their_spdx_id(text, spdx, term_type,
                                                             share_alike) -> None:
    (term,) = _terms(text)
    assert (term.license, term.term_type) == (spdx, term_type)
    if share_alike is not None:
        assert term.share_alike is share_alike


def test_a_licence_link_gives_the_version_the_text_leaves_out() -> None:
    html = ('<p>Content is available under <a href="https://creativecommons.org/licenses/'
            'by-nc-sa/3.0/">Creative Commons Attribution-NonCommercial-ShareAlike</a> unless '
            'otherwise noted.</p>')
    (term,) = _terms(html, "html")
    assert (term.license, term.non_commercial, term.share_alike) == ("CC-BY-NC-SA-3.0", True,
                                                                     True)


def test_a_bare_licence_id_in_front_matter_is_looked_up() -> None:
    (term,) = _terms("---\nlicense: Apache-2.0\n---\n\nText.\n", "markdown")
    assert (term.license, term.origin) == ("Apache-2.0", "front_matter")
