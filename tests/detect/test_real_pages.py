"""Detection on the 70 real pages (read in place): the notices checked by hand stay right."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from licscan.detect import RuleSet, detect
from licscan.model import FileEntry

# page id prefix -> the page's own copyright holders, as read by hand on the page
EXPECTED_HOLDERS = {
    "04a6711caa7c": ["The New York Times Company"],
    "0d46122928b6": ["Rogers Media"],
    "232a43fb15ab": ["MacRumors.com, LLC"],
    "30b771a40a4e": ["Mortons Media Group Ltd"],
    "57d46c9d751e": ["Reuters"],
    "65bf3048b500": ["Quiller Media, Inc."],
    "8b1945303082": ["News Group Newspapers Limited"],
    "9e8c9f082a8d": ["Poynter Institute"],
    "e1c7023ee214": ["Phys.org"],
    "e1cd54e5577d": ["Cruz Bay Publishing, Inc."],
}
MENU = re.compile(
    r"\b(?:Privacy|Terms|Contact\s+Us|About\s+Us|Advertise|Subscribe|Policy|Designed\s+by|Sitemap)\b"
)


@pytest.fixture(scope="module")
def detections(real_pages: list[Path], builtin_rules: RuleSet) -> dict[str, object]:
    from licscan.load import load_document

    found = {}
    for page in real_pages:
        document = load_document(
            FileEntry(page, page.name, page.stat().st_size), max_size=20_000_000
        )
        found[page.name[:12]] = detect(document, builtin_rules)
    return found


def test_hand_checked_holders(detections) -> None:
    for page, holders in EXPECTED_HOLDERS.items():
        copyright = [
            n
            for n in detections[page].notices
            if n.notice_type == "copyright" and n.origin == "text"
        ]
        assert copyright, page
        assert all(n.holders == holders for n in copyright), (page, [n.holders for n in copyright])


def test_no_menu_item_or_sentence_is_taken_for_a_holder(detections) -> None:
    for page, detection in detections.items():
        for notice in detection.notices:
            for holder in notice.holders:
                assert not MENU.search(holder), (page, notice.text)
                assert len(holder.split()) <= 8, (page, holder)


def test_credits_on_real_pages(detections) -> None:
    dateline = [n for n in detections["aec5deeaada8"].notices if n.notice_type == "wire_credit"]
    assert [n.holders for n in dateline] == [["AP"]]
    credits = [n for n in detections["aec5deeaada8"].notices if n.notice_type == "photo_credit"]
    assert credits and all(n.holders == ["John Locher", "AP"] for n in credits)
