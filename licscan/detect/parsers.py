"""Field parsers: turn a rule's named group into fields of a notice or a term.

A rule file says ``fields: {years: years, target: {parser: domain, field: credit_target}}``;
the parser named there comes from :data:`PARSERS`, a small fixed registry.  Each parser takes
the group's text and returns a dict of fields (so one group can fill several fields, as a
licence's name fills ``license``, ``term_type``, ``non_commercial``, ``share_alike`` …).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import regex

from licscan.detect.licences import Catalogue
from licscan.detect.values import (
    clean_holder,
    parse_current_year,
    parse_domain,
    parse_domains,
    parse_holders,
    parse_names,
    parse_short_year,
    parse_years,
    registered_domain,
)

FieldValues = dict[str, Any]


@dataclass
class ParseContext:
    """What parsers may consult besides the group text."""

    field: str  # the target field named in the rule (or the group name)
    aliases: dict[str, str] = field(default_factory=dict)  # casefolded alias -> canonical name
    licenses: Catalogue = field(default_factory=Catalogue)  # the open licences rule files name


@dataclass(frozen=True)
class Parser:
    func: Callable[[str, ParseContext], FieldValues]
    outputs: tuple[str, ...] = ()  # fields it fills; empty: the rule's target field


# ---------------------------------------------------------------- symbols, flags, numbers


def parse_symbol(value: str, ctx: ParseContext) -> FieldValues:
    low = value.casefold()
    # ℗ first: "℗ & © 2023 Example Records" is a phonogram notice
    for mark, symbol in (("℗", "℗"), ("©", "©"), ("ⓒ", "©"), ("(c)", "(c)"), ("(p)", "℗")):
        if mark in low:
            return {"symbol": symbol}
    if low.startswith("copr"):
        return {"symbol": "Copr."}
    return {"symbol": "Copyright"} if value.strip() else {}


def parse_flag(value: str, ctx: ParseContext) -> FieldValues:
    return {ctx.field: True} if value.strip() else {}


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}  # fmt: skip


def parse_int(value: str, ctx: ParseContext) -> FieldValues:
    digits = regex.sub(r"[,.\s](?=\d{3}\b)", "", value)
    m = regex.search(r"\d+", digits)
    if m:
        return {ctx.field: int(m.group(0))}
    word = value.strip().casefold()
    return {ctx.field: _NUMBER_WORDS[word]} if word in _NUMBER_WORDS else {}


def parse_percent(value: str, ctx: ParseContext) -> FieldValues:
    m = regex.search(r"\d+(?:[.,]\d+)?", value)
    return {ctx.field: float(m.group(0).replace(",", "."))} if m else {}


def parse_text(value: str, ctx: ParseContext) -> FieldValues:
    text = " ".join(value.split()).strip(" .,;:")
    return {ctx.field: text} if text else {}


def parse_licensor(value: str, ctx: ParseContext) -> FieldValues:
    name = clean_holder(value)
    if not name:
        return {}
    return {"licensor": ctx.aliases.get(name.casefold(), name)}


_EMAIL = regex.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def parse_contact(value: str, ctx: ParseContext) -> FieldValues:
    """An e-mail address, a URL or a domain, normalised (``mailto:`` dropped, no trailing dot)."""
    value = value.strip()
    m = _EMAIL.search(value)
    if m:
        return {"contact": m.group(0).rstrip(".").lower()}
    m = regex.search(r"(?:https?://|www\.)\S+|(?:[\w-]+\.)+\p{L}{2,}(?:/\S*)?", value)
    if m and registered_domain(m.group(0)):
        return {"contact": m.group(0).rstrip(".,;:)")}
    return {}


# ---------------------------------------------------------------- licences


def parse_license(value: str, ctx: ParseContext) -> FieldValues:
    return ctx.licenses.values_of(value)


PARSERS: dict[str, Parser] = {
    "years": Parser(parse_years, ("years", "year_start", "year_end")),
    "current_year": Parser(parse_current_year, ("years", "year_start", "year_end")),
    "short_year": Parser(parse_short_year, ("years", "year_start", "year_end")),
    "holders": Parser(
        parse_holders, ("holders", "holder_domains", "years", "year_start", "year_end")
    ),
    "names": Parser(parse_names, ("holders",)),
    "symbol": Parser(parse_symbol, ("symbol",)),
    "flag": Parser(parse_flag),
    "int": Parser(parse_int),
    "percent": Parser(parse_percent),
    "text": Parser(parse_text),
    "domain": Parser(parse_domain),
    "domains": Parser(parse_domains),
    "licensor": Parser(parse_licensor, ("licensor",)),
    "contact": Parser(parse_contact, ("contact",)),
    "license": Parser(parse_license, ("license", "term_type", "credit_required",
                                      "link_required", "non_commercial", "no_derivatives",
                                      "share_alike")),
}
