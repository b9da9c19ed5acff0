#!/usr/bin/env bash
# Checks run_e2e.py itself: pass.t must pass, the fail_*.t files must fail for
# the right reason, and temp directories and processes must not be left over.
# Exits 0 iff the runner behaves correctly.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
runner="$here/../run_e2e.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A bin dir with a probe tool, to see that it is put first on PATH.
mkdir "$work/bin" "$work/tmp"
printf '#!/bin/sh\necho probe ok\n' >"$work/bin/e2e-probe"
chmod +x "$work/bin/e2e-probe"
# The runner's temp dirs land here, so we can see they are cleaned up.
export TMPDIR="$work/tmp"
# Must not leak into the tests (pass.t checks that they are unset).
export BD_ACTOR=someone GIT_DIR=/nonexistent

failures=0
fail() {
  echo "selftest FAILED: $*"
  sed 's/^/    | /' <<<"$out"
  failures=$((failures + 1))
}

# run ARGS...: runs the runner, keeping its output in $out and status in $status.
# The outer timeout turns a hanging runner into a failure.
run() {
  out=$(timeout 100 python3 "$runner" "$@" 2>&1)
  status=$?
}
expect_status() { [ "$status" = "$1" ] || fail "exit status $status, want $1"; }
expect_line() { grep -qxF -- "$1" <<<"$out" || fail "no output line: $1"; }
expect_no_temp_left() { [ -z "$(ls -A "$TMPDIR")" ] || fail "temp dirs left: $(ls "$TMPDIR")"; }

# A relative --bin-dir must work although each test runs in its own directory.
# The runner's stdin must not reach the tests (`cat` in pass.t would print it).
out=$(cd "$work" && timeout 100 python3 "$runner" --bin-dir bin "$here/pass.t" 2>&1 <<<"leaked stdin")
status=$?
expect_status 0
expect_line "PASS $here/pass.t"
expect_line "1 passed, 0 failed"
expect_no_temp_left

run --bin-dir "$work/bin" "$here/fail_output.t"
expect_status 1
expect_line "FAIL $here/fail_output.t"
expect_line "$here/fail_output.t:5: unexpected output or exit status of"
expect_line '  $ echo hello'
expect_line '-  goodbye'
expect_line '+  hello'
expect_line "0 passed, 1 failed"
expect_no_temp_left

run --bin-dir "$work/bin" "$here/fail_exit.t"
expect_status 1
expect_line "FAIL $here/fail_exit.t"
expect_line '+  [1]'
expect_line '-  [2]'
[ "$(grep -c 'unexpected output' <<<"$out")" = 2 ] || fail "want exactly two failing commands"
expect_no_temp_left

# Several files: one summary line, and a nonzero status if any fails.
run --bin-dir "$work/bin" "$here/pass.t" "$here/fail_output.t" "$here/fail_exit.t"
expect_status 1
expect_line "PASS $here/pass.t"
expect_line "1 passed, 2 failed"
[ "$(tail -n 1 <<<"$out")" = "1 passed, 2 failed" ] || fail "summary is not the last line"

# The timeout fails the file promptly and kills the whole process group.
start=$SECONDS
run --bin-dir "$work/bin" --timeout 2 --keep "$here/fail_timeout.t"
expect_status 1
expect_line "FAIL $here/fail_timeout.t"
grep -q "fail_timeout.t:6: timed out after 2 s" <<<"$out" || fail "no timeout message"
expect_line '  waiting'
(( SECONDS - start < 30 )) || fail "timeout took $((SECONDS - start)) s"
kept=$(sed -n 's/^kept //p' <<<"$out")
if [ -f "$kept/sleeper.pid" ]; then
  pid=$(cat "$kept/sleeper.pid")
  sleep 0.2
  # Gone, or a zombie waiting for a reaper that never comes (some containers).
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)
  [ -z "$state" ] || [ "$state" = Z ] || fail "background sleeper $pid survived (state $state)"
else
  fail "--keep did not keep the test directory"
fi

# Malformed files fail instead of crashing the runner.
printf '  stray output\n' >"$work/malformed.t"
run --bin-dir "$work/bin" "$work/malformed.t" "$work/missing.t"
expect_status 1
expect_line "$work/malformed.t: line 1: expected output before any command"
expect_line "0 passed, 2 failed"

if ((failures)); then
  echo "selftest: $failures check(s) failed"
  exit 1
fi
echo "selftest: ok"
