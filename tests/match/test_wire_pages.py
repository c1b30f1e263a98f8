"""A Reuters and an AP page of the shared corpus as sources: named by their publisher, and
credited by the forms wire copy uses.  Drafts are built here from the pages' own text."""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan.api import scan
from licscan.load import load_document
from licscan.match import SourceIndex, build_index
from licscan.model import FileEntry

PAGES = {"reuters": "57d46c9d751e3fd3", "ap": "e7994d5500875202"}  # file name prefixes


@pytest.fixture(scope="module")
def pages(real_pages: list[Path]) -> dict[str, Path]:
    found = {key: next((p for p in real_pages if p.name.startswith(prefix)), None)
             for key, prefix in PAGES.items()}
    if None in found.values():
        pytest.skip("the Reuters or AP page is missing from the shared corpus")
    return found


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory, pages, builtin_rules) -> Path:
    folder = tmp_path_factory.mktemp("wire-index")
    build_index(list(pages.values()), folder, builtin_rules)
    return folder


def _paragraphs(page: Path) -> list[str]:
    document = load_document(FileEntry(page, page.name, page.stat().st_size), max_size=10**8)
    return [line for line in document.text.split("\n") if len(line.split()) >= 12]


def _scan(tmp_path: Path, index_dir: Path, draft: str):
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "draft.txt").write_text(draft, encoding="utf-8")
    return scan([tmp_path / "drafts"], sources=[index_dir]).matches


def test_the_wire_pages_are_named_by_their_publisher(index_dir, pages):
    index = SourceIndex([index_dir])
    publishers = {info.path: info.publisher for info in index.sources()}
    assert publishers[pages["reuters"].name] == "Reuters"  # its og:site_name is "U.S."
    assert publishers[pages["ap"].name] == "The Associated Press"  # og:site_name "Hosted"
    index.close()


def test_a_dateline_draft_ending_with_reporting_by_reuters_is_credited(tmp_path, index_dir,
                                                                       pages):
    paragraphs = _paragraphs(pages["reuters"])
    start = next(i for i, p in enumerate(paragraphs) if p.startswith("NEW YORK (Reuters) -"))
    first = paragraphs[start]
    second = next(p for p in paragraphs[start + 1 :] if "REUTERS/" not in p)  # not a caption
    draft = (f"A markets note for our readers.\n\n{first}\n\n{second}\n\n"
             "(Reporting by Reuters)\n")
    matches = _scan(tmp_path, index_dir, draft)
    assert len(matches) == 1
    row = matches.iloc[0]
    assert row.source_publisher == "Reuters"
    assert "Thomson Reuters" in list(row.source_aliases)
    assert row.attributed
    assert any(e.startswith("credit_line:(Reporting by Reuters)") for e in row.evidence)


def test_a_short_quotation_according_to_the_associated_press_is_quoted_and_credited(
        tmp_path, index_dir, pages):
    [first] = [p for p in _paragraphs(pages["ap"]) if p.startswith("LONDON (AP)")]
    quotation = " ".join(first.split("— ", 1)[1].split()[:25])
    draft = (f"The campaign had a strange week.\n\nThe row grew on Wednesday. According to "
             f"The Associated Press, “{quotation}” The party denies it.\n\n"
             "Our own view follows in a later column.\n")
    matches = _scan(tmp_path, index_dir, draft)
    assert len(matches) == 1
    row = matches.iloc[0]
    assert row.source_publisher == "The Associated Press"
    assert row.excerpt == quotation  # the source's "ASSOCIATED PRESS" byline stays out
    assert row.quoted and row.attributed
    assert row.verdict in ("ok", "review")
