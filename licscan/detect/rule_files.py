"""Rule files (``rules/*.yaml``): read and validated into :class:`~licscan.detect.rule.Rule` s.

A rule file holds ``definitions`` (named regex fragments, used in patterns as ``{{name}}``),
``aliases`` (canonical names, e.g. every spelling of a wire service) and ``rules``.  Each rule
carries its own examples.  Anything wrong with a file — bad YAML, an unknown key, a pattern that
does not compile, an unknown parser, a missing or failing example — is a
:class:`~licscan.detect.rule.RuleError` naming the file, the rule and the line.

Longer than most modules: :class:`RuleBuilder` checks every key of every kind of rule, each
with its own message and line, and those checks read best side by side.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex
import yaml

from licscan.detect.crawlers import CRAWLERS_KEY
from licscan.detect.cues import VOCABULARY_KEYS, Vocabulary
from licscan.detect.licences import LICENSES_KEY
from licscan.detect.parsers import PARSERS
from licscan.detect.rule import (
    TEXT_KINDS,
    WITHIN,
    Example,
    FieldSpec,
    Rule,
    RuleError,
    compile_pattern,
)
from licscan.load.registry import text_doc_types
from licscan.model import TERM_CONDITIONS, TERM_TYPES, DocType, Notice, Severity, Term, TermType
from licscan.site.ids import SITE_CHECKS

KINDS = ("notice", "credit", "terms", "metadata", "conflict", "attribution", "site")


NOTICE_TYPES = ("copyright", "photo_credit", "wire_credit", "credit", "placeholder")


# where metadata items come from: HTML heads, Markdown front matter, and the properties, XMP
# packets and EPUB package metadata of binary documents, the EXIF and IPTC fields of images,
# the elements of feeds and the headers of archived responses (see licscan.model.MetaItem)
META_SOURCES = (
    "meta", "link", "jsonld", "front_matter", "properties", "xmp", "opf", "exif", "iptc",
    "feed", "http",
)  # fmt: skip


_COMMON_KEYS = {"id", "kind", "severity", "message", "description", "references", "examples"}


_KEYS = {
    "notice": _COMMON_KEYS | {"keywords", "pattern", "patterns", "fields", "allowlist",
                              "notice_type", "link_field"},
    "credit": _COMMON_KEYS | {"keywords", "pattern", "patterns", "fields", "allowlist",
                              "notice_type", "link_field", "within"},
    "terms": _COMMON_KEYS | {"keywords", "pattern", "patterns", "fields", "allowlist",
                             "term_type", "conditions", "licensor", "link_field", "reading"},
    "metadata": _COMMON_KEYS | {"select", "value_pattern", "fields", "feed", "notice_field",
                                "notice_type", "term_type", "conditions", "licensor"},
    "conflict": _COMMON_KEYS | {"permissive", "restrictive"},
    "attribution": _COMMON_KEYS | {"position", "pattern", "patterns"},
    "site": _COMMON_KEYS,
}  # fmt: skip


ATTRIBUTION_POSITIONS = ("after", "before")


_FILE_KEYS = {"definitions", "aliases", "rules", LICENSES_KEY, CRAWLERS_KEY, *VOCABULARY_KEYS}


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10x faster


_ID = regex.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)+$")


_REFERENCE = regex.compile(r"\{\{\s*([A-Za-z_][\w]*)\s*\}\}")


_NOTICE_FIELDS = set(Notice.__dataclass_fields__) - {"relpath", "rule_id", "span", "fingerprint"}


_TERM_FIELDS = set(Term.__dataclass_fields__) - {"relpath", "rule_id", "span", "fingerprint"}


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


class RuleBuilder:
    """Builds one file's rules; knows the file and the rule being built for error messages."""

    def __init__(self, file: RuleFile, definitions: dict[str, str], order: int, eager: bool,
                 vocabulary: Vocabulary | None = None) -> None:  # fmt: skip
        self.file = file
        self.definitions = definitions
        self.order = order
        self.eager = eager  # compile text patterns now rather than on first use
        self.vocabulary = vocabulary or Vocabulary()  # what a ``reading: cues`` rule reads by

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
        elif kind == "site":
            self._site_parts(rule)
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
        if "reading" in raw:
            self._reading_parts(rule, raw)
            return
        if "within" in raw:  # keywords optional: the ranges that hold one, else every range
            rule.within = self._choice(rule, raw, "within", WITHIN, None)
        if "keywords" in raw or not rule.within:
            rule.keywords = self._keywords(rule, raw.get("keywords"))
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
        allowed_link = {"notice": ("", "holder_domains"),
                        "terms": ("", "contact", "credit_target", "license")}
        if rule.link_field not in allowed_link[target]:
            raise self.error(f"link_field must be one of {allowed_link[target][1:]}", rule.id,
                             rule.line_of("link_field"))  # fmt: skip
        if target == "notice":
            default = "copyright" if rule.kind == "notice" else "photo_credit"
            rule.notice_type = self._choice(rule, raw, "notice_type", NOTICE_TYPES, default)
        else:
            self._term_parts(rule, raw, required=True)

    def _keywords(self, rule: Rule, keywords: Any) -> tuple[str, ...]:
        if (
            not isinstance(keywords, list)
            or not keywords
            or not all(isinstance(k, str) and k.strip() for k in keywords)
        ):
            raise self.error("'keywords' must be a non-empty list of strings", rule.id,
                             rule.line_of("keywords"))  # fmt: skip
        return tuple(k.lower() for k in keywords)

    def _reading_parts(self, rule: Rule, raw: dict[str, Any]) -> None:
        """A terms rule that reads sentences by the cue vocabularies (no pattern of its own)."""
        if rule.kind != "terms" or raw["reading"] != "cues":
            raise self.error("'reading: cues' is for terms rules only", rule.id,
                             rule.line_of("reading"))  # fmt: skip
        clashing = sorted({"pattern", "patterns", "fields", "allowlist", "term_type"} & set(raw))
        if clashing:
            raise self.error(f"a reading rule takes no {', '.join(clashing)}", rule.id,
                             rule.line_of(clashing[0]))  # fmt: skip
        if not self.vocabulary:
            raise self.error("'reading: cues' needs 'cues', 'clauses' and 'triggers' in the "
                             "rule files", rule.id, rule.line_of("reading"))  # fmt: skip
        keywords = raw.get("keywords") or self.vocabulary.keywords
        rule.keywords = tuple(str(k).lower() for k in keywords)
        rule.vocabulary = self.vocabulary
        self._term_parts(rule, raw, required=False)

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
            rule.term_type = TermType(self._choice(rule, raw, "term_type", TERM_TYPES, None))
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

    def _site_parts(self, rule: Rule) -> None:
        """A site rule is one of licscan's site checks: its id names which."""
        if rule.id not in SITE_CHECKS:
            raise self.error("a site rule's id names a site check: one of "
                             f"{', '.join(SITE_CHECKS)}", rule.id, rule.line)  # fmt: skip

    def _conflict_parts(self, rule: Rule, raw: dict[str, Any]) -> None:
        for key in ("permissive", "restrictive"):
            values = _as_tuple(raw.get(key, ()))
            if not values or set(values) - set(TERM_TYPES):
                raise self.error(f"'{key}' must list term types among {', '.join(TERM_TYPES)}",
                                 rule.id, rule.line_of(key))  # fmt: skip
            setattr(rule, key, tuple(map(TermType, values)))

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
        if rule.kind == "site":
            return self._site_example(rule, expected, item, line)
        if isinstance(item, str):
            item = {DocType.text.value: item}
        types = [doc_type.value for doc_type in text_doc_types()]  # the keys an example may use
        inputs = [k for k in types if isinstance(item, dict) and k in item]
        if (not isinstance(item, dict) or len(inputs) != 1
                or set(item) - {*types, "expect"}):  # fmt: skip
            raise self.error(f"an example is a string or {{{'|'.join(types)}: …, expect: {{…}}}}",
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
        return Example(expected, DocType(inputs[0]), str(item[inputs[0]]), expect, line)


    def _site_example(self, rule: Rule, expected: str, item: Any, line: int) -> Example:
        """``{site: {path: content, …}, expect: {…}}``: the files of a made-up site."""
        files = item.get("site") if isinstance(item, dict) else None
        if (not isinstance(files, dict) or not files or set(item) - {"site", "expect"}
                or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())):
            raise self.error("a site example is {site: {path: content, …}, expect: {…}}",
                             rule.id, line)  # fmt: skip
        expect = item.get("expect") or {}
        if not isinstance(expect, dict) or (expected == "no_match" and expect):
            raise self.error(
                "'expect' must be a mapping (and only on match examples)", rule.id, line
            )
        return Example(expected, DocType.text, "", expect, line, files=dict(files))


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


def definitions_of(files: list[RuleFile]) -> dict[str, str]:
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


def aliases_of(files: list[RuleFile]) -> dict[str, str]:
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
