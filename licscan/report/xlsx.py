"""The XLSX audit workbook: a Summary sheet with charts, then one formatted sheet per table.

Written with xlsxwriter directly so that every cell's type is chosen here: scanned text only
ever goes through ``write_string`` (with ``strings_to_formulas``/``strings_to_urls`` off as a
second guard), so a page containing ``=HYPERLINK(...)`` stays inert text.  Hyperlinks are made
only from our own file paths (relative links with forward slashes) and from http(s) URLs.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from xlsxwriter.url import Url

from licscan.report import findings_view, glossary, tables
from licscan.report.cells import excel_text, utf16_length
from licscan.report.findings_view import FindingView, finding_views, most_severe_first
from licscan.report.links import URL_LIMIT, FileLinks, web_url
from licscan.report.overview import Overview, Ranked, overview
from licscan.report.site_rights import site_rights
from licscan.report.tabular import Staging, joined

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

    from licscan.result import ScanResult

SHEETS = (
    ("Matches", "matches"),
    ("Notices", "notices"),
    ("Terms", "terms"),
    ("Metadata", "metadata"),
    ("Documents", "documents"),
    ("Errors", "errors"),
    ("Reservations", "reservations"),
)
LONG_TEXT = frozenset(
    {"text", "message", "excerpt", "source_excerpt", "reason", "value", "title",
     "accepted_reason"}
)
URL_COLUMNS = frozenset({"canonical_url", "source_url", "value"})
FILE_COLUMNS = frozenset({"path"})
MAX_LINKS = 65_000  # Excel allows 65,530 hyperlinks per sheet; the rest stay plain text
WIDTH_SAMPLE = 500  # rows looked at to size a column

# Fill and font colours of the severity and verdict cells (conditional formats).
COLOURS = {
    "high": ("#F8CBAD", "#9C0006"),
    "medium": ("#FFE699", "#7F6000"),
    "low": ("#DDEBF7", "#1F4E78"),
    "info": ("#EDEDED", "#404040"),
    "violation": ("#F8CBAD", "#9C0006"),
    "review": ("#FFE699", "#7F6000"),
    "ok": ("#C6EFCE", "#006100"),
}
SEVERITIES = tuple(tables.SEVERITY_RANK)
VERDICTS = ("violation", "review", "ok")
RATED_COLUMNS = {"severity": SEVERITIES, "verdict": VERDICTS, "Severity": SEVERITIES,
                 "Verdict": VERDICTS}
# Widths of the Findings sheet's own columns (the others are sized from their content).
PEOPLE_WIDTHS = {"Severity": 10, "Problem": 60, "What to do": 45, "Source": 24,
                 "Source terms": 22, "Words copied": 9, "Verdict": 11, "Kind of copy": 14,
                 "Excerpt": 50, "Accepted": 10, "Accepted reason": 30}
PEOPLE_WRAPPED = frozenset({"Problem", "What to do", "Excerpt", "Accepted reason"})
LOCATION = findings_view.PEOPLE_COLUMNS.index("Location")
SOURCE = findings_view.PEOPLE_COLUMNS.index("Source")
TECHNICAL_LEVEL = 1  # the outline level of the Findings sheet's technical columns
CHART_COLOURS = {"high": "#C00000", "medium": "#E0A800", "low": "#2F75B5", "info": "#8A8F99"}


def write_xlsx(result: ScanResult, target: Path, staging: Staging | None = None) -> None:
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    target = Path(target)
    with joined(staging) as stage:
        workbook = xlsxwriter.Workbook(
            str(stage.file(target)),
            {
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "nan_inf_to_errors": True,
                "remove_timezone": True,
            },
        )
        try:
            workbook.set_properties(_properties(result))
            styles = _Styles(workbook)
            _summary_sheet(workbook, styles, result, overview(result))
            links = FileLinks(result.scan.get("root_dirs") or [], target.parent)
            _findings_sheet(workbook, styles, result, links)
            for sheet, table in SHEETS:
                _table_sheet(workbook, styles, sheet, table, getattr(result, table), links)
            _glossary_sheet(workbook, styles)
        finally:
            try:
                workbook.close()
            except FileCreateError as error:  # xlsxwriter wraps the OSError of the write
                raise error.args[0] from None


class _FileLink(Url):
    """A relative link to a scanned file, stored with forward slashes.

    xlsxwriter stores ``external:`` links with backslashes, which only Excel on Windows
    follows; a relative URI reference with ``/`` works in Excel, LibreOffice and Numbers alike.
    """

    def _target(self) -> str:  # the hyperlink's relationship target in the workbook
        return super()._target().replace("\\", "/")


def _file_link(relative: str | None, text: str) -> Url | None:
    """The link to a scanned file (``None``: none, or longer than Excel allows)."""
    if relative is None or utf16_length(relative) > URL_LIMIT:
        return None
    link = _FileLink("external:" + relative)
    link.text = text
    return link



def _properties(result: ScanResult) -> dict[str, object]:
    """Document properties; the creation time is the scan's, so a re-render is byte-identical."""
    properties: dict[str, object] = {"title": "licscan audit", "creator": "licscan"}
    finished = result.finished_at()
    if finished is not None:
        properties["created"] = finished
    return properties


