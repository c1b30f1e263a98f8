"""The quotation policy of docs/policy.md: what a short quotation is, what a reserved source
allows beyond it, an excerpt source's own limits, quotations adding up per document, and the
``[policy]`` settings of licscan.toml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from licscan.judge import judge_matches
from licscan.match.store import SourceInfo
from licscan.model import LoadedDocument, Match, Severity, Term, TermType
from licscan.policy import QuotationPolicy
from licscan.textmap import Span

STORY = ("the harbour board voted on tuesday to dredge the northern channel before the "
         "spring tides while fishermen asked for a delay until the herring season ends and "
         "the council promised a study of the silt before any work starts next year")


def _words(count: int, offset: int = 0) -> str:
    return " ".join((STORY.split() * 4)[offset : offset + count])


def _source(term_type: str, **conditions: object) -> SourceInfo:
    term = Term("s1.txt", "terms.test", term_type, "the source's terms", Span(0, 0, 1, 1, 1, 1),
                **conditions)
    return SourceInfo(id="s1", key="s1", path="s1.txt", url="https://news.test/story",
                      publisher="News Desk", domain="news.test", host="news.test", title="",
                      doc_type="text", words=600, sid=1, chars=3600, terms=[term])


def _draft(text_doc, *passages: str) -> tuple[LoadedDocument, list[Match]]:
    """A draft quoting each passage in its own paragraph, credited, and one match for each,
    as the matcher reports a quoted and credited passage."""
    lines = ["Our own opening paragraph about the port."]
    lines += [f"According to News Desk, “{passage}”" for passage in passages]
    document = text_doc("\n\n".join(lines) + "\n")
    matches = []
    for passage in passages:
        start = document.text.index(passage)
        end = start + len(passage)
        words = len(passage.split())
        matches.append(Match("draft.txt", "s1", document.text_span(start, end), start, end,
                             matched_words=words, source_words=600, source_fraction=words / 600,
                             source_end=len(passage), kind="verbatim", quoted=True,
                             attributed=True, linked=False))
    return document, matches


def test_a_30_word_credited_quotation_of_a_reserved_source_is_review_at_most(text_doc) -> None:
    document, matches = _draft(text_doc, _words(30))
    [match], [finding] = judge_matches(document, matches, {"s1": _source("all_rights_reserved")})
    assert (match.verdict, match.verdict_reason) == ("review", "short_quotation")
    assert finding.severity is Severity.medium
    assert "Policy §3 (short quotation)" in finding.message


def test_two_30_word_quotations_from_one_source_exceed_the_50_words(text_doc) -> None:
    document, matches = _draft(text_doc, _words(30), _words(30, offset=30))
    judged, findings = judge_matches(document, matches, {"s1": _source("all_rights_reserved")})
    assert [m.verdict for m in judged] == ["violation", "violation"]
    assert {f.severity for f in findings} == {Severity.high}
    assert "60 words in 2 passages from this source, more than 50 together" in findings[0].message
    assert "Policy §4 (reserved sources)" in findings[0].message
    assert ("Fix: quote at most 50 words in all and credit News Desk, or ask News Desk for a "
            "licence.") in findings[0].message
    # one of them alone is a short quotation
    [alone], _ = judge_matches(document, matches[:1], {"s1": _source("all_rights_reserved")})
    assert alone.verdict == "review"


def test_the_policy_sets_the_words_of_a_short_quotation(text_doc) -> None:
    document, matches = _draft(text_doc, _words(30))
    sources = {"s1": _source("no_reproduction")}
    [match], [finding] = judge_matches(document, matches, sources,
                                       QuotationPolicy(short_quote_words=20))
    assert match.verdict == "violation"
    assert "30 words, more than 20" in finding.message
    assert "Fix: quote at most 20 words and credit News Desk" in finding.message


def test_an_excerpt_source_s_own_word_limit_wins(text_doc) -> None:
    document, [match] = _draft(text_doc, _words(90))
    unquoted = [match.__class__(**{**vars(match), "quoted": False, "source_fraction": 0.5})]
    sources = {"s1": _source("excerpt_with_credit", max_excerpt_words=100, credit_required=True)}
    [judged], [finding] = judge_matches(document, unquoted, sources)
    # 90 credited words are within the source's 100, though half the article (the policy's
    # share rule only speaks for sources that state no limit)
    assert (judged.verdict, finding.severity) == ("ok", Severity.info)
    assert "Policy §5 (excerpts with credit)" in finding.message
    document, [longer] = _draft(text_doc, _words(110))
    [judged], [finding] = judge_matches(document, [longer], sources)
    assert (judged.verdict, judged.verdict_reason) == ("violation", "excerpt_too_long")
    assert "110 words (the limit is 100), more than its terms allow" in finding.message
    assert "Fix: cut it to at most 100 words, or ask News Desk for a licence." in finding.message


def test_every_verdict_names_a_clause_of_the_policy(text_doc) -> None:
    document, matches = _draft(text_doc, _words(30))
    for term_type in TermType:
        _, [finding] = judge_matches(document, matches, {"s1": _source(term_type)})
        assert " Policy §" in finding.message, term_type


# -- the whole pipeline, on a story of the shared corpus ---------------------------------------

REUTERS = "57d46c9d751e3fd3ffaf3ede7ac20cebd30eacb5ea78e1a6aa0a72059244e7ca"


@pytest.fixture()
def reuters_index(shared_dir: Path, tmp_path: Path, run) -> tuple[Path, list[str]]:
    """An index of one Reuters story, all rights reserved, and the story's paragraphs."""
    articles = shared_dir / "corpus" / "articles"
    truth = json.loads((articles / "ground-truth.json").read_text(encoding="utf-8"))[REUTERS]
    source = tmp_path / "sources" / "reuters.txt"
    source.parent.mkdir()
    source.write_text(truth["articleBody"], encoding="utf-8")
    manifest = tmp_path / "sources.jsonl"
    manifest.write_text(json.dumps({"path": str(source), "url": truth["url"],
                                    "publisher": "Reuters", "terms": "all-rights-reserved"}))
    index = tmp_path / "index"
    built = run("index", "build", source.parent, "--index", index, "--manifest", manifest)
    assert built.exit_code == 0, built.output
    paragraphs = [p for p in truth["articleBody"].split("\n") if p.strip()]
    return index, paragraphs


