"""Values read from the text of a rule's group: registered domains, years and year ranges,
copyright holders and credited names.  :mod:`licscan.detect.parsers` names them in its
registry; the metadata rules read holders and years with them too.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import regex

from licscan.domains import extractor

if TYPE_CHECKING:
    from licscan.detect.parsers import ParseContext

FieldValues = dict[str, Any]


# ---------------------------------------------------------------- domains


@lru_cache(maxsize=4096)
def registered_domain(host_or_url: str) -> str:
    """The registered domain: ``www.news.example.co.uk`` and ``https://example.co.uk/x`` give
    ``example.co.uk``; '' when there is no known public suffix."""
    text = host_or_url.strip().strip(".,;:()[]<>\"'").lower()
    if not text or " " in text:
        return ""
    parts = extractor()(text, include_psl_private_domains=False)
    if not parts.suffix or not parts.domain:
        return ""
    return f"{parts.domain}.{parts.suffix}"


_DOMAIN_TOKEN = regex.compile(
    r"(?<![\w@.-])(?:https?://)?(?:[\p{L}\p{N}-]+\.)+[\p{L}]{2,}(?:/[^\s,;)]*)?(?![\w@-])"
)
_URL_IN_TEXT = regex.compile(r"(?:https?:)?//[^\s)\]]+", regex.I)
_DOMAIN_ONLY = regex.compile(r"^(?:www\.)?(?:[\p{L}\p{N}-]+\.)+\p{L}{2,}\.?$")


def domains_in(text: str) -> list[str]:
    found: list[str] = []
    for token in _DOMAIN_TOKEN.findall(text):
        domain = registered_domain(token)
        if domain and domain not in found:
            found.append(domain)
    return found


def parse_domains(value: str, ctx: ParseContext) -> FieldValues:
    domains = domains_in(value)
    return {ctx.field: domains} if domains else {}


def parse_domain(value: str, ctx: ParseContext) -> FieldValues:
    domains = domains_in(value)
    return {ctx.field: domains[0]} if domains else {}


# ---------------------------------------------------------------- years

_YEAR = r"(?:1[89]\d\d|20\d\d)"
_OPEN_END = (
    r"(?:present|now|today|date|heute|présent|presente|oggi|hoy|hoje|heden|günümüz"
    r"|наст\.?|н\.?\s*в\.?|今)"
)
_YEAR_EXPR = regex.compile(
    rf"(?<!\d)(?P<start>{_YEAR})(?!\d)"
    rf"(?:\s*[-–—‐‑~]\s*(?:(?P<end>{_YEAR})(?!\d)|(?P<short>\d\d)(?!\d)|(?P<open>{_OPEN_END})?))?",
    regex.I,
)

_LISTED_SHORT_YEAR = regex.compile(rf"(?<!\d)(?P<previous>{_YEAR})[,/](?P<short>\d\d)(?![\d.])")


def year_values(text: str) -> FieldValues:
    """Years of ``2019``, ``2010–2025``, ``2010-19``, ``2019-present``, ``2019, 2021``."""
    years: list[int] = []
    start: int | None = None
    end: int | None = None
    open_ended = False
    for m in _YEAR_EXPR.finditer(text):
        first = int(m["start"])
        last: int | None = first
        if m["end"]:
            last = int(m["end"])
        elif m["short"]:
            last = first // 100 * 100 + int(m["short"])
        elif m.group(0).rstrip()[-1:] in "-–—‐‑~" or m["open"]:
            last = None  # "2019-present", "2000- "
        for year in (first, last):
            if year is not None and year not in years:
                years.append(year)
        start = first if start is None else min(start, first)
        if last is None:
            open_ended = True
        else:
            end = last if end is None else max(end, last)
    for m in _LISTED_SHORT_YEAR.finditer(text):  # "2001,04": 2004, of the year before it
        previous = int(m["previous"])
        year = previous // 100 * 100 + int(m["short"])
        year += 100 if year < previous else 0
        if year not in years:
            years.append(year)
            end = year if end is None else max(end, year)
    if not years:
        return {}
    return {"years": years, "year_start": start, "year_end": None if open_ended else end}


def parse_years(value: str, ctx: ParseContext) -> FieldValues:
    return year_values(value)


def _one_year(year: int) -> FieldValues:
    return {"years": [year], "year_start": year, "year_end": year}


def parse_current_year(value: str, ctx: ParseContext) -> FieldValues:
    """A template expression for the current year ("{{ now.Year }}"): the year it renders now."""
    return _one_year(date.today().year)


def parse_short_year(value: str, ctx: ParseContext) -> FieldValues:
    """``'98`` is 1998, ``'07`` 2007: a two-digit year up to this year's is of this century."""
    digits = regex.search(r"\d\d", value)
    if digits is None:
        return {}
    short = int(digits.group(0))
    this_year = date.today().year
    century = this_year // 100 * 100
    return _one_year(century + short if century + short <= this_year else century - 100 + short)


