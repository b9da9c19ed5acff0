bd status (alias stats) and bd count on a known ledger.

  $ export BD_ACTOR=alice
  $ bd init -q --prefix st
  $ j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
  $ bd status --json | j 'd["summary"]["total_issues"], d["summary"]["average_lead_time_hours"]'
  0 0.0
  $ bd create "Epic" --id st-e -t epic -q
  st-e
  $ bd create "Child" --parent st-e -p 0 -q
  st-e.1
  $ bd create "Blocker" --id st-b -q
  st-b
  $ bd create "Waiting" --id st-w -t bug --deps blocked-by:st-b -q
  st-w
  $ bd create "Claimed" --id st-c -p 1 -q
  st-c
  $ bd update st-c --claim -q && bd close st-e.1 -q

  $ bd status
  📊 Issue Database Status
  
  Summary:
    Total Issues:           5
    Open:                   3
    In Progress:            1
    Blocked:                1
    Closed:                 1
    Ready to Work:          2
  
  Extended:
    Deferred:               0
    Pinned:                 0
    Epics Ready to Close:   1
    Avg Lead Time:          0.0 hours
  
  By Type:
    bug:                    1
    epic:                   1
    task:                   3
  
  By Priority:
    P0:                     1
    P1:                     1
    P2:                     3
  $ bd stats --json | j 'sorted(d), d["summary"].pop("average_lead_time_hours") < 0.1, d["summary"]'
  ['by_priority', 'by_status', 'by_type', 'schema_version', 'summary'] True {'blocked_issues': 1, 'closed_issues': 1, 'deferred_issues': 0, 'epics_eligible_for_closure': 1, 'in_progress_issues': 1, 'open_issues': 3, 'pinned_issues': 0, 'ready_issues': 2, 'total_issues': 5}
  $ bd stats --no-activity --json | j 'd["by_status"], d["by_priority"]'
  {'closed': 1, 'in_progress': 1, 'open': 3} {'0': 1, '1': 1, '2': 3}

bd count takes list's filters and counts every status by default:

  $ bd count
  5
  $ bd count -s open --json
  {
    "count": 3,
    "schema_version": 1
  }
  $ bd count -t bug
  1
  $ bd count --by-status
  Total: 5
  
  open: 3
  closed: 1
  in_progress: 1
  $ bd count --by-priority --json | j 'd["total"], d["groups"]'
  5 [{'count': 3, 'group': 'P2'}, {'count': 1, 'group': 'P0'}, {'count': 1, 'group': 'P1'}]

Bad input (nothing is written):

  $ . "$TESTDIR/lib.sh" && before=$(snapshot)
  $ bd count --by-status --by-type
  Error: only one of --by-status, --by-type, --by-priority, --by-assignee
  [1]
  $ bd count -p 9 --json | j 'd["error"]'
  invalid priority "9" (expected 0-4 or P0-P4, not words like high/medium/low)
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
  $ cd / && bd status
  Error: no beads database found * (glob)
  [1]