def _scan_json(run, tmp_path: Path, draft: Path, index: Path, *flags: str):
    report = tmp_path / "report.json"
    result = run("scan", draft.parent, "--sources", index, "--report", report, *flags)
    findings = [f for f in json.loads(report.read_text())["findings"] if f["kind"] == "reuse"]
    return result, findings


def test_four_credited_unquoted_paragraphs_of_a_reserved_story_are_a_high_violation(
    reuters_index, tmp_path: Path, run
) -> None:
    index, paragraphs = reuters_index
    taken = paragraphs[1:5]  # 126 words, about a fifth of the story
    draft = tmp_path / "drafts" / "markets.md"
    draft.parent.mkdir()
    draft.write_text("# Markets today\n\nOur own look at the week's trading.\n\n"
                     + "\n\n".join(taken)
                     + "\n\nSource: [Reuters](https://www.reuters.com/)\n", encoding="utf-8")
    result, [finding] = _scan_json(run, tmp_path, draft, index, "--fail-on", "high")
    assert result.exit_code == 1  # a --fail-on high hook stops it
    assert (finding["rule_id"], finding["severity"]) == ("reuse.needs-permission", "high")
    assert "not in quotation marks or a blockquote" in finding["message"]
    assert "Policy §4 (reserved sources)" in finding["message"]
    assert ("Fix: quote at most 50 words (in quotation marks, within one paragraph) and credit "
            "Reuters, or ask Reuters for a licence.") in finding["message"]


def test_short_quote_words_in_licscan_toml_changes_a_30_word_quotation(
    reuters_index, tmp_path: Path, run
) -> None:
    index, paragraphs = reuters_index
    quotation = " ".join(paragraphs[2].split()[:30])
    draft = tmp_path / "drafts" / "markets.md"
    draft.parent.mkdir()
    draft.write_text(f"# Markets today\n\nOur own look at the week's trading.\n\n"
                     f"According to Reuters, “{quotation}”\n", encoding="utf-8")
    _, [finding] = _scan_json(run, tmp_path, draft, index, "--fail-on", "high")
    assert (finding["severity"], "Policy §3" in finding["message"]) == ("medium", True)
    (tmp_path / "licscan.toml").write_text("[policy]\nshort-quote-words = 20\n")
    result, [finding] = _scan_json(run, tmp_path, draft, index, "--fail-on", "high")
    assert (result.exit_code, finding["severity"]) == (1, "high")
    assert "words, more than 20" in finding["message"]
