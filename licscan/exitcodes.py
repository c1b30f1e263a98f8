"""licscan's exit codes, the same for every command, so that a script or a CI gate can tell
"something blocks" from "licscan could not do its job"."""

EXIT_OK = 0
# Something blocks: an unaccepted finding at or above --fail-on, or a failing rule example.
EXIT_FINDINGS = 1
# Usage error, invalid configuration, rule file, index or baseline, internal error: never 1.
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as shells report a command stopped by it
