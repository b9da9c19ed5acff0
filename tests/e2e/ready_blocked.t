bd ready and bd blocked: what can be worked on now, in beads' order, and
what waits on what.

  $ export BD_ACTOR=alice
  $ bd init -q --prefix rd
  $ j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
  $ snapshot() { ls .beads/log; cat .beads/log/*.jsonl | md5sum; }
  $ titles() { j '", ".join(b["title"] for b in d)'; }

Empty ledger:

  $ bd ready
  ✨ No open issues
  $ bd ready --json
  []
  $ bd blocked
  ✨ No blocked issues
  $ bd blocked --json
  []

Order: priority, then newest first; --sort oldest for oldest first.

  $ bd create "low" --id rd-low -p 3 -q && bd create "urgent" --id rd-urg -p 0 -q
  rd-low
  rd-urg
  $ bd create "mid" --id rd-mid -p 1 -q && bd create "mid newer" --id rd-mid2 -p 1 -q
  rd-mid
  rd-mid2
  $ bd ready
  📋 Ready work (4 issues with no active blockers):
  
  1. [● P0] [task] rd-urg: urgent
  2. [● P1] [task] rd-mid2: mid newer
  3. [● P1] [task] rd-mid: mid
  4. [● P3] [task] rd-low: low
  $ bd ready --sort oldest --json | titles
  low, urgent, mid, mid newer
  $ bd ready --json | j 'type(d).__name__, sorted(d[0])'
  list ['comment_count', 'created_at', 'created_by', 'dependency_count', 'dependent_count', 'id', 'issue_type', 'owner', 'priority', 'status', 'title', 'updated_at']

--limit cuts the list and says so on stderr; --json stays a plain array.

  $ bd ready -n 2
  📋 Ready work (2 issues with no active blockers):
  
  1. [● P0] [task] rd-urg: urgent
  2. [● P1] [task] rd-mid2: mid newer
  
  Showing 2 of 4 ready issues. Use --limit 0 for all.
  $ bd ready -n 2 2>/dev/null | tail -1
  2. [● P1] [task] rd-mid2: mid newer
  $ bd ready --limit 1 --json | titles
  urgent
  $ bd ready -n 0 --json | j 'len(d)'
  4
  $ bd ready -n 4 2>&1 | grep -c Showing
  0
  [1]

Blocked beads are not ready; closing the blocker frees them.

  $ bd create "waits" --id rd-wait -p 0 --deps blocked-by:rd-low -q
  rd-wait
  $ bd ready --json | titles
  urgent, mid newer, mid, low
  $ bd blocked
  🚫 Blocked issues (1):
  
  [● P0] rd-wait: waits
    Blocked by 1 open dependencies: [rd-low]

In-progress, blocked, deferred and closed beads are not ready:

  $ bd create "taken" --id rd-taken -q && bd update rd-taken --claim -q
  rd-taken
  $ bd create "stuck" --id rd-stuck -q && bd update rd-stuck -s blocked -q
  rd-stuck
  $ bd create "done" --id rd-done -q && bd close rd-done -q
  rd-done
  $ bd create "later" --id rd-later -p 0 --defer +1d -q
  rd-later
  $ bd show rd-later --json | j 'd[0]["status"], d[0]["defer_until"] > d[0]["created_at"]'
  deferred True
  $ bd ready --json | titles
  urgent, mid newer, mid, low

A deferral whose time has passed no longer hides the bead (DESIGN: "open,
not deferred past now"; beads: defer_until null or <= now):

  $ bd create "was deferred" --id rd-past --defer 2020-01-01 -q
  rd-past
  $ bd ready --json | j '"was deferred" in [b["title"] for b in d]'
  True
  $ bd close rd-past -q

A deferred bead comes back by itself when its time comes:

  $ bd create "soon" --id rd-soon --defer $(date -u -d '+4 seconds' +%Y-%m-%dT%H:%M:%SZ) -q
  rd-soon
  $ bd ready --json | j '"soon" in [b["title"] for b in d]'
  False
  $ sleep 5; bd ready --json | j '"soon" in [b["title"] for b in d]'
  True
  $ bd close rd-soon -q

Filters: --assignee, --unassigned, -p, -t, -l.

  $ bd update rd-mid -a bob -q && bd create "labelled" --id rd-lab -t bug -p 2 -l ui,web -q
  rd-lab
  $ bd ready -a bob
  📋 Ready work (1 issues with no active blockers):
  
  1. [● P1] [task] rd-mid: mid (@bob)
  $ bd ready --unassigned --json | titles
  urgent, mid newer, labelled, low
  $ bd ready -u -p 1 --json | titles
  mid newer
  $ bd ready -t bug --json | titles
  labelled
  $ bd ready -l web,ui --json | titles
  labelled
  $ bd ready -a nobody
  ✨ No ready work found (all issues have blocking dependencies)

Hierarchy: an open parent does not block its children; a blocked parent
blocks them (and their children), and blocked lists them with no direct
blockers.

  $ bd create "gate" --id rd-gate -p 4 -q
  rd-gate
  $ bd create "Epic" --id rd-ep -t epic -p 4 -q && bd create "kid" --parent rd-ep -p 4 -q && bd create "grandkid" --parent rd-ep.1 -p 4 -q
  rd-ep
  rd-ep.1
  rd-ep.1.1
  $ bd ready -p 4 --json | titles
  grandkid, kid, Epic, gate
  $ bd dep add rd-ep rd-gate -q
  $ bd ready -p 4 --json | titles
  gate
  $ bd blocked
  🚫 Blocked issues (4):
  
  [● P0] rd-wait: waits
    Blocked by 1 open dependencies: [rd-low]
  [● P4] rd-ep.1.1: grandkid
    Blocked through its parent
  [● P4] rd-ep.1: kid
    Blocked through its parent
  [● P4] rd-ep: Epic
    Blocked by 1 open dependencies: [rd-gate]
  $ bd blocked --json | j '[(b["id"], b["blocked_by_count"], b["blocked_by"]) for b in d]'
  [('rd-wait', 1, ['rd-low']), ('rd-ep.1.1', 0, []), ('rd-ep.1', 0, []), ('rd-ep', 1, ['rd-gate'])]
  $ bd blocked --json | j 'sorted(d[0])'
  ['blocked_by', 'blocked_by_count', 'comment_count', 'created_at', 'created_by', 'dependency_count', 'dependent_count', 'id', 'issue_type', 'owner', 'priority', 'status', 'title', 'updated_at']
  $ bd close rd-gate -q && bd ready -p 4 --json | titles
  grandkid, kid, Epic

Several blockers, and only open ones count:

  $ bd create "two blockers" --id rd-two --deps blocked-by:rd-urg,blocked-by:rd-mid -q
  rd-two
  $ bd blocked --json | j '[b["blocked_by"] for b in d if b["id"] == "rd-two"]'
  [['rd-mid', 'rd-urg']]
  $ bd close rd-urg -q && bd blocked --json | j '[b["blocked_by"] for b in d if b["id"] == "rd-two"]'
  [['rd-mid']]

Bad input: one line, exit 1, JSON error, nothing written.

  $ before=$(snapshot)
  $ bd ready --sort random
  Error: invalid sort policy 'random'. Valid values: priority, oldest
  [1]
  $ bd ready --sort random --json
  {
    "error": "invalid sort policy 'random'. Valid values: priority, oldest",
    "schema_version": 1
  }
  [1]
  $ bd ready -n -3
  Error: --limit must be 0 or more
  [1]
  $ bd ready -p 9 --json | j 'd["error"]'
  invalid priority "9" (expected 0-4 or P0-P4, not words like high/medium/low)
  $ bd ready -t bogus
  Error: invalid issue type: bogus (use one of bug, feature, task, epic, chore, decision, spike, story, milestone)
  [1]
  $ bd blocked extra
  Error: The following argument was not expected: extra (see `bd --help`)
  [1]
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