# ---------------------------------------------------------------- holders

_CORPORATE = (
    r"Inc\.?|INC\.?|Incorporated|Ltd\.?|LTD\.?|Limited|LIMITED|L\.?L\.?C\.?|LLP|L\.?P\.|"
    r"(?:G|gG)?mbH(?:\s*&\s*Co\.?\s*KG)?|AG|S\.?A\.?(?:B\.?)?\s+de\s+C\.?\s?V\.?|"
    r"S\.?\s?de\s+R\.?\s?L\.?(?:\s+de\s+C\.?\s?V\.?)?|S\.?A\.?S?|S\.?p\.?A\.?|S\.?r\.?l\.?|S\.?L\.?|B\.?V\.?|N\.?V\.?|"
    r"plc|PLC|Pty\.?(?:\s+Ltd\.?)?|Corp\.?|CORP\.?|Corporation|Company|COMPANY|Co\.|CO\.|KG|Oy|AB|A/S|"
    r"ASA|Ltda\.?|K\.K\.|SE|e\.\s?V\.|Kft\.?|Zrt\.?|s\.r\.o\.|Sp\.\s?z\s?o\.o\.|A\.Ş\.|Bhd\.?|"
    r"Pvt\.?\s+Ltd\.?|Pte\.?\s+Ltd\.?"
)
# a holder ends after its legal form: "Future US, Inc. 11 West 42nd Street" -> "Future US, Inc."
# … unless another legal form follows ("Dow Jones & Company, Inc.") or a second holder ("& Co")
# "S.A. de C.V." is one form, "Company (Media) Limited" one name
_AFTER_CORPORATE = regex.compile(
    rf"(?<=[\s,](?:{_CORPORATE}))(?=$|[\s,;:(])(?!\s*(?:&|and)\s)"
    rf"(?!,?\s*(?:\([^()]*\)\s*)?(?:{_CORPORATE})(?!\p{{L}}))(?!\s+de\s+[CR]\.?\s?[VL]\b)"
)
# holders split on these, and on "and" only where it joins two names (see _split_holders)
# … never inside "A/S", "I/S", "K/S" (Danish and Norwegian legal forms)
_SPLIT = regex.compile(
    r"\s*;\s*|(?<!\b[AIKaik])\s*/\s*|\s*/\s*(?![Ss]\b)|\s*,\s*(?!\s*(?:" + _CORPORATE + r")\b)"
)
# "Jane Doe and contributors", "Foo and others": one holder
_AND = regex.compile(r"\s+and\s+(?!(?i:(?:other\s+)?(?:contributors|others))\b)")
# credited names split on "and", "&", "for", "via", "on", bars, spaced dashes and "@" too: "Jane
# Doe for The Guardian", "Example Tourism | Jane Doe", "Jane Doe - Example Agency", "Jane Doe @
# Flickr"; not on the "&" of a shortened compound ("Berg- & Seenland")
_SPLIT_NAMES = regex.compile(
    _SPLIT.pattern + r"|\s*\|\s*|\s+[-–—@]\s+|(?<!-)\s+(?:and|&|for|via|on)\s+"
)
# where a postal address starts: a house number, a postcode, a street word
_ADDRESS = regex.compile(
    r"^\d+\s|\b\d{4,6}\b|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b|\b(?:Street|St\.|Avenue|Ave\.?|Road|Rd\.|"
    r"Boulevard|Blvd\.?|Suite|Floor|P\.?\s?O\.?\s+Box|Straße|Strasse|Platz)\b"
)
_EMAIL_IN_BRACKETS = regex.compile(r"<[^<>\s]+@[^<>\s]+>")
_TRAILING_COPYRIGHT = regex.compile(r"(?i)\s+copyright$")  # "© Crown copyright" -> Crown
_YEARS_IN_HOLDER = regex.compile(
    rf"[@©]?\s*(?<!\d){_YEAR}(?:\s*[-–—‐‑]\s*(?:{_YEAR}|\d\d(?!\d)|{_OPEN_END})?)?(?!\d)", regex.I
)
# what may stand before a holder's name: separators, "by", a second symbol, the end of an
# "all rights reserved" the symbol cut in two ("جميع الحقوق © محفوظة لـ X")
_LEADING = regex.compile(
    r"^(?:[\s\-–—|:,.·•@]+|by\s+|(?:©|℗|\(c\)|\(p\)|copyright)\s*|محفوظة\s*(?:لـ|ل)?\s+"
    r"|(?:reserved\s+(?:to|by)|r[ée]serv[ée]s\s+(?:à|a)|reservados\s+(?:a|para|por)|riservati\s+a)\s+)+",
    regex.I,
)
# a company's tax or registration number after its name: "C.A. Example RIF J-00037398-1"
_TAX_ID = regex.compile(
    r"[\s,;(]+(?:RIF|NIF|CIF|RUC|RUT|RFC|CUIT|NIT|CNPJ|VAT|USt-?IdNr|UID|P\.?\s?IVA|KvK|ABN|ACN"
    r"|GSTIN|TVA|SIRET|SIREN|ИНН|ОГРН)\.?(?:\s*(?:No|Nr|number)\.?)?\s*[:#.]?\s*"
    r"[A-Z]{0,2}[-\d. /]{5,}\)?\s*$"
)
_TRAILING = regex.compile(r"[\s\-–—|:,;·•@(\[]+$")
_PARENS = regex.compile(r"\(([^()]*)\)(?!\s*\p{L})")  # "Company (Media) Limited" keeps its own
_MARKUP = regex.compile(r"[<>{}=\\]|\b(?:function|var|return|window|document)\b|&[a-z]+;")
_MAX_HOLDER_WORDS = 8
# compiled once: every copyright notice runs these (a NOTICE file has thousands)
_ENDS_WITH_ABBREVIATION = regex.compile(rf"(?:\b(?:{_CORPORATE})|\b\p{{Lu}}\.)$")  # Ltd. J.
_ENDS_WITH_CORPORATE = regex.compile(rf"\s(?:{_CORPORATE})$")
_LETTER = regex.compile(r"\p{L}")
_THE_NAME = regex.compile(r"the\s+\p{Lu}")
_LEADING_THE = regex.compile(r"(?i)^the\s+")


