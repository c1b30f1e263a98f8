"""The reference case: a draft copying three paragraphs of the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan.match import SourceIndex, index_documents, match_document
from licscan.model import FileEntry
from tests.detect.builtin import builtin_rules

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seed" / (
    "gdc-turkey-s400.txt"
)
OWN = (
    "Ankara's defence policy is back in the headlines this week, and our newsroom has been "
    "following the talks closely."
)

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory):
    if not SEED.is_file():
        pytest.skip("seed article missing (../shared/corpus/seed)")
    from licscan.detect import RuleSet
    from licscan.load import load_document

    rules = RuleSet.load(extra=[], builtin=True, disabled=[], timeout=0.5)
    document = load_document(FileEntry(SEED, SEED.name, size=SEED.stat().st_size),
                             max_size=1 << 20)
    folder = tmp_path_factory.mktemp("seed") / "index"
    index_documents([(document, None)], folder, rules)
    index = SourceIndex([folder])
    yield index
    index.close()


def _judge(index, markdown: str):
    from licscan.judge import judge_matches, sources_for
    from licscan.load import load_text

    document = load_text(markdown, relpath="draft.md", doc_type="markdown")
    matches = match_document(document, index, builtin_rules())
    return judge_matches(document, matches, sources_for(matches, index))


def _three_paragraphs() -> str:
    return "\n\n".join(SEED.read_text(encoding="utf-8").split("\n")[1:4])


def test_seed_source_keeps_its_terms_and_site(seed_index):
    [info] = seed_index.sources()
    assert info.domain == "globaldefensecorp.com"
    assert "excerpt_with_credit" in {t.term_type for t in info.terms}


def test_three_copied_paragraphs_without_credit_are_a_violation(seed_index):
    draft = f"# Turkey and the S-400\n\n{OWN}\n\n{_three_paragraphs()}\n"
    [match], [finding] = _judge(seed_index, draft)
    assert draft[match.span.start : match.span.end] == _three_paragraphs()
    assert (match.source_terms, match.attributed) == ("excerpt_with_credit", False)
    assert (match.verdict, match.verdict_reason) == ("violation", "missing_credit")
    assert finding.rule_id == "reuse.uncredited"
    assert finding.severity.value == "high"
    assert finding.message.startswith("Paragraphs 3–5")
    assert "no credit found" in finding.message


def test_the_same_paragraphs_credited_and_linked_are_ok(seed_index):
    draft = (
        f"# Turkey and the S-400\n\n{OWN}\n\n{_three_paragraphs()}\n\n"
        "Source: Global Defense Corp ([www.globaldefensecorp.com]"
        "(https://www.globaldefensecorp.com/))\n"
    )
    [match], [finding] = _judge(seed_index, draft)
    assert (match.attributed, match.linked) == (True, True)
    assert match.verdict == "ok"
    assert finding.rule_id == "reuse.credited"
    assert any(e.startswith("link:globaldefensecorp.com@L") for e in match.evidence)
    assert any(e.startswith("credit_line:Source: Global Defense Corp") for e in match.evidence)
