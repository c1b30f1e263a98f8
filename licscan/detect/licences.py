"""Open licences: the catalogue rule files declare, and a licence's name or URL read as its SPDX
id, term type and conditions.

Creative Commons licences are read from their codes and names (any combination of BY, NC, ND
and SA, in any version, with the ported versions SPDX knows), in six languages.  Every other
licence comes from the catalogue, the ``licenses`` list of a rule file: an entry gives the SPDX
id, the regexes of its names and URLs, its term type and its conditions::

    licenses:
      - spdx: MIT
        names: ['MIT(?:{{sp}}+|-)Licen[cs]e', 'Expat{{sp}}+Licen[cs]e']
        urls: ['opensource\\.org/licen[cs]es?/mit\\b']
        term_type: free_with_attribution
        conditions: {credit_required: true}

An entry with ``spdx: ""`` names a family whose version the text does not give ("the GNU
GPL"): its term type and conditions still apply.  Rules reach the catalogue through two
definitions built from it, ``{{license_name}}`` and ``{{license_url}}`` (every entry's names or
URLs, in file order, so a versioned entry listed first wins over its family), and the
``license`` field parser turns the matched text into fields with :meth:`Catalogue.values_of`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import regex

from licscan.detect.cues import item_lines
from licscan.detect.rule import RuleError
from licscan.model import TERM_TYPES, TermType

if TYPE_CHECKING:
    from licscan.detect.rule_files import RuleFile

LICENSES_KEY = "licenses"
_ENTRY_KEYS = {"spdx", "names", "urls", "term_type", "conditions"}
# what an entry may state: the yes/no conditions of an open licence
_CONDITIONS = {"credit_required", "link_required", "non_commercial", "no_derivatives",
               "share_alike"}


@dataclass(frozen=True)
class Licence:
    spdx: str
    term_type: str
    conditions: dict[str, Any]
    name_sources: tuple[str, ...]  # regexes, definitions expanded
    url_sources: tuple[str, ...]

    @cached_property
    def names(self) -> regex.Pattern | None:
        return _compiled(self.name_sources)

    @cached_property
    def urls(self) -> regex.Pattern | None:
        return _compiled(self.url_sources)

    def fields(self) -> dict[str, Any]:
        return {"license": self.spdx, "term_type": self.term_type, **self.conditions}


@dataclass
class Catalogue:
    """The licences of the rule files, in file order."""

    licences: list[Licence] = field(default_factory=list)

    def definitions(self) -> dict[str, str]:
        """``license_name`` and ``license_url`` for rule patterns (a pattern that never
        matches when no file declares a licence)."""
        names = [s for licence in self.licences for s in licence.name_sources]
        urls = [s for licence in self.licences for s in licence.url_sources]
        return {"license_name": _alternation(names), "license_url": _alternation(urls)}

    @cached_property
    def by_id(self) -> dict[str, Licence]:
        """Casefolded SPDX id -> its licence (families without an id left out)."""
        return {licence.spdx.casefold(): licence for licence in self.licences if licence.spdx}

    def values_of(self, text: str) -> dict[str, Any]:
        """The fields of the licence ``text`` names, links to or gives the SPDX id of; ``{}``
        for none known."""
        text = " ".join(text.split()).strip(" .,;:")
        if _CREATIVE_COMMONS.search(text):
            return {"term_type": "creative_commons", **cc_values(text)}
        named = self.by_id.get(text.casefold())  # the id itself: "GPL-3.0-or-later"
        if named is not None:
            return named.fields()
        for licence in self.licences:
            if (licence.urls is not None and licence.urls.search(text)) or (
                licence.names is not None and licence.names.fullmatch(text)
            ):
                return licence.fields()
        return {}


def _alternation(sources: Sequence[str]) -> str:
    return "|".join(f"(?:{s})" for s in sources) if sources else "(?!)"


def catalogue_of(files: Iterable[RuleFile], expand: Callable[[str], str]) -> Catalogue:
    """The ``licenses`` entries of the rule files, checked (:class:`RuleError` naming the file
    and line of an entry that is wrong); ``expand`` puts the files' definitions into a regex."""
    catalogue = Catalogue()
    for rf in files:
        entries = rf.data.get(LICENSES_KEY) or []
        if not isinstance(entries, list):
            raise RuleError(rf.path, f"'{LICENSES_KEY}' must be a list of licences")
        lines = item_lines(rf.root, LICENSES_KEY)
        for index, raw in enumerate(entries):
            licence = _entry(raw, expand, catalogue.by_id)
            if isinstance(licence, str):
                raise RuleError(rf.path, licence, line=lines[index] if index < len(lines) else 0)
            catalogue.licences.append(licence)
            if licence.spdx:
                catalogue.by_id[licence.spdx.casefold()] = licence
    return catalogue


