"""Cell values made safe for spreadsheets: scanned text is attacker-controlled.

A page can contain ``=HYPERLINK("http://evil","x")``; a spreadsheet that evaluates it hands
the attacker a formula.  CSV cells that a spreadsheet would read as a formula get a leading
``'`` (OWASP "CSV Injection"); XLSX cells are always written as string cells (see
:mod:`.xlsx`), cut to Excel's 32,767-character limit with a visible marker.  """

from __future__ import annotations

# Characters that make a spreadsheet parse a cell as a formula (OWASP CSV injection guidance).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_CELL_LIMIT = 32_767  # characters (UTF-16 code units) per cell
TRUNCATION_MARKER = " … [cut: {total} characters in all]"


def csv_text(value: str) -> str:
    """A CSV cell that no spreadsheet will evaluate: formula-like text gets a leading ``'``.

    Leading spaces and line breaks are looked through, since some spreadsheets trim them
    before deciding whether a cell is a formula.
    """
    if value.startswith(FORMULA_TRIGGERS) or value.lstrip(" \n\r\t").startswith(
        FORMULA_TRIGGERS[:4]
    ):
        return "'" + value
    return value


def utf16_length(value: str) -> int:
    return len(value.encode("utf-16-le")) // 2


def excel_text(value: str, limit: int = EXCEL_CELL_LIMIT) -> str:
    """``value`` cut to fit one Excel cell, ending with a marker that says how long it was."""
    if len(value) * 2 <= limit:  # no code point takes more than two UTF-16 units
        return value
    total = utf16_length(value)
    if total <= limit:
        return value
    marker = TRUNCATION_MARKER.format(total=total)
    room = limit - utf16_length(marker)
    kept = value.encode("utf-16-le")[: room * 2].decode("utf-16-le", errors="ignore")
    return kept + marker