class _Styles:
    def __init__(self, workbook: Workbook) -> None:
        add = workbook.add_format
        self.title = add({"bold": True, "font_size": 16})
        self.section = add({"bold": True, "font_size": 12, "font_color": "#1F4E78"})
        self.header = add({"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF",
                           "border": 1, "text_wrap": True, "valign": "top"})
        self.label = add({"bold": True})
        self.note = add({"italic": True, "font_color": "#404040"})
        self.text = add({"valign": "top"})
        self.wrap = add({"valign": "top", "text_wrap": True})
        self.link = add({"valign": "top", "font_color": "#0563C1", "underline": 1})
        self.number = add({"valign": "top"})
        self.fraction = add({"valign": "top", "num_format": "0.00"})
        self.date = add({"valign": "top", "num_format": "yyyy-mm-dd hh:mm:ss", "align": "left"})
        self.rated = {
            name: add({"bg_color": fill, "font_color": font, "bold": True})
            for name, (fill, font) in COLOURS.items()
        }


def _summary_sheet(workbook: Workbook, styles: _Styles, result: ScanResult, view: Overview) -> None:
    sheet = workbook.add_worksheet("Summary")
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 21)  # room for a date and time
    sheet.set_column(2, 4, 15)
    sheet.set_column(5, 5, 3)
    sheet.freeze_panes(1, 0)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 1)  # prints on one page: the tables and the charts together
    sheet.write_string(0, 0, "licscan audit", styles.title)
    scan = result.scan
    rows: list[tuple[str, Any]] = [
        ("Scan started (UTC)", result.started_at()),
        ("Scan finished (UTC)", result.finished_at()),
        ("Folder", "; ".join(scan.get("roots") or [])),
        ("licscan version", scan.get("licscan_version", "")),
        ("Rules version", scan.get("rules_version", "")),
        ("Report schema version", tables.SCHEMA_VERSION),
    ]
    row = 2
    for label, value in rows:
        sheet.write_string(row, 0, label, styles.label)
        _write_value(sheet, row, 1, value, styles)
        row += 1
    row += 1
    row = _small_table(sheet, styles, row, "Counts", ("Table", "Rows"), view.counts)
    severity_first = row + 2  # first data row of the severity table
    row = _small_table(sheet, styles, row, "Findings by severity",
                       ("Severity", "Findings", "Unaccepted"), view.severities, rated=True)
    row = _small_table(sheet, styles, row, "Matches by verdict", ("Verdict", "Matches"),
                       view.verdicts, rated=True)
    terms_first = row + 2
    row = _small_table(sheet, styles, row, "Terms by type", ("Term type", "Terms"),
                       view.term_types)
    row = _small_table(sheet, styles, row, "Findings by folder",
                       ("Folder", "Documents", "Findings", "Unaccepted high", "Matches"),
                       view.folders)
    row = _small_table(sheet, styles, row, "Notices by holder", ("Holder", "Notices"),
                       view.holders)
    row = _small_table(sheet, styles, row, "Matches by source",
                       ("Source", "Matches", "Words copied", "Worst verdict"), view.sources)
    _small_table(sheet, styles, row, "Site rights",
                 ("Site", "Machine-readable reservations", "Prose reservations", "Site findings"),
                 [(s.site, s.reserving, s.prose, len(s.findings)) for s in site_rights(result)])

    chart = workbook.add_chart({"type": "column"})
    chart.add_series({
        "name": "Findings",
        "categories": ["Summary", severity_first, 0, severity_first + 3, 0],
        "values": ["Summary", severity_first, 1, severity_first + 3, 1],
        "points": [{"fill": {"color": CHART_COLOURS[s]}} for s in tables.SEVERITY_RANK],
        "data_labels": {"value": True},
    })
    chart.set_title({"name": "Findings by severity"})
    chart.set_legend({"none": True})
    chart.set_y_axis(_count_axis(max(count for _, count, _ in view.severities)))
    sheet.insert_chart(2, 6, chart, {"x_scale": 1.1, "y_scale": 1.0})
    if view.term_types:
        bar = workbook.add_chart({"type": "bar"})
        last = terms_first + len(view.term_types) - 1
        bar.add_series({
            "name": "Terms",
            "categories": ["Summary", terms_first, 0, last, 0],
            "values": ["Summary", terms_first, 1, last, 1],
            "fill": {"color": "#2F75B5"},
            "data_labels": {"value": True},
        })
        bar.set_title({"name": "Reuse terms by type"})
        bar.set_legend({"none": True})
        bar.set_y_axis({"reverse": True})
        bar.set_x_axis(_count_axis(max(count for _, count in view.term_types)))
        sheet.insert_chart(18, 6, bar, {"x_scale": 1.1, "y_scale": 1.0})
    sheet.activate()


