"""Registered domains: one offline public-suffix extractor for every stage.

Building a :class:`tldextract.TLDExtract` reads its bundled suffix list (tens of
milliseconds), so it is built once, on first use.  It never fetches the list over the
network and writes no cache files.  Private suffixes are loaded, so each blog on
``blogspot.com`` or ``github.io`` can count as its own site; callers that want the ICANN
view ask for it per call.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def extractor() -> Any:
    """The shared offline extractor (call it with ``include_psl_private_domains=False`` for
    the ICANN-only view: ``example.github.io`` → ``github.io``)."""
    import tldextract  # its import and suffix list cost ~0.1 s: only when a domain is needed

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None,
                                 include_psl_private_domains=True)  # fmt: skip
