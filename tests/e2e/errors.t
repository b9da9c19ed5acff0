The error contract, command by command: bad input gives exactly one line
"Error: ..." on stderr and nothing on stdout, exit 1; under --json it gives
an {"error": ..., "schema_version": 1} object on stdout and nothing on
stderr, exit 1; and nothing is written to the ledger.

`refused ARGS...` runs `bd ARGS` both ways and prints only what breaks the
contract, so each command below expects no output.

  $ export BD_ACTOR=alice
  $ refused() {
  >   local out rc
  >   out=$(bd "$@" 2>err.txt); rc=$?
  >   [ $rc = 1 ] || echo "text: exit $rc"
  >   [ -z "$out" ] || echo "text: stdout: $out"
  >   [ "$(wc -l < err.txt)" = 1 ] && grep -q '^Error: .' err.txt || { echo "text: stderr:"; cat err.txt; }
  >   out=$(bd "$@" --json 2>err.txt); rc=$?
  >   [ $rc = 1 ] || echo "json: exit $rc"
  >   [ -s err.txt ] && { echo "json: stderr:"; cat err.txt; }
  >   printf '%s' "$out" | python3 -c '
  > import json, sys
  > d = json.load(sys.stdin)
  > assert isinstance(d, dict) and isinstance(d["error"], str) and d["error"] and d["schema_version"] == 1
  > ' 2>/dev/null || echo "json: stdout is not an error object: $out"
  > }
  $ snapshot() { ls .beads/log; cat .beads/log/*.jsonl | md5sum; }

Outside a ledger:

  $ refused list
  $ refused create "x"
  $ refused ready
  $ refused verify

In a ledger:

  $ git init -q p && cd p
  $ bd init -q --prefix er
  $ A=$(bd create "Alpha" --silent) && B=$(bd create "Beta" --deps blocked-by:$A --silent)
  $ E=$(bd create "Epic" -t epic --silent) && K=$(bd create "Kid" --parent $E --silent)
  $ G=$(bd create "Grandkid" --parent $K --silent)
  $ C=$(bd create "Closed" --silent) && bd close $C -q
  $ P=$(bd create "Pinned" --silent) && bd update $P -s pinned -q
  $ bd update $A --claim -q
  $ bd create "One" --id er-abc1 -q && bd create "Two" --id er-abc2 -q
  er-abc1
  er-abc2
  $ before=$(snapshot)

init:

  $ refused init
  $ refused init --prefix "no spaces"

create:

  $ refused create
  $ refused create ""
  $ refused create "   "
  $ refused create "$(printf 'x%.0s' $(seq 501))"
  $ refused create "x" -p 5
  $ refused create "x" -p high
  $ refused create "x" -p P9
  $ refused create "x" -t bogus
  $ refused create "x" -e -5
  $ refused create "x" -e lots
  $ refused create "x" --parent er-zzz
  $ refused create "x" --parent $E --id er-both
  $ refused create "x" --id nodash
  $ refused create "x" --id er-abc1
  $ refused create "x" --deps er-zzz
  $ refused create "x" --deps blocks:er-zzz
  $ refused create "x" --deps frobs:$A
  $ refused create "x" --deps blocks:$A,blocked-by:$A
  $ refused create "x" --defer someday
  $ refused create -- "-dash"
  $ refused create "x" --frobnicate

show:

  $ refused show
  $ refused show er-zzz
  $ refused show abc
  $ refused show ""
  $ refused show $A er-zzz

list:

  $ refused list -s bogus
  $ refused list -p 7
  $ refused list -t bogus
  $ refused list --sort sideways
  $ refused list -n -1
  $ refused list --parent er-zzz

update:

  $ refused update
  $ refused update er-zzz -p 1
  $ refused update $B er-zzz -p 1
  $ refused update $B -s finished
  $ refused update $B -p high
  $ refused update $B -t bogus
  $ refused update $B --title ""
  $ refused update $B --title "$(printf 'y%.0s' $(seq 501))"
  $ refused update $B -e -1
  $ refused update $B --defer someday
  $ refused update $A --claim --actor bob
  $ refused update $C --claim

close and reopen:

  $ refused close
  $ refused close er-zzz
  $ refused close $B er-zzz
  $ refused close $B
  $ refused close $E
  $ refused close $P
  $ refused reopen
  $ refused reopen er-zzz

dep:

  $ refused dep
  $ refused dep add $A
  $ refused dep add $A $A
  $ refused dep add $A $B
  $ refused dep add $A er-zzz
  $ refused dep add er-zzz $A
  $ refused dep add $B $A --type related
  $ refused dep add $A $B --type "two words"
  $ refused dep add $G $E
  $ refused dep remove $A $B
  $ refused dep remove $A er-zzz
  $ refused dep tree er-zzz
  $ refused dep tree $A --direction sideways
  $ refused dep tree $A -d 0
  $ refused dep cycles extra

ready, blocked, history, verify, whoami, doctor:

  $ refused ready --sort random
  $ refused ready -n -1
  $ refused ready -p 9
  $ refused ready -t bogus
  $ refused blocked extra
  $ refused history
  $ refused history er-zzz
  $ refused verify extra
  $ refused whoami extra
  $ refused doctor --cure

Nothing above wrote to the ledger:

  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written

Several ids where every one is refused: still exit 1 and, under --json, an
error object on stdout rather than an empty array and text on stderr.

  $ E2=$(bd create "Epic two" -t epic --silent) && bd create "Kid two" --parent $E2 -q >/dev/null
  $ before=$(snapshot)
  $ bd close $E $E2 2>&1 | sed 's/er-[0-9a-z]\{3\}/ID/g'; echo "exit ${PIPESTATUS[0]}"
  Error closing ID: cannot close epic ID: 1 open child issue(s); close children first or use --force to override
  Error closing ID: cannot close epic ID: 1 open child issue(s); close children first or use --force to override
  exit 1
  $ bd update $A $C --claim --actor bob 2>&1 | sed 's/er-[0-9a-z]\{3\}/ID/g'; echo "exit ${PIPESTATUS[0]}"
  Error updating ID: issue ID already claimed by alice
  Error updating ID: issue ID not claimable: status closed
  exit 1
  $ bd close $E $E2 --json 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); print(type(d).__name__, "error" in d)'
  dict True
  $ bd update $A $C --claim --actor bob --json 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); print(type(d).__name__, "error" in d)'
  dict True
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written

An unknown command names itself (beads: unknown command "frob" for "bd"):

  $ bd
  Error: A subcommand is required (see `bd --help`)
  [1]
  $ bd frob 2>&1 | grep -c '"\?frob"\?'
  1
  $ bd dep frob 2>&1 | grep -c '"\?frob"\?'
  1
