"""Sites and names: which registered domain a URL belongs to, how a source may be named."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from licscan.domains import extractor

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)


def host_of(url: str) -> str:
    """Lowercase host of a URL or bare domain (``www.`` kept), '' when there is none."""
    url = url.strip()
    if not url:
        return ""
    if url.startswith("//"):
        url = "http:" + url
    elif not _SCHEME.match(url):
        if url.startswith(("/", "#", "?", ".")) or ":" in url.split("/")[0]:
            return ""  # relative link or mailto:/tel:
        url = "http://" + url
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.lower().rstrip(".")


@lru_cache(maxsize=65536)
def site_of(url_or_host: str) -> str:
    """Registered domain (``www.bbc.co.uk/news`` → ``bbc.co.uk``); the bare host when the
    suffix is unknown (``news0001.example``); '' for no host."""
    host = host_of(url_or_host)
    if not host:
        return ""
    parts = extractor()(host)  # private suffixes count: each blogspot.com blog is a site
    registered = getattr(parts, "top_domain_under_public_suffix", None)
    if registered is None:  # tldextract < 5.3
        registered = parts.registered_domain
    return registered or host.removeprefix("www.")


def squash(name: str) -> str:
    """A name reduced to lowercase letters and digits, without a leading "the"."""
    name = re.sub(r"^\s*the\s+", "", name.casefold())
    return "".join(ch for ch in name if ch.isalnum())


def name_variants(*names: str) -> list[str]:
    """Distinct squashed names (3+ characters) a credit line may use for a source: each name
    as given and, for domains, the domain without its suffix (``globaldefensecorp``)."""
    out: list[str] = []
    for name in names:
        if not name:
            continue
        forms = [name]
        site = site_of(name) if "." in name and " " not in name.strip() else ""
        if site:
            forms += [site, site.split(".")[0]]
        for form in forms:
            key = squash(form)
            if len(key) >= 3 and key not in out:
                out.append(key)
    return out
