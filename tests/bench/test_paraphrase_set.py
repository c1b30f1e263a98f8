"""The paraphrase development set (tests/bench/data/paraphrase): its shape, and that its texts
are written for it, not pasted from the pages they retell."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

SET = Path(__file__).parent / "data" / "paraphrase"
LONG_SENTENCE = 8  # words from which a source sentence found in a text would be pasted


@pytest.fixture(scope="module")
def texts() -> list[dict]:
    return [t for path in sorted(SET.glob("*.yaml"))
            for t in yaml.safe_load(path.read_text(encoding="utf-8"))]


def test_the_set_holds_thirty_rewrites_and_thirty_independent_texts(texts):
    kinds = Counter(t["kind"] for t in texts)
    assert kinds["light"] + kinds["heavy"] >= 30
    assert kinds["heavy"] >= 15
    assert kinds["independent"] >= 30
    assert len({t["id"] for t in texts}) == len(texts)


def test_every_text_names_a_page_of_the_shared_articles_and_its_paragraphs(texts, shared_dir):
    truth = json.loads((shared_dir / "corpus" / "articles" / "ground-truth.json").read_text())
    for text in texts:
        paragraphs = [p for p in truth[text["source"]]["articleBody"].split("\n") if p.strip()]
        assert all(0 <= n < len(paragraphs) for n in text["paragraphs"]), text["id"]


def test_no_text_pastes_a_sentence_of_its_page(texts, shared_dir):
    truth = json.loads((shared_dir / "corpus" / "articles" / "ground-truth.json").read_text())
    for text in texts:
        mine = _words(text["text"])
        for sentence in re.split(r"(?<=[.!?])\s+", truth[text["source"]]["articleBody"]):
            theirs = _words(sentence)
            if len(theirs.split()) >= LONG_SENTENCE:
                assert theirs not in mine, (text["id"], sentence)


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold().replace("’", "'")))
