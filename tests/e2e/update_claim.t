bd update: changing fields (text and JSON), status transitions, --claim as
a compare-and-set between actors, and bad input.

  $ export BD_ACTOR=alice
  $ bd init -q --prefix up
  $ j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
  $ snapshot() { ls .beads/log; cat .beads/log/*.jsonl | md5sum; }
  $ A=$(bd create "Alpha" --silent) && B=$(bd create "Beta" --silent) && C=$(bd create "Gamma" --silent)

Fields:

  $ bd update $A --title "Alpha two" -p P1 -t bug -d "It breaks" --design "Fix the parser" \
  >   --acceptance "No crash" --notes "Seen in prod" -a carol --external-ref gh-12 -e 45
  ✓ Updated issue: up-[0-9a-z]{3} — Alpha two (re)
  $ bd show $A --json | j '[(k, d[0][k]) for k in ("title", "priority", "issue_type", "description", "design", "acceptance_criteria", "notes", "assignee", "external_ref", "estimated_minutes", "status")]'
  [('title', 'Alpha two'), ('priority', 1), ('issue_type', 'bug'), ('description', 'It breaks'), ('design', 'Fix the parser'), ('acceptance_criteria', 'No crash'), ('notes', 'Seen in prod'), ('assignee', 'carol'), ('external_ref', 'gh-12'), ('estimated_minutes', 45), ('status', 'open')]
  $ bd update $A -a "" --json | j 'type(d).__name__, len(d), d[0]["id"] == "'$A'", "assignee" in d[0]'
  list 1 True False
  $ bd update $A $B -p 0 --json | j '[(b["title"], b["priority"]) for b in d]'
  [('Alpha two', 0), ('Beta', 0)]
  $ bd update $A $B -p 3
  ✓ Updated issue: up-[0-9a-z]{3} — Alpha two (re)
  ✓ Updated issue: up-[0-9a-z]{3} — Beta (re)
  $ bd update $A -q -p 2
  $ bd update ${A#up-} --notes "by short id" --json | j 'd[0]["notes"]'
  by short id

No flags: nothing to do, nothing written.

  $ before=$(snapshot)
  $ bd update $A
  No updates specified
  $ bd update $A --json
  []
  $ bd update $A -p 2 --notes "by short id"
  ✓ Updated issue: up-[0-9a-z]{3} — Alpha two (re)
  $ [ "$(snapshot)" = "$before" ] && echo "a no-op writes nothing"
  a no-op writes nothing

Status: in_progress sets started_at once; closed sets closed_at; leaving
closed clears it.

  $ bd update $C -s in_progress --json | j 'd[0]["status"], d[0]["started_at"][:2]'
  in_progress 20
  $ started=$(bd show $C --json | j 'd[0]["started_at"]')
  $ bd update $C -s open -q && bd update $C -s in_progress -q
  $ [ "$(bd show $C --json | j 'd[0]["started_at"]')" = "$started" ] && echo "started_at kept"
  started_at kept
  $ bd update $C -s closed --json | j 'd[0]["status"], "closed_at" in d[0]'
  closed True
  $ bd update $C -s open --json | j 'd[0]["status"], "closed_at" in d[0], "close_reason" in d[0]'
  open False False
  $ for s in blocked deferred pinned hooked open; do bd update $C -s $s --json | j 'd[0]["status"]'; done
  blocked
  deferred
  pinned
  hooked
  open

--defer: the bead is deferred until then (as with create --defer, and
docs/bd.md: "A bead deferred with `--defer` is `deferred` until its time
comes"); "" clears it and the bead is open again.

  $ H=$(bd create "Later" --silent)
  $ bd update $H --defer +1d --json | j 'd[0]["status"], "defer_until" in d[0]'
  deferred True
  $ bd ready --json | j '"Later" in [b["title"] for b in d]'
  False
  $ bd update $H --defer "" --json | j 'd[0]["status"], "defer_until" in d[0]'
  open False
  $ bd ready --json | j '"Later" in [b["title"] for b in d]'
  True
  $ bd close $H -q

--claim: assignee := the actor, status := in_progress, atomically.

  $ bd update $B --claim
  ✓ Claimed issue: up-[0-9a-z]{3} — Beta (re)
  $ bd show $B --json | j 'd[0]["assignee"], d[0]["status"], "started_at" in d[0]'
  alice in_progress True

The same actor claiming again succeeds and writes nothing:

  $ before=$(snapshot)
  $ bd update $B --claim --json | j 'd[0]["assignee"], d[0]["status"]'
  alice in_progress
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written

A second actor is refused, in text and JSON, and nothing is written:

  $ BD_ACTOR=bob bd update $B --claim
  Error: issue up-[0-9a-z]{3} already claimed by alice \(pick another with `bd ready`\) (re)
  [1]
  $ bd --actor bob update $B --claim --json
  {
    "error": "issue up-[0-9a-z]{3} already claimed by alice", (re)
    "hint": "pick another with `bd ready`",
    "schema_version": 1
  }
  [1]
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
  $ bd show $B --json | j 'd[0]["assignee"]'
  alice

A bead assigned to someone else, or not open, cannot be claimed:

  $ D=$(bd create "Delta" -a bob --silent)
  $ bd update $D --claim
  Error: issue up-[0-9a-z]{3} already claimed by bob \(pick another with `bd ready`\) (re)
  [1]
  $ BD_ACTOR=bob bd update $D --claim --json | j 'd[0]["assignee"], d[0]["status"]'
  bob in_progress
  $ bd close $C -q && bd update $C --claim
  Error: issue up-[0-9a-z]{3} not claimable: status closed \(only open issues can be claimed\) (re)
  [1]
  $ bd update $C --claim --json | j 'd["error"][-28:]'
  not claimable: status closed
  $ E=$(bd create "Eps" -a alice --silent) && bd update $E --claim --json | j 'd[0]["assignee"], d[0]["status"]'
  alice in_progress

Claim and other fields together:

  $ F=$(bd create "Phi" --silent) && bd update $F --claim -p 0 --json | j 'd[0]["assignee"], d[0]["status"], d[0]["priority"]'
  alice in_progress 0

Processes racing for one bead: exactly one wins, the others write nothing.

  $ R=$(bd create "Hot" --silent)
  $ for i in 1 2 3 4 5 6; do (bd --actor agent$i update $R --claim >/dev/null 2>&1 && echo won) & done; wait
  won
  $ bd history $R --json | j '[h["op"] for h in d]'
  ['bead.create', 'bead.claim']
  $ bd close $R -q

Several ids: the ones that can be claimed are, the others are reported;
exit 1 only if none was done.

  $ G=$(bd create "Gee" --silent)
  $ BD_ACTOR=bob bd update $B $G --claim
  Error updating up-[0-9a-z]{3}: issue up-[0-9a-z]{3} already claimed by alice (re)
  ✓ Claimed issue: up-[0-9a-z]{3} — Gee (re)
  $ BD_ACTOR=carol bd update $B $G --claim
  Error updating up-[0-9a-z]{3}: issue up-[0-9a-z]{3} already claimed by alice (re)
  Error updating up-[0-9a-z]{3}: issue up-[0-9a-z]{3} already claimed by bob (re)
  [1]

Bad input: one line, exit 1, a JSON error, nothing written.

  $ before=$(snapshot)
  $ bd update $A -s finished
  Error: invalid status "finished" (built-in: open, in_progress, blocked, deferred, closed, pinned, hooked)
  [1]
  $ bd update $A -s finished --json
  {
    "error": "invalid status \"finished\" (built-in: open, in_progress, blocked, deferred, closed, pinned, hooked)",
    "schema_version": 1
  }
  [1]
  $ bd update $A -s ""
  Error: invalid status "" (built-in: open, in_progress, blocked, deferred, closed, pinned, hooked)
  [1]
  $ bd update $A -p high
  Error: invalid priority "high" (expected 0-4 or P0-P4, not words like high/medium/low) (0 is the most urgent, 4 the least; the default is 2)
  [1]
  $ bd update $A -p 5 --json | j 'd["error"]'
  invalid priority "5" (expected 0-4 or P0-P4, not words like high/medium/low)
  $ bd update $A -t bogus
  Error: invalid issue type: bogus (use one of bug, feature, task, epic, chore, decision, spike, story, milestone)
  [1]
  $ bd update $A --title ""
  Error: title cannot be empty
  [1]
  $ bd update $A --title "" --json | j 'd["error"]'
  title cannot be empty
  $ bd update $A -e -1
  Error: estimate must be a non-negative number of minutes
  [1]
  $ bd update $A --defer someday 2>&1 | grep -c '^Error: invalid time "someday"'
  1
  $ bd update up-nope -p 1
  Error: no issue found matching "up-nope" (check the id with `bd list`)
  [1]
  $ bd update up-nope -p 1 --json | j 'd["error"]'
  no issue found matching "up-nope"
  $ bd update $A up-nope -p 1
  Error: no issue found matching "up-nope" (check the id with `bd list`)
  [1]
  $ bd update -p 1
  Error: at least one issue ID is required (bd update ID [--status S] [--claim] …)
  [1]
  $ bd update --claim --json | j 'd["error"]'
  at least one issue ID is required
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written

A title over 500 characters is refused for what it is, not as "empty":

  $ bd update $A --title "$(printf 'y%.0s' $(seq 501))"
  Error: title must be 500 characters or less (got 501)
  [1]
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written

Labels and appended notes through update, as beads' --add-label,
--remove-label and --append-notes:

  $ L=$(bd create "Labelled" -l keep --silent)
  $ bd update $L --add-label ui,api --add-label db --append-notes "first" -q
  $ bd update $L --remove-label ui --append-notes "second" --json | j 'd[0]["labels"], d[0]["notes"]'
  ['api', 'db', 'keep'] first
  second
  $ before=$(snapshot)
  $ bd update $L --add-label "bad label"
  Error: invalid label "bad label": labels cannot contain spaces or commas (use dashes, e.g. needs-review)
  [1]
  $ bd update $L --notes x --append-notes y
  Error: cannot specify both --notes and --append-notes (use one of them)
  [1]
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
