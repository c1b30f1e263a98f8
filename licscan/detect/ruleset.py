"""Rule files (``rules/*.yaml``): loading, validation and the compiled :class:`RuleSet`.

A rule file holds ``definitions`` (named regex fragments, used in patterns as ``{{name}}``),
``aliases`` (canonical names, e.g. every spelling of a wire service) and ``rules``.  Each rule
carries its own examples.  Anything wrong with a file — bad YAML, an unknown key, a pattern that
does not compile, an unknown parser, a missing or failing example — is a :class:`RuleError`
naming the file, the rule and the line.

Rules of kind ``attribution`` (``rules/attribution.yaml``) find no rows of their own: they are
the credit phrases ("Source: X", "according to X", "X reported") the matcher reads to decide
whether a document credits a source (:mod:`licscan.detect.credit_phrases`).

Compiling every pattern is most of the cost of loading the rules, and a document wakes only the
few rules whose keywords it contains.  So the text rules of the built-in files (checked by
licscan's own tests and by ``licscan rules list|test``) compile on first use; the patterns of
rule files given with ``--rules`` compile at load, so a mistake there is a load-time error.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import regex
import yaml

from licscan.detect.parsers import PARSERS
from licscan.model import TERM_CONDITIONS, TERM_TYPES, Notice, Severity, Term

KINDS = ("notice", "credit", "terms", "metadata", "conflict", "attribution")
TEXT_KINDS = ("notice", "credit", "terms")
NOTICE_TYPES = ("copyright", "photo_credit", "wire_credit", "credit")
META_SOURCES = ("meta", "link", "jsonld", "front_matter")
EXAMPLE_INPUTS = ("text", "html", "markdown")

_COMMON_KEYS = {"id", "kind", "severity", "message", "description", "references", "examples"}
_KEYS = {
    "notice": _COMMON_KEYS | {"keywords", "pattern", "patterns", "fields", "allowlist",
                              "notice_type", "link_field"},
    "credit": _COMMON_KEYS | {"keywords", "pattern", "patterns", "fields", "allowlist",
                              "notice_type", "link_field"},
    "terms": _COMMON_KEYS | {"keywords", "pattern", "patterns", "fields", "allowlist",
                             "term_type", "conditions", "licensor", "link_field"},
    "metadata": _COMMON_KEYS | {"select", "value_pattern", "fields", "feed", "notice_field",
                                "notice_type", "term_type", "conditions", "licensor"},
    "conflict": _COMMON_KEYS | {"permissive", "restrictive"},
    "attribution": _COMMON_KEYS | {"position", "pattern", "patterns"},
}  # fmt: skip
ATTRIBUTION_POSITIONS = ("after", "before")
_FILE_KEYS = {"definitions", "aliases", "rules"}
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10x faster
_ID = regex.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)+$")
_REFERENCE = regex.compile(r"\{\{\s*([A-Za-z_][\w]*)\s*\}\}")
_NOTICE_FIELDS = set(Notice.__dataclass_fields__) - {"relpath", "rule_id", "span", "fingerprint"}
_TERM_FIELDS = set(Term.__dataclass_fields__) - {"relpath", "rule_id", "span", "fingerprint"}


class RuleError(Exception):
    """A rule file that cannot be used, with where the problem is."""

    def __init__(self, file: Path | str, problem: str, rule_id: str = "", line: int = 0) -> None:
        self.file = Path(file)
        self.problem = problem
        self.rule_id = rule_id
        self.line = line
        where = f"{self.file}:{line}" if line else str(self.file)
        rule = f" rule {rule_id}:" if rule_id else ""
        super().__init__(f"{where}:{rule} {problem}")


@dataclass(frozen=True)
class FieldSpec:
    group: str
    parser: str
    field: str


@dataclass
class Example:
    expected: str  # "match" | "no_match"
    input: str  # "text" | "html" | "markdown"
    content: str
    expect: dict[str, Any]
    line: int


@dataclass
class Rule:
    id: str
    kind: str
    severity: Severity
    message: str
    file: Path
    line: int
    order: int
    key_lines: dict[str, int] = field(default_factory=dict)
    description: str = ""
    keywords: tuple[str, ...] = ()
    pattern_key: str = "pattern"  # the rule-file key the patterns come from, for errors
    pattern_sources: tuple[str, ...] = ()  # regexes with their definitions expanded
    allowlist_sources: tuple[str, ...] = ()
    fields: list[FieldSpec] = field(default_factory=list)
    link_field: str = ""
    notice_type: str = ""
    term_type: str = ""
    conditions: dict[str, Any] = field(default_factory=dict)
    licensor: str = ""
    select_sources: tuple[str, ...] = ()
    select_names: tuple[str, ...] = ()
    value_pattern: regex.Pattern | None = None
    feed: tuple[str, ...] = ()
    notice_field: str = ""
    permissive: tuple[str, ...] = ()
    restrictive: tuple[str, ...] = ()
    position: str = ""  # attribution rules: the credited name stands "after" or "before"
    examples: list[Example] = field(default_factory=list)
    _compiled: tuple[list[regex.Pattern], list[regex.Pattern]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def type_label(self) -> str:
        return self.term_type or self.notice_type or self.position or ""

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    @property
    def is_compiled(self) -> bool:
        return self._compiled is not None

    @property
    def patterns(self) -> list[regex.Pattern]:
        return self.compile()[0]

    @property
    def allowlist(self) -> list[regex.Pattern]:
        return self.compile()[1]

    def compile(self) -> tuple[list[regex.Pattern], list[regex.Pattern]]:
        """The patterns and the allowlist, compiled once; :class:`RuleError` if one does not
        compile or lacks a group the rule's fields read."""
        if self._compiled is None:
            patterns = [compile_pattern(self, s, self.pattern_key) for s in self.pattern_sources]
            allowlist = [compile_pattern(self, s, "allowlist") for s in self.allowlist_sources]
            self.check_groups(patterns)
            self._compiled = (patterns, allowlist)
        return self._compiled

    def check_groups(self, patterns: list[regex.Pattern]) -> None:
        if self.kind not in TEXT_KINDS:
            return  # a metadata rule's fields read its value_pattern, checked when built
        groups = set().union(*(p.groupindex for p in patterns))
        for spec in self.fields:
            if spec.group not in groups:
                raise RuleError(self.file, f"field group '{spec.group}' is not a named group of "
                                f"the pattern", self.id, self.line_of("fields"))  # fmt: skip

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_compiled"] = None  # compiled again on first use in the receiving process
        return state


