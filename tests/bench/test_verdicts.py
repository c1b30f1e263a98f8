"""bench/verdicts.py and its recipes: the development set covers every term type the policy
rules, every credit form, long and short, quoted and not; a recipe builds the draft it says."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest
import yaml

from licscan.match.manifest import terms_from_id
from licscan.policy import RULED
from tests.conftest import REPO

SCRIPT = REPO / "bench" / "verdicts.py"
SEVERITIES = {"violation": {"high"}, "review": {"medium"}, "ok": {"info", "low"}}


@pytest.fixture(scope="module")
def verdicts() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_verdicts", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while they are made
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def recipes(verdicts: ModuleType) -> dict:
    return yaml.safe_load(verdicts.RECIPES.read_text(encoding="utf-8"))


def test_the_set_covers_term_types_credit_forms_lengths_and_quoting(verdicts, recipes) -> None:
    drafts = recipes["drafts"]
    assert len(drafts) >= 40
    assert len({d["id"] for d in drafts}) == len(drafts)
    term_types = {terms_from_id(s["terms"], "s.txt")[0].term_type
                  for s in recipes["sources"].values()}
    assert term_types == set(RULED)
    assert {d["credit"] for d in drafts} == set(verdicts.CREDIT_FORMS)
    assert {d["wrap"] for d in drafts} == {"quotes", "blockquote", "none"}
    assert {"paragraphs" in d["take"] for d in drafts if isinstance(d["take"], dict)} == {
        True, False}
    for draft in drafts:
        assert draft["source"] in recipes["sources"], draft["id"]
        assert draft["severity"] in SEVERITIES[draft["expect"]], draft["id"]
        assert draft["reason"].strip(), draft["id"]


def _source(verdicts: ModuleType):
    return verdicts.Source("news", "p1", "https://news.test/a", "News Desk", "all-rights-reserved",
                           ("A headline.", "one two three four five six", "seven eight nine"),
                           "CITY (News Desk) -")


def _recipe(**fields: object) -> dict:
    return {"source": "news", "take": {"paragraph": 2, "words": 3}, "wrap": "quotes",
            "credit": "according_to", "format": "md", **fields}


def test_a_recipe_builds_the_draft_it_describes(verdicts) -> None:
    source = _source(verdicts)
    build = verdicts.build_draft
    assert "\n\nAccording to News Desk, “one two three”\n\n" in build(_recipe(), source)
    assert "\n\nCITY (News Desk) - one two three\n\n" in build(
        _recipe(wrap="none", credit="dateline"), source)
    assert "\n\n> one two three four five six\n>\n> seven eight nine\n\nSource: [News Desk](" \
        "https://news.test/a)\n\n" in build(
            _recipe(take={"paragraphs": [2, 3]}, wrap="blockquote", credit="source_link"),
            source)
    html = build(_recipe(wrap="blockquote", credit="blockquote_cite", format="html"), source)
    assert '<blockquote cite="https://news.test/a"><p>one two three</p></blockquote>' in html
    two = build(_recipe(take=[{"paragraph": 2, "words": 2}, {"paragraph": 3, "words": 1}],
                        credit="ht"), source)
    assert "“one two”\n\nh/t News Desk\n\n“seven”\n\nh/t News Desk" in two
