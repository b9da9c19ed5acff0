# Helpers for the .t files: `. "$TESTDIR/lib.sh"`.

# j EXPR: evaluates a Python expression over the JSON on stdin, bound to d.
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# refused ARGS...: runs `bd ARGS` as text and as --json and prints only what
# breaks the error contract (exit 1; one "Error: ..." line on stderr and
# nothing on stdout; under --json an error object on stdout, nothing on stderr).
refused() {
  local out rc
  out=$(bd "$@" 2>err.txt); rc=$?
  [ $rc = 1 ] || echo "text: exit $rc"
  [ -z "$out" ] || echo "text: stdout: $out"
  [ "$(wc -l < err.txt)" = 1 ] && grep -q '^Error: .' err.txt || { echo "text: stderr:"; cat err.txt; }
  out=$(bd "$@" --json 2>err.txt); rc=$?
  [ $rc = 1 ] || echo "json: exit $rc"
  [ -s err.txt ] && { echo "json: stderr:"; cat err.txt; }
  printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert isinstance(d, dict) and isinstance(d["error"], str) and d["error"] and d["schema_version"] == 1
' 2>/dev/null || echo "json: stdout is not an error object: $out"
  rm -f err.txt
}

# snapshot: the ledger's chain files (shared and local), to show that
# nothing was written.
snapshot() {
  ls .beads/log; ls .beads/wisp 2>/dev/null
  cat .beads/log/*.jsonl .beads/wisp/*.jsonl 2>/dev/null | md5sum
}