def compile_pattern(rule: Rule, source: str, key: str) -> regex.Pattern:
    try:
        return regex.compile(source)
    except (regex.error, OverflowError) as error:
        raise RuleError(
            rule.file, f"'{key}' does not compile: {error}", rule.id, rule.line_of(key)
        ) from None


def timed_finditer(
    pattern: regex.Pattern,
    text: str,
    start: int = 0,
    end: int | None = None,
    timeout: float | None = None,
) -> Iterator[regex.Match]:
    """``pattern.finditer(text, start, end)``, out of time only when ``timeout`` passes
    without a match.

    A finditer's time limit covers its whole iteration: a window of a text made of one notice
    repeated 200,000 times holds 200,000 quick matches that together run out of time on a busy
    machine, and the rule then finds nothing there.  So when one runs out of time after a
    match, a new one carries on from that match.  A catastrophic pattern still stops after
    ``timeout`` without a match; the per-file time limit bounds a file as a whole.
    """
    end = len(text) if end is None else end
    resume, empty_at = start, -1  # after an empty match at p, finditer goes on from p
    while True:
        matched = False
        try:
            for found in pattern.finditer(text, resume, end, timeout=timeout):
                if found.start() == found.end() == empty_at:
                    continue  # the empty match already given, found again by the new finditer
                matched = True
                yield found
                resume = found.end()
                empty_at = resume if found.start() == resume else -1
            return
        except TimeoutError:
            if not matched:
                raise


@dataclass
class RuleFile:
    path: Path
    text: str
    data: dict[str, Any]
    root: yaml.Node


