bd close and bd reopen: reasons, refusals (open children, open blockers,
pinned) and --force, already closed / already open, batches, bad input.

  $ export BD_ACTOR=alice
  $ bd init -q --prefix cl
  $ j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
  $ snapshot() { ls .beads/log; cat .beads/log/*.jsonl | md5sum; }
  $ A=$(bd create "Alpha" --silent) && B=$(bd create "Beta" --deps blocked-by:$A --silent)

Close with and without a reason:

  $ bd close $A --reason "Fixed in abc123"
  ✓ Closed cl-[0-9a-z]{3}: Fixed in abc123 (re)
  $ bd show $A --json | j 'd[0]["status"], d[0]["close_reason"], d[0]["closed_at"][:2]'
  closed Fixed in abc123 20
  $ bd show $A | grep -E '^(✓|Close reason)'
  ✓ cl-[0-9a-z]{3} · Alpha   \[● P2 · CLOSED\] (re)
  Close reason: Fixed in abc123
  $ C=$(bd create "Gamma" --silent) && bd close $C
  ✓ Closed cl-[0-9a-z]{3}: Closed (re)
  $ D=$(bd create "Delta" --silent) && bd done $D -r "via alias" --json | j 'type(d).__name__, d[0]["status"], d[0]["close_reason"]'
  list closed via alias
  $ E=$(bd create "Eps" --silent) && bd close $E -q && bd show $E --json | j 'd[0]["status"]'
  closed

Closing a closed bead says so, is not an error, and writes nothing:

  $ before=$(snapshot)
  $ bd close $A
  cl-[0-9a-z]{3} is already closed (re)
  $ bd close $A --reason "again" --json | j 'd[0]["close_reason"]'
  Fixed in abc123
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written

A bead with open blockers is refused unless --force:

  $ F=$(bd create "Blocker" --silent) && G=$(bd create "Waits" --deps blocked-by:$F --silent)
  $ before=$(snapshot)
  $ bd close $G
  Error: cannot close cl-[0-9a-z]{3}: blocked by open issues \[cl-[0-9a-z]{3}\] \(use --force to override\) (re)
  [1]
  $ bd close $G --json
  {
    "error": "cannot close cl-[0-9a-z]{3}: blocked by open issues \[cl-[0-9a-z]{3}\] \(use --force to override\)", (re)
    "schema_version": 1
  }
  [1]
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
  $ bd close $G --force -r "done anyway"
  ✓ Closed cl-[0-9a-z]{3}: done anyway (re)

An epic (any parent) with open children is refused unless --force:

  $ EP=$(bd create "Epic" -t epic --silent) && K1=$(bd create "Kid" --parent $EP --silent) && K2=$(bd create "Kid two" --parent $EP --silent)
  $ bd close $K1 -q
  $ before=$(snapshot)
  $ bd close $EP
  Error: cannot close epic cl-[0-9a-z]{3}: 1 open child issue\(s\); close children first or use --force to override (re)
  [1]
  $ bd close $EP --json | j 'd["error"].split(": ", 1)[1]'
  1 open child issue(s); close children first or use --force to override
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
  $ bd close $K2 $EP
  ✓ Closed cl-[0-9a-z]{3}\.2: Closed (re)
  ✓ Closed cl-[0-9a-z]{3}: Closed (re)
  $ EP2=$(bd create "Epic two" -t epic --silent) && bd create "Open kid" --parent $EP2 -q >/dev/null
  $ bd close $EP2 -f --json | j 'd[0]["status"]'
  closed

A pinned bead is refused unless --force:

  $ P=$(bd create "Pinned context" --silent) && bd update $P -s pinned -q
  $ bd close $P
  Error: cannot modify pinned issue cl-[0-9a-z]{3} \(use --force to override\) (re)
  [1]
  $ bd close $P --force -q && bd show $P --json | j 'd[0]["status"]'
  closed

Several ids: refused ones are reported and skipped, the rest are closed;
exit 1 only when nothing was closed.

  $ H=$(bd create "Eta" --silent) && I=$(bd create "Iota" --deps blocked-by:$H --silent)
  $ bd close $I $H
  Error closing cl-[0-9a-z]{3}: cannot close cl-[0-9a-z]{3}: blocked by open issues \[cl-[0-9a-z]{3}\] \(use --force to override\) (re)
  ✓ Closed cl-[0-9a-z]{3}: Closed (re)
  $ J=$(bd create "Jot" --deps blocked-by:$I --silent) && K=$(bd create "Kay" --deps blocked-by:$I --silent)
  $ bd close $J $K
  Error closing cl-[0-9a-z]{3}: cannot close cl-[0-9a-z]{3}: blocked by open issues \[cl-[0-9a-z]{3}\] \(use --force to override\) (re)
  Error closing cl-[0-9a-z]{3}: cannot close cl-[0-9a-z]{3}: blocked by open issues \[cl-[0-9a-z]{3}\] \(use --force to override\) (re)
  [1]

An unknown id anywhere refuses the whole command (nothing is closed):

  $ before=$(snapshot)
  $ bd close $I cl-nope
  Error: no issue found matching "cl-nope" (check the id with `bd list`)
  [1]
  $ bd close cl-nope --json
  {
    "error": "no issue found matching \"cl-nope\"",
    "hint": "check the id with `bd list`",
    "schema_version": 1
  }
  [1]
  $ bd close
  Error: no issue ID provided (bd close ID [--reason R])
  [1]
  $ bd close --json | j 'd["error"]'
  no issue ID provided
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
  $ bd show $I --json | j 'd[0]["status"]'
  open

Reopen: status open, closed_at and close_reason cleared, the reason kept as
a comment.

  $ bd reopen $A
  ↻ Reopened cl-[0-9a-z]{3} (re)
  $ bd show $A --json | j 'd[0]["status"], "closed_at" in d[0], "close_reason" in d[0]'
  open False False
  $ bd close $A -q && bd reopen $A --reason "Regressed in 2.1"
  ↻ Reopened cl-[0-9a-z]{3}: Regressed in 2.1 (re)
  $ bd history $A --json | j '[h["op"] for h in d][-2:], d[-1]["data"]'
  ['bead.reopen', 'comment.add'] {'text': 'Regressed in 2.1'}
  $ bd show $A --json | j 'd[0]["comment_count"]'
  1
  $ bd reopen $C -q; bd reopen $D --json | j 'type(d).__name__, d[0]["status"]'
  list open
  $ bd show $C --json | j 'd[0]["status"]'
  open

Reopening an open bead says so, is not an error, and writes nothing:

  $ before=$(snapshot)
  $ bd reopen $A
  cl-[0-9a-z]{3} is already open (re)
  $ bd reopen $A --json | j 'd[0]["status"]'
  open
  $ bd reopen cl-nope
  Error: no issue found matching "cl-nope" (check the id with `bd list`)
  [1]
  $ bd reopen cl-nope --json | j 'd["error"]'
  no issue found matching "cl-nope"
  $ bd reopen
  Error: no issue ID provided (bd reopen ID)
  [1]
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written

A reopened blocker blocks again:

  $ bd ready --json | j '"Iota" in [b["title"] for b in d]'
  True
  $ bd reopen $H -q && bd ready --json | j '"Iota" in [b["title"] for b in d]'
  False
