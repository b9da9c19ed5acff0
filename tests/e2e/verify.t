bd verify: every chain's hash links, order and signatures; any changed,
removed, reordered, duplicated or cut line is reported with file, line and
reason, and the exit code is 1. git restores the files.

  $ git init -q p && cd p && export BD_ACTOR=alice
  $ bd init -q --prefix vf
  $ j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

An empty ledger verifies:

  $ bd verify
  ✓ 0 chains, 0 events verified (0 signatures checked) in *s (glob)

Two writers, two chains:

  $ for i in 1 2 3 4; do bd create "Bead $i" --id vf-$i -q; done
  vf-1
  vf-2
  vf-3
  vf-4
  $ bd update vf-1 -p 0 -q && BD_ACTOR=bob bd update vf-2 --claim -q && BD_ACTOR=bob bd close vf-2 -q
  $ ALICE=$(bd whoami --json | j 'd["keyid"]') && BOB=$(BD_ACTOR=bob bd whoami --json | j 'd["keyid"]')
  $ wc -l < .beads/log/$ALICE.jsonl && wc -l < .beads/log/$BOB.jsonl
  5
  2
  $ git add .beads && git commit -qm ledger
  $ bd verify
  ✓ 2 chains, 7 events verified (2 signatures checked) in *s (glob)
  $ bd verify --deep
  ✓ 2 chains, 7 events verified (7 signatures checked, deep) in *s (glob)
  $ bd verify --json > v.json; echo "exit $?"
  exit 0
  $ j 'd["ok"], d["events"], d["signatures_checked"], d["deep"], d["problems"], d["schema_version"], type(d["seconds"]).__name__' < v.json
  True 7 2 False [] 1 float
  $ j 'sorted((c["file"], c["events"], c["signatures_checked"], c["ok"]) for c in d["chains"]) == sorted([("log/'$ALICE'.jsonl", 5, 1, True), ("log/'$BOB'.jsonl", 2, 1, True)])' < v.json
  True
  $ bd verify --deep --json | j 'd["ok"], d["signatures_checked"], d["deep"]'
  True 7 True

One changed byte in the middle of a chain:

  $ sed -i '3s/"Bead 3"/"Bead 8"/' .beads/log/$ALICE.jsonl
  $ bd verify > out.txt; echo "exit $?"; sed "s#$ALICE#ALICE#" out.txt
  exit 1
  ✗ log/ALICE.jsonl:3: id does not match the hash of the event (the line was changed)
  ✗ 1 problem(s) in 2 chains (4 events read)
  $ bd verify --json > v.json; echo "exit $?"
  exit 1
  $ j 'd["ok"], [(p["file"] == "log/'$ALICE'.jsonl", p["line"], p["reason"]) for p in d["problems"]]' < v.json
  False [(True, 3, 'id does not match the hash of the event (the line was changed)')]
  $ j '[(c["file"] == "log/'$ALICE'.jsonl", c["ok"]) for c in d["chains"] if not c["ok"]]' < v.json
  [(True, False)]
  $ bd verify --deep | sed "s#$ALICE#ALICE#"
  ✗ log/ALICE.jsonl:3: id does not match the hash of the event (the line was changed)
  ✗ 1 problem(s) in 2 chains (4 events read)

Other commands still work, warn on stderr, and show only what the valid
part of the chain says:

  $ bd list --all 2>&1 >/dev/null | sed "s#$ALICE#ALICE#"
  warning: log/ALICE.jsonl:3: id does not match the hash of the event (the line was changed) (see `bd verify`)
  $ bd list --all --json 2>/dev/null | j 'sorted(b["title"] for b in d)'
  ['Bead 1', 'Bead 2']
  $ git checkout -q .beads && bd verify
  ✓ 2 chains, 7 events verified (2 signatures checked) in *s (glob)
  $ bd list --all --json | j 'sorted(b["title"] for b in d)'
  ['Bead 1', 'Bead 2', 'Bead 3', 'Bead 4']

A changed byte in the newest line (whose signature vouches for the chain):

  $ sed -i '$s/"reason":"Closed"/"reason":"Closet"/' .beads/log/$BOB.jsonl
  $ bd verify | sed "s#$BOB#BOB#"
  ✗ log/BOB.jsonl:2: id does not match the hash of the event (the line was changed)
  ✗ 1 problem(s) in 2 chains (6 events read)
  $ git checkout -q .beads