def _count_axis(largest: int) -> dict[str, Any]:
    """A value axis for counts: whole numbers, about five gridlines."""
    return {"min": 0, "num_format": "0", "major_unit": max(1, -(-largest // 5)),
            "major_gridlines": {"visible": True}}


def _small_table(
    sheet: Worksheet,
    styles: _Styles,
    row: int,
    title: str,
    headers: tuple[str, ...],
    data: list[tuple[Any, ...]] | Ranked,
    rated: bool = False,
) -> int:
    """A titled table at ``row``, ending with "+N more" when ``data`` is capped; returns the
    row after it (plus a blank line)."""
    ranked = data if isinstance(data, Ranked) else Ranked(data)
    sheet.write_string(row, 0, title, styles.section)
    for col, header in enumerate(headers):
        sheet.write_string(row + 1, col, header, styles.header)
    row += 2
    if not ranked.rows:
        sheet.write_string(row, 0, "(none)", styles.text)
        return row + 2
    for values in ranked.rows:
        label = str(values[0])
        sheet.write_string(row, 0, excel_text(label),
                           styles.rated.get(label, styles.text) if rated else styles.text)
        for col, value in enumerate(values[1:], start=1):
            if isinstance(value, str):  # a verdict among the figures
                sheet.write_string(row, col, value, styles.rated.get(value, styles.text))
            else:
                sheet.write_number(row, col, value, styles.number)
        row += 1
    if ranked.more:
        sheet.write_string(row, 0, ranked.more_label(), styles.note)
        row += 1
    return row + 1


def _findings_sheet(
    workbook: Workbook, styles: _Styles, result: ScanResult, links: FileLinks
) -> None:
    """The findings in a person's columns, most severe first; the technical columns grouped
    and collapsed."""
    sheet = workbook.add_worksheet("Findings")
    views = finding_views(most_severe_first(result.findings), result.matches)
    columns = findings_view.COLUMNS
    dtypes = dict(tables.TABLES["findings"])
    link_count = 0
    for row, view in enumerate(views, start=1):
        links_left = link_count < MAX_LINKS
        link_count += _write_people_cells(sheet, row, view, styles, links if links_left else None)
        for col, (column, value) in enumerate(
            zip(findings_view.TECHNICAL_COLUMNS, view.technical_cells(), strict=True),
            start=len(findings_view.PEOPLE_COLUMNS),
        ):
            _write_cell(sheet, row, col, value, dtypes[column], column, styles)
    last_row = _table_frame(sheet, styles, columns, len(views))
    locations = [view.location for view in views[:WIDTH_SAMPLE]]
    for col, column in enumerate(findings_view.PEOPLE_COLUMNS):
        width = PEOPLE_WIDTHS.get(column) or min(max((len(x) for x in locations), default=0)
                                                 + 2, 48)
        sheet.set_column(col, col, max(width, 10), styles.wrap if column in PEOPLE_WRAPPED
                         else None)
    first = len(findings_view.PEOPLE_COLUMNS)
    for col, column in enumerate(findings_view.TECHNICAL_COLUMNS, start=first):
        sheet.set_column(col, col, _width(column, dtypes[column], result.findings[column]),
                         styles.wrap if column in LONG_TEXT else None,
                         {"level": TECHNICAL_LEVEL, "hidden": True})
    sheet.set_column(len(columns), len(columns), None, None, {"collapsed": True})
    sheet.fit_to_pages(1, 0)  # a person's columns across one printed page
    _rate(sheet, styles, columns, last_row)


def _write_people_cells(
    sheet: Worksheet, row: int, view: FindingView, styles: _Styles, links: FileLinks | None
) -> int:
    """A finding's person's columns at ``row``; returns how many hyperlinks were written
    (none when ``links`` is ``None``: the sheet has all Excel allows)."""
    written = 0
    for col, value in enumerate(view.people_cells()):
        if value is None or value == "":
            continue
        url: Url | str | None = None
        if links is not None and col == LOCATION:  # the scanned file
            url = _file_link(links(view.row.path), excel_text(value))
        elif links is not None and col == SOURCE:  # the original's web page
            url = web_url(view.source_url)
        if url is not None:
            sheet.write_url(row, col, url, styles.link, string=excel_text(value))
            written += 1
        elif isinstance(value, int):
            sheet.write_number(row, col, value, styles.number)
        else:
            wrapped = findings_view.PEOPLE_COLUMNS[col] in PEOPLE_WRAPPED
            sheet.write_string(row, col, excel_text(value), styles.wrap if wrapped
                               else styles.text)
    return written


def _glossary_sheet(workbook: Workbook, styles: _Styles) -> None:
    """Every column of the workbook and every value a reader meets, explained."""
    sheet = workbook.add_worksheet("Glossary")
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 24)
    sheet.set_column(2, 2, 80, styles.wrap)
    for col, header in enumerate(("Section", "Name", "Meaning")):
        sheet.write_string(0, col, header, styles.header)
    listed = [("Findings", "findings", findings_view.COLUMNS),
              *((name, table, tables.COLUMNS[table]) for name, table in SHEETS)]
    row = 1
    for section, entries in glossary.sections(listed):
        for name, meaning in entries:
            sheet.write_string(row, 0, section, styles.text)
            sheet.write_string(row, 1, name, styles.rated.get(name, styles.label))
            sheet.write_string(row, 2, meaning, styles.wrap)
            row += 1
    _table_frame(sheet, styles, ("Section", "Name", "Meaning"), row - 1, headers=False)
    sheet.fit_to_pages(1, 0)


def _table_frame(
    sheet: Worksheet, styles: _Styles, columns: tuple[str, ...] | list[str], rows: int,
    headers: bool = True,
) -> int:
    """The header row (unless written), frozen and repeated on each printed page, and the
    autofilter over ``rows`` rows; returns the last row."""
    if headers:
        for col, column in enumerate(columns):
            sheet.write_string(0, col, column, styles.header)
    last_row = max(rows, 1)
    sheet.freeze_panes(1, 0)
    sheet.repeat_rows(0)  # the header on every printed page
    sheet.set_landscape()
    sheet.autofilter(0, 0, last_row, len(columns) - 1)
    return last_row


def _rate(sheet: Worksheet, styles: _Styles, columns: tuple[str, ...] | list[str],
          last_row: int) -> None:
    """Severity and verdict cells coloured by their value (conditional formats)."""
    for col, column in enumerate(columns):
        for value in RATED_COLUMNS.get(column, ()):
            sheet.conditional_format(1, col, last_row, col, {
                "type": "cell", "criteria": "==", "value": f'"{value}"',
                "format": styles.rated[value],
            })


def _table_sheet(
    workbook: Workbook,
    styles: _Styles,
    name: str,
    table: str,
    frame: pd.DataFrame,
    links: FileLinks,
) -> None:
    sheet = workbook.add_worksheet(name)
    columns = tables.TABLES[table]
    link_count = 0
    names = [column for column, _ in columns]
    status = names.index("status") if "status" in names else None
    for row, values in enumerate(frame.itertuples(index=False, name=None), start=1):
        # a warning's path is as the user gave it, not a scanned file: no link
        warning = status is not None and values[status] == tables.WARNING
        for col, ((column, dtype), value) in enumerate(zip(columns, values, strict=True)):
            url: Url | str | None = None
            if link_count < MAX_LINKS and isinstance(value, str) and value:
                if column in FILE_COLUMNS and not warning:
                    url = _file_link(links(value), excel_text(value))
                elif column in URL_COLUMNS:
                    url = web_url(value)
            if url is not None:
                sheet.write_url(row, col, url, styles.link, string=excel_text(value))
                link_count += 1
            else:
                _write_cell(sheet, row, col, value, dtype, column, styles)
    last_row = _table_frame(sheet, styles, names, len(frame))
    for col, (column, dtype) in enumerate(columns):
        sheet.set_column(col, col, _width(column, dtype, frame[column]),
                         styles.wrap if column in LONG_TEXT else None)
    _rate(sheet, styles, names, last_row)


def _write_cell(
    sheet: Worksheet, row: int, col: int, value: Any, dtype: str, column: str, styles: _Styles
) -> None:
    if tables.is_list(dtype):
        text = "; ".join(str(v) for v in value)
        if text:
            sheet.write_string(row, col, excel_text(text), styles.text)
        return
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return
    if dtype == tables.TEXT:
        if value:
            style = styles.wrap if column in LONG_TEXT else styles.text
            sheet.write_string(row, col, excel_text(str(value)), style)
        return
    if column in ("similarity", "source_fraction"):
        sheet.write_number(row, col, float(value), styles.fraction)
        return
    _write_value(sheet, row, col, value, styles)


def _write_value(sheet: Worksheet, row: int, col: int, value: Any, styles: _Styles) -> None:
    """A typed cell: booleans, numbers, dates as Excel values; anything else as text."""
    if value is None or value is pd.NA:
        return
    if isinstance(value, (bool, np.bool_)):
        sheet.write_boolean(row, col, bool(value), styles.text)
    elif isinstance(value, datetime):
        sheet.write_datetime(row, col, value.replace(tzinfo=None), styles.date)
    elif hasattr(value, "real") and not isinstance(value, str):
        sheet.write_number(row, col, float(value) if isinstance(value, float) else int(value),
                           styles.number)
    else:
        sheet.write_string(row, col, excel_text(str(value)), styles.text)


def _width(column: str, dtype: str, values: pd.Series) -> float:
    if column in LONG_TEXT:
        return 60
    header = len(column) + 3  # room for the autofilter button
    if dtype not in (tables.TEXT, tables.LIST_TEXT, tables.LIST_INT):
        return max(header, 10)
    sample = values.head(WIDTH_SAMPLE)
    longest = max((len("; ".join(map(str, v)) if isinstance(v, list) else str(v))
                   for v in sample), default=0)
    return min(max(header, longest + 2), 48)