_QUOTES = "\"'“”‘’«»„"


def clean_holder(part: str) -> str:
    part = _LEADING.sub("", part.strip())
    part = _TRAILING.sub("", part)
    part = _TRAILING_COPYRIGHT.sub("", part)
    while len(part) > 1 and part[0] in _QUOTES and part[-1] in _QUOTES:
        part = part[1:-1].strip()  # "“Example”" -> "Example"; "'Group' Example" stays
    if part.endswith(".") and not _ENDS_WITH_ABBREVIATION.search(part):
        part = part[:-1]
    return part.strip()


def _plausible_holder(part: str) -> bool:
    if not part or not _LETTER.search(part) or _MARKUP.search(part):
        return False
    if len(part.split()) > _MAX_HOLDER_WORDS or len(part) > 80:
        return False
    if _DOMAIN_ONLY.match(part):
        return True
    # "a 501(c)(3) nonprofit", "the use of …" are not names; "the American Association …",
    # "activeCONSULTING UK" and "dlv Deutscher Landwirtschaftsverlag GmbH" are
    return (
        not part[0].islower()
        or bool(_THE_NAME.match(part))
        or not part.split()[0].islower()
        or bool(_ENDS_WITH_CORPORATE.search(part))
    )


def holder_values(text: str) -> FieldValues:
    """Holders, their domains and any years inside a notice's holder text."""
    text = " ".join(text.split())  # a holder broken over two lines is one name
    years = year_values(text)
    domains: list[str] = []
    for url in _URL_IN_TEXT.findall(text):  # a URL in a notice points at the holder; not one
        domain = registered_domain(url)
        if domain and domain not in domains:
            domains.append(domain)
    text = _URL_IN_TEXT.sub(" ", text)
    text = _EMAIL_IN_BRACKETS.sub(" ", text)  # "Jane Doe <jane@example.com>"
    text = _YEARS_IN_HOLDER.sub(" ", text)
    text = _PARENS.sub(lambda m: f", {m[1]}" if _DOMAIN_TOKEN.search(m[1]) else " ", text)
    text = _TAX_ID.sub("", text)
    cut = _AFTER_CORPORATE.search(text)
    if cut:
        text = text[: cut.start()]
    holders: list[str] = []
    for raw in _split_holders(text):
        part = clean_holder(raw)
        if not _plausible_holder(part) or part in holders:
            continue
        holders.append(part)
        for domain in domains_in(part):
            if domain not in domains:
                domains.append(domain)
    values: FieldValues = dict(years)
    if holders:
        values["holders"] = holders
    if domains:
        values["holder_domains"] = domains
    return values


