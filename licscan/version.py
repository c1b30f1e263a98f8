"""licscan's version (read by the reports, the cache key and ``--version``)."""

__version__ = "0.1.0"
