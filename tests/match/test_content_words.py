"""Content words for the paraphrase stage: stems per language, stop words out, names, numbers
and sentence ends kept."""

from __future__ import annotations

from licscan.match.content_words import language_of, stemmer
from licscan.match.sentences import split_sentences
from licscan.match.words import Tokens, words_of


def test_word_forms_share_a_stem_and_stop_words_carry_none_but_numbers_stay():
    assert stemmer("en").stems(["announced", "announcement", "the", "1993", "a"]) == [
        "announc", "announc", None, "1993", None]


def test_each_language_has_its_own_stemmer():
    assert stemmer("de").stems(["häuser", "hauses", "und", "2019"]) == [
        "haus", "haus", None, "2019"]


def test_the_stated_language_wins_and_an_unstated_one_is_read_from_the_stop_words():
    assert language_of("de-AT", []) == "de"
    assert language_of("pt_BR", []) == "pt"
    french = words_of("Le gouvernement a annoncé une réforme des retraites pour les salariés.")
    assert language_of("", french) == "fr"
    assert language_of("xx", words_of("The minister said that the plan would go ahead.")) == "en"


def test_a_stop_word_written_as_a_name_is_kept():
    def stems(text: str) -> list[int]:
        return [len(s.stems) for s in split_sentences(Tokens.of(text), "en")]

    assert stems("The US agreed.") == [2]  # "us" and "agre"; "The" opens the sentence
    assert stems("the us agreed.") == [1]


def test_sentences_end_at_sentence_marks_and_line_breaks():
    text = "Talks end. Hope rises! Will it last?\nNo"
    sentences = split_sentences(Tokens.of(text), "en")
    assert [text[a:b] for a, b in (s.chars for s in sentences)] == [
        "Talks end.", "Hope rises!", "Will it last?", "No"]
