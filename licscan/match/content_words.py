"""Content words: the stems of the words that carry a sentence's meaning.

A rewrite changes word forms ("announced" / "announcement") and the small words around them; it
keeps the content: names, numbers, nouns and verbs.  The paraphrase stage
(:mod:`licscan.match.paraphrase`) and the index's content-word postings
(:mod:`licscan.match.store`) compare texts by these stems:

- each word (already casefolded, :mod:`licscan.match.words`) is stemmed with the Snowball
  stemmer of the text's language (``snowballstemmer``);
- the language's stop words (the ``stop-words`` package's lists) are left out, but never a
  number: some lists hold digits, and figures are the facts a rewrite keeps;
- one-letter words are left out, but a single ideograph is a word of its own.

The language is the document's ``lang`` (``en-GB`` → English); when it is not stated or has no
stemmer, the language whose stop words are most frequent in the text's first words.

Both libraries are imported when first used: a scan without sources never loads them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

# ISO 639-1 codes of the languages both libraries cover, with their Snowball names.
LANGUAGES = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "nl": "dutch",
    "en": "english", "fi": "finnish", "fr": "french", "de": "german", "el": "greek",
    "hi": "hindi", "hu": "hungarian", "id": "indonesian", "it": "italian", "nb": "norwegian",
    "fa": "persian", "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian",
    "es": "spanish", "sv": "swedish", "tr": "turkish",
}
_ALIASES = {"no": "nb", "nn": "nb"}
DEFAULT_LANGUAGE = "en"
GUESS_WORDS = 400  # words read to guess a language that is not stated
GUESS_CHARS = 4000  # characters that hold about that many words
_STEM_CACHE = 200_000  # stems kept per language (news vocabularies repeat)


def language_of(lang: str, words: Sequence[str]) -> str:
    """The ISO code of the stemmer for a text whose stated language is ``lang`` (may be
    empty) and whose casefolded words are ``words``."""
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    code = _ALIASES.get(code, code)
    if code in LANGUAGES:
        return code
    return guess_language(words[:GUESS_WORDS])


def guess_language(words: Sequence[str]) -> str:
    """The language whose stop words are most frequent in ``words`` (English on a tie)."""
    best, best_count = DEFAULT_LANGUAGE, 0
    for code in LANGUAGES:
        stops = stop_words(code)
        count = sum(1 for w in words if w in stops)
        if count > best_count:
            best, best_count = code, count
    return best


@cache
def stop_words(code: str) -> frozenset[str]:
    """The stop words of a language, casefolded, without numbers."""
    from stop_words import get_stop_words

    return frozenset(w.casefold() for w in get_stop_words(LANGUAGES[code])
                     if not any(c.isdigit() for c in w))


class Stemmer:
    """Content stems of one language's words (``None`` for a word that carries no content)."""

    def __init__(self, code: str) -> None:
        import snowballstemmer

        self.code = code
        self._stops = stop_words(code)
        self._stem = snowballstemmer.stemmer(LANGUAGES[code]).stemWord
        self._cache: dict[str, str | None] = {}

    def stem(self, word: str) -> str | None:
        found = self._cache.get(word, "")
        if found != "":
            return found
        value = self._content(word)
        if len(self._cache) >= _STEM_CACHE:
            self._cache.clear()
        self._cache[word] = value
        return value

    def _content(self, word: str) -> str | None:
        if any(c.isdigit() for c in word):
            return word
        if word in self._stops or (len(word) < 2 and word.isascii()):
            return None
        return self._stem(word)

    def stems(self, words: Sequence[str]) -> list[str | None]:
        stem = self.stem
        return [stem(w) for w in words]


@cache
def stemmer(code: str) -> Stemmer:
    """The shared stemmer of a language (its cache serves every document)."""
    return Stemmer(code)
