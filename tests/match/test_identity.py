"""Who a source is: the publisher messages name, and the aliases a credit may use."""

from __future__ import annotations

import sqlite3

import pytest

from licscan.match import SourceIndex, match_document
from licscan.match.identity import Evidence, resolve
from licscan.match.manifest import read_manifest
from licscan.match.store import INDEX_FILE, IndexUnusable
from licscan.model import MetaItem

STORY = (
    "The harbour authority voted on Thursday to approve a plan that would deepen the northern "
    "shipping channel by three metres before the end of next year, officials said."
)


def _site(name: str, value: str, source: str = "meta") -> MetaItem:
    return MetaItem(source, name, value)


def _publisher(builtin_rules, **evidence) -> str:
    return resolve(Evidence(**evidence), rule_files=builtin_rules.files).publisher


@pytest.mark.parametrize("site_name", ["U.S.", "Hosted", "World News", "Home", "Top Stories",
                                       "The best news from every corner of the world"])
def test_a_generic_site_name_is_never_the_publisher(builtin_rules, site_name):
    meta = [_site("og:site_name", site_name)]
    assert _publisher(builtin_rules, meta=meta, domain="portnews.test") == "portnews.test"
    assert _publisher(builtin_rules, meta=meta, holders=["Port News Ltd"],
                      domain="portnews.test") == "Port News Ltd"


@pytest.mark.parametrize(("site_name", "domain"), [
    ("Harbour Times", "harbourtimes.test"),  # shares the domain's words
    ("Los Angeles Times", "latimes.com"),  # shares "times"
    ("BBC News", "bbc.co.uk"),  # a section word beside the domain's name
    ("Quayside Gazette", "qg-media.test"),  # shares nothing but is no stock phrase
])
def test_a_specific_site_name_is_the_publisher(builtin_rules, site_name, domain):
    meta = [_site("og:site_name", site_name)]
    assert _publisher(builtin_rules, meta=meta, domain=domain) == site_name


def test_the_order_manifest_holder_agency_jsonld_site_domain(builtin_rules):
    meta = [_site("og:site_name", "Harbour Times"),
            _site("publisher", "Harbour Media Group", "jsonld"),
            _site("publisher", "https://plus.google.com/+HarbourTimes", "link")]
    full = Evidence(holders=["Harbour Holdings"], agencies=["AP"], meta=meta,
                    domain="harbourtimes.test")
    files = builtin_rules.files
    assert resolve(full, "Harbour Times Co.", rule_files=files).publisher == "Harbour Times Co."
    assert resolve(full, rule_files=files).publisher == "Harbour Holdings"
    no_holder = Evidence(agencies=["Associated Press"], meta=meta, domain="harbourtimes.test")
    assert resolve(no_holder, rule_files=files).publisher == "AP"  # the table's usual name
    assert _publisher(builtin_rules, meta=meta, domain="harbourtimes.test") == (
        "Harbour Media Group")  # the JSON-LD publisher; a profile URL is no name
    assert _publisher(builtin_rules, domain="harbourtimes.test", host="www.harbourtimes.test"
                      ) == "harbourtimes.test"


def test_aliases_hold_every_name_and_the_known_short_and_long_forms(builtin_rules):
    evidence = Evidence(holders=["The Associated Press"], agencies=["AP"],
                        meta=[_site("og:site_name", "Hosted")], domain="ap.org",
                        host="hosted.ap.org")
    identity = resolve(evidence, manifest_aliases=["AP News"], rule_files=builtin_rules.files)
    assert identity.publisher == "The Associated Press"
    assert {"The Associated Press", "AP", "AP News", "ap.org", "hosted.ap.org"} <= set(
        identity.aliases)
    assert "Hosted" not in identity.aliases
    reuters = resolve(Evidence(holders=["Reuters"], domain="reuters.com"),
                      rule_files=builtin_rules.files)
    assert "Thomson Reuters" in reuters.aliases


def test_manifest_aliases_are_a_list_or_names_split_by_semicolons(tmp_path):
    manifest = tmp_path / "sources.jsonl"
    manifest.write_text(
        '{"path": "a.txt", "publisher": "Harbour Times", "aliases": ["HT", "Harbour Daily"]}\n'
        '{"path": "b.txt", "publisher": "City News", "aliases": "CN; City News Network"}\n',
        encoding="utf-8")
    rows = read_manifest(manifest)
    assert [row.aliases for row in rows] == [["HT", "Harbour Daily"],
                                             ["CN", "City News Network"]]


def test_a_credit_to_any_alias_credits_the_source(tmp_path, builtin_rules, text_doc,
                                                  make_index):
    source = f"{STORY}\nHarbour Holdings is the port's owner.\n© 2025 Thomson Reuters"
    index = make_index(tmp_path, [("wire", source, {})], rules=builtin_rules)
    assert index.find("wire").publisher == "Thomson Reuters"
    draft = f"The port is changing.\n\n{STORY}\n\n(Reporting by Reuters)\n"
    [m] = match_document(text_doc(draft), index, builtin_rules)
    assert m.source_publisher == "Thomson Reuters"
    assert "Reuters" in m.source_aliases
    assert m.attributed
    assert m.evidence == ["credit_line:(Reporting by Reuters)@L5"]


def test_an_index_of_the_previous_records_asks_to_be_rebuilt(tmp_path, builtin_rules,
                                                            make_index):
    make_index(tmp_path, [("wire", STORY, {})], rules=builtin_rules).close()
    with sqlite3.connect(tmp_path / "index" / INDEX_FILE) as conn:
        conn.execute("DELETE FROM meta WHERE key = 'records'")
    with pytest.raises(IndexUnusable, match="build it again"):
        SourceIndex([tmp_path / "index"])
