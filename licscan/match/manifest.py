"""Source manifests: what an archive knows about its files that the files do not say.

A manifest is JSONL (one object a line) or CSV (a header row), one row per source, with the
columns of the reuse benchmark's ``sources.jsonl``:

``id``            source id (default: the file's path relative to the indexed folder)
``path``          the file to index; ``text_path`` or ``html_path`` are used when it is absent
                  (relative paths are relative to the manifest's folder)
``url``           where the source is published
``publisher``     who publishes it (a name credit lines may use)
``aliases``       other names credit lines may use for it (a list, or names split by ``;``)
``domain``/``host`` its site, when there is no URL
``title``         its headline
``terms``         an SPDX licence id (``CC-BY-4.0``) or a terms slug (``all-rights-reserved``,
                  ``excerpts-with-credit``, ``republish-with-link``, ``no-reproduction``, ...)
``terms_text``    the terms' wording; the rights rules run on it

What the manifest says is stored beside what the scan of the file found, and wins over it.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from licscan.model import ScanWarning, Term
from licscan.textmap import Span

if TYPE_CHECKING:
    from licscan.detect.licences import Catalogue

MANIFEST_RULE = "manifest.terms"
SHOWN_UNMATCHED = 3  # unmatched rows a warning names; the rest are counted
_NO_SPAN = Span(0, 0, 1, 1, 1, 1)
_SLUGS: dict[str, dict] = {
    "all-rights-reserved": {"term_type": "all_rights_reserved"},
    "no-reproduction": {"term_type": "no_reproduction"},
    "permission-required": {"term_type": "permission_required"},
    "personal-use-only": {"term_type": "personal_use_only"},
    "wire-service": {"term_type": "wire_service_ban"},
    "excerpts-with-credit": {
        "term_type": "excerpt_with_credit",
        "credit_required": True,
        "link_required": True,
    },
    "excerpts-with-link": {
        "term_type": "excerpt_with_credit",
        "credit_required": True,
        "link_required": True,
    },
    "republish-with-credit": {"term_type": "free_with_attribution", "credit_required": True},
    "republish-with-link": {
        "term_type": "free_with_attribution",
        "credit_required": True,
        "link_required": True,
    },
    "free-with-attribution": {"term_type": "free_with_attribution", "credit_required": True},
    "public-domain": {"term_type": "creative_commons", "license": "CC0-1.0"},
}
_SLUG_ALIASES = {
    "excerpt-with-credit": "excerpts-with-credit",
    "arr": "all-rights-reserved",
    "copyright": "all-rights-reserved",
    "pd": "public-domain",
}


_NOT_STORED = ("path", "line", "written_path", "extra")  # ManifestRow fields kept out of the index


@dataclass
class ManifestRow:
    path: Path | None
    line: int = 0  # where the row is in the manifest, for messages
    written_path: str = ""  # the file as the manifest names it, for messages
    id: str = ""
    url: str = ""
    publisher: str = ""
    domain: str = ""
    host: str = ""
    title: str = ""
    terms: str = ""
    terms_text: str = ""
    aliases: list[str] = field(default_factory=list)  # other names of the publisher
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        out = {k: v for k, v in vars(self).items() if k not in _NOT_STORED and v}
        if self.path is not None:
            out["path"] = str(self.path)
        return out


class ManifestError(ValueError):
    """A manifest that cannot be read; the message names the file (and the line)."""


def read_manifest(path: Path) -> list[ManifestRow]:
    """Rows of a JSONL or CSV manifest, their file paths resolved."""
    base = path.resolve().parent
    try:
        if path.suffix.lower() == ".csv":
            with open(path, encoding="utf-8-sig", newline="") as fh:
                reader = csv.DictReader(fh)
                raw_rows = [(reader.line_num, raw) for raw in reader]
        else:
            with open(path, encoding="utf-8") as fh:
                raw_rows = [(n, _json_row(path, n, line)) for n, line in enumerate(fh, 1)
                            if line.strip()]
    except UnicodeDecodeError:
        raise ManifestError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    return [_row(raw, base, line) for line, raw in raw_rows]


def _json_row(path: Path, number: int, line: str) -> dict:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError:
        raw = None
    if not isinstance(raw, dict):
        raise ManifestError(f"{path}: line {number} is not a JSON object; fix or remove it")
    return raw


def unmatched_warning(manifest: Path, rows: list[ManifestRow]) -> ScanWarning | None:
    """The warning for manifest rows that name no source file (``None`` when there are none):
    their terms and publishers are silently not applied, which would make reuse look fine."""
    if not rows:
        return None
    shown = [f"line {row.line}: {row.written_path or '(no path)'}"
             for row in rows[:SHOWN_UNMATCHED]]
    if len(rows) > SHOWN_UNMATCHED:
        shown.append(f"and {len(rows) - SHOWN_UNMATCHED} more")
    noun = "row matches" if len(rows) == 1 else "rows match"
    return ScanWarning(
        str(manifest),
        f"{len(rows)} {noun} no source file ({', '.join(shown)}); "
        "fix the paths (relative to the manifest's folder) or remove the rows",
    )


def _row(raw: dict, base: Path, line: int) -> ManifestRow:
    def text(key: str) -> str:
        value = raw.get(key)
        return "" if value is None else str(value).strip()

    file = text("path") or text("text_path") or text("html_path")
    path = None
    if file:
        path = Path(file)
        path = (path if path.is_absolute() else base / path).resolve()
    known = {"path", "text_path", "html_path", "id", "url", "publisher", "domain", "host"}
    known |= {"title", "terms", "terms_text", "aliases"}
    return ManifestRow(
        path=path,
        line=line,
        written_path=file,
        id=text("id"),
        url=text("url"),
        publisher=text("publisher"),
        domain=text("domain"),
        host=text("host"),
        title=text("title"),
        terms=text("terms"),
        terms_text=text("terms_text"),
        aliases=_aliases(raw.get("aliases")),
        extra={k: v for k, v in raw.items() if k not in known},
    )


def _aliases(value: object) -> list[str]:
    """A manifest's ``aliases``: a list, or one text of names split by ``;`` or ``|``."""
    if isinstance(value, str):
        value = value.replace("|", ";").split(";")
    if not isinstance(value, list):
        return []
    return [str(name).strip() for name in value if str(name).strip()]


