"""JSON-LD rights properties (schema.org): copyright holder/year/notice, licence, credit, publisher.

Broken JSON (trailing commas, HTML comment or CDATA wrappers, raw control characters) is read
when a light repair makes it valid; otherwise it is a warning, never a failure.

Item names: the property (``copyrightHolder``) for the page's own entities; nested objects
prefix their path (``image.copyrightHolder``, ``image.creditText``) and top-level media
entities their type (``ImageObject.copyrightHolder``), so a photo's holder is never read as
the page's.  Object values are given by their ``name`` (or ``legalName``, ``@id``, ``url``);
``{"@id": …}`` references are resolved within the document.
"""

from __future__ import annotations

import json
import re

from licscan.model import MetaItem

PROPERTIES = frozenset(
    {
        "copyrightHolder", "copyrightYear", "copyrightNotice", "license", "creditText",
        "publisher", "author", "creator", "acquireLicensePage", "usageInfo",
        "isAccessibleForFree", "sourceOrganization", "conditionsOfAccess",
    }
)  # fmt: skip
_MEDIA_TYPES = frozenset(
    {"ImageObject", "VideoObject", "AudioObject", "MediaObject", "Photograph", "3DModel"}
)
_CONTAINERS = ("@graph", "mainEntity", "itemListElement")
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_WRAPPER = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$")
_MAX_DEPTH = 40


def jsonld_items(raw: str, src_start: int) -> tuple[list[MetaItem], list[str]]:
    """Rights properties of one ld+json script whose content starts at ``src_start``."""
    try:
        data, warning = parse_jsonld(raw)
        if data is None:
            return [], [warning] if warning else []
        walker = _Walker(raw, src_start, data)
        walker.walk(data, "", 0)
    except RecursionError:  # Python's json reads nesting recursively
        return [], ["JSON-LD nested too deeply: ignored"]
    return walker.items, [warning] if warning else []


def parse_jsonld(raw: str) -> tuple[object, str]:
    """The parsed JSON (None if unreadable) and a warning ("" when it was valid)."""
    if not raw.strip():
        return None, ""
    try:
        return json.loads(raw, strict=False), ""
    except ValueError as error:
        first_error = error
    repaired = _TRAILING_COMMA.sub(r"\1", _WRAPPER.sub("", raw))
    try:
        return json.loads(repaired, strict=False), "JSON-LD repaired (invalid JSON)"
    except ValueError:
        pass
    values = _concatenated(repaired)
    if values:
        return values, "JSON-LD repaired (several JSON values in one script)"
    return None, f"invalid JSON-LD ignored: {first_error}"


def _concatenated(text: str) -> list:
    decoder = json.JSONDecoder(strict=False)
    values, pos = [], 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n;,":
            pos += 1
        if pos >= len(text):
            return values
        try:
            value, pos = decoder.raw_decode(text, pos)
        except ValueError:
            return []
        values.append(value)


class _Walker:
    def __init__(self, raw: str, src_start: int, data: object) -> None:
        self.raw = raw
        self.src_start = src_start
        self.cursor = 0
        self.items: list[MetaItem] = []
        self.by_id: dict[str, dict] = {}
        self._index(data, 0)

    def _index(self, node: object, depth: int) -> None:
        if depth > _MAX_DEPTH:
            return
        if isinstance(node, dict):
            node_id = node.get("@id")
            if isinstance(node_id, str) and len(node) > 1:
                self.by_id.setdefault(node_id, node)
            for value in node.values():
                self._index(value, depth + 1)
        elif isinstance(node, list):
            for value in node:
                self._index(value, depth + 1)

    def walk(self, node: object, path: str, depth: int) -> None:
        """``path`` is the dotted prefix of the properties found under ``node``."""
        if depth > _MAX_DEPTH:
            return
        if isinstance(node, list):
            for value in node:
                self.walk(value, path, depth + 1)
            return
        if not isinstance(node, dict):
            return
        if not path and _types(node) & _MEDIA_TYPES:
            path = sorted(_types(node) & _MEDIA_TYPES)[0] + "."
        for key, value in node.items():
            name = key.rsplit(":", 1)[-1].rsplit("/", 1)[-1]  # "schema:license" -> "license"
            if name in PROPERTIES:
                for text in self._values(value):
                    self._emit(path + name, key, text)
            if key in _CONTAINERS:
                self.walk(value, path, depth + 1)
            elif isinstance(value, (dict, list)):
                self.walk(value, f"{path}{name}.", depth + 1)

    def _values(self, value: object) -> list[str]:
        if isinstance(value, list):
            return [text for item in value for text in self._values(item)]
        if isinstance(value, dict):
            target = value
            ref = value.get("@id")
            if len(value) == 1 and isinstance(ref, str):
                target = self.by_id.get(ref, value)
            for key in ("name", "legalName", "alternateName", "@id", "url", "@value"):
                found = target.get(key)
                if isinstance(found, str) and found.strip():
                    return [found.strip()]
                if isinstance(found, list) and found and isinstance(found[0], str):
                    return [found[0].strip()]
            return []
        if isinstance(value, bool):
            return ["true" if value else "false"]
        if isinstance(value, (str, int, float)):
            text = str(value).strip()
            return [text] if text else []
        return []

    def _emit(self, name: str, key: str, value: str) -> None:
        start, end = self._locate(key, value)
        self.items.append(MetaItem("jsonld", name, value, start, end))

    def _locate(self, key: str, value: str) -> tuple[int, int]:
        """Source range from the property's key to its value (the whole script if not found)."""
        raw = self.raw
        key_pos = raw.find(f'"{key}"', self.cursor)
        if key_pos < 0:
            return self.src_start, self.src_start + len(raw)
        value_pos = raw.find(
            json.dumps(value, ensure_ascii=False)[1:-1] if value else "", key_pos + len(key) + 2
        )
        end = key_pos + len(key) + 2
        if 0 <= value_pos < key_pos + 2000:
            end = value_pos + len(json.dumps(value, ensure_ascii=False)[1:-1])
        self.cursor = key_pos + 1
        return self.src_start + key_pos, self.src_start + end


def _types(node: dict) -> set[str]:
    value = node.get("@type")
    if isinstance(value, str):
        return {value.rsplit(":", 1)[-1].rsplit("/", 1)[-1]}
    if isinstance(value, list):
        return {v.rsplit(":", 1)[-1].rsplit("/", 1)[-1] for v in value if isinstance(v, str)}
    return set()