def builtin_rules_dir() -> Path:
    """``licscan/_rules`` in an installed wheel, else the repository's top-level ``rules/``."""
    packaged = Path(__file__).resolve().parents[1] / "_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def rule_files(paths: Iterable[Path]) -> list[Path]:
    """Rule files named directly, or every ``*.yaml``/``*.yml`` of a folder (sorted)."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")))
        elif path.is_file():
            found.append(path)
        else:
            raise RuleError(path, "rule file or folder not found")
    return found


def read_rule_file(path: Path) -> RuleFile:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise RuleError(path, f"cannot read: {error.strerror or error}") from error
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        problem = f"not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8"
        raise RuleError(path, problem, line=line) from error
    try:
        root, data = _parse_yaml(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        raise RuleError(path, f"invalid YAML: {error.problem or error}", line=line) from error
    except yaml.reader.ReaderError as error:  # a character YAML never allows, such as NUL
        character = chr(error.character)  # its first occurrence: the reader stops there
        line = text.count("\n", 0, max(text.find(character), 0)) + 1
        problem = f"invalid YAML: {error.reason} (U+{error.character:04X})"
        raise RuleError(path, problem, line=line) from error
    except yaml.YAMLError as error:
        raise RuleError(path, f"invalid YAML: {' '.join(str(error).split())}") from error
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RuleError(path, "a rule file is a mapping with a 'rules' list", line=1)
    unknown = set(data) - _FILE_KEYS
    if unknown:
        raise RuleError(path, f"unknown top-level key(s): {', '.join(sorted(unknown))}", line=1)
    return RuleFile(path, text, data, root)


def _parse_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (for line numbers) and its data."""
    loader = _LOADER(text)  # the pure-Python loader checks the characters here already
    try:
        root = loader.get_single_node()
        return root, loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()


def _mapping_lines(node: yaml.Node | None) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value}


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return v
    return None


