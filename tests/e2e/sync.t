bd sync with real git: a bare remote and clones that write concurrently;
merges never conflict, the claim race's loser is told, deletions stick,
one key writing two chains is kept and reported, and an unreachable remote
leaves a usable, committed ledger.

  $ . "$TESTDIR/lib.sh"
  $ git init -q --bare remote.git
  $ git clone -q remote.git a 2>/dev/null && cd a && export BD_ACTOR=alice
  $ bd init -q --prefix sy && X=$(bd create "Shared work" --silent)
  $ bd sync
  ✓ Committed 1 local event(s)
  ↓ Pulled 0 event(s) from origin/master
  ↑ Pushed 1 event(s) to origin/master
  $ git log --oneline | sed 's/^[0-9a-f]* //'
  bd sync: 1 event(s)
  $ git status --porcelain

A second clone picks up the ledger (its index is built on first use):

  $ cd .. && git clone -q remote.git b && cd b
  $ BD_ACTOR=bob bd list --json | j '[x["title"] for x in d]'
  ['Shared work']

Concurrent edits in both clones, synced in any order, converge:

  $ BD_ACTOR=bob bd create "From bob" -q >/dev/null && BD_ACTOR=bob bd update $X --notes "bob was here" -q
  $ cd ../a && bd create "From alice" -q >/dev/null && bd update $X -p 0 -q
  $ bd sync --dry-run
  Dry run (nothing changed):
    2 local event(s) to commit
    0 event(s) to pull from origin/master
    2 event(s) to push
  $ bd sync --json | j 'd["committed"], d["events_committed"], d["pulled"], d["events_in"], d["pushed"], d["events_out"]'
  True 2 False 0 True 2
  $ cd ../b && BD_ACTOR=bob bd sync
  ✓ Committed 2 local event(s)
  ↓ Pulled 2 event(s) from origin/master
  ↑ Pushed 2 event(s) to origin/master
  $ cd ../a && bd sync -q && cd ..
  $ for c in a b; do (cd $c && BD_ACTOR=x bd list --all --json | j 'sorted((x["title"], x["priority"], x.get("notes", "")) for x in d)'); done
  [('From alice', 2, ''), ('From bob', 2, ''), ('Shared work', 0, 'bob was here')]
  [('From alice', 2, ''), ('From bob', 2, ''), ('Shared work', 0, 'bob was here')]
  $ git -C a log --oneline | wc -l
  4
  $ git -C a status --porcelain && git -C b status --porcelain

