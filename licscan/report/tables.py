"""The report schema: one fixed column list (name, dtype) per table, and the builder of the tables.

Every table has the same columns in the same order whatever the data (headers even when empty),
rows in a deterministic order, enums as lowercase strings, paths relative and POSIX, and the
:class:`~licscan.textmap.Span` of a row flattened into ``start, end, line, column, end_line,
end_column, location`` (code-point offsets, end exclusive; 1-based lines and columns; where a
binary document's row is, in words, "" for a text file).  List fields
(``holders``, ``years``, ``evidence`` …) stay Python lists.  ``docs/schema.md`` documents each
column; a test keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from functools import cache
from operator import attrgetter, itemgetter
from typing import Any

import pandas as pd

from licscan.model import DocStatus, DocumentResult, ScanWarning, Severity

SCHEMA_VERSION = 2
# Columns renamed since a version: a result saved by an older licscan reads back under the new
# names.  Version 2 holds any open licence's SPDX id (MIT, GFDL-1.3…), not only Creative Commons.
RENAMED_IN: dict[int, dict[str, dict[str, str]]] = {2: {"terms": {"cc_license": "license"}}}
# Tables a result may lack: one saved before they existed reads back with them empty (and an
# older licscan reads a newer result without them).
OPTIONAL_TABLES = ("reservations",)

TEXT = "string"
LIST_TEXT = "list<string>"  # dtype markers: object columns holding Python lists
LIST_INT = "list<int64>"

SPAN = (
    ("start", "int64"),
    ("end", "int64"),
    ("line", "int64"),
    ("column", "int64"),
    ("end_line", "int64"),
    ("end_column", "int64"),
    ("location", TEXT),
)

# The first columns of the documents table, and all of the errors table (the unusable files,
# and the scan's warnings: rows of status WARNING whose path is the file or folder concerned).
WARNING = "warning"
FILE_COLUMNS = (
    ("path", TEXT),
    ("type", TEXT),
    ("status", TEXT),
    ("reason", TEXT),
    ("size", "int64"),
    ("encoding", TEXT),
)

TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (
        *FILE_COLUMNS,
        ("compressed", "bool"),
        ("title", TEXT),
        ("lang", TEXT),
        ("canonical_url", TEXT),
        ("chars", "int64"),
        ("words", "int64"),
        ("holders", LIST_TEXT),
        ("license", TEXT),
        ("sha256", TEXT),
        ("notice_count", "int64"),
        ("term_count", "int64"),
        ("metadata_count", "int64"),
        ("match_count", "int64"),
        ("finding_count", "int64"),
    ),
    "notices": (
        ("path", TEXT),
        *SPAN,
        ("rule_id", TEXT),
        ("notice_type", TEXT),
        ("text", TEXT),
        ("symbol", TEXT),
        ("years", LIST_INT),
        ("year_start", "Int64"),
        ("year_end", "Int64"),
        ("holders", LIST_TEXT),
        ("holder_domains", LIST_TEXT),
        ("rights_reserved", "bool"),
        ("origin", TEXT),
        ("fingerprint", TEXT),
    ),
    "terms": (
        ("path", TEXT),
        *SPAN,
        ("rule_id", TEXT),
        ("term_type", TEXT),
        ("clauses", LIST_TEXT),
        ("cues", TEXT),
        ("text", TEXT),
        ("licensor", TEXT),
        ("credit_required", "boolean"),
        ("link_required", "boolean"),
        ("credit_target", TEXT),
        ("max_excerpt_words", "Int64"),
        ("max_excerpt_percent", "Float64"),
        ("max_excerpt_chars", "Int64"),
        ("non_commercial", "boolean"),
        ("no_derivatives", "boolean"),
        ("share_alike", "boolean"),
        ("license", TEXT),
        ("contact", TEXT),
        ("origin", TEXT),
        ("fingerprint", TEXT),
    ),
    "metadata": (
        ("path", TEXT),
        *SPAN,
        ("rule_id", TEXT),
        ("source", TEXT),
        ("name", TEXT),
        ("value", TEXT),
        ("fingerprint", TEXT),
    ),
    "matches": (
        ("path", TEXT),
        *SPAN,
        ("source_id", TEXT),
        ("source_url", TEXT),
        ("source_publisher", TEXT),
        ("source_aliases", LIST_TEXT),
        ("source_path", TEXT),
        ("verdict", TEXT),
        ("verdict_reason", TEXT),
        ("similarity", "float64"),
        ("kind", TEXT),
        ("matched_words", "int64"),
        ("source_words", "int64"),
        ("source_fraction", "float64"),
        ("excerpt", TEXT),
        ("source_excerpt", TEXT),
        ("pairs", LIST_TEXT),
        ("quoted", "bool"),
        ("attributed", "bool"),
        ("linked", "bool"),
        ("evidence", LIST_TEXT),
        ("source_terms", TEXT),
        ("text_start", "int64"),
        ("text_end", "int64"),
        ("source_start", "int64"),
        ("source_end", "int64"),
        ("source_line", "int64"),
        ("source_end_line", "int64"),
        ("fingerprint", TEXT),
    ),
    "findings": (
        ("path", TEXT),
        *SPAN,
        ("severity", TEXT),
        ("rule_id", TEXT),
        ("kind", TEXT),
        ("message", TEXT),
        ("excerpt", TEXT),
        ("accepted", TEXT),
        ("accepted_reason", TEXT),
        ("fingerprint", TEXT),
    ),
    "errors": FILE_COLUMNS,
    # Made by the site audit (licscan.site), not from the per-document results.
    "reservations": (
        ("site", TEXT),
        ("path", TEXT),
        ("source", TEXT),
        ("line", "int64"),
        ("signal", TEXT),
        ("value", TEXT),
        ("reserves", "bool"),
        ("scope", LIST_TEXT),
        ("agent", TEXT),
        ("policy", TEXT),
        ("text", TEXT),
    ),
}

TABLE_NAMES = tuple(TABLES)
COLUMNS: dict[str, list[str]] = {name: [c for c, _ in cols] for name, cols in TABLES.items()}

# Rows are sorted on these columns (stable sort), so two scans of the same files agree.
SORT_KEYS: dict[str, list[str]] = {
    "documents": ["path"],
    "notices": ["path", "start", "end", "rule_id", "fingerprint"],
    "terms": ["path", "start", "end", "rule_id", "fingerprint"],
    "metadata": ["path", "start", "end", "source", "name", "fingerprint"],
    "matches": ["path", "start", "end", "source_id", "fingerprint"],
    "findings": ["path", "start", "end", "rule_id", "fingerprint"],
    "errors": ["path"],
    "reservations": ["site", "path", "source", "line", "signal", "agent"],
}

# Severity ranks by the names table cells hold, highest first.
SEVERITY_RANK = {severity.value: severity.rank for severity in Severity}

# Model attribute behind a column, where the names differ.
_ATTRIBUTE = {"path": "relpath", "type": "doc_type"}
_SPAN_NAMES = frozenset(name for name, _ in SPAN)
# Which DocumentResult list feeds which table.
_ROW_LISTS = {
    "notices": "notices",
    "terms": "terms",
    "metadata": "metadata",
    "matches": "matches",
    "findings": "findings",
}


def plain(value: Any) -> Any:
    """A model value as a table cell: enums lowercase strings, tuples lists."""
    if isinstance(value, Enum):
        return str(value.value).lower()
    if isinstance(value, tuple):
        return list(value)
    return value


def _cell(row: object, column: str) -> Any:
    if column in _SPAN_NAMES and hasattr(row, "span"):
        return getattr(row.span, column)  # type: ignore[attr-defined]
    return getattr(row, _ATTRIBUTE.get(column, column))


@cache
def _row_cells(table: str) -> Callable[[object], tuple[Any, ...]]:
    """The cells of one row of ``table`` (a row with a span), read in one call: a scan of
    200,000 identical notices has millions of cells."""
    paths = [f"span.{c}" if c in _SPAN_NAMES else _ATTRIBUTE.get(c, c) for c in COLUMNS[table]]
    return attrgetter(*paths)


class TableBuilder:
    """Collects table rows from a stream of :class:`DocumentResult`.

    Each result is flattened into tuples of cells as soon as it is added, so the per-document
    objects can be dropped by the caller; :meth:`frames` then builds the sorted DataFrames.
    """

    def __init__(self) -> None:
        self._rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in TABLE_NAMES}

    def add(self, result: DocumentResult) -> None:
        document = result.document
        counts = {
            "notice_count": len(result.notices),
            "term_count": len(result.terms),
            "metadata_count": len(result.metadata),
            "match_count": len(result.matches),
            "finding_count": len(result.findings),
        }
        self._append("documents", document, counts)
        if plain(document.status) != DocStatus.ok.value:
            self._append("errors", document)
        for table, attribute in _ROW_LISTS.items():
            self._rows[table].extend(map(_row_cells(table), getattr(result, attribute)))

    def extend(self, results: Iterable[DocumentResult]) -> None:
        for result in results:
            self.add(result)

    def _append(self, table: str, row: object, extra: Mapping[str, Any] | None = None) -> None:
        extra = extra or {}
        self._rows[table].append(
            tuple(extra[c] if c in extra else _cell(row, c) for c in COLUMNS[table])
        )

    def frames(self) -> dict[str, pd.DataFrame]:
        return {table: frame(table, self._columns(table)) for table in TABLE_NAMES}

    def _columns(self, table: str) -> dict[str, Sequence[Any]]:
        rows = self._rows[table]
        return {
            column: list(map(itemgetter(i), rows)) for i, column in enumerate(COLUMNS[table])
        }


def rows_frame(table: str, rows: Iterable[object]) -> pd.DataFrame:
    """A table of model rows (``Finding`` s for ``findings``) made outside the documents."""
    cells = list(map(_row_cells(table), rows))
    return frame(table, {column: [row[i] for row in cells]
                         for i, column in enumerate(COLUMNS[table])})  # fmt: skip


def warning_rows(warnings: Iterable[ScanWarning]) -> pd.DataFrame:
    """Errors-table rows for scan warnings: path, status ``warning`` and the message as reason."""
    rows = [
        {
            "path": w.path,
            "type": "",
            "status": WARNING,
            "reason": w.message,
            "size": 0,
            "encoding": "",
        }
        for w in warnings
    ]
    return frame("errors", pd.DataFrame(rows, columns=COLUMNS["errors"], dtype=object))


def frame(table: str, data: Mapping[str, Iterable[Any]] | pd.DataFrame) -> pd.DataFrame:
    """A table with its fixed columns, dtypes and row order, from column data or a DataFrame.

    Used both for freshly built tables and for tables read back from JSON or Parquet (where
    list cells come back as arrays and missing values as ``None``/``NaN``).
    """
    if isinstance(data, pd.DataFrame):
        missing = [c for c in COLUMNS[table] if c not in data.columns]
        if missing:
            raise ValueError(f"table {table!r} lacks columns: {', '.join(missing)}")
    columns = {}
    for column, dtype in TABLES[table]:
        values = data[column]
        if is_list(dtype):
            columns[column] = pd.Series([_as_list(v) for v in values], dtype=object)
        else:
            columns[column] = pd.Series(_nulls_to_na(values, dtype), dtype=dtype)
    result = pd.DataFrame(columns, columns=COLUMNS[table])
    if len(result):
        result = result.sort_values(SORT_KEYS[table], kind="stable", na_position="first")
    return result.reset_index(drop=True)


def is_list(dtype: str) -> bool:
    return dtype.startswith("list<")


def empty(table: str) -> pd.DataFrame:
    return frame(table, {column: [] for column in COLUMNS[table]})


def _is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _as_list(value: Any) -> list[Any]:
    if _is_missing(value):
        return []
    if isinstance(value, str):
        return [value]
    return [v.item() if hasattr(v, "item") else v for v in value]


_PLAIN_TYPES = frozenset((str, int, bool, type(None)))


def _nulls_to_na(values: Iterable[Any], dtype: str) -> list[Any]:
    """Missing cells as "" in text columns and as None (→ NA/NaN) elsewhere; enums as their
    lowercase names."""
    fill = "" if dtype == TEXT else None
    values = list(values)
    kinds = set(map(type, values))
    if kinds <= _PLAIN_TYPES:  # most columns: nothing to convert, at most None to fill
        return [fill if v is None else v for v in values] if type(None) in kinds else values
    # One conversion per distinct value (keyed with its type, as 1 == 1.0 == True): enums
    # repeat by the million.
    cells: dict[tuple[type, Any], Any] = {}
    try:
        return [cells.get((type(v), v)) or cells.setdefault((type(v), v), _filled(v, fill))
                for v in values]
    except TypeError:  # an unhashable cell
        return [_filled(value, fill) for value in values]


def _filled(value: Any, fill: Any) -> Any:
    return fill if _is_missing(value) else plain(value)


def severity_rank(severity: str) -> int:
    """Rank of a severity name (high 3 … info 0); unknown names raise ``ValueError``."""
    try:
        return SEVERITY_RANK[str(severity).lower()]
    except KeyError:
        raise ValueError(
            f"unknown severity {severity!r}: expected one of {', '.join(SEVERITY_RANK)}"
        ) from None


def upgraded(table: str, rows: list[dict[str, Any]], version: int) -> list[dict[str, Any]]:
    """Rows of a result saved under schema ``version``, with the columns renamed since."""
    renames = {old: new for since, tables in RENAMED_IN.items() if since > version
               for old, new in tables.get(table, {}).items()}  # fmt: skip
    if not renames:
        return rows
    return [{renames.get(key, key): value for key, value in row.items()} if isinstance(row, dict)
            else row for row in rows]