class _Builder:
    """Builds one file's rules; knows the file and the rule being built for error messages."""

    def __init__(
        self, file: RuleFile, definitions: dict[str, str], order: int, eager: bool
    ) -> None:
        self.file = file
        self.definitions = definitions
        self.order = order
        self.eager = eager  # compile text patterns now rather than on first use

    def rules(self) -> list[Rule]:
        seq = _child(self.file.root, "rules")
        nodes = seq.value if isinstance(seq, yaml.SequenceNode) else []
        built = []
        for index, raw in enumerate(self.file.data["rules"]):
            node = nodes[index] if index < len(nodes) else None
            built.append(self.rule(raw, node, index))
        return built

    def error(self, problem: str, rule_id: str = "", line: int = 0) -> RuleError:
        return RuleError(self.file.path, problem, rule_id, line)

    def rule(self, raw: Any, node: yaml.Node | None, index: int) -> Rule:
        line = node.start_mark.line + 1 if node is not None else 0
        if not isinstance(raw, dict):
            raise self.error(f"rule #{index + 1} is not a mapping", line=line)
        rule_id = str(raw.get("id", ""))
        lines = _mapping_lines(node)
        if not _ID.match(rule_id):
            raise self.error(
                f"rule #{index + 1}: 'id' must be dotted lowercase (e.g. notice.copyright), "
                f"got {rule_id!r}",
                line=lines.get("id", line),
            )
        kind = raw.get("kind")
        if kind not in KINDS:
            raise self.error(
                f"'kind' must be one of {', '.join(KINDS)}", rule_id, lines.get("kind", line)
            )
        unknown = set(raw) - _KEYS[kind]
        if unknown:
            key = sorted(unknown)[0]
            raise self.error(
                f"unknown key(s) for a {kind} rule: {', '.join(sorted(unknown))}",
                rule_id,
                lines.get(key, line),
            )
        # an attribution rule makes no finding of its own: it needs no message
        for required in ("examples",) if kind == "attribution" else ("message", "examples"):
            if required not in raw:
                raise self.error(f"missing '{required}'", rule_id, line)
        try:
            severity = Severity(raw.get("severity", "info"))
        except ValueError:
            raise self.error(
                f"severity must be one of high, medium, low, info; got {raw.get('severity')!r}",
                rule_id,
                lines.get("severity", line),
            ) from None
        rule = Rule(
            id=rule_id,
            kind=kind,
            severity=severity,
            message=str(raw.get("message", "")),
            file=self.file.path,
            line=line,
            order=self.order + index,
            key_lines=lines,
            description=str(raw.get("description", "")),
        )
        self._check_template(rule)
        if kind in TEXT_KINDS:
            self._text_parts(rule, raw)
        elif kind == "metadata":
            self._metadata_parts(rule, raw)
        elif kind == "attribution":
            self._attribution_parts(rule, raw)
        else:
            self._conflict_parts(rule, raw)
        rule.examples = self._examples(rule, raw.get("examples"), _child(node, "examples"))
        return rule

    # ------------------------------------------------------------ parts

    def _check_template(self, rule: Rule) -> None:
        from licscan.detect.messages import check_template

        problem = check_template(rule.message)
        if problem:
            raise self.error(f"message template: {problem}", rule.id, rule.line_of("message"))

    def _text_parts(self, rule: Rule, raw: dict[str, Any]) -> None:
        keywords = raw.get("keywords")
        if (
            not isinstance(keywords, list)
            or not keywords
            or not all(isinstance(k, str) and k.strip() for k in keywords)
        ):
            raise self.error("'keywords' must be a non-empty list of strings", rule.id,
                             rule.line_of("keywords"))  # fmt: skip
        rule.keywords = tuple(k.lower() for k in keywords)
        self._patterns(rule, raw)
        allowlist = raw.get("allowlist", [])
        rule.allowlist_sources = tuple(self.expand(rule, s, "allowlist") for s in allowlist)
        if self.eager:
            rule.compile()  # no fields yet: checks only that the patterns compile
        target = "notice" if rule.kind in ("notice", "credit") else "terms"
        rule.fields = self._fields(rule, raw.get("fields", {}), target)
        if self.eager:
            rule.check_groups(rule.patterns)
        rule.link_field = str(raw.get("link_field", ""))
        allowed_link = {"notice": ("", "holder_domains"), "terms": ("", "contact", "credit_target")}
        if rule.link_field not in allowed_link[target]:
            raise self.error(f"link_field must be one of {allowed_link[target][1:]}", rule.id,
                             rule.line_of("link_field"))  # fmt: skip
        if target == "notice":
            default = "copyright" if rule.kind == "notice" else "photo_credit"
            rule.notice_type = self._choice(rule, raw, "notice_type", NOTICE_TYPES, default)
        else:
            self._term_parts(rule, raw, required=True)

    def _patterns(self, rule: Rule, raw: dict[str, Any]) -> None:
        if ("pattern" in raw) == ("patterns" in raw):
            raise self.error("give exactly one of 'pattern' or 'patterns'", rule.id, rule.line)
        sources = [raw["pattern"]] if "pattern" in raw else raw["patterns"]
        key = "pattern" if "pattern" in raw else "patterns"
        if not isinstance(sources, list) or not sources:
            raise self.error(
                f"'{key}' must be a pattern or a non-empty list", rule.id, rule.line_of(key)
            )
        rule.pattern_key = key
        rule.pattern_sources = tuple(self.expand(rule, s, key) for s in sources)

    def _attribution_parts(self, rule: Rule, raw: dict[str, Any]) -> None:
        rule.position = self._choice(rule, raw, "position", ATTRIBUTION_POSITIONS, None)
        self._patterns(rule, raw)
        if self.eager:
            rule.compile()

    def _term_parts(self, rule: Rule, raw: dict[str, Any], required: bool) -> None:
        if required or "term_type" in raw:
            rule.term_type = self._choice(rule, raw, "term_type", TERM_TYPES, None)
        conditions = raw.get("conditions", {})
        if not isinstance(conditions, dict) or set(conditions) - set(TERM_CONDITIONS):
            raise self.error(f"'conditions' keys must be among {', '.join(TERM_CONDITIONS)}",
                             rule.id, rule.line_of("conditions"))  # fmt: skip
        rule.conditions = dict(conditions)
        rule.licensor = str(raw.get("licensor", ""))

    def _metadata_parts(self, rule: Rule, raw: dict[str, Any]) -> None:
        select = raw.get("select")
        if (
            not isinstance(select, dict)
            or set(select) - {"source", "name"}
            or "source" not in select
        ):
            raise self.error("'select' must be a mapping with 'source' and optional 'name'",
                             rule.id, rule.line_of("select"))  # fmt: skip
        sources = _as_tuple(select["source"])
        if not sources or set(sources) - set(META_SOURCES):
            raise self.error(f"select.source must be among {', '.join(META_SOURCES)}", rule.id,
                             rule.line_of("select"))  # fmt: skip
        rule.select_sources = sources
        rule.select_names = tuple(n.casefold() for n in _as_tuple(select.get("name", ())))
        if "value_pattern" in raw:
            source = self.expand(rule, raw["value_pattern"], "value_pattern")
            rule.value_pattern = compile_pattern(rule, source, "value_pattern")
        rule.fields = self._fields(rule, raw.get("fields", {}), "terms")
        feed = _as_tuple(raw.get("feed", ()))
        if set(feed) - set(TEXT_KINDS):
            raise self.error(f"'feed' must list kinds among {', '.join(TEXT_KINDS)}", rule.id,
                             rule.line_of("feed"))  # fmt: skip
        rule.feed = feed
        rule.notice_field = self._choice(rule, raw, "notice_field", ("holders", "years"), "")
        rule.notice_type = self._choice(rule, raw, "notice_type", NOTICE_TYPES, "copyright")
        self._term_parts(rule, raw, required=False)

    def _conflict_parts(self, rule: Rule, raw: dict[str, Any]) -> None:
        for key in ("permissive", "restrictive"):
            values = _as_tuple(raw.get(key, ()))
            if not values or set(values) - set(TERM_TYPES):
                raise self.error(f"'{key}' must list term types among {', '.join(TERM_TYPES)}",
                                 rule.id, rule.line_of(key))  # fmt: skip
            setattr(rule, key, values)

    def _choice(self, rule: Rule, raw: dict[str, Any], key: str, allowed: Sequence[str],
                default: str | None) -> str:  # fmt: skip
        value = raw.get(key, default)
        if value is None and default is None:
            raise self.error(f"missing '{key}'", rule.id, rule.line)
        if value not in allowed and value != default:
            raise self.error(f"'{key}' must be one of {', '.join(allowed)}; got {value!r}",
                             rule.id, rule.line_of(key))  # fmt: skip
        return str(value)

    def _fields(self, rule: Rule, raw: Any, target: str) -> list[FieldSpec]:
        if not isinstance(raw, dict):
            raise self.error(
                "'fields' must map group names to parsers", rule.id, rule.line_of("fields")
            )
        allowed = _NOTICE_FIELDS if target == "notice" else _TERM_FIELDS
        specs = []
        for group, spec in raw.items():
            if isinstance(spec, str):
                parser, name = spec, str(group)
            elif isinstance(spec, dict) and set(spec) <= {"parser", "field"} and "parser" in spec:
                parser, name = str(spec["parser"]), str(spec.get("field", group))
            else:
                raise self.error(f"field '{group}': give a parser name or {{parser, field}}",
                                 rule.id, rule.line_of("fields"))  # fmt: skip
            if parser not in PARSERS:
                raise self.error(
                    f"field '{group}': unknown parser {parser!r} (known: "
                    f"{', '.join(sorted(PARSERS))})",
                    rule.id,
                    rule.line_of("fields"),
                )
            outputs = PARSERS[parser].outputs or (name,)
            bad = [o for o in outputs if o not in allowed]
            if bad:
                problem = f"field '{group}': {', '.join(bad)} is not a field of a {target} row"
                raise self.error(problem, rule.id, rule.line_of("fields"))
            specs.append(FieldSpec(str(group), parser, name))
        return specs

    def expand(self, rule: Rule, source: Any, key: str) -> str:
        if not isinstance(source, str) or not source.strip():
            raise self.error(f"'{key}' must be a non-empty string", rule.id, rule.line_of(key))
        try:
            return expand(source, self.definitions)
        except KeyError as error:
            raise self.error(f"'{key}' uses an unknown definition {{{{{error.args[0]}}}}}",
                             rule.id, rule.line_of(key)) from None  # fmt: skip

    # ------------------------------------------------------------ examples

    def _examples(self, rule: Rule, raw: Any, node: yaml.Node | None) -> list[Example]:
        line = rule.line_of("examples")
        if not isinstance(raw, dict) or set(raw) - {"match", "no_match"} or not raw.get("match"):
            raise self.error("'examples' needs a non-empty 'match' list (and may have 'no_match')",
                             rule.id, line)  # fmt: skip
        examples = []
        for expected in ("match", "no_match"):
            items = raw.get(expected) or []
            seq = _child(node, expected)
            nodes = seq.value if isinstance(seq, yaml.SequenceNode) else []
            for i, item in enumerate(items):
                item_line = nodes[i].start_mark.line + 1 if i < len(nodes) else line
                examples.append(self._example(rule, expected, item, item_line))
        return examples

    def _example(self, rule: Rule, expected: str, item: Any, line: int) -> Example:
        if isinstance(item, str):
            item = {"text": item}
        inputs = [k for k in EXAMPLE_INPUTS if isinstance(item, dict) and k in item]
        if (not isinstance(item, dict) or len(inputs) != 1
                or set(item) - {*EXAMPLE_INPUTS, "expect"}):  # fmt: skip
            raise self.error("an example is a string or {text|html|markdown: …, expect: {…}}",
                             rule.id, line)  # fmt: skip
        expect = item.get("expect") or {}
        if rule.kind == "attribution":
            if set(expect) != {"name"} or not isinstance(expect["name"], str):
                raise self.error("an attribution example needs 'expect: {name: …}', the name "
                                 "it credits (match) or must not credit (no_match)", rule.id,
                                 line)  # fmt: skip
        elif not isinstance(expect, dict) or (expected == "no_match" and expect):
            raise self.error(
                "'expect' must be a mapping (and only on match examples)", rule.id, line
            )
        return Example(expected, inputs[0], str(item[inputs[0]]), expect, line)


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def expand(source: str, definitions: dict[str, str], _seen: tuple[str, ...] = ()) -> str:
    """Replace ``{{name}}`` by its definition (recursively), each wrapped in a group."""

    def substitute(m: regex.Match) -> str:
        name = m.group(1)
        if name in _seen:
            raise KeyError(f"{name} (defined in terms of itself)")
        return "(?:" + expand(definitions[name], definitions, (*_seen, name)) + ")"

    return _REFERENCE.sub(substitute, source)


