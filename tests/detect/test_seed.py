"""The reference article: its footer notice and its reuse terms (one statement, two clauses)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from licscan.detect import Detection
from licscan.model import LoadedDocument, fingerprint


def test_seed_article_notice_and_terms(seed_article: Path, run: Callable[..., Detection]) -> None:
    text = seed_article.read_text(encoding="utf-8")
    detection = run(text)

    copyright = [n for n in detection.notices if n.notice_type == "copyright"]
    assert len(copyright) == 1
    notice = copyright[0]
    assert notice.years == [2025]
    assert notice.holders == ["GDC", "www.globaldefensecorp.com"]
    assert notice.holder_domains == ["globaldefensecorp.com"]
    assert notice.text.startswith("© 2025, GDC.")

    # the ban without written permission and the excerpt grant are one statement of the
    # footer: the excerpt grant is the more specific clause, the permission clause stays listed
    (excerpts,) = detection.terms
    assert excerpts.term_type == "excerpt_with_credit"
    assert excerpts.clauses == ["excerpt_with_credit", "permission_required"]
    assert excerpts.text.startswith("Unauthorized use and/or duplication of this material")
    assert "without express and written permission" in excerpts.text
    assert excerpts.credit_required is True
    assert excerpts.link_required is True
    assert excerpts.credit_target == "globaldefensecorp.com"
    assert excerpts.text.endswith("direction to the original content")
    # Bloomberg is cited in the body, but the article states no Bloomberg terms
    assert all(t.licensor == "" for t in detection.terms)


def test_seed_findings_read_like_sentences_and_have_stable_fingerprints(
    seed_article: Path, document: Callable[..., LoadedDocument], run: Callable[..., Detection]
) -> None:
    text = seed_article.read_text(encoding="utf-8")
    detection = run(text)
    messages = {f.rule_id: f.message for f in detection.findings}
    assert messages["notice.copyright"] == (
        "Copyright notice © 2025, GDC. © GDC and www.globaldefensecorp.com: "
        "holders GDC, www.globaldefensecorp.com; year 2025"
    )
    assert messages["terms.excerpt-with-credit"] == (
        "Reuse terms: excerpts allowed only with full credit and a link to globaldefensecorp.com"
    )
    notice = next(f for f in detection.findings if f.rule_id == "notice.copyright")
    assert notice.severity.value == "info"
    assert notice.span.line == text[: text.index("© 2025")].count("\n") + 1
    assert notice.fingerprint == fingerprint("notice.copyright", "page.txt", notice.excerpt)

    # lines added above the footer move it, but do not change any fingerprint
    moved = run("New first paragraph.\n\n" + text)
    assert {f.fingerprint for f in moved.findings} == {f.fingerprint for f in detection.findings}
    assert document(text).relpath == "page.txt"
