"""Matching one document against a source index: candidates, alignment, credit.

1. The document's query (:mod:`licscan.match.query`): its compared words (without site chrome
   and its own rights lines), their n-grams, and the candidate sources with the most n-grams in
   the index.  The engine may pass the hits already counted (the Dask engine's join).
2. Each candidate is aligned with the document (:mod:`licscan.match.passages`).  A passage
   that is a menu (most of its words on lines of one to three words that are link text) is not
   reuse.  A passage's ends lose the document's credit phrases naming the source and the
   source's own bylines, credit lines and captions (:mod:`licscan.match.trim`); a credit
   copied along with a passage (the source's own dateline) is no credit.
3. The sentences no passage covers go to the paraphrase stage
   (:mod:`licscan.match.paraphrase`), which finds passages retold sentence by sentence.
4. Each passage becomes a :class:`~licscan.model.Match`, with both sides' offsets and lines;
   :mod:`licscan.match.credit` then records how the document credits each source, with
   the credit phrases of the rule set's ``attribution`` rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from licscan.detect.credit_phrases import Cue, find_cues
from licscan.match.credit import URL_RE, byline_ranges, credit_for, credit_ranges, quoted
from licscan.match.index import SourceIndex
from licscan.match.paraphrase import Paraphrase, find_paraphrases
from licscan.match.passages import Passage, align
from licscan.match.query import HitCounts, candidates, hits_in, query_of
from licscan.match.records import SourceInfo
from licscan.match.trim import copied_around, trim
from licscan.match.words import WORD_RE, Tokens
from licscan.model import LoadedDocument, Match

if TYPE_CHECKING:
    from licscan.detect import RuleSet

EXCERPT_CHARS = 2000  # longest excerpt kept in a match row (the offsets give the rest)
MENU_LINE_WORDS = 3  # a line of at most this many words that is link text is a menu entry
MENU_SHARE = 0.5  # share of a passage's words on menu lines from which it is a menu


def match_document(document: LoadedDocument, index: SourceIndex, rules: RuleSet,
                   ignored: Sequence[tuple[int, int]] = (),
                   hits: HitCounts | None = None) -> list[Match]:
    """Every passage of ``document`` reused from a source of ``index``, with its credit.

    ``rules``: the scan's rule set, whose ``attribution`` rules are the credit phrases.
    ``ignored``: text ranges left out besides ``document.boilerplate`` (the pipeline passes the
    document's notices, terms and credits).  ``hits``: the query's hits already counted (by the
    Dask engine's join); ``None`` counts them in ``index``.
    """
    query = query_of(document, ignored)
    if query is None:
        return []
    if hits is None:
        hits = hits_in(index, query)
    self_key = str(document.path.resolve()) if document.path else ""

    def is_self(info: SourceInfo) -> bool:
        return info.key == self_key or (index.exclude_ids and info.id == document.relpath)

    matches: list[Match] = []
    infos: dict[str, SourceInfo] = {}
    in_urls = url_mask(query.tokens)
    cues: list[Cue] | None = None  # found once, when a first source has passages
    copied: list[tuple[int, int]] = []  # each passage with what was copied along with it
    for s, store in enumerate(index.stores):
        if s not in hits:
            continue
        masked = query.boilerplate_mask(store.high)
        for sid in candidates(hits[s]):
            info = index.info(s, sid)
            if is_self(info):
                continue
            src = index.tokens(s, sid)
            passages = align(query.tokens, src, masked, in_urls)
            if passages and cues is None:
                cues = find_cues(document.text, rules.attribution_rules, rules.timeout)
            for passage in _without_credit(document, query.tokens, src, info, passages, cues):
                if menu_like(document, *passage.doc_chars):
                    continue
                matches.append(_match(document, index, info, src, passage))
                copied.append(copied_around(document.text, src.text, passage.doc_chars,
                                            passage.src_chars))
                infos[info.id] = info
    covered = [(m.text_start, m.text_end) for m in matches]
    for info, src, paraphrase in find_paraphrases(query.tokens, document.lang, covered, index,
                                                  is_self):
        matches.append(_paraphrase_match(document, index, info, src, paraphrase))
        infos[info.id] = info
    if not matches:
        return matches
    for source_id, info in infos.items():
        own = [m for m in matches if m.source_id == source_id]
        credit = credit_for(document, info, [(m.text_start, m.text_end) for m in own],
                            cues or [], copied)
        for m in own:
            m.attributed, m.linked, m.evidence = credit.attributed, credit.linked, credit.evidence
    matches.sort(key=lambda m: (m.text_start, m.text_end, m.source_id))
    return matches


def _without_credit(document: LoadedDocument, doc: Tokens, src: Tokens, info: SourceInfo,
                    passages: list[Passage], cues: list[Cue] | None) -> list[Passage]:
    """The passages with their ends trimmed of the document's credit phrases naming the
    source and of the source's bylines, credit lines and captions."""
    if not passages:
        return passages
    doc_out = credit_ranges(document, info, cues or [])
    src_out = [*byline_ranges(src.text, info), *info.captions]
    return [trim(p, doc, src, doc_out, src_out) for p in passages]


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
    return _row(document, index, info, src, p.doc_chars, p.src_chars, matched_words=p.matched,
                source_fraction=p.src_covered / info.compared_chars, similarity=p.similarity,
                kind=p.kind)


def _paraphrase_match(document: LoadedDocument, index: SourceIndex, info: SourceInfo,
                      src: Tokens, p: Paraphrase) -> Match:
    pairs = [f"{a}-{b}={c}-{d}" for (a, b), (c, d) in p.pairs]
    return _row(document, index, info, src, p.doc_chars, p.src_chars, matched_words=p.doc_words,
                source_fraction=p.src_covered / info.compared_chars, similarity=p.score,
                kind="paraphrase", pairs=pairs)


def _row(document: LoadedDocument, index: SourceIndex, info: SourceInfo, src: Tokens,
         doc_chars: tuple[int, int], src_chars: tuple[int, int], *, matched_words: int,
         source_fraction: float, similarity: float, kind: str, pairs: Sequence[str] = ()
         ) -> Match:
    start, end = doc_chars
    src_start, src_end = src_chars
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
        source_aliases=list(info.names),
        source_start=src_start,
        source_end=src_end,
        source_line=src_span.line,
        source_end_line=src_span.end_line,
        matched_words=matched_words,
        source_words=info.words,
        source_fraction=round(min(1.0, source_fraction), 4),
        similarity=similarity,
        kind=kind,
        quoted=quoted(document, start, end),
        excerpt=_clip(document.text[start:end]),
        source_excerpt=_clip(src.text[src_start:src_end]),
        pairs=list(pairs),
    )


def _clip(text: str) -> str:
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"
