"""Rights metadata whose value is a licence is a term, never a copyright holder."""

from __future__ import annotations

from licscan.detect import RuleSet, detect
from licscan.load import load_text

RULES = RuleSet.load(extra=[], builtin=True, disabled=[], timeout=0.5)


def _detect(head: str):
    page = f"<html><head>{head}</head><body><p>Text.</p></body></html>"
    return detect(load_text(page, relpath="page.html", doc_type="html"), RULES)


def test_a_licence_in_dc_rights_is_a_term_not_a_holder() -> None:
    found = _detect('<meta name="dcterms.rights" content="CC BY-SA 4.0">')
    assert [t.license for t in found.terms] == ["CC-BY-SA-4.0"]
    assert all("CC BY-SA 4.0" not in n.holders for n in found.notices)


def test_a_bare_name_in_meta_copyright_is_the_holder() -> None:
    found = _detect('<meta name="copyright" content="Example News Ltd">')
    assert [n.holders for n in found.notices] == [["Example News Ltd"]]
    assert found.terms == []


def test_the_clauses_of_one_value_make_one_term_as_in_the_text() -> None:
    rights = (
        "All rights reserved. No part of this site may be reproduced without written permission."
    )
    in_meta = _detect(f'<meta name="dc.rights" content="{rights}">').terms
    page = f"<html><body><footer><p>{rights}</p></footer></body></html>"
    in_text = detect(load_text(page, relpath="page.html", doc_type="html"), RULES).terms
    assert [(t.term_type, t.clauses) for t in in_meta] == [
        ("permission_required", ["permission_required", "all_rights_reserved"])
    ]
    assert [(t.term_type, t.clauses) for t in in_text] == [
        (t.term_type, t.clauses) for t in in_meta
    ]
    assert len({t.fingerprint for t in in_meta}) == len(in_meta)
