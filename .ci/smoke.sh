#!/usr/bin/env bash
# Smoke test of a plain `pip install .` (no extras) in a fresh virtualenv: every documented
# command runs outside the repository, with the exit code it promises and no Python traceback.
# Exit status: 0 when every step passed, else 1.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
venv="$work/venv"

python3 -m venv "$venv" \
  && "$venv/bin/python" -m pip install --quiet --upgrade pip \
  && "$venv/bin/python" -m pip install --quiet "$repo" \
  || { echo "smoke: FAIL: pip install . into a fresh virtualenv" >&2; exit 1; }
licscan="$venv/bin/licscan"

# The bundled examples, copied beside a git repository of their own (for the hook commands).
cp -r "$repo/examples" "$work/examples"
cd "$work"
git init --quiet .

failed=0
fail() {
  echo "smoke: FAIL: $1" >&2
  sed 's/^/  | /' stderr >&2
  failed=$((failed + 1))
}

# expect CODE ARGS...: `licscan ARGS` exits CODE and prints no traceback.
expect() {
  local want=$1 got
  shift
  "$licscan" "$@" >stdout 2>stderr
  got=$?
  if [ "$got" -ne "$want" ]; then
    fail "licscan $* (exit $got, expected $want)"
  elif grep -q "Traceback" stderr; then
    fail "licscan $* (a traceback on stderr)"
  else
    echo "smoke: ok (exit $got): licscan $*"
  fi
}

# expect_usage_error ARGS...: exit 2 with a one-line message on stderr.
expect_usage_error() {
  expect 2 "$@"
  if [ "$(wc -l <stderr)" -ne 1 ]; then
    fail "licscan $* (stderr is not one line)"
  fi
}

# expect_file PATH: a command above wrote PATH.
expect_file() {
  [ -s "$1" ] || fail "$1 was not written"
}

draft=examples/drafts/harbour-roundup.md
source=examples/site/harbourlight/tide-gauge-study.html

expect 0 --version
expect 1 scan examples --sources examples/site --report result.json --report audit.xlsx \
  --report report.html
expect_file result.json
expect_file audit.xlsx
expect_file report.html
expect 0 check "$source" --sources examples/site
expect 1 check "$draft" --sources examples/site
expect_usage_error check "$draft" --no-such-flag
expect_usage_error scan examples --no-such-flag
expect_usage_error no-such-command
expect 0 index build examples/site --index idx
expect 0 index info --index idx
expect 1 check "$draft" --sources idx
expect 0 report result.json --report again.html
expect_file again.html
expect 0 rules list
expect 0 rules test
expect 0 hook install -- --sources idx
expect_file .git/hooks/pre-commit
# The hook blocks a commit of the uncredited draft, naming the finding.
git add "$draft"
git -c user.name=smoke -c user.email=smoke@example.invalid commit -qm draft >stdout 2>stderr
committed=$?
if [ "$committed" -eq 0 ] || grep -q "Traceback" stderr || ! grep -q "reuse.uncredited" stdout stderr
then
  fail "git commit of the uncredited draft (exit $committed, expected the hook to block it)"
else
  echo "smoke: ok: the pre-commit hook blocks a commit of the uncredited draft"
fi
expect 0 hook uninstall
expect 0 baseline create examples --sources examples/site
expect_file .licscan-baseline.json
expect 0 check "$draft" --sources examples/site
expect 0 baseline update examples --sources examples/site

echo "smoke: $failed failed step(s)"
[ "$failed" -eq 0 ]
