"""One offline public-suffix extractor serves detection and matching."""

from __future__ import annotations

from licscan import domains
from licscan.detect.values import registered_domain
from licscan.match.sites import site_of


def test_detection_and_matching_share_one_extractor():
    domains.extractor.cache_clear()
    assert site_of("https://news.example.co.uk/a") == "example.co.uk"
    assert registered_domain("https://www.example.co.uk/b") == "example.co.uk"
    assert domains.extractor.cache_info().misses == 1  # built once, for both


def test_private_suffixes_count_for_sites_not_for_rights_domains():
    assert site_of("https://someblog.blogspot.com/2019/post") == "someblog.blogspot.com"
    assert registered_domain("someblog.blogspot.com") == "blogspot.com"
