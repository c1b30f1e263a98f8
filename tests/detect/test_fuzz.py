"""Fuzzing the rule engine: any text is read in bounded time with rows that quote their span;
any rule file loads or is a RuleError naming it; a catastrophic pattern is a rule-timeout
finding, not a hang."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import event, given, settings
from hypothesis import strategies as st

from licscan.detect import RuleError, RuleSet, detect
from licscan.detect.rule import TEXT_KINDS
from licscan.load.plaintext import without_controls
from tests.detect.builtin import builtin_rules, document
from tests.fuzzing import (
    RIGHTS_STATEMENTS,
    RIGHTS_WORDS,
    any_character,
    assert_span_in_file,
    examples,
    time_limit,
)

TIMEOUT_RULE = "licscan.rule-timeout"


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    rules = builtin_rules()
    rules.compile_all()  # compiled here, not in the first (timed) example
    return rules


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("rules")


def _lf(text: str) -> str:
    """The source as the plain-text loader shows it: LF line ends, control characters left out."""
    return without_controls(re.sub(r"\r\n?", "\n", text))


# -- any text, the built-in rules ----------------------------------------------------------------
def _keywords() -> list[str]:
    return sorted({keyword for rule in builtin_rules().text_rules for keyword in rule.keywords})


_keyword = st.deferred(lambda: st.sampled_from(_keywords()))
_rights_text = st.lists(
    st.one_of(
        _keyword,
        _keyword.map(str.title),
        _keyword.map(str.upper),
        st.sampled_from(RIGHTS_WORDS),
        st.sampled_from(RIGHTS_STATEMENTS),
        st.sampled_from([".", ",", ":", "/", "|", "-", "'", '"', "\n", "\n\n", "\r\n", "\t"]),
        st.text(any_character, max_size=6),
    ),
    max_size=50,
).map(" ".join)


@given(_rights_text)
def test_every_row_quotes_the_text_at_its_span(rules, text):
    with time_limit():
        detection = detect(document(text), rules)
    event("with notices" if detection.notices else "no notice")
    event("with terms" if detection.terms else "no term")
    for notice in detection.notices:
        span = notice.span
        assert notice.text == _lf(text[span.start : span.end]).strip()
    for term in detection.terms:
        span = term.span
        assert term.text == " ".join(_lf(text[span.start : span.end]).split())
    for finding in detection.findings:
        assert_span_in_file(finding.span, text)
        assert finding.message and "\n" not in finding.message


# -- any rule file ---------------------------------------------------------------------------------
VALID_RULE_FILE = """\
definitions:
  holder: '[A-Z][\\w.]+(?:[ ][A-Z][\\w.]+)*'
rules:
  - id: custom.fuzz-permission
    kind: terms
    term_type: permission_required
    severity: medium
    message: "Ask {{ contact or 'the publisher' }} first: {{ text }}"
    keywords: [permission]
    pattern: '(?i)ask\\s+(?P<contact>{{holder}})\\s+for\\s+permission'
    allowlist: ['(?i)no permission']
    fields: {contact: text}
    examples:
      match:
        - text: "Please ask Example Media for permission."
          expect: {contact: Example Media}
      no_match: ["Permission granted."]
