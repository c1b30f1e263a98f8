"""The pre-commit gate: the check of staged files, its SARIF output and the git hook."""
