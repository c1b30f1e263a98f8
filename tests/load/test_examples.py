"""The bundled example site holds what examples/README.md says each file shows."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from licscan.discover import discover
from licscan.load import load_document
from licscan.model import DocStatus
from licscan.options import ScanOptions

EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.fixture(scope="module")
def docs():
    # the items of feeds and archives are read one by one; the row counting the items left
    # out of one is not a document
    return {e.relpath: load_document(e, 1_000_000) for e in discover([EXAMPLES], ScanOptions())
            if e.status is not DocStatus.skipped}  # fmt: skip


def _flat(text: str) -> str:
    return " ".join(text.split())


def _meta(doc) -> dict[tuple[str, str], str]:
    return {(m.source, m.name): m.value for m in doc.meta}


def test_every_file_in_the_readme_exists_and_loads(docs):
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([^`]+)` \|", readme, flags=re.M))
    assert listed == {relpath.split("#")[0] for relpath in docs} - {"README.md"}
    assert all(not doc.warnings for doc in docs.values())


def test_news_article(docs):
    doc = docs["site/index.html"]
    assert "© 2024 Example News Co. All rights reserved." in doc.text
    assert "Photo: Tomasz Wren / Example News Co." in doc.text
    assert doc.canonical_url == "https://www.example.com/city/new-ferry-route"
    meta = _meta(doc)
    assert meta[("jsonld", "copyrightHolder")] == "Example News Co."
    assert meta[("jsonld", "copyrightYear")] == "2024"
    assert meta[("jsonld", "license")] == "https://www.example.com/terms-of-use"
    assert meta[("jsonld", "image.creditText")] == "Tomasz Wren / Example News Co."


def test_excerpts_with_credit_page(docs):
    text = _flat(docs["site/harbourlight/tide-gauge-study.html"].text)
    assert (
        "Excerpts and links may be used, provided that full and clear credit is given to "
        "The Harbourlight Ledger and www.example.org with appropriate and specific direction "
        "to the original content."
    ) in text


def test_creative_commons_post_and_rel_license_page(docs):
    post = docs["site/blog/fernwood-moths.md"]
    assert _meta(post)[("front_matter", "license")] == "CC-BY-4.0"
    assert "Creative Commons Attribution 4.0 International License" in _flat(post.text)
    gallery = docs["site/gallery/community-garden.html"]
    (link,) = [link for link in gallery.links if "license" in link.rel]
    assert link.href == "https://creativecommons.org/licenses/by-nc-sa/4.0/"


def test_wire_story_tdm_page_and_german_page(docs):
    wire = _flat(docs["site/wire/port-selwyn-bridge.html"].text)
    assert "PORT SELWYN (AP) — " in wire
    assert "may not be published, broadcast, rewritten or redistributed" in wire
    meta = _meta(docs["site/research/ai-policy.html"])
    assert meta[("meta", "tdm-reservation")] == "1"
    assert "noai" in meta[("meta", "robots")]
    german = docs["site/de/hafenfest.html"]
    assert german.lang == "de"
    assert "Alle Rechte vorbehalten." in german.text


def test_draft_copies_three_paragraphs_without_credit(docs):
    source = docs["site/harbourlight/tide-gauge-study.html"]
    draft = _flat(docs["drafts/harbour-roundup.md"].text)
    paragraphs = [_flat(p) for p in source.text.split("\n\n")]
    copied = [p for p in paragraphs if len(p.split()) > 30 and p in draft]
    assert len(copied) == 3
    assert "Harbourlight" not in draft and "example.org" not in draft


def test_every_domain_is_made_up(docs):
    allowed = ("example.com", "example.org", "example.net", "creativecommons.org", "schema.org")
    for doc in docs.values():
        urls = [link.url or link.href for link in doc.links]
        urls += [m.value for m in doc.meta if m.value.startswith("http")]
        for url in urls:
            host = urlsplit(url if "://" in url else "https://" + url).hostname or ""
            assert host.endswith(allowed), (doc.relpath, url)
