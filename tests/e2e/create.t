bd create: text and JSON output, every field flag, types, priorities,
parents, --deps, and bad input (one-line error, exit 1, JSON error, nothing
written).

  $ git init -q p && cd p && export BD_ACTOR=alice
  $ bd init -q --prefix cr
  $ j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
  $ snapshot() { ls .beads/log; cat .beads/log/*.jsonl | md5sum; }

Normal use:

  $ bd create "Plain task"
  ✓ Created issue: cr-[0-9a-z]{3} — Plain task (re)
    Priority: P2
    Status: open
  $ bd new "Alias works" --silent
  cr-[0-9a-z]{3} (re)
  $ bd create "Quiet" -q
  cr-[0-9a-z]{3} (re)
  $ bd create --title "Title by flag" --json | j 'd["title"]'
  Title by flag

--json is the issue object, with beads' field names; empty fields are left out.

  $ bd create "Login fails" -t bug -p P0 -d "Steps: open the page" --design "Check cookies" \
  >   --acceptance "Works on Safari" --notes "Seen twice" -a bob -l web,urgent,web \
  >   -e 90 --external-ref gh-9 --json > bug.json
  $ python3 - <<'EOF'
  > import json
  > d = json.load(open("bug.json"))
  > for k in sorted(d): print(k, "=", d[k])
  > EOF
  acceptance_criteria = Works on Safari
  assignee = bob
  comment_count = 0
  created_at = \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (re)
  created_by = alice
  dependency_count = 0
  dependent_count = 0
  description = Steps: open the page
  design = Check cookies
  estimated_minutes = 90
  external_ref = gh-9
  id = cr-[0-9a-z]{3} (re)
  issue_type = bug
  labels = ['urgent', 'web']
  notes = Seen twice
  owner = test@example.com
  priority = 0
  schema_version = 1
  status = open
  title = Login fails
  updated_at = \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (re)
  $ BUG=$(j 'd["id"]' < bug.json)
  $ bd show $BUG
  ○ cr-[0-9a-z]{3} · Login fails   \[● P0 · OPEN\] (re)
  Type: bug · Assignee: bob · Created by: alice
  Created: \d{4}-\d\d-\d\d · Updated: \d{4}-\d\d-\d\d (re)
  
  DESCRIPTION
  Steps: open the page
  
  DESIGN
  Check cookies
  
  ACCEPTANCE CRITERIA
  Works on Safari
  
  NOTES
  Seen twice
  
  LABELS
  urgent, web

owner is the creator's git author email, as in beads (GIT_AUTHOR_EMAIL,
then git config user.email; the runner sets GIT_AUTHOR_EMAIL).

  $ git config user.email "conf@example.com" && env -u GIT_AUTHOR_EMAIL bd create "config email" --json | j 'd.get("owner")'
  conf@example.com
  $ git config --unset user.email && env -u GIT_AUTHOR_EMAIL bd create "no email" --json | j 'd.get("owner")'
  None

Types, with beads' aliases:

  $ for t in bug feature task epic chore decision spike story milestone \
  >          feat enhancement adr dec investigation timebox user-story user_story ms; do
  >   printf '%s=' $t; bd create "type $t" -t $t --json | j 'd["issue_type"]'
  > done
  bug=bug
  feature=feature
  task=task
  epic=epic
  chore=chore
  decision=decision
  spike=spike
  story=story
  milestone=milestone
  feat=feature
  enhancement=feature
  adr=decision
  dec=decision
  investigation=spike
  timebox=spike
  user-story=story
  user_story=story
  ms=milestone
  $ bd create "no type" --json | j 'd["issue_type"]'
  task

Priorities: 0-4 or P0-P4, default 2.

  $ for p in 0 1 2 3 4 P0 P1 P2 P3 P4; do
  >   printf '%s=' $p; bd create "prio $p" -p $p --json | j 'd["priority"]'
  > done
  0=0
  1=1
  2=2
  3=3
  4=4
  P0=0
  P1=1
  P2=2
  P3=3
  P4=4
  $ bd create "default prio" --json | j 'd["priority"]'
  2

Children: --parent gives PARENT.1, PARENT.2, and nests.

  $ E=$(bd create "Epic" -t epic --silent)
  $ bd create "Step one" --parent $E --silent
  cr-[0-9a-z]{3}\.1 (re)
  $ bd create "Step two" --parent $E --json | j 'd["id"] == "'$E'.2", d["parent"] == "'$E'"'
  True True
  $ bd create "Sub step" --parent $E.1 --silent | sed "s/$E/EPIC/"
  EPIC.1.1
  $ bd create "By short id" --parent ${E#cr-} --silent | sed "s/$E/EPIC/"
  EPIC.3
  $ bd show $E.1 --json | j 'd[0]["parent"] == "'$E'", [x["dependency_type"] for x in d[0]["dependencies"]]'
  True ['parent-child']

--deps: blocked-by:ID / depends-on:ID / ID = the new bead waits for ID;
blocks:ID = ID waits for the new bead; other kinds are stored as given.

  $ A=$(bd create "A" --silent)
  $ B=$(bd create "waits for A" --deps blocked-by:$A --silent)
  $ C=$(bd create "blocks A" --deps blocks:$A --silent)
  $ D=$(bd create "related to A" --deps related:$A --silent)
  $ F=$(bd create "depends-on and bare" --deps depends-on:$B,$D --silent)
  $ G=$(bd create "found while doing A" --deps discovered-from:${A#cr-} --silent)
  $ deps() { bd show $1 --json | j '", ".join(sorted(x["title"] + ":" + x["dependency_type"] for x in d[0]["dependencies"]))'; }
  $ deps $A
  blocks A:blocks
  $ deps $B
  A:blocks
  $ deps $C
  
  $ deps $D
  A:related
  $ deps $F
  related to A:blocks, waits for A:blocks
  $ deps $G
  A:discovered-from
  $ bd ready --json | j 'sorted(b["title"] for b in d if b["title"] in ("A", "waits for A", "blocks A", "related to A"))'
  ['blocks A', 'related to A']

Bad input: one line, exit 1, JSON error under --json, nothing written.

  $ before=$(snapshot)
  $ bd create
  Error: title required (bd create "Title" [-t type] [-p priority])
  [1]
  $ bd create ""
  Error: title required (bd create "Title" [-t type] [-p priority])
  [1]
  $ bd create "   "
  Error: title is required (give the bead a short title)
  [1]
  $ bd create "" --json
  {
    "error": "title required",
    "hint": "bd create \"Title\" [-t type] [-p priority]",
    "schema_version": 1
  }
  [1]
  $ bd create "$(printf 'x%.0s' $(seq 501))"
  Error: title must be 500 characters or less (got 501)
  [1]
  $ bd create "$(printf 'x%.0s' $(seq 501))" --json
  {
    "error": "title must be 500 characters or less (got 501)",
    "schema_version": 1
  }
  [1]
  $ bd create -- "-starts with a dash" 2>&1 | grep -c "^Error: title cannot start with '-'"
  1
  $ for p in 5 -1 P5 p9 high medium low 1.5 ""; do bd create "bad prio" -p "$p"; done
  Error: invalid priority "5" (expected 0-4 or P0-P4, not words like high/medium/low) (0 is the most urgent, 4 the least; the default is 2)
  Error: invalid priority "-1" (expected 0-4 or P0-P4, not words like high/medium/low) (0 is the most urgent, 4 the least; the default is 2)
  Error: invalid priority "P5" (expected 0-4 or P0-P4, not words like high/medium/low) (0 is the most urgent, 4 the least; the default is 2)
  Error: invalid priority "p9" (expected 0-4 or P0-P4, not words like high/medium/low) (0 is the most urgent, 4 the least; the default is 2)
  Error: invalid priority "high" (expected 0-4 or P0-P4, not words like high/medium/low) (0 is the most urgent, 4 the least; the default is 2)
  Error: invalid priority "medium" (expected 0-4 or P0-P4, not words like high/medium/low) (0 is the most urgent, 4 the least; the default is 2)
  Error: invalid priority "low" (expected 0-4 or P0-P4, not words like high/medium/low) (0 is the most urgent, 4 the least; the default is 2)
  Error: invalid priority "1.5" (expected 0-4 or P0-P4, not words like high/medium/low) (0 is the most urgent, 4 the least; the default is 2)
  Error: invalid priority "" (expected 0-4 or P0-P4, not words like high/medium/low) (0 is the most urgent, 4 the least; the default is 2)
  [1]
  $ bd create "bad prio" -p high --json
  {
    "error": "invalid priority \"high\" (expected 0-4 or P0-P4, not words like high/medium/low)",
    "hint": "0 is the most urgent, 4 the least; the default is 2",
    "schema_version": 1
  }
  [1]
  $ bd create "bad type" -t bogus
  Error: invalid issue type: bogus (use one of bug, feature, task, epic, chore, decision, spike, story, milestone)
  [1]
  $ bd create "bad type" -t Bug --json | j 'd["error"]'
  invalid issue type: Bug
  $ bd create "bad estimate" -e -5
  Error: estimate must be a non-negative number of minutes
  [1]
  $ bd create "orphan" --parent cr-zzz
  Error: parent issue cr-zzz not found (check the id with `bd list`)
  [1]
  $ bd create "orphan" --parent cr-zzz --json | j 'd["error"]'
  parent issue cr-zzz not found
  $ bd create "both" --parent $E --id cr-both
  Error: --id and --parent cannot be used together
  [1]
  $ bd create "dangling" --deps blocked-by:cr-zzz
  Error: no issue found matching "cr-zzz" (check the id with `bd list`)
  [1]
  $ bd create "dangling" --deps blocks:cr-zzz --json | j 'd["error"]'
  no issue found matching "cr-zzz"
  $ bd create "bad kind" --deps frobs:$A
  Error: invalid dependency "frobs:cr-*" in --deps (use KIND:ID with a known kind (blocks, blocked-by, related, discovered-from, parent-child, waits-for, …)) (glob)
  [1]
  $ bd create "no target" --deps related: --json | j 'd["error"]'
  invalid dependency "related:" in --deps
  $ bd create "loop" --deps blocks:$A,blocked-by:$A
  Error: adding dependency would create a cycle: cr-[0-9a-z]{3} -> cr-[0-9a-z]{3} -> cr-[0-9a-z]{3} (re)
  [1]
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written

--deps gets the same checks as `bd dep add`: two kinds of edge to one bead,
or a child blocking on its own parent, are refused before anything is
written (otherwise the log holds events the fold rejects, shown by `bd
history` as "not applied", which one clone alone must never produce).

  $ bd create "two kinds" --deps blocked-by:$A,related:$A 2>&1 | grep -c '^Error: .*already exists with type'
  1
  $ bd create "waits on parent" --parent $E --deps blocked-by:$E 2>&1 | grep -c '^Error: '
  1
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
  $ for id in $(bd list --all -n 0 --json | j '" ".join(b["id"] for b in d)'); do
  >   bd history $id --json | j '"\n".join(h["op"] + " not applied: " + h["note"] for h in d if not h["applied"])' | grep .
  > done
  [1]

A title of exactly 500 characters is fine:

  $ bd create "$(printf 'x%.0s' $(seq 500))" --json | j 'len(d["title"])'
  500

Explicit ids must fit the ledger (beads: "prefix mismatch: database uses
'cr-' but ID 'other-abc' doesn't match"), and have a hash part that can be
typed as one shell word:

  $ mkdir ids && cd ids && bd init -q --prefix cr
  $ bd create "x" --id cr-ok1 --silent
  cr-ok1
  $ bd create "x" --id other-abc 2>&1 | grep -c "^Error: prefix mismatch"
  1
  $ bd create "x" --id "cr-" 2>&1 | grep -c "^Error: invalid ID format 'cr-'"
  1
  $ bd create "x" --id "cr-a b" 2>&1 | grep -c "^Error: invalid ID format 'cr-a b'"
  1
  $ bd list --all --json | j '[b["id"] for b in d]'
  ['cr-ok1']