def _definitions(files: list[RuleFile]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for rf in files:
        defs = rf.data.get("definitions") or {}
        lines = _mapping_lines(_child(rf.root, "definitions"))
        if not isinstance(defs, dict):
            raise RuleError(rf.path, "'definitions' must map names to regex fragments")
        for name, value in defs.items():
            if not isinstance(value, str) or not regex.match(r"^[A-Za-z_]\w*$", str(name)):
                raise RuleError(rf.path, f"definition {name!r} must be a name and a regex string",
                                line=lines.get(str(name), 0))  # fmt: skip
            if name in merged and merged[name] != value:
                raise RuleError(rf.path, f"definition {name!r} is defined differently elsewhere",
                                line=lines.get(str(name), 0))  # fmt: skip
            merged[name] = value
    return merged


def _aliases(files: list[RuleFile]) -> dict[str, str]:
    """``aliases: {AP: [Associated Press, The Associated Press]}`` -> casefolded alias -> AP."""
    table: dict[str, str] = {}
    for rf in files:
        aliases = rf.data.get("aliases") or {}
        if not isinstance(aliases, dict):
            raise RuleError(rf.path, "'aliases' must map a canonical name to its other spellings")
        for canonical, spellings in aliases.items():
            for spelling in (canonical, *_as_tuple(spellings)):
                table[str(spelling).casefold()] = str(canonical)
    return table


def _is_disabled(rule_id: str, disabled: Sequence[str]) -> bool:
    return any(rule_id == d or rule_id.startswith(d.rstrip(".") + ".") for d in disabled)


class RuleSet:
    """Every rule of a scan, compiled, with the keyword automaton that prefilters them."""

    def __init__(self, rules: list[Rule], files: list[RuleFile], aliases: dict[str, str],
                 timeout: float, disabled: Sequence[str] = ()) -> None:  # fmt: skip
        self.rules = rules
        self.files = [rf.path for rf in files]
        self.aliases = aliases
        self.timeout = timeout
        digest = hashlib.sha256()
        for rf in files:
            digest.update(rf.path.name.encode() + b"\0" + rf.text.encode() + b"\0")
        digest.update("\0".join(sorted(disabled)).encode())
        self.version = digest.hexdigest()[:12]

    @classmethod
    def load(
        cls,
        extra: Iterable[Path] = (),
        builtin: bool = True,
        disabled: Sequence[str] = (),
        timeout: float = 0.5,
        check_examples: bool = True,
    ) -> RuleSet:
        """Load and validate rule files; compile the ``extra`` files' patterns (the built-in
        text rules compile on first use, see the module's docstring).

        With ``check_examples`` the examples of the ``extra`` rule files must pass (the built-in
        rules' examples run in licscan's own tests and in ``licscan rules test``; skipping them
        here keeps start-up fast for the pre-commit hook).
        """
        builtin_paths = rule_files([builtin_rules_dir()]) if builtin else []
        extra_paths = rule_files(extra)
        paths = builtin_paths + [p for p in extra_paths if p not in builtin_paths]
        files = [read_rule_file(p) for p in paths]
        definitions = _definitions(files)
        rules: list[Rule] = []
        for rf in files:
            eager = rf.path not in builtin_paths
            rules.extend(_Builder(rf, definitions, order=len(rules), eager=eager).rules())
        seen: dict[str, Rule] = {}
        for rule in rules:
            if rule.id in seen:
                first = seen[rule.id]
                problem = f"duplicate rule id (first in {first.file}:{first.line})"
                raise RuleError(rule.file, problem, rule.id, rule.line)
            seen[rule.id] = rule
        active = [r for r in rules if not _is_disabled(r.id, disabled)]
        ruleset = cls(active, files, _aliases(files), timeout, disabled)
        if check_examples and extra_paths:
            from licscan.detect.examples import check_ruleset

            extra_set = {p.resolve() for p in extra_paths}
            check_ruleset(ruleset, [r for r in active if r.file.resolve() in extra_set])
        return ruleset

    def compile_all(self) -> None:
        """Compile every pattern now: :class:`RuleError` for the first one that is broken."""
        for rule in self.rules:
            rule.compile()

    def of_kind(self, *kinds: str) -> list[Rule]:
        return [r for r in self.rules if r.kind in kinds]

    @cached_property
    def text_rules(self) -> list[Rule]:
        return self.of_kind(*TEXT_KINDS)

    @cached_property
    def attribution_rules(self) -> list[Rule]:
        """The credit phrases the matcher looks for (see :mod:`licscan.detect.credit_phrases`)."""
        return self.of_kind("attribution")

    @cached_property
    def automaton(self) -> Any:
        """One Aho-Corasick automaton of every text rule's keywords -> indexes into text_rules."""
        import ahocorasick

        owners: dict[str, set[int]] = {}
        for index, rule in enumerate(self.text_rules):
            for keyword in rule.keywords:
                owners.setdefault(keyword, set()).add(index)
        automaton = ahocorasick.Automaton()
        for keyword, indexes in owners.items():
            automaton.add_word(keyword, (len(keyword), tuple(sorted(indexes))))
        automaton.make_automaton()
        return automaton

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("automaton", None)  # rebuilt on first use in the receiving process
        return state
