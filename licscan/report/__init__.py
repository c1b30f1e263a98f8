"""Report tables and writers: the scan's DataFrames as CSV, JSON, Parquet, XLSX and HTML.

:mod:`.tables` holds the column lists (the report schema, documented in ``docs/schema.md``);
:mod:`.writers` the atomic file writers; :mod:`.xlsx` the audit workbook; :mod:`.html` the
self-contained HTML report; :mod:`.summary` the terminal summary.
"""
