"""Who a source is: the publisher a message names and every name a credit may use.

The publisher is, in order: the manifest's; the page's copyright holder, or the agency whose
story it is (a wire dateline or byline the credit rules found); the JSON-LD ``publisher`` or
``sourceOrganization``; a *specific* site name (``og:site_name``, ``application-name``); the
registered domain.  A site name is generic, and never a publisher, when it shares no word with
the domain, the holders or the agencies and is either made of section and stock words
(:file:`generic_site_words.txt`: "U.S.", "Hosted", "World News") or a tagline (more than
:data:`TAGLINE_WORDS` words).

The aliases are every name the source goes by: the publisher, the manifest's ``aliases``, the
holders, the agencies, the publisher names of its metadata, the specific site names, the
registered domain and its bare name, and the host; each without its legal form ("Inc.",
"LLC") and with the other spellings the rule files' ``aliases`` tables give (AP / The
Associated Press, Reuters / Thomson Reuters).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml

from licscan.match.sites import squash
from licscan.model import MetaItem

TAGLINE_WORDS = 5  # a site name longer than this that names nothing of the site is a slogan
_SITE_NAMES = ("og:site_name", "application-name")
_PUBLISHER_NAMES = ("publisher", "sourceorganization", "dc.publisher")
_WORD = re.compile(r"\w+")
# a company's legal form after its name: "Hearst Communications, Inc." is credited as
# "Hearst Communications"
_LEGAL_FORM = re.compile(
    r"(?i),?\s+(?:inc|llc|l\.l\.c|ltd|limited|plc|corp|corporation|co|company|gmbh|ag|sa|"
    r"s\.a|srl|bv|nv|pty)\.?$")


@dataclass(frozen=True)
class Identity:
    publisher: str
    aliases: list[str]


@dataclass(frozen=True)
class Evidence:
    """What a source says about itself, besides its manifest row."""

    holders: Sequence[str] = ()  # copyright holders of the page
    agencies: Sequence[str] = ()  # agencies whose story it is (datelines, bylines)
    meta: Sequence[MetaItem] = ()
    domain: str = ""
    host: str = ""


def resolve(evidence: Evidence, manifest_publisher: str = "",
            manifest_aliases: Iterable[str] = (), rule_files: Sequence[Path] = ()) -> Identity:
    """The publisher and aliases of a source; ``rule_files`` hold the ``aliases`` tables."""
    bare = evidence.domain.split(".")[0] if evidence.domain else ""
    related = [manifest_publisher, *evidence.holders, *evidence.agencies, evidence.domain, bare]
    published = [v for v in _meta_values(evidence.meta, _PUBLISHER_NAMES) if _is_name(v)]
    published = [v for v in published if not generic(v, related)]
    sites = [v for v in _meta_values(evidence.meta, _SITE_NAMES) if not generic(v, related)]
    groups = alias_groups(tuple(rule_files))
    agencies = [_canonical(a, groups) for a in evidence.agencies]
    ordered = [manifest_publisher, *evidence.holders, *agencies, *published, *sites,
               evidence.domain, evidence.host]
    publisher = next((name for name in ordered if name), "")
    names = [publisher, *manifest_aliases, *ordered, bare]
    aliases: list[str] = []
    for name in names:
        for form in (name, _LEGAL_FORM.sub("", name), *_spellings(name, groups)):
            if form and squash(form) not in {squash(a) for a in aliases}:
                aliases.append(form)
    return Identity(publisher, aliases)


def generic(name: str, related: Sequence[str]) -> bool:
    """A site name that names no one: section or stock words, or a tagline, sharing nothing
    with the names in ``related`` (the domain, holders, agencies)."""
    words = [w for w in _WORD.findall(name.casefold()) if not w.isdigit()]
    if not words:
        return True
    stock = generic_words()
    if _shares(name, words, related, stock):
        return False
    return len(words) > TAGLINE_WORDS or all(len(w) <= 2 or w in stock for w in words)


def _shares(name: str, words: list[str], related: Sequence[str], stock: frozenset[str]
            ) -> bool:
    """The name holds a word (not a stock one) of a related name, or the initials or whole
    of one ("BBC News" and ``bbc.co.uk``)."""
    squashed = squash(name)
    initials = "".join(w[0] for w in words)
    own = [w for w in words if len(w) >= 3 and w not in stock]
    for other in filter(None, map(squash, related)):
        if any(w in other for w in own):
            return True
        if len(other) >= 3 and (other in squashed or other == initials):
            return True
    return False


@cache
def generic_words() -> frozenset[str]:
    """Section names and stock words of site names (one a line, ``#`` comments)."""
    path = Path(__file__).with_name("generic_site_words.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.casefold() for line in lines
                     for w in line.split("#")[0].split() if w)


def _meta_values(meta: Sequence[MetaItem], names: tuple[str, ...]) -> list[str]:
    """Values of the page's own metadata items of those names (a picture's are not)."""
    return [item.value.strip() for item in meta
            if item.name.casefold() in names and item.value.strip()]


def _is_name(value: str) -> bool:
    """A publisher given by name, not by a profile URL ("https://plus.google.com/+Reuters")."""
    return "://" not in value and not value.startswith("www.")


@lru_cache(maxsize=8)
def alias_groups(rule_files: tuple[Path, ...]) -> dict[str, tuple[str, ...]]:
    """Casefolded spelling -> every spelling of its name (canonical first), from the
    ``aliases`` tables of the rule files."""
    groups: dict[str, tuple[str, ...]] = {}
    for path in rule_files:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        table = data.get("aliases") if isinstance(data, dict) else None
        for canonical, spellings in (table or {}).items():
            group = (str(canonical), *(str(s) for s in spellings or ()))
            for spelling in group:
                groups[spelling.casefold()] = group
    return groups


def _canonical(name: str, groups: dict[str, tuple[str, ...]]) -> str:
    group = groups.get(name.casefold())
    return group[0] if group else name


def _spellings(name: str, groups: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The other spellings of ``name`` (with or without a leading "The")."""
    key = name.casefold()
    return groups.get(key) or groups.get(re.sub(r"^the\s+", "", key)) or ()
