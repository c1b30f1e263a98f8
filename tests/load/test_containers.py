"""Files of many documents: a WordPress export, RSS and Atom feeds and a web archive, made by
the generators of tests/formats.py.  Each item is a document with its own row (``file#item``),
URL, notices, terms and metadata; a broken file is one row, a broken record one row."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pandas as pd
import pytest

import licscan
from licscan.discover import skipped_summary
from licscan.result import ScanResult
from tests import formats

COURIER = formats.COURIER
WXR = "courier-wordpress.xml"


def _write(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def feeds(tmp_path_factory: pytest.TempPathFactory) -> ScanResult:
    folder = _write(tmp_path_factory.mktemp("feeds"), {
        WXR: formats.courier_wxr(), "courier.rss": formats.courier_rss(),
        "courier.atom": formats.courier_atom(),
    })  # fmt: skip
    return licscan.scan([folder], cache=False)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> ScanResult:
    folder = _write(tmp_path_factory.mktemp("warc"), {
        "crawl.warc.gz": formats.courier_warc(),
        # the same opt-out as a robots meta tag of a page of the same site
        "page.html": (f'<html><head><meta name="robots" content="noai, noimageai">'
                      f'<link rel="canonical" href="{COURIER}/2025/04/quay.html"></head>'
                      f"<body><p>The quay.</p></body></html>").encode(),
    })  # fmt: skip
    return licscan.scan([folder], cache=False)


def _rows(frame: pd.DataFrame, path: str, *columns: str) -> list[list]:
    return frame.loc[frame["path"] == path, list(columns)].values.tolist()


def test_a_wordpress_export_gives_one_document_per_post_and_page(feeds: ScanResult) -> None:
    docs = feeds.documents[feeds.documents["path"].str.startswith(WXR)]
    rows = docs[["path", "type", "status", "canonical_url", "title"]].values.tolist()
    assert rows == [
        [WXR, "feed", "skipped", "", ""],
        [f"{WXR}#post-101", "feed", "ok", f"{COURIER}/harbour-dues/",
         "Harbour dues rise for the first time in a decade"],
        [f"{WXR}#post-102", "feed", "ok", f"{COURIER}/corrections/",
         "Corrections and clarifications"],
        [f"{WXR}#post-103", "feed", "ok", f"{COURIER}/pier-lighting/", "Pier lighting survey"],
    ]  # fmt: skip
    # the attachment and the menu item are left out, counted on the export's own row
    assert docs["reason"].iloc[0] == "items not read (2: attachment 1, nav_menu_item 1)"


def test_a_posts_status_and_author_are_metadata(feeds: ScanResult) -> None:
    meta = feeds.metadata
    for post_id, status, author in ((101, "publish", "ines.marlow"),
                                    (102, "draft", "tomas.reyes"),
                                    (103, "private", "ines.marlow")):  # fmt: skip
        rows = _rows(meta, f"{WXR}#post-{post_id}", "rule_id", "source", "name", "value")
        assert sorted(rows) == [["metadata.author", "feed", "dc.creator", author],
                                ["metadata.post-status", "feed", "wp.status", status]]  # fmt: skip


def test_a_posts_notice_is_located_in_its_content(feeds: ScanResult) -> None:
    # content:encoded holds two paragraphs, one a line: the notice is on line 2
    rows = _rows(feeds.notices, f"{WXR}#post-101", "holders", "location", "origin")
    assert rows == [[["Quayside Courier"], "content:encoded, line 2", "text"]]
    terms = _rows(feeds.terms, f"{WXR}#post-101", "term_type", "location")
    assert terms == [["all_rights_reserved", "content:encoded, line 2"]]


def test_rss_items_share_the_channels_copyright_and_keep_their_own_rights(
    feeds: ScanResult,
) -> None:
    docs = feeds.documents[feeds.documents["path"].str.startswith("courier.rss#item-")]
    assert sorted(docs["canonical_url"]) == [f"{COURIER}/?p=201", f"{COURIER}/?p=202"]
    by_url = dict(zip(docs["canonical_url"], docs["path"], strict=True))
    for path in by_url.values():  # the channel's copyright holds for every item
        assert ["copyright", ["Quayside Courier"], "feed metadata"] in _rows(
            feeds.notices, path, "notice_type", "holders", "location"
        )
    kayak, timetable = by_url[f"{COURIER}/?p=201"], by_url[f"{COURIER}/?p=202"]
    assert ["photo_credit", ["Wren Abbott", "Quayside Courier"], "item metadata"] in _rows(
        feeds.notices, kayak, "notice_type", "holders", "location"
    )
    terms = _rows(feeds.terms, timetable, "term_type", "credit_required", "location")
    assert ["excerpt_with_credit", True, "item metadata"] in terms


def test_an_atom_feeds_rights_give_its_entry_a_notice_and_a_licence(feeds: ScanResult) -> None:
    (path,) = feeds.documents.loc[feeds.documents["path"].str.startswith("courier.atom#"), "path"]
    assert _rows(feeds.documents, path, "canonical_url") == [[f"{COURIER}/2025/05/seal-pups"]]
    assert _rows(feeds.notices, path, "holders", "location") == [
        [["Quayside Courier"], "feed metadata"]
    ]
    assert ["creative_commons", "CC-BY-4.0"] in _rows(feeds.terms, path, "term_type", "license")


def test_item_paths_are_the_same_on_every_scan(feeds: ScanResult, tmp_path: Path) -> None:
    _write(tmp_path, {"courier.rss": formats.courier_rss(), "courier.atom": formats.courier_atom()})
    again = licscan.scan([tmp_path], cache=False)
    first = feeds.findings[feeds.findings["path"].str.startswith("courier.")]
    assert sorted(again.findings["fingerprint"]) == sorted(first["fingerprint"])


def test_a_web_archive_gives_one_document_per_html_response(archive: ScanResult) -> None:
    docs = archive.documents[archive.documents["path"].str.startswith("crawl.warc.gz")]
    ok = docs[docs["status"] == "ok"]
    assert sorted(ok["canonical_url"]) == sorted(COURIER + p[0] for p in formats.WARC_PAGES)
    assert all(p.startswith("crawl.warc.gz#urn:uuid:") for p in ok["path"])
    assert set(ok["type"]) == {"warc"}
    (skipped,) = docs.loc[docs["status"] == "skipped", "reason"]
    assert (
        skipped == "items not read (6: request 3, response 404 1, response image/png 1, warcinfo 1)"
    )
    notice = archive.notices.merge(ok, on="path")
    # each page is one line of HTML with its notice in the footer
    assert notice[["holders_x", "location"]].values.tolist() == [
        [["Quayside Courier"], "payload, line 1"]
    ] * len(formats.WARC_PAGES)


def _path_of(result: ScanResult, url_path: str) -> str:
    docs = result.documents
    return docs.loc[docs["canonical_url"] == COURIER + url_path, "path"].item()


def test_rights_headers_are_metadata_like_the_meta_tags(archive: ScanResult) -> None:
    rows = {name: value for path in [_path_of(archive, p[0]) for p in formats.WARC_PAGES]
            for name, value in _rows(archive.metadata, path, "name", "value")}  # fmt: skip
    assert rows == {"robots": "noai, noimageai",
                    "license": "https://creativecommons.org/licenses/by/4.0/",
                    "tdm-reservation": "1", "tdm-policy": f"{COURIER}/tdm-policy.json"}  # fmt: skip
    regatta = _path_of(archive, "/2025/04/regatta.html")
    assert _rows(archive.terms, regatta, "license", "origin") == [["CC-BY-4.0", "http"]]


def test_an_x_robots_tag_reaches_the_same_signal_as_the_robots_meta_tag(
    archive: ScanResult,
) -> None:
    reservations = archive.reservations
    dredging = _path_of(archive, "/harbour/dredging.html")
    header = _rows(reservations, dredging, "site", "signal", "value", "reserves")
    meta = _rows(reservations, "page.html", "site", "signal", "value", "reserves")
    assert header == meta == [[f"{COURIER}/", "robots-meta", "robots=noai, noimageai", True]]


def test_a_broken_record_loses_only_that_record(tmp_path: Path) -> None:
    data = bytearray(formats.courier_warc())
    # the gzip members of the records; the fourth is the second page's response
    starts = [n for n in range(len(data)) if data[n : n + 3] == b"\x1f\x8b\x08"]
    response = starts[4]
    assert b"regatta" in zlib.decompress(bytes(data[response : starts[5]]), 31)
    data[response + 30] ^= 0xFF
    (tmp_path / "crawl.warc.gz").write_bytes(bytes(data))
    docs = licscan.scan([tmp_path], cache=False).documents
    rows = docs[["path", "status", "reason"]].values.tolist()
    assert [f"crawl.warc.gz#offset-{response}", "malformed"] in [r[:2] for r in rows]
    assert sorted(docs.loc[docs["status"] == "ok", "canonical_url"]) == [
        f"{COURIER}/2025/04/market.html",
        f"{COURIER}/harbour/dredging.html",
    ]


@pytest.mark.parametrize(("name", "data", "status", "reason"), [
    ("crawl.warc.gz", formats.courier_warc()[:200], "malformed", "not a readable web archive"),
    ("courier.rss", b"<rss><channel><item>", "malformed", "not well-formed XML"),
    (WXR, formats.courier_wxr()[:-60], "malformed", "not well-formed XML"),
    ("courier.atom", b"", "empty", "0 bytes"),
])  # fmt: skip
def test_a_broken_container_is_one_row_with_a_reason(
    tmp_path: Path, name: str, data: bytes, status: str, reason: str
) -> None:
    (tmp_path / name).write_bytes(data)
    result = licscan.scan([tmp_path], cache=False)
    rows = result.documents[["path", "status"]].values.tolist()
    assert rows == [[name, status]]
    assert result.documents["reason"].item().startswith(reason)
    assert result.findings["rule_id"].tolist() == ["licscan.read-error"]


def test_a_record_cut_short_is_a_row_and_the_records_before_it_are_read(tmp_path: Path) -> None:
    data = formats.courier_warc()
    (tmp_path / "crawl.warc.gz").write_bytes(data[: data.index(b"\x1f\x8b\x08", 2000) - 20])
    docs = licscan.scan([tmp_path], cache=False).documents
    assert "record cut short: the archive ends inside it" in docs["reason"].tolist()


def test_an_xml_file_that_is_not_a_feed_is_skipped_and_counted(tmp_path: Path) -> None:
    (tmp_path / "sitemap.xml").write_bytes(b"<?xml version='1.0'?><urlset><url/></urlset>")
    docs = licscan.scan([tmp_path], cache=False).documents
    assert docs[["path", "status"]].values.tolist() == [["sitemap.xml", "skipped"]]
    reason = docs["reason"].item()
    assert reason == ("format not read: .xml (XML, but neither a WordPress export nor an RSS "
                      "or Atom feed: <urlset>)")  # fmt: skip
    assert skipped_summary([reason]) == "1 file skipped (formats not read: .xml 1)"


def test_a_draft_copying_an_archived_page_names_the_records_url(tmp_path: Path) -> None:
    text = " ".join(formats.REPORT_PARAGRAPHS)
    url = f"{COURIER}/2025/05/estuary-report.html"
    handle = io.BytesIO()
    formats.write_warc(handle, [(url, [], formats.warc_page("Estuary report", text))])
    sources = _write(tmp_path / "sources", {"crawl.warc.gz": handle.getvalue()})
    drafts = _write(tmp_path / "drafts", {"draft.md": f"# Roundup\n\n{text}\n".encode()})
    matches = licscan.scan([drafts], sources=[sources], cache=False).matches
    assert matches["source_url"].tolist() == [url]
    assert matches["source_path"].item().startswith("crawl.warc.gz#urn:uuid:")


def test_the_worker_pool_reads_each_record_of_an_archive(tmp_path: Path) -> None:
    (tmp_path / "crawl.warc.gz").write_bytes(formats.courier_warc())
    one = licscan.scan([tmp_path], cache=False, jobs=1).documents
    two = licscan.scan([tmp_path], cache=False, jobs=2).documents
    columns = ["path", "status", "canonical_url", "sha256"]
    assert two[columns].values.tolist() == one[columns].values.tolist()
    assert (one["status"] == "ok").sum() == len(formats.WARC_PAGES)
