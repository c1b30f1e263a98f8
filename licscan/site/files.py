"""A site's files for machines: ``robots.txt``, ``/.well-known/tdmrep.json``, ``ai.txt``,
``llms.txt`` and a ``_headers`` file (the response headers a static host sends, one block per
path pattern).

Each reader takes a file's text and where it came from, not a path on disk: a scanned folder
feeds :func:`read_site_file` from its files (:func:`find_sites`), and a web archive can feed it the
same files' responses (and :func:`header_rules` their HTTP headers).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import regex
from protego import Protego

ROBOTS = "robots.txt"
TDMREP = ".well-known/tdmrep.json"
AI_TXT = "ai.txt"
LLMS_TXT = "llms.txt"
HEADERS = "_headers"
SITE_FILES = (ROBOTS, TDMREP, AI_TXT, LLMS_TXT, HEADERS)

_MAX_BYTES = 1 << 20  # a site file larger than this is not a site file anyone writes by hand
_NOAI = regex.compile(r"(?i)(?<![\w-])(?:noai|noimageai)(?![\w-])")
_DIRECTIVE = regex.compile(r"^\s*([A-Za-z-]+)\s*:\s*(.*?)\s*(?:#.*)?$")


@dataclass(frozen=True)
class PathRule:
    """One statement of a site file about the paths a pattern matches (robots.txt syntax:
    ``*`` any characters, a final ``$`` the end of the path, otherwise a prefix)."""

    file: str  # the site file's path in the scan
    line: int
    signal: str  # "tdmrep.json", "ai.txt" or "http-header"
    pattern: str
    value: str  # e.g. "tdm-reservation: 1", "disallow", "X-Robots-Tag: noai"
    reserves: bool  # whether it reserves text-and-data mining or AI use
    agent: str = ""
    policy: str = ""  # a TDMRep policy URL

    def covers(self, path: str) -> bool:
        return path_matches(self.pattern, path)


@dataclass
class SiteFiles:
    """What one site tells machines.  ``root`` is the folder holding its files (a path of the
    scan, "" for the scan's base folder) or, for an archive, the site's URL."""

    root: str
    files: list[str] = field(default_factory=list)
    robots: Protego | None = None
    robots_file: str = ""
    robots_text: str = ""
    rules: list[PathRule] = field(default_factory=list)
    llms_txt: str = ""  # the llms.txt file's path, when there is one

    def robots_allows(self, agent: str, path: str) -> bool:
        return self.robots is None or self.robots.can_fetch(path, agent)

    def robots_line(self, agent: str) -> int:
        """The line of the ``User-agent`` naming ``agent`` (0 when no group names it)."""
        for number, line in enumerate(self.robots_text.splitlines(), 1):
            directive = _DIRECTIVE.match(line)
            if directive and directive[1].casefold() == "user-agent" and (
                directive[2].casefold() == agent.casefold()
            ):
                return number
        return 0


def path_matches(pattern: str, path: str) -> bool:
    """Whether a robots.txt-style path pattern matches a URL path."""
    return _pattern(pattern).match(path) is not None


@cache
def _pattern(pattern: str) -> regex.Pattern:
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    if not body.startswith(("/", "*")):
        body = "/" + body
    source = ".*".join(regex.escape(part) for part in body.split("*"))
    return regex.compile(source + (r"\Z" if anchored else ""), regex.DOTALL)


def read_site_file(site: SiteFiles, name: str, text: str, relpath: str) -> None:
    """Add what the site file ``name`` (one of :data:`SITE_FILES`) says to ``site``."""
    site.files.append(relpath)
    if name == ROBOTS:
        site.robots, site.robots_file, site.robots_text = Protego.parse(text), relpath, text
    elif name == TDMREP:
        site.rules.extend(tdmrep_rules(text, relpath))
    elif name == AI_TXT:
        site.rules.extend(ai_txt_rules(text, relpath))
    elif name == LLMS_TXT:
        site.llms_txt = relpath
    elif name == HEADERS:
        site.rules.extend(headers_file_rules(text, relpath))


def tdmrep_rules(text: str, relpath: str) -> list[PathRule]:
    """The rules of a W3C TDMRep ``tdmrep.json``: a list of ``{"location", "tdm-reservation",
    "tdm-policy"}``.  A file that is not such a list gives one rule with value ``invalid``."""
    try:
        data = json.loads(text)
    except ValueError as error:
        return [_invalid_tdmrep(relpath, f"not JSON: {error}")]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        return [_invalid_tdmrep(relpath, "not a list of rules")]
    lines = _item_lines(text, '"location"')
    rules = []
    for index, item in enumerate(data):
        reservation = str(item.get("tdm-reservation", "")).strip()
        rules.append(PathRule(
            file=relpath,
            line=lines[index] if index < len(lines) else 1,
            signal="tdmrep.json",
            pattern=str(item.get("location", "/*")) or "/*",
            value=f"tdm-reservation: {reservation}",
            reserves=reservation == "1",
            policy=str(item.get("tdm-policy", "") or ""),
        ))  # fmt: skip
    return rules


def _invalid_tdmrep(relpath: str, problem: str) -> PathRule:
    return PathRule(relpath, 1, "tdmrep.json", "/*", f"invalid ({problem})", False)


def _item_lines(text: str, key: str) -> list[int]:
    """The line of each occurrence of ``key``: where each rule of a JSON list starts."""
    return [number for number, line in enumerate(text.splitlines(), 1) if key in line]


def ai_txt_rules(text: str, relpath: str) -> list[PathRule]:
    """The ``Allow``/``Disallow`` lines of an ``ai.txt`` (robots.txt syntax, about AI use of
    the content), each with the user agent of its group."""
    rules, agent = [], "*"
    for number, line in enumerate(text.splitlines(), 1):
        directive = _DIRECTIVE.match(line)
        if not directive:
            continue
        key, value = directive[1].casefold(), directive[2]
        if key == "user-agent":
            agent = value or "*"
        elif key in ("allow", "disallow") and value:
            rules.append(PathRule(relpath, number, "ai.txt", value, key, key == "disallow", agent))
    return rules


def headers_file_rules(text: str, relpath: str) -> list[PathRule]:
    """The reservations of a ``_headers`` file: a path pattern on a line of its own, the
    headers sent for it on the indented lines below."""
    rules: list[PathRule] = []
    pattern = ""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            pattern = line.strip()
            continue
        name, _, value = line.strip().partition(":")
        if pattern:
            rules.extend(header_rules({name: value}, pattern, relpath, number))
    return rules


def header_rules(
    headers: Mapping[str, str], pattern: str, relpath: str, line: int
) -> list[PathRule]:
    """The TDM/AI statements of HTTP response headers sent for ``pattern``: TDMRep's
    ``tdm-reservation`` and ``tdm-policy``, and ``noai``/``noimageai`` in ``X-Robots-Tag``."""
    named = {name.strip().casefold(): (name.strip(), value.strip())
             for name, value in headers.items()}  # fmt: skip
    policy = named.get("tdm-policy", ("", ""))[1]
    rules = []
    if "tdm-reservation" in named:
        name, value = named["tdm-reservation"]
        rules.append(PathRule(relpath, line, "http-header", pattern, f"{name}: {value}",
                              value == "1", policy=policy))  # fmt: skip
    if "x-robots-tag" in named and _NOAI.search(named["x-robots-tag"][1]):
        name, value = named["x-robots-tag"]
        rules.append(PathRule(relpath, line, "http-header", pattern, f"{name}: {value}", True))
    return rules


def find_sites(roots: Iterable[Path], base: Path) -> dict[str, SiteFiles]:
    """The sites of the scanned folders, by root folder (relative to ``base``, POSIX): every
    folder holding a site file is the root of a site."""
    sites: dict[str, SiteFiles] = {}
    for root in roots:
        if not root.is_dir():
            continue
        for folder, dirs, _ in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            _read_folder(Path(folder), base, sites)
    return sites


def _read_folder(folder: Path, base: Path, sites: dict[str, SiteFiles]) -> None:
    for name in SITE_FILES:
        path = folder / name
        if not path.is_file() or path.stat().st_size > _MAX_BYTES:
            continue
        root = _relative(folder, base)
        site = sites.setdefault(root, SiteFiles(root))
        text = path.read_bytes().decode("utf-8", "replace")
        read_site_file(site, name, text, _relative(path, base))


def _relative(path: Path, base: Path) -> str:
    relative = os.path.relpath(path.resolve(), base.resolve())
    return "" if relative == "." else Path(relative).as_posix()