"""
# Bytes that mean something to YAML, to a regex or to a Jinja template, and some that are no text.
_SIGNIFICANT = [bytes([b]) for b in b":-[]{}()'\"#|>&*!%@`?\\\n \t,.+$^"] + [
    b"\xff", b"\x00", b"\xc3", b"{{", b"}}", b"{%", b"(?P<", b"\t- ", b"\n  - id: x.y\n",
]  # fmt: skip
_edit = st.tuples(st.sampled_from(["insert", "replace", "delete"]), st.integers(0),
                  st.sampled_from(_SIGNIFICANT))  # fmt: skip


def _load_or_error(path: Path, **options) -> RuleSet | RuleError:
    """The rule set, or the RuleError; any other exception fails the test."""
    try:
        return RuleSet.load(extra=[path], builtin=False, **options)
    except RuleError as error:
        return error


def _assert_names_the_file(error: RuleError, path: Path) -> None:
    assert error.file == path
    assert str(error).startswith(f"{path}:")
    assert "\n" not in str(error)


def test_the_unedited_rule_file_loads(folder):
    path = folder / "valid.yaml"
    path.write_text(VALID_RULE_FILE, encoding="utf-8")
    assert [rule.id for rule in RuleSet.load(extra=[path], builtin=False).rules] == [
        "custom.fuzz-permission"
    ]


@given(st.lists(_edit, min_size=1, max_size=4))
def test_an_edited_rule_file_loads_or_is_an_error_naming_it(folder, edits):
    data = bytearray(VALID_RULE_FILE.encode())
    for operation, position, piece in edits:
        position %= len(data) + 1
        if operation == "insert":
            data[position:position] = piece
        elif operation == "replace":
            data[position : position + len(piece)] = piece
        else:
            del data[position : position + len(piece)]
    path = folder / "edited.yaml"
    path.write_bytes(bytes(data))
    with time_limit():
        outcome = _load_or_error(path, timeout=0.05)
    event("loads" if isinstance(outcome, RuleSet) else "RuleError")
    if isinstance(outcome, RuleError):
        _assert_names_the_file(outcome, path)


# Pattern pieces: mostly fragments that compile (so most generated rules load and run), some
# that break a pattern or that only some regex engines accept.
_REGEX_FRAGMENTS = [
    "a", "b+", "x1", "©", "ask", "\\s*", "\\s+", ".", ".*?", "\\b", "\\d{4}", "[A-Z]\\w+",
    "(?:a|b)", "(?P<holders>[A-Z]\\w+)", "(?P<years>\\d{4})", "(?P<contact>\\S+)", "(?<=a)",
    "(?=b)", "(?!x)", "{{holder}}", "(?i)",
]  # fmt: skip
_REGEX_BREAKERS = [
    *"()[]{}?*+|^$\\",
    "(?P<holders>", "\\p{L}", "\\N{", "{99999999999}", "(?V1)", "(?(1)a|b)", "\\1", "\\g<x>",
    "(?&holders)", "[[:alpha:]]", "(?r)", "(?#c)", "{{nope}}", "\x00", "\ud800",
]  # fmt: skip


@st.composite
def _pattern(draw) -> str:
    pieces = draw(st.lists(st.sampled_from(_REGEX_FRAGMENTS), min_size=1, max_size=8))
    if draw(st.booleans()):
        pieces.insert(draw(st.integers(0, len(pieces))), draw(st.sampled_from(_REGEX_BREAKERS)))
    return "".join(pieces)


_TEMPLATE_PIECES = ["{{ text }}", "{{ holders|join(', ') }}", "{% if years %}", "{% endif %}",
                    "{{ text.nope() }}", "{{ 1 / 0 }}", "{{ year_end - year_start }}",
                    "{{ text.__class__.__mro__ }}", "{{", "}}", "{#", " and ", "\n"]  # fmt: skip
_KEYWORDS = ["a", "b", "x1", "©", "ask"]
_FIELD_PARSERS = ["holders", "years", "symbol", "flag", "text", "domains", "no-such-parser"]


@st.composite
def _text_rule(draw) -> dict:
    kind = draw(st.sampled_from(TEXT_KINDS))
    rule = {
        "id": "custom.fuzz",
        "kind": kind,
        "severity": "medium",
        "message": "".join(draw(st.lists(st.sampled_from(_TEMPLATE_PIECES), max_size=4))),
        "keywords": draw(st.lists(st.sampled_from(_KEYWORDS), min_size=1, max_size=3)),
        "patterns": draw(st.lists(_pattern(), min_size=1, max_size=2)),
        "examples": {"match": ["a"]},
    }
    if kind == "terms":
        rule["term_type"] = "other"
    if draw(st.booleans()):
        rule["allowlist"] = draw(st.lists(_pattern(), min_size=1, max_size=2))
    groups = ["holders", "years", "contact"]
    if draw(st.booleans()):
        parsers = st.sampled_from(_FIELD_PARSERS)
        rule["fields"] = draw(st.dictionaries(st.sampled_from(groups), parsers, max_size=2))
    return rule


_words = st.sampled_from([*_KEYWORDS, "2024", "Example", "\n", " ", "!", "\n\n"])


@settings(max_examples=examples(2))
@given(_text_rule(), st.lists(_words, max_size=60))
def test_a_rule_with_any_pattern_loads_or_names_its_file_and_detects_safely(folder, rule, words):
    path = folder / "generated.yaml"
    path.write_text(
        yaml.safe_dump({"definitions": {"holder": "[A-Z]\\w+"}, "rules": [rule]}),
        encoding="utf-8",
        errors="surrogatepass",
    )
    outcome = _load_or_error(path, timeout=0.05, check_examples=False)
    event("loads" if isinstance(outcome, RuleSet) else "RuleError")
    if isinstance(outcome, RuleError):
        _assert_names_the_file(outcome, path)
        return
    text = "".join(words)
    with time_limit():
        detection = detect(document(text), outcome)
    event("with findings" if detection.findings else "no findings")
    for finding in detection.findings:
        assert_span_in_file(finding.span, text)
        assert "\n" not in finding.message  # (empty when the rule file says message: "")


# -- catastrophic patterns -----------------------------------------------------------------------
# Patterns with exponentially many ways to fail on a run of the atom followed by something else:
# the `regex` module defuses `(a+)+$`, not these.
_CATASTROPHIC = ["(?:{a}|{a}{a}|{a}{a}{a})+$", "(?:{a}|{a}{a})+(?:{a}|{a}{a})+$"]
_REPEATS = 40


@settings(max_examples=examples(10))
@given(
    st.text(st.sampled_from("abcxyz©01"), min_size=1, max_size=3),
    st.sampled_from(_CATASTROPHIC),
    st.sampled_from(["pattern", "allowlist"]),
)
def test_a_generated_catastrophic_pattern_is_a_timeout_finding(folder, atom, family, where):
    catastrophic = family.format(a=re.escape(atom))
    rule = {
        "id": "custom.catastrophic",
        "kind": "terms",
        "term_type": "other",
        "message": "{{ text }}",
        "keywords": [atom],
        # in the allowlist, it runs on each match of the plain pattern, and fails after the run
        "pattern": catastrophic if where == "pattern" else f"(?:{re.escape(atom)})+",
        "allowlist": [catastrophic.replace("$", "!$")] if where == "allowlist" else [],
        "examples": {"match": [atom]},
    }
    path = folder / "catastrophic.yaml"
    path.write_text(yaml.safe_dump({"rules": [rule]}), encoding="utf-8")
    rules = RuleSet.load(extra=[path], timeout=0.05, check_examples=False)
    text = f"© 2024 Example Media. All rights reserved.\n\n{atom * _REPEATS}?\n"
    started = time.monotonic()
    with time_limit():
        detection = detect(document(text), rules)
    assert time.monotonic() - started < 10  # the limit is CPU time; a busy machine stretches it
    timeouts = [f for f in detection.findings if f.rule_id == TIMEOUT_RULE]
    assert len(timeouts) == 1
    assert "custom.catastrophic (catastrophic.yaml:" in timeouts[0].message
    assert_span_in_file(timeouts[0].span, text)
    assert timeouts[0].span.line == 3
    assert [notice.holders for notice in detection.notices] == [["Example Media"]]
