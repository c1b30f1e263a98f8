"""Real pages (read in place from ../shared, skipped when absent) load, show their article and
map every visible word back to the file."""

from __future__ import annotations

import json
import re

import pytest

from licscan.load import load_document
from licscan.model import FileEntry
from tests.conftest import SHARED

CORPUS_PAGES = SHARED / "corpus" / "articles" / "html"
GROUND_TRUTH = SHARED / "corpus" / "articles" / "ground-truth.json"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not GROUND_TRUTH.exists(), reason="shared corpus not available"),
]


def _first_sentence(body: str) -> str:
    first = re.split(r"(?<=[.!?])\s", body.strip(), maxsplit=1)[0]
    return " ".join(first.split())[:120]


@pytest.fixture(scope="module")
def documents():
    truth = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
    loaded = []
    for path in sorted(CORPUS_PAGES.glob("*.html.gz")):
        entry = FileEntry(path, path.name, path.stat().st_size)
        loaded.append((load_document(entry, 20 * 1024 * 1024), truth[path.name.split(".")[0]]))
    assert len(loaded) == 70
    return loaded


def test_every_page_loads_as_compressed_utf8_html(documents):
    for document, _ in documents:
        assert document.doc_type == "html"
        assert document.compressed
        assert document.encoding == "utf-8"  # the corpus README: all decode as UTF-8
        assert document.title


def test_visible_text_holds_the_articles_first_sentence(documents):
    missing = [
        document.relpath
        for document, truth in documents
        if _first_sentence(truth["articleBody"]) not in " ".join(document.text.split())
    ]
    assert missing == []


def test_every_visible_word_of_every_page_maps_back(documents, unmapped_words):
    failures = {doc.relpath: unmapped_words(doc)[:3] for doc, _ in documents if unmapped_words(doc)}
    assert failures == {}


def test_scripts_and_styles_never_reach_the_text(documents):
    for document, _ in documents:
        assert "function(" not in document.text
        assert "{display:" not in document.text.replace(" ", "")


def test_canonical_urls_are_found(documents):
    with_canonical = [d for d, _ in documents if d.canonical_url]
    assert len(with_canonical) >= 64  # the corpus README: 64 pages carry rel=canonical
    assert all(d.canonical_url.startswith(("http://", "https://")) for d in with_canonical)
