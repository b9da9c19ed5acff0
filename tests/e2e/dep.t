bd dep add / remove / tree / cycles: text and JSON, dependency types, and
the graph rules (self-dependency, cycles named, a child blocking on its own
ancestor, two types for one pair).

  $ export BD_ACTOR=alice
  $ bd init -q --prefix dp
  $ j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
  $ snapshot() { ls .beads/log; cat .beads/log/*.jsonl | md5sum; }
  $ for x in a b c d; do bd create "Task $x" --id dp-$x -q; done
  dp-a
  dp-b
  dp-c
  dp-d

Add: "A B" means A depends on B (B blocks A).

  $ bd dep add dp-b dp-a
  ✓ Added dependency: dp-b (Task b) depends on dp-a (Task a) (blocks)
  $ bd dep add c b --json
  {
    "depends_on_id": "dp-b",
    "issue_id": "dp-c",
    "schema_version": 1,
    "status": "added",
    "type": "blocks"
  }
  $ bd ready --json | j '[b["id"] for b in d]'
  ['dp-d', 'dp-a']
  $ bd blocked --json | j 'sorted((b["id"], b["blocked_by"]) for b in d)'
  [('dp-b', ['dp-a']), ('dp-c', ['dp-b'])]

The same edge again is a no-op:

  $ before=$(snapshot)
  $ bd dep add dp-b dp-a
  ✓ Added dependency: dp-b (Task b) depends on dp-a (Task a) (blocks)
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written

Other types; only blocking ones gate readiness:

  $ bd dep add dp-d dp-a --type related
  ✓ Added dependency: dp-d (Task d) depends on dp-a (Task a) (related)
  $ bd dep add dp-d dp-c -t discovered-from --json | j 'd["type"]'
  discovered-from
  $ bd ready --json | j '[b["id"] for b in d]'
  ['dp-d', 'dp-a']
  $ bd show dp-d --json | j 'sorted((x["id"], x["dependency_type"]) for x in d[0]["dependencies"])'
  [('dp-a', 'related'), ('dp-c', 'discovered-from')]

Remove:

  $ bd dep remove dp-d dp-a
  ✓ Removed dependency: dp-d no longer depends on dp-a
  $ bd dep rm dp-d dp-c --json
  {
    "depends_on_id": "dp-c",
    "issue_id": "dp-d",
    "schema_version": 1,
    "status": "removed"
  }
  $ bd show dp-d --json | j 'd[0]["dependencies"]'
  []

Tree: what a bead waits for, transitively; --reverse: what waits for it.

  $ bd dep tree dp-c
  Dependency tree for dp-c:
  
  ○ dp-c [● P2] [task] Task c
    └─ ○ dp-b [● P2] [task] Task b
      └─ ○ dp-a [● P2] [task] Task a
  $ bd dep tree dp-a --reverse
  Dependent tree for dp-a:
  
  ○ dp-a [● P2] [task] Task a
    └─ ○ dp-b [● P2] [task] Task b
      └─ ○ dp-c [● P2] [task] Task c
  $ bd dep tree dp-a --direction up --json | j '[(n["id"], n["depth"], n["parent_id"]) for n in d]'
  [('dp-a', 0, ''), ('dp-b', 1, 'dp-a'), ('dp-c', 2, 'dp-b')]
  $ bd dep tree dp-c --json | j '[(n["id"], n["depth"], n["parent_id"], n.get("edge_from_parent"), n["truncated"]) for n in d]'
  [('dp-c', 0, '', None, False), ('dp-b', 1, 'dp-c', 'blocks', False), ('dp-a', 2, 'dp-b', 'blocks', False)]
  $ bd dep tree dp-c --json | j 'all(k in n for n in d for k in ("id", "title", "status", "priority", "issue_type"))'
  True
  $ bd dep tree dp-c -d 1
  Dependency tree for dp-c:
  
  ○ dp-c [● P2] [task] Task c
    └─ ○ dp-b [● P2] [task] Task b …
  $ bd dep tree dp-d
  Dependency tree for dp-d:
  
  ○ dp-d [● P2] [task] Task d

Children appear in the tree through their parent-child edge:

  $ bd create "Epic" --id dp-ep -t epic -q && bd create "Step" --parent dp-ep -q
  dp-ep
  dp-ep.1
  $ bd dep tree dp-ep.1
  Dependency tree for dp-ep.1:
  
  ○ dp-ep.1 [● P2] [task] Step
    └─ ○ dp-ep [● P2] [epic] Epic (parent-child)

Cycles: none can be written, so none are found.

  $ bd dep cycles
  ✓ No dependency cycles detected
  $ bd dep cycles --json
  []

Graph rules: refused with one line, exit 1, JSON error, nothing written.

  $ before=$(snapshot)
  $ bd dep add dp-a dp-a
  Error: cannot add self-dependency: dp-a cannot depend on itself
  [1]
  $ bd dep add dp-a dp-a --json
  {
    "error": "cannot add self-dependency: dp-a cannot depend on itself",
    "schema_version": 1
  }
  [1]
  $ bd dep add dp-a dp-c
  Error: adding dependency would create a cycle: dp-a -> dp-c -> dp-b -> dp-a (remove one of the dependencies in the cycle first)
  [1]
  $ bd dep add dp-a dp-c --json
  {
    "error": "adding dependency would create a cycle: dp-a -> dp-c -> dp-b -> dp-a",
    "hint": "remove one of the dependencies in the cycle first",
    "schema_version": 1
  }
  [1]
  $ bd dep add dp-a dp-b --type conditional-blocks
  Error: adding dependency would create a cycle: dp-a -> dp-b -> dp-a (remove one of the dependencies in the cycle first)
  [1]
  $ bd dep add dp-ep.1 dp-ep
  Error: dependency dp-ep.1 -> dp-ep already exists with type "parent-child" (requested "blocks") (remove it first with `bd dep remove`)
  [1]
  $ bd create "Sub step" --parent dp-ep.1 -q
  dp-ep.1.1
  $ before=$(snapshot)
  $ bd dep add dp-ep.1.1 dp-ep
  Error: cannot add dependency: dp-ep.1.1 is already a child of dp-ep; children already follow their parent, and blocking on it would deadlock
  [1]
  $ bd dep add dp-ep.1.1 dp-ep --json | j 'd["error"][:40]'
  cannot add dependency: dp-ep.1.1 is alre
  $ bd dep add dp-ep dp-ep.1.1
  Error: adding dependency would create a cycle: dp-ep -> dp-ep.1.1 -> dp-ep.1 -> dp-ep (remove one of the dependencies in the cycle first)
  [1]
  $ bd dep add dp-c dp-b --type related
  Error: dependency dp-c -> dp-b already exists with type "blocks" (requested "related") (remove it first with `bd dep remove`)
  [1]
  $ bd dep add dp-a dp-b --type "two words"
  Error: invalid dependency type "two words" (1-50 characters, no spaces) (common types: blocks, related, parent-child, discovered-from)
  [1]
  $ bd dep add dp-a dp-b --type "" --json | j 'd["error"]'
  invalid dependency type "" (1-50 characters, no spaces)
  $ bd dep add dp-a dp-zzz
  Error: no issue found matching "dp-zzz" (check the id with `bd list`)
  [1]
  $ bd dep add dp-zzz dp-a --json | j 'd["error"]'
  no issue found matching "dp-zzz"
  $ bd dep remove dp-a dp-b
  Error: dp-a does not depend on dp-b (see its dependencies with `bd show dp-a`)
  [1]
  $ bd dep remove dp-a dp-b --json
  {
    "error": "dp-a does not depend on dp-b",
    "hint": "see its dependencies with `bd show dp-a`",
    "schema_version": 1
  }
  [1]
  $ bd dep remove dp-a dp-zzz
  Error: no issue found matching "dp-zzz" (check the id with `bd list`)
  [1]
  $ bd dep tree dp-zzz
  Error: no issue found matching "dp-zzz" (check the id with `bd list`)
  [1]
  $ bd dep tree dp-a --direction sideways
  Error: invalid direction 'sideways' (use down or up)
  [1]
  $ bd dep tree dp-a -d 0 --json | j 'd["error"]'
  --max-depth must be at least 1
  $ bd dep
  Error: A subcommand is required (see `bd --help`)
  [1]
  $ bd dep add dp-a
  Error: depends_on is required (see `bd --help`)
  [1]
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