def _entry(raw: Any, expand: Callable[[str], str], known: dict[str, Licence]) -> Licence | str:
    """The licence of one entry (its regexes compiled, to report a broken one here), or what
    is wrong with it."""
    if not isinstance(raw, dict) or set(raw) - _ENTRY_KEYS or "spdx" not in raw:
        return f"a licence needs 'spdx' and may have {sorted(_ENTRY_KEYS - {'spdx'})}"
    spdx = raw["spdx"]
    if not isinstance(spdx, str) or spdx.casefold() in known:
        return f"'spdx' must be a string, each id once ({spdx!r})"
    if not raw.get("names") and not raw.get("urls"):
        return f"licence {spdx!r} needs 'names' or 'urls'"
    term_type = raw.get("term_type", TermType.free_with_attribution.value)
    if term_type not in TERM_TYPES:
        return f"licence {spdx!r}: unknown term_type {term_type!r}"
    conditions = raw.get("conditions") or {}
    if not isinstance(conditions, dict) or set(conditions) - _CONDITIONS:
        return f"licence {spdx!r}: conditions must be among {sorted(_CONDITIONS)}"
    try:
        licence = Licence(spdx, term_type, dict(conditions), _sources(raw, "names", expand),
                          _sources(raw, "urls", expand))  # fmt: skip
        licence.names, licence.urls  # noqa: B018  (compiled now: a broken regex is reported here)
    except (regex.error, TypeError, KeyError) as error:
        return f"licence {spdx!r}: a name or URL is not a usable regex ({error})"
    return licence


def _sources(raw: dict[str, Any], key: str, expand: Callable[[str], str]) -> tuple[str, ...]:
    values = raw.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise TypeError(f"'{key}' must be a list of regexes")
    return tuple(f"(?i:{expand(v)})" for v in values)


def _compiled(sources: Sequence[str]) -> regex.Pattern | None:
    return regex.compile(_alternation(sources)) if sources else None


# ---------------------------------------------------------------- Creative Commons

_CREATIVE_COMMONS = regex.compile(
    r"(?i)creative\s*commons|creativecommons\.org|(?<![\p{L}\p{N}])cc[-\s]?(?:by|0|zero)\b"
    r"|public\s+domain\s+(?:mark|dedication)"
)
_CC_WORDS = (
    (r"non-?commercial|nicht\s*kommerziell|pas\s+d['’]utilisation\s+commerciale|no\s*comercial"
     r"|não\s*comercial|non\s+commerciale|niet\s*commercieel|\bnc\b", "NC"),
    (r"no\s*deriv\w*|no\s+derivative\s+works|keine\s+bearbeitung(?:en)?|pas\s+de\s+modification"
     r"|sin\s*obras?\s*derivadas?|sin\s*derivadas|sem\s*deriva\w*|non\s+opere\s+derivate"
     r"|geen\s*afgeleide\s*werken|\bnd\b", "ND"),
    (r"share\s*-?alike|weitergabe\s+unter\s+gleichen\s+bedingungen|partage\s+dans\s+les\s+mêmes"
     r"\s+conditions|compartir\s*igual|compartilha\s*igual|condividi\s+allo\s+stesso\s+modo"
     r"|gelijk\s*delen|\bsa\b", "SA"),
)  # fmt: skip
# SPDX ids exist for these ported (jurisdiction) versions; other ports map to the generic id.
_SPDX_PORTS = {
    "CC-BY-2.5-AU", "CC-BY-3.0-AT", "CC-BY-3.0-AU", "CC-BY-3.0-DE", "CC-BY-3.0-IGO",
    "CC-BY-3.0-NL", "CC-BY-3.0-US", "CC-BY-NC-3.0-DE", "CC-BY-NC-ND-3.0-DE",
    "CC-BY-NC-ND-3.0-IGO", "CC-BY-NC-SA-2.0-DE", "CC-BY-NC-SA-2.0-FR", "CC-BY-NC-SA-2.0-UK",
    "CC-BY-NC-SA-3.0-DE", "CC-BY-NC-SA-3.0-IGO", "CC-BY-ND-3.0-DE", "CC-BY-SA-2.0-UK",
    "CC-BY-SA-2.1-JP", "CC-BY-SA-3.0-AT", "CC-BY-SA-3.0-DE", "CC-BY-SA-3.0-IGO",
}  # fmt: skip
_CC_VERSION = regex.compile(r"(?<![\d.])([1-4]\.[015])(?![\d])")
_CC_PORT = regex.compile(r"/([a-z]{2,3})/?$")


def cc_values(text: str) -> dict[str, Any]:
    """SPDX id and conditions of a Creative Commons licence named in text or by URL."""
    low = " ".join(text.casefold().replace("_", " ").split())
    version_m = _CC_VERSION.search(low)
    version = version_m.group(1) if version_m else ""
    if regex.search(r"publicdomain/mark|public\s+domain\s+mark|\bpdm\b", low):
        return {"license": "CC-PDM-1.0", "credit_required": False}
    if regex.search(r"publicdomain/zero|\bcc0\b|cc\s+zero|creative\s+commons\s+zero", low):
        return {"license": "CC0-1.0", "credit_required": False}
    code = "CC-BY"
    values: dict[str, Any] = {
        "credit_required": True,
        "non_commercial": False,
        "no_derivatives": False,
        "share_alike": False,
    }
    url_code = regex.search(r"licenses/(by(?:-nc)?(?:-nd|-sa)?|by-nd-nc)/", low)
    parts = set(url_code.group(1).upper().split("-")[1:]) if url_code else set()
    if not url_code:
        for pattern, part in _CC_WORDS:
            if regex.search(pattern, low):
                parts.add(part)
    for part, name in (("NC", "non_commercial"), ("ND", "no_derivatives"), ("SA", "share_alike")):
        if part in parts:
            code += f"-{part}"
            values[name] = True
    if version:
        spdx = f"{code}-{version}"
        port = _CC_PORT.search(low.rstrip("/") + "/") if url_code else None
        if port and f"{spdx}-{port.group(1).upper()}" in _SPDX_PORTS:
            spdx = f"{spdx}-{port.group(1).upper()}"
        values["license"] = spdx
    return values
