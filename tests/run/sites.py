"""Made-up sites for engine, cache and benchmark runs: many pages, several formats and languages.

Every page is generated from a seeded random generator, so a site is the same on every run.
Pages carry copyright notices in several languages and forms, reuse terms of several kinds,
rights metadata, and body text made of made-up sentences (no real article is copied).

The tests receive ``make_site`` and ``make_reuse_set`` as fixtures (tests/run/conftest.py); this
is a plain module because the scan benchmarks (bench/scan_common.py) import the generator too.
"""

from __future__ import annotations

import gzip
import random
from collections.abc import Iterator
from pathlib import Path

_VOCABULARY = (
    "harbour council budget river festival museum railway school winter market island bridge "
    "orchestra village forest satellite engineer volunteer hospital library theatre archive "
    "reservoir vineyard ferry lighthouse glacier stadium parliament tunnel observatory garden "
    "coastline mayor committee farmers cyclists students tenants nurses architects historians "
    "approved rejected delayed expanded repaired announced measured restored celebrated "
    "questioned funded opened closed visited surveyed mapped recorded published debated "
    "quietly sharply gradually unexpectedly formally briefly nearly finally recently jointly "
    "northern eastern coastal regional municipal annual temporary historic seasonal rural"
)
WORDS = _VOCABULARY.split()

NOTICES = (
    "© {year} {holder}. All rights reserved.",
    "Copyright (c) {start}-{year} {holder}",
    "© {start}–{year} {holder}. Alle Rechte vorbehalten.",
    "© {year} {holder}. Tous droits réservés.",
    "Copyright © {year} {holder}. Todos los derechos reservados.",
    "© {year} {holder} — Tutti i diritti riservati.",
    "Copr. {year} {holder}",
    "© {start}-present {holder}. Alle rechten voorbehouden.",
)

TERMS = (
    "No part of this article may be reproduced without the written permission of {holder}.",
    "Excerpts and links may be used, provided that full and clear credit is given to {holder} "
    "with appropriate and specific direction to the original content.",
    "This work is licensed under a Creative Commons Attribution-ShareAlike 4.0 International "
    "License.",
    "This material may not be published, broadcast, rewritten or redistributed.",
    "You may republish this article for free with attribution to {holder}.",
    "For personal, non-commercial use only.",
    "Text and data mining of this content, including for AI training, is expressly reserved.",
)

HOLDERS = (
    "Harbourview Media Ltd.",
    "Nordlicht Verlag GmbH",
    "Riverside Gazette LLC",
    "www.coastal-courier.example",
    "Marta Ruiz",
    "Le Petit Observateur SARL",
    "Tulip Press B.V.",
)


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def page(rng: random.Random, kind: str, number: int) -> str:
    """One page in ``kind`` ("html" | "markdown" | "text") with a notice and maybe a term."""
    holder = rng.choice(HOLDERS)
    year = rng.randint(2005, 2025)
    notice = rng.choice(NOTICES).format(year=year, start=year - rng.randint(1, 9), holder=holder)
    term = rng.choice(TERMS).format(holder=holder) if rng.random() < 0.7 else ""
    title = f"Report {number}: {sentence(rng)[:-1]}"
    body = [paragraph(rng) for _ in range(rng.randint(2, 6))]
    if kind == "html":
        paras = "\n".join(f"<p>{p}</p>" for p in body)
        license_link = (
            '<link rel="license" href="https://creativecommons.org/licenses/by-sa/4.0/">'
            if "Creative Commons" in term
            else ""
        )
        return (
            f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{title}</title>\n"
            f'<meta name="copyright" content="{holder}">{license_link}</head>\n'
            f'<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>\n'
            f"<article><h1>{title}</h1>\n{paras}\n</article>\n"
            f"<footer><p>{notice}</p><p>{term}</p></footer></body></html>\n"
        )
    if kind == "markdown":
        paras = "\n\n".join(body)
        front = f'---\ntitle: "{title}"\nauthor: {holder}\n---\n\n'
        return f"{front}# {title}\n\n{paras}\n\n{notice} {term}\n"
    paras = "\n\n".join(body)
    return f"{title}\n\n{paras}\n\n{notice}\n{term}\n"


def make_site(folder: Path, pages: int, seed: int = 7, bad_files: bool = True) -> Path:
    """Write ``pages`` made-up pages under ``folder`` (nested folders, .html/.md/.txt/.html.gz),
    plus, with ``bad_files``, an empty file and a binary file that the scan reports as rows."""
    rng = random.Random(seed)
    for number, (kind, suffix) in zip(range(pages), _kinds(rng), strict=False):
        path = folder / f"section{number % 7}" / f"page{number:05d}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = page(rng, kind, number)
        if suffix.endswith(".gz"):
            path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
        else:
            path.write_text(text, encoding="utf-8")
    if bad_files:
        (folder / "empty.md").write_text("", encoding="utf-8")
        (folder / "logo.html").write_bytes(bytes(range(256)) * 8)
    return folder


def _kinds(rng: random.Random) -> Iterator[tuple[str, str]]:
    choices = (("html", ".html"), ("markdown", ".md"), ("text", ".txt"), ("html", ".html.gz"))
    while True:
        yield rng.choice(choices)


def make_reuse_set(
    folder: Path, sources: int = 6, candidates: int = 8, seed: int = 11
) -> tuple[Path, Path]:
    """``folder/sources`` (pages with terms) and ``folder/drafts`` (pages copying paragraphs of
    some sources, half with a credit line and a link, and pages copying nothing)."""
    rng = random.Random(seed)
    source_dir, draft_dir = folder / "sources", folder / "drafts"
    source_dir.mkdir(parents=True, exist_ok=True)
    draft_dir.mkdir(parents=True, exist_ok=True)
    texts = []
    for number in range(sources):
        holder = HOLDERS[number % len(HOLDERS)]
        body = [paragraph(rng) for _ in range(5)]
        texts.append((holder, body))
        term = TERMS[number % 2].format(holder=holder)
        (source_dir / f"source{number}.txt").write_text(
            "\n\n".join(body) + f"\n\n© 2024 {holder}. {term}\n", encoding="utf-8"
        )
    for number in range(candidates):
        own = [paragraph(rng) for _ in range(3)]
        if number % 4 != 3:
            holder, body = texts[rng.randrange(sources)]
            own[1:1] = body[1:4]
            if number % 2:
                own.append(f"Source: {holder}")
        (draft_dir / f"draft{number}.md").write_text("\n\n".join(own) + "\n", encoding="utf-8")
    return source_dir, draft_dir
