Bad input: one line that says what is wrong and what to do, exit 1, an
{"error": ...} object under --json, and nothing written.

Outside a ledger:

  $ bd list
  Error: no beads database found (run `bd init` in your project, or set BEADS_DIR to a .beads directory)
  [1]
  $ bd ready --json
  {
    "error": "no beads database found",
    "hint": "run `bd init` in your project, or set BEADS_DIR to a .beads directory",
    "schema_version": 1
  }
  [1]

  $ git init -q p && cd p && export BD_ACTOR=alice
  $ bd init -q --prefix bi
  $ bd init
  Error: this workspace is already initialized (*/p/.beads) (use the existing ledger, or remove .beads/ to start over) (glob)
  [1]
  $ A=$(bd create "First" --silent) && B=$(bd create "Second" --silent)
  $ snapshot() { cat .beads/log/*.jsonl | md5sum; }
  $ before=$(snapshot)

Invalid values:

  $ bd create "x" -p 7
  Error: invalid priority "7" (expected 0-4 or P0-P4, not words like high/medium/low) (0 is the most urgent, 4 the least; the default is 2)
  [1]
  $ bd create "x" -p high
  Error: invalid priority "high" (expected 0-4 or P0-P4, not words like high/medium/low) (0 is the most urgent, 4 the least; the default is 2)
  [1]
  $ bd create "x" -t bogus
  Error: invalid issue type: bogus (use one of bug, feature, task, epic, chore, decision, spike, story, milestone)
  [1]
  $ bd create ""
  Error: title required (bd create "Title" [-t type] [-p priority])
  [1]
  $ bd create "   "
  Error: title is required (give the bead a short title)
  [1]
  $ bd create "$(printf 'x%.0s' $(seq 501))"
  Error: title must be 500 characters or less (got 501)
  [1]
  $ bd update $A --status finished
  Error: invalid status "finished" (built-in: open, in_progress, blocked, deferred, closed, pinned, hooked)
  [1]
  $ bd update $A --title ""
  Error: title cannot be empty
  [1]
  $ bd list --sort sideways
  Error: invalid sort 'sideways'. Valid values: priority, created, updated, id, title, status
  [1]
  $ bd create "x" --defer someday
  Error: invalid time "someday" (use RFC 3339 (2026-11-25T10:00:00Z), a date (2026-11-25) or +6h/+2d/+1w)
  [1]
  $ bd create "x" --deps nonsense:$A
  Error: invalid dependency "nonsense:bi-*" in --deps (use KIND:ID with a known kind (blocks, blocked-by, related, discovered-from, parent-child, waits-for, …)) (glob)
  [1]

Unknown and ambiguous ids:

  $ bd show bi-zzzz
  Error: no issue found matching "bi-zzzz" (check the id with `bd list`)
  [1]
  $ bd show zzzz --json
  {
    "error": "no issue found matching \"zzzz\"",
    "hint": "check the id with `bd list`",
    "schema_version": 1
  }
  [1]
  $ bd close $A bi-zzzz
  Error: no issue found matching "bi-zzzz" (check the id with `bd list`)
  [1]
  $ bd create "child" --parent bi-zzzz
  Error: parent issue bi-zzzz not found (check the id with `bd list`)
  [1]
  $ bd create "x" --deps bi-zzzz
  Error: no issue found matching "bi-zzzz" (check the id with `bd list`)
  [1]
  $ bd create "One" --id bi-abc1 --silent && bd create "Two" --id bi-abc2 --silent
  bi-abc1
  bi-abc2
  $ bd show abc
  Error: ambiguous ID "abc" matches 2 issues: [bi-abc1, bi-abc2] (use more characters to disambiguate)
  [1]
  $ bd show abc2 --short
  ○ bi-abc2 [● P2] [task] Two
  $ bd create "Three" --id bi-abc1
  Error: issue bi-abc1 already exists (ids are never reused, even after a delete; choose another)
  [1]
  $ bd create "Four" --id nodash
  Error: invalid ID format 'nodash' (expected format: prefix-hash)
  [1]

Graph rules:

  $ bd dep add $A $A
  Error: cannot add self-dependency: bi-[0-9a-z]{3} cannot depend on itself (re)
  [1]
  $ bd dep add $A $B && bd dep add $B $A
  ✓ Added dependency: bi-[0-9a-z]{3} \(First\) depends on bi-[0-9a-z]{3} \(Second\) \(blocks\) (re)
  Error: adding dependency would create a cycle: bi-[0-9a-z]{3} -> bi-[0-9a-z]{3} -> bi-[0-9a-z]{3} \(remove one of the dependencies in the cycle first\) (re)
  [1]
  $ bd dep add $A $B --type related
  Error: dependency bi-[0-9a-z]{3} -> bi-[0-9a-z]{3} already exists with type "blocks" \(requested "related"\) \(remove it first with `bd dep remove`\) (re)
  [1]
  $ bd dep remove $B $A
  Error: bi-[0-9a-z]{3} does not depend on bi-[0-9a-z]{3} \(see its dependencies with `bd show bi-[0-9a-z]{3}`\) (re)
  [1]
  $ before=$(snapshot)

Claims and closes that the state forbids:

  $ bd update $B --claim -q
  $ BD_ACTOR=bob bd update $B --claim
  Error: issue bi-[0-9a-z]{3} already claimed by alice \(pick another with `bd ready`\) (re)
  [1]
  $ E=$(bd create "Epic" -t epic --silent) && bd create "Step" --parent $E --silent
  bi-[0-9a-z]{3}\.1 (re)
  $ before=$(snapshot)
  $ bd close $E
  Error: cannot close epic bi-[0-9a-z]{3}: 1 open child issue\(s\); close children first or use --force to override (re)
  [1]
  $ bd create "Sub" --parent $E.1 --silent
  bi-[0-9a-z]{3}\.1\.1 (re)
  $ before=$(snapshot)
  $ bd dep add $E.1.1 $E
  Error: cannot add dependency: bi-[0-9a-z]{3}\.1\.1 is already a child of bi-[0-9a-z]{3}; children already follow their parent, and blocking on it would deadlock (re)
  [1]

Nothing refused above wrote to the log:

  $ [ "$(snapshot)" = "$before" ] && echo unchanged
  unchanged

Flags the CLI does not know are errors too, in JSON when asked:

  $ bd create "x" --frobnicate
  Error: The following argument was not expected: --frobnicate (see `bd --help`)
  [1]
  $ bd list --frobnicate --json | python3 -c 'import json,sys; print("error" in json.load(sys.stdin))'
  True
