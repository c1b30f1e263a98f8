"""Front matter of Markdown files: YAML between ``---`` lines or TOML between ``+++`` lines.

Every value becomes a :class:`~licscan.model.MetaItem` (source ``front_matter``): nested keys
are dotted (``author.name``), lists give one item per element, dates are ISO 8601.  Broken
front matter is a warning; the body is scanned all the same.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from licscan.model import MetaItem

_YAML = re.compile(
    r"\A---[ \t]*\r?\n(?P<body>(?:.*?\r?\n)??)(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S
)
_TOML = re.compile(r"\A\+\+\+[ \t]*\r?\n(?P<body>(?:.*?\r?\n)??)\+\+\+[ \t]*(?:\r?\n|\Z)", re.S)
_MAX_DEPTH = 10


@dataclass
class FrontMatter:
    end: int = 0  # where the Markdown body starts
    data: dict = field(default_factory=dict)
    items: list[MetaItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def get(self, *keys: str) -> str:
        """The first of ``keys`` present with a plain (string) value."""
        for key in keys:
            value = self.data.get(key)
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                text = str(value).strip()
                if text:
                    return text
        return ""


def read_front_matter(source: str) -> FrontMatter:
    for pattern, kind in ((_YAML, "YAML"), (_TOML, "TOML")):
        match = pattern.match(source)
        if match is None:
            continue
        result = FrontMatter(end=match.end())
        body_start = match.start("body")
        try:
            data = _parse(match.group("body"), kind)
        except Exception as error:  # any parser error: the body is still worth scanning
            result.warnings.append(f"broken {kind} front matter ignored: {_one_line(error)}")
            return result
        if data is None:
            return result
        if not isinstance(data, dict):
            result.warnings.append(f"{kind} front matter is not a mapping; ignored")
            return result
        result.data = data
        result.items = _items(data, source, body_start, match.end("body"))
        return result
    return FrontMatter()


def _parse(body: str, kind: str):
    if kind == "TOML":
        try:
            import tomllib
        except ModuleNotFoundError:  # Python 3.10
            import tomli as tomllib
        return tomllib.loads(body)
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(body, Loader=loader)


def _items(data: dict, source: str, start: int, end: int) -> list[MetaItem]:
    items: list[MetaItem] = []
    for key, value in data.items():
        span = _key_span(source, str(key), start, end)
        for name, text in _flatten(str(key), value, 0):
            items.append(MetaItem("front_matter", name, text, *span))
    return items


def _flatten(name: str, value, depth: int) -> list[tuple[str, str]]:
    if depth > _MAX_DEPTH:
        return []
    if isinstance(value, dict):
        return [
            pair for key, sub in value.items() for pair in _flatten(f"{name}.{key}", sub, depth + 1)
        ]
    if isinstance(value, list):
        return [pair for sub in value for pair in _flatten(name, sub, depth + 1)]
    if value is None:
        return []
    if isinstance(value, bool):
        return [(name, "true" if value else "false")]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return [(name, value.isoformat())]
    return [(name, str(value))]


def _key_span(source: str, key: str, start: int, end: int) -> tuple[int, int]:
    """The source lines of a top-level key (its own line up to the next top-level key)."""
    pattern = re.compile(rf"^[\"']?{re.escape(key)}[\"']?[ \t]*[:=]", re.M)
    match = pattern.search(source, start, end)
    if match is None:
        return start, end
    following = re.compile(r"^[^\s#\-\[]", re.M).search(source, match.end(), end)
    stop = following.start() if following else end
    line_end = source.rfind("\n", match.start(), stop)
    end = stop if line_end < 0 else line_end
    return match.start(), end - 1 if source[end - 1 : end] == "\r" else end


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())[:200]