def _split_holders(text: str) -> list[str]:
    """A notice's holder text cut into holders, up to a postal address.

    "and" joins two holders only after a name of two words or next to a domain ("Foo Ltd and
    Bar LLC", "GDC and www.gdc.com"): "President and Fellows of Harvard
    College" and "Simon and Schuster" are one name each."""
    parts: list[str] = []
    for piece in _SPLIT.split(text):
        pieces = _AND.split(piece)
        if len(pieces) > 1 and (_names_two(pieces[0]) or any(map(_DOMAIN_ONLY.match, pieces))):
            parts.extend(pieces)
        else:
            parts.append(piece)
    for index, part in enumerate(parts):
        if index and _ADDRESS.search(part):
            return parts[:1]  # "Stanford University, Stanford, California 94305"
    return parts


def _names_two(part: str) -> bool:
    part = part.strip()
    words = _LEADING_THE.sub("", part).split()
    return len(words) >= 2 and not part[:1].islower()


def parse_holders(value: str, ctx: ParseContext) -> FieldValues:
    return holder_values(value)  # a notice's holders stay as written


_NOT_NAMES = regex.compile(
    r"(?i)^(?:file(?:\s+photos?)?|photos?|images?|archives?|stock|contributors?)$"
)
_FILE_SUFFIX = regex.compile(r"(?i)\s+file(?:\s+photos?)?$")
_ROLE = regex.compile(r"(?i)\s*\((?:text|bild|foto|photo|video|image|illustration)\)$")  # "(Bild)"
# "khamkhor", "smolaw11", "beispielfoto (Beispielagentur)"
_HANDLE = regex.compile(r"^@?[\p{L}\p{N}_][\p{L}\p{N}_.\-]*(?:\s*\([^()]+\))?$")


def parse_names(value: str, ctx: ParseContext) -> FieldValues:
    """Credited names ("Jane Doe/Getty Images", "John Locher, AP"): no years, no legal-form cut.

    Labels that are not names ("File", "File Photo") and roles ("(Bild)") are dropped."""
    names: list[str] = []
    for raw in _SPLIT_NAMES.split(value):
        part = _ROLE.sub("", _FILE_SUFFIX.sub("", clean_holder(raw)))
        if _NOT_NAMES.match(part):
            continue
        known = ctx.aliases.get(part.casefold())  # "dpa", "REUTERS" -> their usual spelling
        name = known or part
        # a credit line's rules found a name here: a lower-case handle counts too
        plausible = _plausible_holder(part) or bool(_HANDLE.match(part) and _LETTER.search(part))
        if (known or plausible) and name not in names:
            names.append(name)
    return {"holders": names} if names else {}
