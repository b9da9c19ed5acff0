The ledger's core flow, as a new user runs it: init, create with
dependencies, ready, claim, close, history, verify. Text output and --json.

  $ git init -q project && cd project
  $ export BD_ACTOR=alice
  $ bd init --prefix tour
  ✓ bd initialized successfully!
  
    Ledger: */project/.beads (glob)
    Issue prefix: tour
    Writer: alice \(key [0-9a-f]{16}\) (re)
  
  Next: bd create "My first issue"  (then commit .beads/ with git)
  $ ls -A .beads
  .gitignore
  beads.db
  beads.db-shm
  beads.db-wal
  config.toml
  log
  members.jsonl
  write.lock
  $ cat .beads/config.toml
  # Gas Town ledger settings (docs/formats.md). Tracked by git.
  name = 'project'
  prefix = 'tour'
  version = 1
  $ git status --short --untracked-files=all
  ?? .beads/.gitignore
  ?? .beads/config.toml
  ?? .beads/log/.keep
  ?? .beads/members.jsonl

Create three beads; the second waits for the first, the third for the second.

  $ bd create "Design the schema" -p 1 --acceptance "Reviewed by two people"
  ✓ Created issue: tour-[0-9a-z]{3} — Design the schema (re)
    Priority: P1
    Status: open
  $ A=$(bd list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
  $ B=$(bd create "Build the API" --deps blocked-by:$A --silent)
  $ C=$(bd create "Write the docs" -p 3 --deps blocked-by:$B --silent)
  $ bd create "Release" -t epic --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["issue_type"], d["priority"], d["status"], d["schema_version"])'
  epic 2 open 1

Only the first is ready; the others are blocked, and say by what.

  $ bd ready
  📋 Ready work (2 issues with no active blockers):
  
  1. \[● P1\] \[task\] tour-[0-9a-z]{3}: Design the schema (re)
  2. \[● P2\] \[epic\] tour-[0-9a-z]{3}: Release (re)
  $ bd blocked --json | python3 -c 'import json,sys; print([(b["title"], b["blocked_by_count"]) for b in json.load(sys.stdin)])'
  [('Build the API', 1), ('Write the docs', 1)]

Claiming is a compare-and-set: bob cannot take what alice holds.

  $ bd update $A --claim
  ✓ Claimed issue: tour-[0-9a-z]{3} — Design the schema (re)
  $ BD_ACTOR=bob bd update $A --claim
  Error: issue tour-[0-9a-z]{3} already claimed by alice \(pick another with `bd ready`\) (re)
  [1]
  $ BD_ACTOR=bob bd update $A --claim --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["error"][-24:])'
  already claimed by alice
  $ bd show $A --json | python3 -c 'import json,sys; d=json.load(sys.stdin)[0]; print(d["assignee"], d["status"], d["dependent_count"], len(d["dependencies"]))'
  alice in_progress 1 0

A blocked bead cannot be closed without --force; closing its blocker frees it.

  $ bd close $B
  Error: cannot close tour-[0-9a-z]{3}: blocked by open issues \[tour-[0-9a-z]{3}\] \(use --force to override\) (re)
  [1]
  $ bd close $A --reason "Schema merged"
  ✓ Closed tour-[0-9a-z]{3}: Schema merged (re)
  $ bd ready --json | python3 -c 'import json,sys; print(sorted(b["title"] for b in json.load(sys.stdin)))'
  ['Build the API', 'Release']
  $ bd close $A
  tour-[0-9a-z]{3} is already closed (re)
  $ bd reopen $A --reason "Found a flaw"
  ↻ Reopened tour-[0-9a-z]{3}: Found a flaw (re)
  $ bd ready --json | python3 -c 'import json,sys; print(sorted(b["title"] for b in json.load(sys.stdin)))'
  ['Design the schema', 'Release']

History lists the signed events in fold order.

  $ bd history $A --json | python3 -c 'import json,sys; print([(h["op"], h["actor"], h["applied"]) for h in json.load(sys.stdin)])'
  [('bead.create', 'alice', True), ('bead.claim', 'alice', True), ('bead.close', 'alice', True), ('bead.reopen', 'alice', True), ('comment.add', 'alice', True)]
  $ bd history $A | head -3
  History of tour-[0-9a-z]{3} \(5 events, fold order\): (re)
    lc     1  20*  alice        bead.create    {"acceptance_criteria":"Reviewed by two people","issue_type":"task","owner":"test@example.com","priority":1,"title":"Design the schema"} (glob)
               signed by ed25519:* (chain * #1) (glob)

Dependency tree and cycles.

  $ bd dep tree $C --json | python3 -c 'import json,sys; print([(n["title"], n["depth"]) for n in json.load(sys.stdin)])'
  [('Write the docs', 0), ('Build the API', 1), ('Design the schema', 2)]
  $ bd dep add $A $C
  Error: adding dependency would create a cycle: tour-[0-9a-z]{3} -> tour-[0-9a-z]{3} -> tour-[0-9a-z]{3} -> tour-[0-9a-z]{3} \(remove one of the dependencies in the cycle first\) (re)
  [1]
  $ bd dep cycles
  ✓ No dependency cycles detected

Every chain verifies; bob's refused claims wrote nothing, so alice has the only chain.

  $ bd verify
  ✓ 1 chains, 10 events verified (1 signatures checked) in *s (glob)
  $ bd verify --deep --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["ok"], d["events"], d["signatures_checked"])'
  True 10 10