A changed signature:

  $ python3 - .beads/log/$BOB.jsonl <<'EOF'
  > import sys
  > path = sys.argv[1]
  > lines = open(path).read().split("\n")
  > i = lines[-2].index('"sig":"') + 7
  > lines[-2] = lines[-2][:i] + ("1" if lines[-2][i] == "0" else "0") + lines[-2][i + 1:]
  > open(path, "w").write("\n".join(lines))
  > EOF
  $ bd verify | sed "s#$BOB#BOB#"
  ✗ log/BOB.jsonl:2: signature does not match its key (1 line(s) from here not applied)
  ✗ 1 problem(s) in 2 chains (6 events read)
  $ git checkout -q .beads

A removed, a duplicated and two swapped lines:

  $ sed -i '2d' .beads/log/$ALICE.jsonl && bd verify | sed "s#$ALICE#ALICE#"
  ✗ log/ALICE.jsonl:2: seq 3 where 2 was expected (a line was removed, duplicated or reordered)
  ✗ 1 problem(s) in 2 chains (3 events read)
  $ git checkout -q .beads
  $ sed -i '2p' .beads/log/$ALICE.jsonl && bd verify | sed "s#$ALICE#ALICE#"
  ✗ log/ALICE.jsonl:3: seq 2 where 3 was expected (a line was removed, duplicated or reordered)
  ✗ 1 problem(s) in 2 chains (4 events read)
  $ git checkout -q .beads
  $ awk 'NR==2{h=$0;next} NR==3{print;print h;next} 1' .beads/log/$ALICE.jsonl > swapped && cat swapped > .beads/log/$ALICE.jsonl && bd verify | sed "s#$ALICE#ALICE#"
  ✗ log/ALICE.jsonl:2: seq 3 where 2 was expected (a line was removed, duplicated or reordered)
  ✗ 1 problem(s) in 2 chains (3 events read)
  $ git checkout -q .beads && bd verify | head -1
  ✓ 2 chains, 7 events verified (2 signatures checked) in *s (glob)

A cut last line (an interrupted write):

  $ truncate -s -10 .beads/log/$ALICE.jsonl && bd verify | sed "s#$ALICE#ALICE#"
  ✗ log/ALICE.jsonl:5: incomplete last line (an interrupted write); the writer's next write removes it
  ✗ 1 problem(s) in 2 chains (6 events read)
  $ git checkout -q .beads

Removed newest lines cannot be seen in the chain itself, but this index had
applied them, so verify reports it:

  $ sed -i '$d' .beads/log/$ALICE.jsonl && bd verify | sed "s#$ALICE#ALICE#"
  ✗ log/ALICE.jsonl:5: the chain ends at event 4 but this index had applied 5 (events were removed or the file was rewritten; restore it from git, or accept it with `bd doctor --rebuild`)
  ✗ 1 problem(s) in 2 chains (6 events read)
  $ git checkout -q .beads && bd verify | head -1
  ✓ 2 chains, 7 events verified (2 signatures checked) in *s (glob)

A chain copied under another writer's file name:

  $ cp .beads/log/$ALICE.jsonl .beads/log/0000000000000000.jsonl && bd verify | sed "s#$ALICE#ALICE#"
  ✗ log/0000000000000000.jsonl:1: signed by key ALICE which does not belong in this file
  ✗ 1 problem(s) in 3 chains (7 events read)
  $ bd list 2>&1 >/dev/null | sed "s#$ALICE#ALICE#"
  warning: log/0000000000000000.jsonl:1: signed by key ALICE which does not belong in this file (see `bd verify`)
  $ rm .beads/log/0000000000000000.jsonl && bd verify | head -1
  ✓ 2 chains, 7 events verified (2 signatures checked) in *s (glob)

Once the file is gone, nothing is left to warn about (verify passes, so
other commands and doctor must agree):

  $ bd list 2>&1 >/dev/null
  $ bd doctor | grep chains
  ✓ chains: every chain applied to its end
  $ bd doctor --rebuild >/dev/null 2>&1

Nothing bd writes breaks the chains:

  $ bd reopen vf-2 -q && bd dep add vf-3 vf-4 -q >/dev/null && bd verify --deep --json | j 'd["ok"], d["events"]'
  True 9

An empty chain file, seen and then removed, leaves nothing behind (no
warning with an empty reason about a file that is gone):

  $ : > .beads/log/1111111111111111.jsonl && bd list >/dev/null && rm .beads/log/1111111111111111.jsonl
  $ cp .beads/log/$ALICE.jsonl .beads/log/0000000000000000.jsonl
  $ bd list 2>&1 >/dev/null | sed "s#$ALICE#ALICE#"
  warning: log/0000000000000000.jsonl:1: signed by key ALICE which does not belong in this file (see `bd verify`)
  $ rm .beads/log/0000000000000000.jsonl && bd doctor --rebuild >/dev/null 2>&1

Bad input:

  $ bd verify extra
  Error: The following argument was not expected: extra (see `bd --help`)
  [1]
  $ bd verify --shallow --json | j '"error" in d'
  True
