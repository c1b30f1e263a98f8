"""Draw the hand-labelled sample of web-eval pages for the rights-statement evaluation.

One page per site, a quota per declared language (so the sample is multilingual, not just
German), and a split *by site* into a tuning half and a held-out half with the same
language mix. The draw is deterministic: the same corpus gives the same sample.

    python bench/terms/sample.py ../shared/corpus/web-eval > tests/bench/data/rights/sample.jsonl
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

# Pages per declared language; "?" is a page that declares none.
QUOTAS = {"de": 100, "en": 70, "es": 25, "fr": 15, "pl": 12, "pt": 6, "it": 3, "fi": 2,
          "hu": 1, "no": 1, "ar": 1, "?": 14}
_LANG = re.compile(rb"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2})", re.IGNORECASE)


def site_of(url: str, name: str) -> str:
    """The site a page belongs to: its host without "www."; the file name when no URL."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or f"unknown-{name}"


def declared_language(raw: bytes) -> str:
    found = _LANG.search(raw[:20000])
    return found.group(1).decode().lower() if found else "?"


def stable_rank(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def pages_by_language(corpus: Path) -> dict[str, list[dict]]:
    """One page per site (the first in index order), grouped by declared language."""
    seen: set[str] = set()
    groups: dict[str, list[dict]] = defaultdict(list)
    for line in (corpus / "index.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        name = Path(row["file"]).name.removesuffix(".html.gz")
        site = site_of(row.get("url") or "", name)
        if site in seen:
            continue
        seen.add(site)
        lang = declared_language(gzip.decompress((corpus / row["file"]).read_bytes()))
        groups[lang if lang in QUOTAS else "?"].append(
            {"page": f"webeval:{name}", "case": f"we-{name}", "url": row.get("url") or None,
             "site": site, "lang": lang})
    return groups


def draw(corpus: Path) -> list[dict]:
    """Each language's quota, ranked by a hash of the site; alternate halves down the rank."""
    groups = pages_by_language(corpus)
    sample = []
    for lang, quota in QUOTAS.items():
        ranked = sorted(groups[lang], key=lambda p: stable_rank(p["site"]))
        for n, page in enumerate(ranked[:quota]):
            sample.append({**page, "split": "tuning" if n % 2 == 0 else "held-out"})
    return sample


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="the web-eval folder (index.jsonl, html/)")
    args = parser.parse_args(argv)
    for row in draw(args.corpus):
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