def terms_from_id(value: str, relpath: str, licenses: Catalogue | None = None) -> list[Term]:
    """Terms named by an SPDX id (Creative Commons, or any licence of the rule files'
    catalogue: MIT, GFDL-1.3-only…) or a slug; an unknown name is kept as ``other``."""
    if not value:
        return []
    slug = value.strip().lower().replace("_", "-").replace(" ", "-")
    slug = _SLUG_ALIASES.get(slug, slug)
    if slug.startswith("cc"):
        return [_cc_term(value.strip(), relpath)]
    fields = _SLUGS.get(slug)
    if fields is None and slug.replace("-", "_") in _term_types():
        fields = {"term_type": slug.replace("-", "_")}
    if fields is None and licenses is not None:
        fields = licenses.values_of(value.strip()) or None
    fields = fields or {"term_type": "other"}
    return [Term(relpath, MANIFEST_RULE, text=value, span=_NO_SPAN, origin="manifest", **fields)]


def _cc_term(value: str, relpath: str) -> Term:
    spdx = value.upper().replace("_", "-")
    if spdx.startswith("CC0"):
        spdx = "CC0-1.0"
    parts = set(spdx.split("-"))
    return Term(
        relpath,
        MANIFEST_RULE,
        term_type="creative_commons",
        text=value,
        span=_NO_SPAN,
        credit_required="BY" in parts,
        non_commercial="NC" in parts,
        no_derivatives="ND" in parts,
        share_alike="SA" in parts,
        license=spdx,
        origin="manifest",
    )


def _term_types() -> tuple[str, ...]:
    from licscan.model import TERM_TYPES

    return TERM_TYPES
