bd list: the default view, every filter, sorting, limits, the JSON array,
and bad filter values.

  $ export BD_ACTOR=alice
  $ bd init -q --prefix ls
  $ j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
  $ snapshot() { ls .beads/log; cat .beads/log/*.jsonl | md5sum; }
  $ titles() { j '" ".join(b["title"] for b in d)'; }

  $ bd list
  No issues found.
  $ bd list --json
  []

  $ bd create "Alpha" --id ls-a -p 1 -t bug -l web,ui -q
  ls-a
  $ bd create "Beta" --id ls-b -p 0 -a bob -l web -q
  ls-b
  $ bd create "Gamma" --id ls-c -p 3 -t feature -q
  ls-c
  $ bd create "Delta" --id ls-d -q
  ls-d
  $ bd create "Epsilon" --id ls-e -p 4 -t chore -a bob -q
  ls-e
  $ bd close ls-d -q && bd update ls-c --claim -q && bd update ls-e -s blocked -q

Default: not closed, ordered by priority, then newest first.

  $ bd list
  ○ ls-b [● P0] [task] Beta (@bob)
  ○ ls-a [● P1] [bug] Alpha
  ◐ ls-c [● P3] [feature] Gamma (@alice)
  ● ls-e [● P4] [chore] Epsilon (@bob)
  $ bd list --all
  ○ ls-b [● P0] [task] Beta (@bob)
  ○ ls-a [● P1] [bug] Alpha
  ✓ ls-d [● P2] [task] Delta
  ◐ ls-c [● P3] [feature] Gamma (@alice)
  ● ls-e [● P4] [chore] Epsilon (@bob)

JSON: an array (no schema_version) of issue objects with counts and labels.

  $ bd list --json | j 'type(d).__name__, [b["id"] for b in d]'
  list ['ls-b', 'ls-a', 'ls-c', 'ls-e']
  $ bd list --json -n 1 | j 'sorted(d[0])'
  ['assignee', 'comment_count', 'created_at', 'created_by', 'dependency_count', 'dependent_count', 'id', 'issue_type', 'labels', 'owner', 'priority', 'status', 'title', 'updated_at']
  $ bd list --all --json | j '[(b["id"], b["status"], b["priority"], b.get("labels", [])) for b in d]'
  [('ls-b', 'open', 0, ['web']), ('ls-a', 'open', 1, ['ui', 'web']), ('ls-d', 'closed', 2, []), ('ls-c', 'in_progress', 3, []), ('ls-e', 'blocked', 4, [])]

Filters:

  $ bd list -s closed
  ✓ ls-d [● P2] [task] Delta
  $ bd list --status open,in_progress --json | titles
  Beta Alpha Gamma
  $ bd list -s blocked --json | titles
  Epsilon
  $ bd list -p 1
  ○ ls-a [● P1] [bug] Alpha
  $ bd list -p P0 --json | titles
  Beta
  $ bd list -p 2 --all --json | titles
  Delta
  $ bd list -t bug
  ○ ls-a [● P1] [bug] Alpha
  $ bd list -t feat --json | titles
  Gamma
  $ bd list -a bob
  ○ ls-b [● P0] [task] Beta (@bob)
  ● ls-e [● P4] [chore] Epsilon (@bob)
  $ bd list --no-assignee --json | titles
  Alpha
  $ bd list -l web --json | titles
  Beta Alpha
  $ bd list -l web,ui
  ○ ls-a [● P1] [bug] Alpha
  $ bd list -l nothing
  No issues found.
  $ bd list -a bob -p 4 -t chore -s blocked --json | titles
  Epsilon

--parent lists direct children:

  $ bd create "Epic" --id ls-ep -t epic -q && bd create "Kid one" --parent ls-ep -q && bd create "Kid two" --parent ls-ep -q
  ls-ep
  ls-ep.1
  ls-ep.2
  $ bd create "Grandkid" --parent ls-ep.1 -q
  ls-ep.1.1
  $ bd list --parent ls-ep --json | j 'sorted(b["id"] for b in d)'
  ['ls-ep.1', 'ls-ep.2']
  $ bd list --parent ls-ep.1 --json | j '[(b["id"], b["parent"]) for b in d]'
  [('ls-ep.1.1', 'ls-ep.1')]

Sorting and limits:

  $ bd list --sort title --json | titles
  Alpha Beta Epic Epsilon Gamma Grandkid Kid one Kid two
  $ bd list --sort title -r --json | titles
  Kid two Kid one Grandkid Gamma Epsilon Epic Beta Alpha
  $ bd list --sort id --all --json | j '[b["id"] for b in d]'
  ['ls-a', 'ls-b', 'ls-c', 'ls-d', 'ls-e', 'ls-ep', 'ls-ep.1', 'ls-ep.1.1', 'ls-ep.2']
  $ bd list --sort created --json | titles
  Alpha Beta Gamma Epsilon Epic Kid one Kid two Grandkid
  $ bd list --sort status --json | j '[b["status"] for b in d]'
  ['blocked', 'in_progress', 'open', 'open', 'open', 'open', 'open', 'open']
  $ bd list --sort updated -n 1 --json | titles
  Grandkid
  $ bd list -n 2
  ○ ls-b [● P0] [task] Beta (@bob)
  ○ ls-a [● P1] [bug] Alpha
  (showing the first 2; use --limit 0 for all)
  $ bd list -n 2 --json | j 'len(d)'
  2
  $ bd list -n 0 --json | j 'len(d)'
  8
  $ bd list --limit 0 --all --json | j 'len(d)'
  9

The "showing the first N" note is for a list that was cut, not one that
has exactly N beads:

  $ bd list -a bob -n 2
  ○ ls-b [● P0] [task] Beta (@bob)
  ● ls-e [● P4] [chore] Epsilon (@bob)

Default view hides pinned beads (beads: "Default `bd list` hides closed,
pinned …") and gates and infra types such as messages:

  $ bd create "Context" --id ls-pin -q && bd update ls-pin -s pinned -q
  ls-pin
  $ bd create "A gate" --id ls-gate -t gate -q && bd create "A message" --id ls-msg -t message -q
  ls-gate
  ls-msg
  $ bd list -n 0 --json | j '[b["id"] for b in d if b["id"] == "ls-pin"]'
  []
  $ bd list -n 0 --json | j '[b["id"] for b in d if b["id"] in ("ls-gate", "ls-msg")]'
  []
  $ bd list -s pinned --json | titles
  Context
  $ bd list -t gate
  ○ ls-gate [● P2] [gate] A gate
  $ bd list -t message --json | titles
  A message
  $ bd list --all -n 0 --json | j 'sorted(b["id"] for b in d if b["id"] in ("ls-pin", "ls-gate", "ls-msg"))'
  ['ls-gate', 'ls-msg', 'ls-pin']

Bad input: one line, exit 1, a JSON error, nothing written.

  $ before=$(snapshot)
  $ bd list -s bogus
  Error: invalid status "bogus" (built-in: open, in_progress, blocked, deferred, closed, pinned, hooked)
  [1]
  $ bd list -s open,bogus --json
  {
    "error": "invalid status \"bogus\" (built-in: open, in_progress, blocked, deferred, closed, pinned, hooked)",
    "schema_version": 1
  }
  [1]
  $ bd list -p high
  Error: invalid priority "high" (expected 0-4 or P0-P4, not words like high/medium/low) (0 is the most urgent, 4 the least; the default is 2)
  [1]
  $ bd list -p 7 --json | j 'd["error"]'
  invalid priority "7" (expected 0-4 or P0-P4, not words like high/medium/low)
  $ bd list -t nope
  Error: invalid issue type: nope (use one of bug, feature, task, epic, chore, decision, spike, story, milestone)
  [1]
  $ bd list --sort sideways
  Error: invalid sort 'sideways'. Valid values: priority, created, updated, id, title, status
  [1]
  $ bd list --sort sideways --json | j 'd["error"]'
  invalid sort 'sideways'. Valid values: priority, created, updated, id, title, status
  $ bd list -n -1
  Error: --limit must be 0 or more
  [1]
  $ bd list -n lots
  Error: Could not convert: --limit = lots (see `bd --help`)
  [1]
  $ bd list --parent ls-nope
  Error: no issue found matching "ls-nope" (check the id with `bd list`)
  [1]
  $ bd list --parent ls-nope --json | j 'd["error"]'
  no issue found matching "ls-nope"
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
