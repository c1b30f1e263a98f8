"""Report tables and writers: the scan's DataFrames as CSV, JSON, Parquet, XLSX and HTML.

- :mod:`.tables`: the column lists (the report schema, documented in ``docs/schema.md``) and
  the builder that turns per-document results into DataFrames;
- :mod:`.formats`: the registry of report formats (suffixes, writer, reader where there is one);
- :mod:`.tabular`: atomic writes, CSV/JSON/Parquet writers and the readers of saved results;
- :mod:`.xlsx`: the audit workbook; :mod:`.html` (with :mod:`.side_by_side`): the HTML report;
- :mod:`.cells`, :mod:`.links`: formula-safe cells and the only links reports ever make;
- :mod:`.overview`: the figures shared by the summaries; :mod:`.summary`: the terminal summary.
"""