The claim race: both clones claim the same bead; the claim first in fold
order (bob's has the higher Lamport clock) wins. The loser is told on its next
sync, and what it wrote stays.

  $ cd a && bd update $X --claim -q && cd ../b
  $ for i in 1 2 3; do BD_ACTOR=bob bd update $X --notes "step $i" -q; done
  $ BD_ACTOR=bob bd update $X --claim -q && BD_ACTOR=bob bd show $X --json | j 'd[0]["assignee"]'
  bob
  $ cd ../a && bd sync -q && cd ../b
  $ BD_ACTOR=bob bd sync | grep -v '^[↓↑✓]'
  ✗ You lost the claim on sy-* to alice: their claim comes first in fold order. Your commits and notes are untouched; pick other work with `bd ready`. (glob)
  $ BD_ACTOR=bob bd show $X --json | j 'd[0]["assignee"], d[0]["notes"]'
  alice step 3
  $ BD_ACTOR=bob bd history $X --json | j '[(e["actor"], e["applied"]) for e in d if e["op"] == "bead.claim"]'
  [('alice', True), ('bob', False)]
  $ BD_ACTOR=bob bd sync --json | j 'd["lost_claims"]'
  []

A deleted bead stays deleted after merging with a clone that still had it
open (and edited it meanwhile):

  $ cd ../a && bd sync -q && D=$(bd create "Doomed" --silent) && bd sync -q
  $ cd ../b && BD_ACTOR=bob bd sync -q && BD_ACTOR=bob bd update $D --notes "still needed?" -q
  $ cd ../a && bd delete $D --force -q && bd sync -q
  $ cd ../b && BD_ACTOR=bob bd sync -q; BD_ACTOR=bob bd show $D 2>&1
  Error: no issue found matching "sy-*" (check the id with `bd list`) (glob)
  [1]
  $ cd ../a && bd sync -q && bd show $D 2>&1
  Error: no issue found matching "sy-*" (check the id with `bd list`) (glob)
  [1]

Equivocation: the same key writes in two clones without syncing, so its chain
has two different events with the same seq. Both clones keep both chains
(the one that sorts first stays the chain, the other goes to log/forks/),
sync, verify and doctor say so (a warning: the ledger is consistent), and
nothing is dropped.

  $ cd ../a && bd sync -q && cd ../b && BD_ACTOR=bob bd sync -q
  $ BD_ACTOR=alice bd create "Alice in b" -q >/dev/null
  $ cd ../a && bd create "Alice in a" -q >/dev/null && bd sync -q
  $ cd ../b && BD_ACTOR=alice bd sync | grep -c '⚠ Equivocation: key [0-9a-f]* wrote two different events with seq'
  1
  $ ls .beads/log/forks | wc -l
  1
  $ BD_ACTOR=alice bd verify | grep -c '^⚠ log/forks/.*: equivocation: key'
  1
  $ BD_ACTOR=alice bd verify --json | j 'd["ok"], len(d["equivocations"])'
  True 1
  $ BD_ACTOR=alice bd doctor | grep "quarantine:"
  ⚠ quarantine: 1 chain fork(s): key * wrote two different events with seq * (the other chain is kept in log/forks/*.jsonl, not applied) (glob)
  $ cd ../a && bd sync -q && ls .beads/log/forks | wc -l
  1
  $ cd .. && diff <(cd a && bd list --all --json) <(cd b && bd list --all --json) && echo "same state"
  same state
  $ git -C a status --porcelain && git -C b status --porcelain

A rewritten (force-pushed) remote history is detected and not merged until
accepted; the events it dropped are still in this clone's chains and go
back out with the next push.

  $ cd b && BD_ACTOR=bob bd sync -q && BD_ACTOR=bob bd create "Bob's last" -q >/dev/null && BD_ACTOR=bob bd sync -q
  $ cd ../a && bd sync -q && before=$(bd status --digest)
  $ cd ../b && git reset -q --hard HEAD~1 && git push -q -f origin HEAD:master 2>/dev/null
  $ cd ../a && bd sync
  Error: the history of origin/master was rewritten (force-pushed): it no longer contains *, which this clone synced with; nothing was merged (inspect it with `git log origin/master`; if the rewrite is intended, run `bd sync --accept-rewrite` (your chains are kept and `bd verify` checks the result)) (glob)
  [1]
  $ [ "$(bd status --digest)" = "$before" ] && echo "nothing changed"
  nothing changed
  $ bd sync --accept-rewrite -q && [ "$(bd status --digest)" = "$before" ] && echo "accepted, nothing lost"
  accepted, nothing lost
  $ cd ../b && BD_ACTOR=bob bd sync -q 2>/dev/null; BD_ACTOR=bob bd list --json | j 'any(x["title"].startswith("Bob") for x in d)'
  True
  $ cd ..

No remote, an unreachable remote, --no-push:

  $ git init -q solo && cd solo && bd init -q --prefix so && bd create "Alone" -q >/dev/null
  $ bd sync
  ✓ Committed 1 local event(s)
  ℹ no git remote: committed locally only (add one with `git remote add origin URL`)
  $ git remote add origin ../nowhere.git && bd create "More" -q >/dev/null
  $ bd sync
  Error: cannot reach remote 'origin': fatal: '../nowhere.git' does not appear to be a git repository (the ledger is committed locally and stays usable; run `bd sync` again when the remote is reachable)
  [1]
  $ bd sync --json | j 'd["error"].startswith("cannot reach remote")'
  True
  $ git log --oneline | wc -l && bd list --json | j 'len(d)'
  2
  2
  $ cd ../a && bd create "Local only" -q >/dev/null && bd sync --no-push
  ✓ Committed 1 local event(s)
  ↓ Pulled 0 event(s) from origin/master
  $ git status --short --branch | head -1
  ## master...origin/master [ahead 1]

Many workers syncing at the same time (pushes race and retry), and two
syncs at once in one clone (they take turns):

  $ cd .. && for i in 1 2 3 4; do git clone -q remote.git w$i; done
  $ for i in 1 2 3 4; do (cd w$i && for n in 1 2 3; do BD_ACTOR=w$i bd create "w$i bead $n" -q >/dev/null; done; BD_ACTOR=w$i bd sync -q & BD_ACTOR=w$i bd sync -q; wait) & done; wait
  $ for i in 1 2 3 4; do (cd w$i && BD_ACTOR=w$i bd sync -q); done
  $ for i in 1 2 3 4; do (cd w$i && BD_ACTOR=w$i bd status --digest); done | sort -u | wc -l
  1
  $ cd w1 && BD_ACTOR=w1 bd list --json -n 0 | j 'sum(x["title"].startswith("w") and " bead " in x["title"] for x in d)' && cd ..
  12

Bad input:

  $ cd a
  $ refused sync --frobnicate
  $ refused sync extra
  $ git checkout -q --detach && bd sync
  Error: HEAD is detached: bd sync needs a branch (check out a branch (git switch BRANCH) and run `bd sync` again)
  [1]
  $ git checkout -q master
  $ (cd / && bd sync)
  Error: no beads database found (run `bd init` in your project, or set BEADS_DIR to a .beads directory)
  [1]
  $ mkdir ../nogit && cd ../nogit && bd init -q --prefix ng && bd sync
  Error: */nogit/.beads is not in a git repository (run `git init` (and `git remote add origin URL`) first) (glob)
  [1]
