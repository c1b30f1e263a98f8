"""Matching one document against a source index: candidates, alignment, credit.

0. Only the article text is compared: the words of the document's site chrome
   (``document.boilerplate``) and of its own rights lines (notices, terms, credits, passed by
   the pipeline) are left out, as they were left out of each source when it was indexed.
1. The document's word 5-grams (every position, not winnowed) are looked up in the index;
   any run of 8 words it shares with a source hits at least one of that source's winnowed
   fingerprints.  Fingerprints listed as boilerplate select nothing and mask the document words
   they cover.
2. The sources with the most hits (at most ``MAX_CANDIDATES``) are aligned with the document
   (:mod:`licscan.match.passages`).
   A passage that is a menu (most of its words on lines of one to three words that are
   link text) is not reuse.
3. Each passage becomes a :class:`~licscan.model.Match`, with both sides' offsets and lines;
   :mod:`licscan.match.credit` then records how the document credits each source, with
   the credit phrases of the rule set's ``attribution`` rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from licscan.detect.credit_phrases import find_cues
from licscan.match.credit import URL_RE, credit_for, quoted
from licscan.match.hashing import NGRAM, WINDOW, as_signed, ngram_hashes
from licscan.match.index import SourceIndex
from licscan.match.passages import MIN_WORDS, Passage, align
from licscan.match.store import SourceInfo
from licscan.match.words import WORD_RE, Tokens, ignored_ranges
from licscan.model import LoadedDocument, Match

if TYPE_CHECKING:
    from licscan.detect import RuleSet

MAX_CANDIDATES = 12  # sources aligned per document, most shared fingerprints first
EXCERPT_CHARS = 2000  # longest excerpt kept in a match row (the offsets give the rest)
MENU_LINE_WORDS = 3  # a line of at most this many words that is link text is a menu entry
MENU_SHARE = 0.5  # share of a passage's words on menu lines from which it is a menu


def match_document(document: LoadedDocument, index: SourceIndex,
                   ignored: Sequence[tuple[int, int]] = (),
                   rules: RuleSet | None = None) -> list[Match]:
    """Every passage of ``document`` reused from a source of ``index``, with its credit.

    ``ignored``: text ranges left out besides ``document.boilerplate`` (the pipeline passes the
    document's notices, terms and credits).  ``rules``: the rule set whose ``attribution``
    rules are the credit phrases (default: the built-in rules).
    """
    tokens = Tokens.of(document.text).without(ignored_ranges(document, ignored))
    if len(tokens) < MIN_WORDS:
        return []
    grams = as_signed(ngram_hashes(tokens.hashes, NGRAM))
    unique = np.unique(grams)
    self_key = str(document.path.resolve()) if document.path else ""
    matches: list[Match] = []
    infos: dict[str, SourceInfo] = {}
    in_urls = url_mask(tokens)
    for s, store in enumerate(index.stores):
        masked = boilerplate_mask(grams, store.high, len(tokens))
        _, sids = store.postings(unique)
        if not len(sids):
            continue
        candidates, hits = np.unique(sids, return_counts=True)
        for sid in candidates[np.argsort(-hits, kind="stable")[:MAX_CANDIDATES]].tolist():
            info = index.info(s, sid)
            if info.key == self_key or (index.exclude_ids and info.id == document.relpath):
                continue
            src = index.tokens(s, sid)
            for passage in align(tokens, src, masked, in_urls):
                if menu_like(document, *passage.doc_chars):
                    continue
                matches.append(_match(document, index, info, src, passage))
                infos[info.id] = info
    if not matches:
        return matches
    rules = rules if rules is not None else _builtin_rules()
    cues = find_cues(document.text, rules.attribution_rules, rules.timeout)
    for source_id, info in infos.items():
        own = [m for m in matches if m.source_id == source_id]
        credit = credit_for(document, info, [(m.text_start, m.text_end) for m in own], cues)
        for m in own:
            m.attributed, m.linked, m.evidence = credit.attributed, credit.linked, credit.evidence
    matches.sort(key=lambda m: (m.text_start, m.text_end, m.source_id))
    return matches


@lru_cache(maxsize=1)
def _builtin_rules() -> RuleSet:
    from licscan.detect import RuleSet

    return RuleSet.load(check_examples=False)


def menu_like(document: LoadedDocument, start: int, end: int) -> bool:
    """Most words of ``[start, end)`` stand on menu lines: one to three words, mostly inside
    links ("Home / About / Contact", "Facebook / Twitter / Share")."""
    anchors = [(link.text_start, link.text_end) for link in document.links
               if link.text_start < end and start < link.text_end]
    if not anchors:
        return False
    text, total, on_menu, pos = document.text, 0, 0, start
    for line in text[start:end].split("\n"):
        words = len(WORD_RE.findall(line))
        total += words
        if 0 < words <= MENU_LINE_WORDS:
            linked = sum(max(0, min(b, pos + len(line)) - max(a, pos)) for a, b in anchors)
            if linked * 2 >= len(line.strip()):
                on_menu += words
        pos += len(line) + 1
    return total > 0 and on_menu >= MENU_SHARE * total


def boilerplate_mask(grams: np.ndarray, high: np.ndarray, words: int) -> np.ndarray:
    """Document words covered by boilerplate fingerprints, gaps shorter than a winnowing
    window closed (the n-grams between two kept fingerprints of a boilerplate run)."""
    masked = np.zeros(words, dtype=bool)
    if not len(high) or not len(grams):
        return masked
    for p in np.flatnonzero(np.isin(grams, high)).tolist():
        masked[p : p + NGRAM] = True
    idx = np.flatnonzero(masked)
    gaps = np.flatnonzero(np.diff(idx) > 1)
    for g in gaps.tolist():
        if idx[g + 1] - idx[g] - 1 <= WINDOW:
            masked[idx[g] : idx[g + 1]] = True
    return masked


def url_mask(tokens: Tokens) -> np.ndarray:
    """Words inside URLs written out in the text: a link's slug repeats its headline, which
    is not reuse of the article's text."""
    masked = np.zeros(len(tokens), dtype=bool)
    for m in URL_RE.finditer(tokens.text):
        first = np.searchsorted(tokens.starts, m.start(), "left")
        last = np.searchsorted(tokens.starts, m.end(), "left")
        masked[first:last] = True
    return masked


def _match(document: LoadedDocument, index: SourceIndex, info: SourceInfo, src: Tokens,
           p: Passage) -> Match:
    start, end = p.doc_chars
    src_start, src_end = p.src_chars
    src_span = index.locator(info.store, info.sid).span(src_start, src_end)
    return Match(
        relpath=document.relpath,
        source_id=info.id,
        span=document.text_span(start, end),
        text_start=start,
        text_end=end,
        source_path=info.path,
        source_url=info.url,
        source_publisher=info.publisher,
        source_start=src_start,
        source_end=src_end,
        source_line=src_span.line,
        source_end_line=src_span.end_line,
        matched_words=p.matched,
        source_words=info.words,
        source_fraction=round(min(1.0, p.src_covered / info.compared_chars), 4),
        similarity=p.similarity,
        kind=p.kind,
        quoted=quoted(document, start, end),
        excerpt=_clip(document.text[start:end]),
        source_excerpt=_clip(src.text[src_start:src_end]),
    )


def _clip(text: str) -> str:
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"
