The ledger travels with git: a clone has the same beads (its index is
rebuilt from log/, since beads.db is ignored), and writers in two clones
never conflict because each appends only to its own chain file.

  $ git init -q origin && cd origin && export BD_ACTOR=alice
  $ bd init -q --prefix gc
  $ A=$(bd create "Shared work" -p 1 --silent)
  $ B=$(bd create "Follow-up" --deps blocked-by:$A --silent)
  $ git add .beads && git commit -qm "ledger" && git status --short
  $ cd .. && git clone -q origin clone && cd clone
  $ test -e .beads/beads.db || echo "no index yet"
  no index yet
  $ bd list --json | python3 -c 'import json,sys; print(sorted(b["title"] for b in json.load(sys.stdin)))'
  ['Follow-up', 'Shared work']
  $ bd ready --json | python3 -c 'import json,sys; print([b["title"] for b in json.load(sys.stdin)])'
  ['Shared work']
  $ bd verify
  ✓ 1 chains, 3 events verified (1 signatures checked) in *s (glob)

Bob works in the clone, alice in the origin; the merge has no conflict.

  $ BD_ACTOR=bob bd create "Bob's task" -q
  gc-[0-9a-z]{3} (re)
  $ BD_ACTOR=bob bd update $A --notes "bob was here" -q
  $ git add .beads && git commit -qm "bob" && ls .beads/log | wc -l
  2
  $ cd ../origin && bd close $A --reason done -q && git add .beads && git commit -qm "alice"
  $ git pull -q --no-rebase ../clone HEAD 2>&1 | grep -i conflict; echo pulled
  pulled
  $ bd list --all --json | python3 -c 'import json,sys; print(sorted((b["title"], b["status"]) for b in json.load(sys.stdin)))'
  [("Bob's task", 'open'), ('Follow-up', 'open'), ('Shared work', 'closed')]
  $ bd show $A --json | python3 -c 'import json,sys; d=json.load(sys.stdin)[0]; print(d["notes"], d["close_reason"])'
  bob was here done
  $ bd verify
  ✓ 2 chains, 6 events verified (2 signatures checked) in *s (glob)

A changed byte in a committed chain is caught, with file and line; git restores it.

  $ chain=$(ls .beads/log/*.jsonl | head -1)
  $ sed -i '1s/"priority":/"priority": /' $chain
  $ bd verify
  ✗ log/[0-9a-f]{16}\.jsonl:1: id does not match the hash of the event \(the line was changed\) (re)
  ✗ 1 problem(s) in 2 chains (? events read) (glob)
  [1]
  $ git checkout -q .beads && bd verify
  ✓ 2 chains, 6 events verified (2 signatures checked) in *s (glob)

Deleting the index loses nothing.

  $ rm .beads/beads.db* && bd list --all --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
  3
