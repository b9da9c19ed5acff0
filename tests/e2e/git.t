The ledger travels with git: commit .beads/, clone, and the clone has the
same beads (its index is rebuilt from log/, since beads.db is ignored) and
verifies. Writers in two clones never conflict, and a cycle that only a
merge could make is shown by `bd dep cycles`.

  $ git init -q origin && cd origin && export BD_ACTOR=alice
  $ j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
  $ bd init -q --prefix gt
  $ A=$(bd create "Shared work" -p 1 -l core --silent)
  $ B=$(bd create "Follow-up" --deps blocked-by:$A --silent)
  $ E=$(bd create "Epic" -t epic --silent) && K=$(bd create "Step" --parent $E --silent)
  $ bd update $A --claim -q && bd update $B --notes "after A" -q
  $ C=$(bd create "Done already" --silent) && bd close $C -q --reason "shipped"

Only the tracked files are offered to git; the index stays out:

  $ git status --short --untracked-files=all .beads | sed 's/[0-9a-f]\{16\}/KEYID/'
  ?? .beads/.gitignore
  ?? .beads/config.toml
  ?? .beads/log/.keep
  ?? .beads/log/KEYID.jsonl
  ?? .beads/members.jsonl
  $ git check-ignore -q .beads/beads.db && echo "beads.db is ignored"
  beads.db is ignored
  $ git add .beads && git commit -qm "ledger" && git status --short
  $ bd list --all --json > ../origin.json

A clone has no index until its first command, then the same beads:

  $ cd .. && git clone -q origin clone && cd clone
  $ ls .beads | grep -c beads.db
  0
  [1]
  $ bd list
  ◐ gt-[0-9a-z]{3} \[● P1\] \[task\] Shared work \(@alice\) (re)
  ○ gt-[0-9a-z]{3}\.1 \[● P2\] \[task\] Step (re)
  ○ gt-[0-9a-z]{3} \[● P2\] \[epic\] Epic (re)
  ○ gt-[0-9a-z]{3} \[● P2\] \[task\] Follow-up (re)
  $ ls .beads | grep -c '^beads.db$'
  1
  $ bd list --all --json | cmp - ../origin.json && echo "same beads"
  same beads
  $ bd show $B --json | j 'd[0]["notes"], [x["id"] == "'$A'" for x in d[0]["dependencies"]]'
  after A [True]
  $ bd ready --json | j 'sorted(b["title"] for b in d)'
  ['Epic', 'Step']
  $ bd blocked --json | j '[(b["title"], b["blocked_by"] == ["'$A'"]) for b in d]'
  [('Follow-up', True)]
  $ bd verify
  ✓ 1 chains, 9 events verified (1 signatures checked) in *s (glob)
  $ bd history $A --json | j '[h["op"] for h in d]'
  ['bead.create', 'bead.claim']
  $ git status --short

Bob writes in the clone, alice in the origin; merging has no conflict, and
both sides end with the same state.

  $ export BD_ACTOR=bob
  $ D=$(bd create "Bob's task" -p 0 --silent) && bd update $B --claim -q && bd close $K -q
  $ git add .beads && git commit -qm "bob" && ls .beads/log/*.jsonl | wc -l
  2
  $ cd ../origin && export BD_ACTOR=alice
  $ bd close $A -q --reason "merged" && bd update $E -p 0 -q
  $ git add .beads && git commit -qm "alice"
  $ git pull -q --no-rebase ../clone HEAD 2>&1 | grep -ci conflict
  0
  [1]
  $ bd list --all --json | j 'sorted((b["title"], b["status"], b.get("assignee", "")) for b in d)'
  [("Bob's task", 'open', ''), ('Done already', 'closed', ''), ('Epic', 'open', ''), ('Follow-up', 'in_progress', 'bob'), ('Shared work', 'closed', 'alice'), ('Step', 'closed', '')]
  $ bd ready --json | j '[b["title"] for b in d]'
  ["Bob's task", 'Epic']
  $ bd verify
  ✓ 2 chains, 14 events verified (2 signatures checked) in *s (glob)
  $ cd ../clone && git pull -q --no-rebase ../origin HEAD
  $ bd list --all --json | cmp - <(cd ../origin && bd list --all --json) && echo "both clones agree"
  both clones agree

A cycle that each side could write alone: alice makes X wait for Y, bob
makes Y wait for X. The merge keeps both edges; both beads stay blocked and
`bd dep cycles` names the cycle.

  $ export BD_ACTOR=bob
  $ X=$(bd create "X" --silent) && Y=$(bd create "Y" --silent) && git add .beads && git commit -qm xy
  $ cd ../origin && git pull -q --no-rebase ../clone HEAD
  $ BD_ACTOR=alice bd dep add $X $Y -q >/dev/null && git add .beads && git commit -qm "x waits for y"
  $ cd ../clone && BD_ACTOR=bob bd dep add $Y $X -q >/dev/null && git add .beads && git commit -qm "y waits for x"
  $ git pull -q --no-rebase ../origin HEAD
  $ bd dep cycles | sed "s/$X/X/g; s/$Y/Y/g"
  ⚠ Found 1 dependency cycles:
    1. [XY] → [XY] → [XY] (re)
  $ bd dep cycles --json | j '[sorted(b["title"] for b in c) for c in d]'
  [['X', 'Y']]
  $ bd blocked --json | j 'sorted(b["title"] for b in d if b["title"] in ("X", "Y"))'
  ['X', 'Y']
  $ bd ready --json | j '[b["title"] for b in d if b["title"] in ("X", "Y")]'
  []
  $ bd dep tree $X | sed "s/$X/X/g; s/$Y/Y/g"
  Dependency tree for X:
  
  ○ X [● P2] [task] X
    └─ ○ Y [● P2] [task] Y
      └─ ○ X [● P2] [task] X …
  $ bd verify | head -1
  ✓ 2 chains, * events verified (2 signatures checked) in *s (glob)

Removing one edge breaks the cycle:

  $ bd dep remove $Y $X >/dev/null && bd dep cycles
  ✓ No dependency cycles detected
  $ bd ready --json | j '[b["title"] for b in d if b["title"] in ("X", "Y")]'
  ['Y']
