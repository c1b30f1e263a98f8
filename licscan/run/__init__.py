"""Running a scan: the context, one file's unit of work, the engines and the cache."""
