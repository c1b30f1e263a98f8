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
