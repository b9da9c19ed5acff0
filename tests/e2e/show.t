bd show: one or several beads in full, --short, the JSON array of detail
objects, and id resolution (full id, without the prefix, a unique part;
ambiguous and unknown ids refused).

  $ export BD_ACTOR=alice
  $ bd init -q --prefix sh
  $ j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
  $ snapshot() { ls .beads/log; cat .beads/log/*.jsonl | md5sum; }

Explicit ids keep this file's output fixed.

  $ bd create "Design the schema" --id sh-abc1 -p 1 -d "Tables and keys" -l db --silent
  sh-abc1
  $ bd create "Build the API" --id sh-abc2 --deps blocked-by:sh-abc1 --silent
  sh-abc2

Text:

  $ bd show sh-abc1
  ○ sh-abc1 · Design the schema   [● P1 · OPEN]
  Type: task · Created by: alice
  Created: \d{4}-\d\d-\d\d · Updated: \d{4}-\d\d-\d\d (re)
  
  DESCRIPTION
  Tables and keys
  
  LABELS
  db
  
  BLOCKS
    ○ sh-abc2: Build the API (blocks)
  $ bd create "Write docs" --id sh-xyz9 --deps related:sh-abc1 -a bob --silent
  sh-xyz9
  $ bd create "Release" --id sh-rel -t epic --silent
  sh-rel
  $ bd create "Tag it" --parent sh-rel --silent
  sh-rel.1
  $ bd show sh-abc2
  ○ sh-abc2 · Build the API   [● P2 · OPEN]
  Type: task · Created by: alice
  Created: \d{4}-\d\d-\d\d · Updated: \d{4}-\d\d-\d\d (re)
  Blocked: waiting on open dependencies
  
  DEPENDS ON
    ○ sh-abc1: Design the schema (blocks)
  $ bd show sh-rel.1
  ○ sh-rel.1 · Tag it   [● P2 · OPEN]
  Type: task · Created by: alice
  Created: \d{4}-\d\d-\d\d · Updated: \d{4}-\d\d-\d\d (re)
  
  PARENT
    ○ sh-rel: Release
  $ bd show sh-rel | tail -2
  CHILDREN
    ○ sh-rel.1: Tag it
  $ bd view sh-xyz9 | head -2
  ○ sh-xyz9 · Write docs   [● P2 · OPEN]
  Type: task · Assignee: bob · Created by: alice

A related bead does not block: beads lists it under RELATED, not BLOCKS.

  $ bd show sh-abc1 | grep -c 'Write docs'
  1
  $ bd show sh-abc1 | sed -n '/^BLOCKS/,/^$/p' | grep -c 'Write docs'
  0
  [1]
  $ bd show sh-abc1 | sed -n '/^RELATED/,/^$/p'
  RELATED
    ○ sh-xyz9: Write docs (related)
  $ bd show sh-xyz9 | sed -n '/^RELATED/,/^$/p'
  RELATED
    ○ sh-abc1: Design the schema (related)

Several ids, text and --short:

  $ bd show sh-abc1 sh-xyz9 | grep '^○'
  ○ sh-abc1 · Design the schema   [● P1 · OPEN]
  ○ sh-xyz9 · Write docs   [● P2 · OPEN]
  $ bd show sh-abc1 sh-abc2 sh-xyz9 --short
  ○ sh-abc1 [● P1] [task] Design the schema
  ○ sh-abc2 [● P2] [task] Build the API
  ○ sh-xyz9 [● P2] [task] Write docs (@bob)

JSON is always an array of detail objects, even for one id:

  $ bd show sh-abc2 --json | j 'type(d).__name__, len(d), sorted(d[0])'
  list 1 ['comment_count', 'created_at', 'created_by', 'dependencies', 'dependency_count', 'dependent_count', 'id', 'issue_type', 'labels', 'owner', 'priority', 'status', 'title', 'updated_at']
  $ bd show sh-abc2 --json | j '[(x["id"], x["title"], x["dependency_type"]) for x in d[0]["dependencies"]]'
  [('sh-abc1', 'Design the schema', 'blocks')]
  $ bd show sh-abc1 sh-rel.1 --json | j '[(x["id"], x["labels"], x.get("parent"), x["dependent_count"]) for x in d]'
  [('sh-abc1', ['db'], None, 2), ('sh-rel.1', [], 'sh-rel', 0)]
  $ bd show sh-abc1 --json --include-dependents | j 'sorted((x["id"], x["dependency_type"]) for x in d[0]["dependents"])'
  [('sh-abc2', 'blocks'), ('sh-xyz9', 'related')]
  $ bd show sh-abc1 --json | j '"dependents" in d[0]'
  False

Partial ids: without the prefix, or a unique part of the hash:

  $ bd show abc1 --short
  ○ sh-abc1 [● P1] [task] Design the schema
  $ bd show yz --short
  ○ sh-xyz9 [● P2] [task] Write docs (@bob)
  $ bd show rel.1 --short
  ○ sh-rel.1 [● P2] [task] Tag it
  $ bd show abc2 xyz9 --json | j '[x["id"] for x in d]'
  ['sh-abc2', 'sh-xyz9']

Ambiguous and unknown ids:

  $ before=$(snapshot)
  $ bd show abc
  Error: ambiguous ID "abc" matches 2 issues: [sh-abc1, sh-abc2] (use more characters to disambiguate)
  [1]
  $ bd show abc --json
  {
    "error": "ambiguous ID \"abc\" matches 2 issues: [sh-abc1, sh-abc2]",
    "hint": "use more characters to disambiguate",
    "schema_version": 1
  }
  [1]
  $ bd show sh-nope
  Error: no issue found matching "sh-nope" (check the id with `bd list`)
  [1]
  $ bd show nope --json
  {
    "error": "no issue found matching \"nope\"",
    "hint": "check the id with `bd list`",
    "schema_version": 1
  }
  [1]
  $ bd show sh-abc1 sh-nope
  Error: no issue found matching "sh-nope" (check the id with `bd list`)
  [1]
  $ bd show SH-ABC1
  Error: no issue found matching "SH-ABC1" (check the id with `bd list`)
  [1]
  $ bd show ""
  Error: empty issue id (give an id such as gt-a3f)
  [1]
  $ bd show
  Error: at least one issue ID is required (bd show ID [ID...])
  [1]
  $ bd show --json
  {
    "error": "at least one issue ID is required",
    "hint": "bd show ID [ID...]",
    "schema_version": 1
  }
  [1]
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
