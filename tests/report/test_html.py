"""The HTML report: self-contained, hostile content escaped, copied words highlighted."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest

from licscan.model import DocStatus, DocumentResult, DocumentRow, Match, ScanWarning
from licscan.report.html import _asset, render_html
from licscan.report.side_by_side import align, elide, sentence_pairs
from licscan.result import ScanResult
from licscan.textmap import Span


@pytest.fixture()
def page(tmp_path: Path, sample_result: Callable[[Path], ScanResult]) -> tuple[str, Path]:
    result = sample_result(tmp_path / "site")
    path = result.write(tmp_path / "reports" / "report.html")
    return path.read_text(encoding="utf-8"), path


def marks(element) -> list[str]:
    return [" ".join(mark.text_content().split()) for mark in element.iter("mark")]


def test_no_script_from_a_scanned_page_survives(
    page: tuple[str, Path], evil_script: str, evil_close: str
) -> None:
    html, _ = page
    assert evil_script not in html
    assert evil_close not in html
    assert html.count("<script") == 1  # the report's own script, nothing else
    tree = lxml.html.fromstring(html)
    scripts = tree.xpath("//script")
    assert len(scripts) == 1 and scripts[0].text == _asset("report.js")
    # The hostile text is still shown, as text.
    assert evil_script in tree.text_content()
    assert evil_close in tree.text_content()
    assert "&lt;script&gt;" in html


def test_no_event_handlers_or_script_urls(page: tuple[str, Path]) -> None:
    tree = lxml.html.fromstring(page[0])
    for element in tree.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            assert not value.strip().lower().startswith(("javascript:", "data:")), value


def test_page_is_self_contained(page: tuple[str, Path]) -> None:
    tree = lxml.html.fromstring(page[0])
    assert tree.xpath("//link[@rel='stylesheet'] | //*[@src] | //iframe | //object") == []
    policy = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in policy
    assert "script-src 'sha256-" in policy and "unsafe-inline" not in policy


def test_summary_counts(page: tuple[str, Path]) -> None:
    tree = lxml.html.fromstring(page[0])
    cards = {
        card.find_class("label")[0].text_content(): int(card.find_class("count")[0].text)
        for card in tree.find_class("card")
    }
    assert cards["Documents"] == 4
    assert cards["Findings"] == 6
    assert cards["Matches"] == 2
    assert cards["Documents not read"] == 1


def test_findings_table_is_sortable_and_filterable(page: tuple[str, Path]) -> None:
    tree = lxml.html.fromstring(page[0])
    table = tree.get_element_by_id("findings")
    assert "sortable" in table.classes
    rows = table.xpath("./tbody/tr")
    assert len(rows) == 6
    assert sorted(r.get("data-severity") for r in rows) == [
        "high", "high", "info", "low", "medium", "medium"]
    assert [r.get("data-accepted") for r in rows if r.get("data-accepted")] == ["inline"]
    for control in ("f-search", "f-severity", "f-accepted"):
        tree.get_element_by_id(control)
    severity_cells = table.xpath("./tbody/tr/td[1]/@data-sort")
    assert set(severity_cells) == {"0", "1", "2", "3"}


def test_paths_link_to_files_and_only_http_sources_link(page: tuple[str, Path]) -> None:
    html, path = page
    tree = lxml.html.fromstring(html)
    hrefs = tree.xpath("//table[@id='findings']//td[@class='location']/a/@href")
    assert "../site/posts/turkey.html" in hrefs
    assert all((path.parent / href).resolve().is_file() for href in hrefs)
    sources = tree.xpath("//article[contains(@class, 'match')]//header/a[@rel]/@href")
    assert sources == ["https://www.bloomberg.com/turkey-s400"]


def test_known_match_highlights_the_copied_words_side_by_side(
    page: tuple[str, Path], copied_text: str
) -> None:
    tree = lxml.html.fromstring(page[0])
    card = next(a for a in tree.find_class("match") if "verdict-violation" in a.classes)
    candidate = card.find_class("candidate")[0]
    source = card.find_class("source")[0]
    copied = "Turkey is weighing the purchase of a second batch of S-400 air defence systems"
    assert marks(candidate) == [copied]
    assert marks(source) == [copied]
    assert " ".join(candidate.text_content().split()) == copied_text
    assert "14 copied words" in card.text_content()
    explanation = " ".join(card.find_class("explanation")[0].text_content().split())
    assert "no credit to Bloomberg" in explanation
    assert "no link to the original (https://www.bloomberg.com/turkey-s400)" in explanation
    assert "excerpt with credit" in explanation


def test_alignment_ignores_case_and_punctuation_and_short_coincidences() -> None:
    result = align(
        "Officials said, on Monday, that the DEAL was off; nothing else of the rest.",
        "On Monday officials confirmed that the deal was off. Rest of the story differs.",
    )
    copied = [s.text for s in result.candidate if s.copied]
    assert copied == ["that the DEAL was off"]  # "on Monday", "of the" (2 words) are not
    assert result.copied_words == 5


def test_alignment_finds_reordered_passages() -> None:
    result = align(
        "Second half of the story goes first. Then the first half of the story follows.",
        "Then the first half of the story follows. Second half of the story goes first.",
    )
    copied = [s.text for s in result.candidate if s.copied]
    assert copied == ["Second half of the story goes first",
                      "Then the first half of the story follows"]


def test_formula_text_is_shown_literally(page: tuple[str, Path], evil_formula: str) -> None:
    tree = lxml.html.fromstring(page[0])
    assert evil_formula in tree.text_content()


def test_empty_scan_renders(tmp_path: Path) -> None:
    html = render_html(ScanResult.from_documents([], roots=[tmp_path]))
    tree = lxml.html.fromstring(html)
    assert "No findings." in tree.text_content()
    assert "No reused passages were found." in tree.text_content()


def test_curly_and_straight_apostrophes_align() -> None:
    result = align("Turkey's oil and gas imports", "Turkey’s oil and gas imports")
    assert result.copied_words == 5


def test_long_uncopied_stretches_are_elided_but_copied_text_is_kept() -> None:
    filler = " ".join(f"w{i}" for i in range(200))
    copied = "the ministry said on Tuesday that talks would resume"
    result = align(copied, f"{filler} {copied} {filler}")
    shown = elide(result.source, keep=5)
    text = "".join(s.text for s in shown)
    assert text == f"… w195 w196 w197 w198 w199 {copied} w0 w1 w2 w3 w4 …"
    assert [s.text for s in shown if s.copied] == [copied]


def test_findings_are_listed_most_severe_first(page: tuple[str, Path]) -> None:
    tree = lxml.html.fromstring(page[0])
    rows = tree.get_element_by_id("findings").xpath("./tbody/tr")
    assert [r.get("data-severity") for r in rows] == [
        "high", "high", "medium", "medium", "low", "info"]


def test_reuse_finding_links_to_its_side_by_side_passage(page: tuple[str, Path]) -> None:
    tree = lxml.html.fromstring(page[0])
    link = tree.xpath("//table[@id='findings']//tr[td[@class='rule']/code='reuse.uncredited']"
                      "//a[@class='to-passage']/@href")
    assert len(link) == 1
    card = tree.get_element_by_id(link[0][1:])
    assert "verdict-violation" in card.classes


CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and line feed


def test_no_control_characters_reach_the_page(
    tmp_path: Path, sample_result: Callable[[Path], ScanResult]
) -> None:
    result = sample_result(tmp_path / "site")
    assert CONTROL_CHARACTERS.search(render_html(result)) is None  # sort keys included
    result.findings.loc[0, "message"] = "nul\x00 bell\x07 esc\x1b cr\r del\x7f c1\x85 tab\t."
    result.findings.loc[0, "path"] = "posts/odd\x01name.html"
    html = render_html(result)
    assert CONTROL_CHARACTERS.search(html) is None
    assert "nul␀ bell␇ esc␛ cr␍ del␡ c1\ufffd tab\t." in html
    assert "posts/odd␁name.html" in lxml.html.fromstring(html).text_content()


def test_a_warning_row_is_listed_without_a_file_link(
    tmp_path: Path, sample_result: Callable[[Path], ScanResult]
) -> None:
    result = sample_result(tmp_path / "site").with_warnings(
        [ScanWarning("posts", "no files to scan: check --include/--exclude and .gitignore")]
    )
    tree = lxml.html.fromstring(render_html(result, report_dir=tmp_path))
    rows = tree.xpath("//section[@id='errors']//tbody/tr")
    cells = {r.xpath("./td")[0].text_content(): r for r in rows}
    assert cells["posts"].xpath(".//a") == []
    assert "warning" in cells["posts"].text_content()
    cards = {card.find_class("label")[0].text_content(): int(card.find_class("count")[0].text)
             for card in tree.find_class("card")}
    assert (cards["Documents not read"], cards["Warnings"]) == (1, 1)


def test_a_paraphrase_shows_each_retold_sentence_beside_its_source_sentence(
    tmp_path: Path,
) -> None:
    mine = ["The council backed the plan on Monday.", "Work starts in May."]
    theirs = ["On Monday the plan won the council's approval.", "Building begins in May."]
    excerpt, source_excerpt = " ".join(mine), " ".join(theirs)
    # visible-text offsets: the excerpt starts at 100 in the document, at 40 in the source
    pairs = ["100-138=40-86", "139-158=87-110"]
    match = Match(
        relpath="draft.md", source_id="council", span=Span(100, 158, 3, 1, 3, 59),
        text_start=100, text_end=158, source_start=40, source_end=110, matched_words=11,
        kind="paraphrase", similarity=0.52, verdict="review", verdict_reason="paraphrase",
        excerpt=excerpt, source_excerpt=source_excerpt, pairs=pairs, fingerprint="9f:1",
    )
    row = DocumentRow(relpath="draft.md", doc_type="markdown", size=200, encoding="utf-8",
                      status=DocStatus.ok)
    result = ScanResult.from_documents([DocumentResult(row, [], [], [], [], [match])],
                                       roots=[tmp_path])
    card = lxml.html.fromstring(render_html(result)).find_class("match")[0]
    shown = card.find_class("sentence-pairs")[0]
    assert [b.text_content() for b in shown.find_class("candidate")] == mine
    assert [b.text_content() for b in shown.find_class("source")] == theirs
    assert "2 sentences retold in other words" in card.text_content()


def test_pairs_past_a_clipped_excerpt_are_left_out() -> None:
    assert sentence_pairs("Short excerpt.", "Its source.", (10, 0),
                          ["10-24=0-11", "30-60=20-40"]) == [("Short excerpt.", "Its source.")]


def test_findings_table_puts_a_persons_columns_first_with_their_meaning(
    page: tuple[str, Path],
) -> None:
    table = lxml.html.fromstring(page[0]).get_element_by_id("findings")
    headers = table.xpath("./thead/tr/th")
    assert [th.text_content() for th in headers] == [
        "Severity", "Location", "Problem", "What to do", "Source", "Source terms",
        "Words copied", "Verdict", "Kind of copy", "Excerpt", "Accepted", "Rule"]
    titles = {th.text_content(): th.get("title") for th in headers}
    assert titles["Source terms"].startswith("For reused text: what the original's publisher")
    assert titles["Rule"].startswith("Technical:")


def test_a_reuse_finding_shows_its_source_and_verdict_with_tooltips(
    page: tuple[str, Path],
) -> None:
    tree = lxml.html.fromstring(page[0])
    row = tree.xpath("//table[@id='findings']//tr[td[@class='rule']/code='reuse.uncredited']")[0]
    cells = [" ".join(td.text_content().split()) for td in row.xpath("./td")]
    assert cells[4:9] == ["Bloomberg", "excerpt with credit", "15", "violation", "near verbatim"]
    assert row.xpath("./td[@class='source']/a/@href") == ["https://www.bloomberg.com/turkey-s400"]
    verdict = row.xpath("./td[8]/span")[0]
    assert verdict.get("title").startswith("The reuse breaks the original's terms")
    assert row.xpath("./td[9]/@title") == ["Copied with tiny differences (punctuation, spelling)."]
    glossary = tree.get_element_by_id("glossary")
    assert "near_verbatim" in [dt.text_content() for dt in glossary.iter("dt")]
