The refinery (issue 8): merge requests from gt done are tested on main with
the rig's gates and merged or bounced; every decision is a signed
validation.record. A bounced request fixed by its worker merges on its
second revision; a conflict is bounced; a refinery killed mid-test and
restarted merges nothing twice.

  $ . "$TESTDIR/lib.sh"
  $ waitexit() { for i in $(seq 300); do [ -s "$TOWN/run/$1.exit" ] && return 0; sleep 0.1; done; echo "$1 did not finish"; }

The project lives in a bare repository, as on a git host:

  $ git init -q -b main seed && cd seed && echo hello > README && git add README && git commit -qm init && cd ..
  $ git clone -q --bare seed proj.git
  $ gt init town >/dev/null && cd town && TOWN=$PWD
  $ gt rig add gx ../proj.git >/dev/null

Gates: a rig's commands that must pass on main with the work on it.

  $ gt rig gate add gx no-bad-file -- test ! -e BAD
  ✓ Gate no-bad-file added to gx: ["test","!","-e","BAD"]
  $ gt rig gate add gx readme --timeout 30s -- grep -q hello README
  ✓ Gate readme added to gx: ["grep","-q","hello","README"]
  $ gt rig gate list gx
  no-bad-file  ["test","!","-e","BAD"]  (timeout 600 s)
  readme       ["grep","-q","hello","README"]  (timeout 30 s)
  $ gt rig gate add gx readme -- true
  Error: the rig already has a gate "readme" (remove it first (gt rig gate remove), or choose another name)
  [1]
  $ gt rig gate add gx nothing
  Error: a gate needs a command after -- (e.g. gt rig gate add gx test -- make test)
  [1]
  $ gt rig gate add nope x -- true
  Error: no rig named "nope" (see gt rig list)
  [1]

Three workers: ann and bob write good work, cy writes a file the gates refuse.

  $ cat > $HOME/worker.sh <<'SH'
  > #!/bin/sh
  > set -e
  > echo "$GT_BEAD by $GT_AGENT" > "${FILE:-$GT_AGENT.txt}"
  > git add -A && git commit -qm "$GT_BEAD: $GT_AGENT's work"
  > gt done >/dev/null
  > SH
  $ cd rigs/gx && A=$(bd create "Alpha" -p 1 --silent) && B=$(bd create "Beta" --silent) && C=$(bd create "Gamma" --silent) && cd $TOWN
  $ gt sling $A --agent ann -- sh $HOME/worker.sh >/dev/null && waitexit ann
  $ gt sling $B --agent bob -- sh $HOME/worker.sh >/dev/null && waitexit bob
  $ FILE=BAD gt sling $C --agent cy -- sh $HOME/worker.sh >/dev/null && waitexit cy
  $ gt refinery queue gx --json | j '[(x["bead"], x["worker"], x["priority"]) for x in d]' | sed "s/$A/A/;s/$B/B/;s/$C/C/"
  [('A', 'ann', 1), ('B', 'bob', 2), ('C', 'cy', 2)]

A round: alpha and beta merge (pushed to the project), gamma is bounced back
to cy with the failing gate's output:

  $ gt refinery run gx --once | sed "s/gx-[0-9a-z.]*/MR/g; s/at [0-9a-f]*/at SHA/"
  ✓ MR merged (polecat/ann/MR) at SHA
  ✓ MR merged (polecat/bob/MR) at SHA
  ✗ MR bounced: gate no-bad-file failed (exit 1):
  3 request(s) decided in 3 test(s), 5 gate run(s)
  $ git -C ../proj.git log --format=%s main | sed "s/$A/A/;s/$B/B/"
  B: bob's work
  A: ann's work
  init
  $ bd show $A --json | j 'd[0]["status"], d[0]["labels"], d[0]["close_reason"][:24]'
  closed ['revision:1'] merged by the refinery (
  $ bd show $C --json | j 'd[0]["status"], d[0]["assignee"], d[0]["labels"]'
  hooked cy ['revision:2']
  $ bd comments $C | grep -c "gate no-bad-file failed"
  1
  $ bd history $(gt refinery status gx --json | j 'd["recent"][0]["id"]') --json | j '[(e["op"], e["actor"], e["applied"]) for e in d][-2:]'
  [('validation.record', 'refinery', True), ('bead.close', 'refinery', True)]
  $ bd member list --db rigs/gx/ledger/.beads | grep -c "validator .* refinery"
  1

The bead is back on cy's hook, asking for revision 2. cy fixes the work on
its branch and runs gt done again: revision 2 merges.

  $ cd $TOWN/rigs/gx/polecats/cy && git rm -q BAD && echo fixed > cy.txt && git add cy.txt && git commit -qm "fix" && GT_AGENT=cy GT_RIG=gx gt done >/dev/null && cd $TOWN
  $ gt refinery run gx --once --json | j '[x["result"] for x in d["decided"]], d["tests"]'
  ['merged'] 1
  $ bd show $C --json | j 'd[0]["status"], d[0]["labels"]'
  closed ['revision:2']
  $ gt refinery status gx --json | j 'd["merged"], d["bounced"], round(d["pass_rate"], 2), len(d["queue"])'
  3 1 0.75 0
  $ gt refinery status gx | head -1 | sed 's/mean time to merge [0-9.]* s/mean time to merge N s/'
  Refinery of gx: 0 queued, 3 merged, 1 bounced (pass rate 75%, mean time to merge N s)

A conflict with main is bounced with a message to rebase; the worker's
branch is left as it was. dan and fay both add shared.txt; dan's lands first:

  $ cd rigs/gx && D=$(bd create "Delta" --silent) && F=$(bd create "Phi" --silent) && cd $TOWN
  $ FILE=shared.txt gt sling $D --agent dan -- sh $HOME/worker.sh >/dev/null && waitexit dan
  $ FILE=shared.txt gt sling $F --agent fay -- sh $HOME/worker.sh >/dev/null && waitexit fay
  $ before=$(git -C rigs/gx/repo.git rev-parse refs/heads/polecat/fay/$F)
  $ gt refinery run gx --once | sed "s/gx-[0-9a-z.]*/MR/g; s/at [0-9a-f]*$/at SHA/"
  ✓ MR merged (polecat/dan/MR) at SHA
  ✗ MR bounced: conflict (polecat/fay/MR does not apply on main: error: could not apply *) (glob)
  2 request(s) decided in 1 test(s), 2 gate run(s)
  $ [ "$(git -C rigs/gx/repo.git rev-parse refs/heads/polecat/fay/$F)" = "$before" ] && echo "branch untouched"
  branch untouched
  $ bd comments $F | grep -c "does not apply on main"
  1

Killed mid-test: a gate that waits; the refinery is killed while it runs,
and a new one merges the request exactly once.

  $ gt rig gate add gx slow -- sh $HOME/slow.sh >/dev/null
  $ cat > $HOME/slow.sh <<'SH'
  > #!/bin/sh
  > [ -e "$HOME/slow.done" ] && exit 0
  > touch "$HOME/slow.started"; sleep 30
  > SH
  $ cd rigs/gx && E=$(bd create "Epsilon" --silent) && cd $TOWN
  $ gt sling $E --agent eve -- sh $HOME/worker.sh >/dev/null && waitexit eve
  $ main=$(git -C rigs/gx/repo.git rev-parse main)
  $ (gt refinery run gx --once >/dev/null 2>&1 &) ; for i in $(seq 600); do [ -e $HOME/slow.started ] && break; sleep 0.1; done
  $ gt refinery status gx --json | j 'd["testing"] == ["'$(gt refinery queue gx --json | j 'd[0]["id"]')'"]'
  True
  $ pkill -9 -f "gt refinery run gx" ; pkill -9 -f "$HOME/slow.sh"; sleep 0.2
  $ gt refinery status gx --json | j 'd["testing"]'
  []
  $ [ "$(git -C rigs/gx/repo.git rev-parse main)" = "$main" ] && echo "main untouched"
  main untouched
  $ touch $HOME/slow.done && gt refinery run gx --once | sed "s/gx-[0-9a-z.]*/MR/g; s/at [0-9a-f]*/at SHA/"
  ✓ MR merged (polecat/eve/MR) at SHA
  1 request(s) decided in 1 test(s), 3 gate run(s)
  $ git -C ../proj.git log --format=%s main | grep -c "eve's work"
  1
  $ gt refinery run gx --once
  0 request(s) decided in 0 test(s), 0 gate run(s)

Batches: with batch = 8, eight requests are stacked and tested together;
the one bad request is found by splitting, the seven good ones merge, in
fewer tests than eight one by one.

  $ gt rig gate remove gx slow >/dev/null && gt rig set gx batch 8
  ✓ gx: batch = 8
  $ gt rig set gx batch many
  Error: batch must be a number from 1 to 64, not "many" (e.g. gt rig set RIG batch 4)
  [1]
  $ gt rig set gx colour red
  Error: unknown rig setting "colour" (settable: batch, merge_strategy, dispatch, max_workers, stall_after, max_restarts, worker.runtime, worker.command (gates: gt rig gate add))
  [1]
  $ for i in 1 2 3 4 5 6 7 8; do
  >   id=$(cd rigs/gx && bd create "Batch $i" --silent)
  >   if [ $i = 6 ]; then f=BAD; else f=b$i.txt; fi
  >   FILE=$f gt sling $id --agent b$i -- sh $HOME/worker.sh >/dev/null && waitexit b$i
  > done
  $ gt refinery run gx --once --json | j 'sorted(x["result"] for x in d["decided"]), d["tests"], d["tests"] < 8'
  ['failed', 'merged', 'merged', 'merged', 'merged', 'merged', 'merged', 'merged'] 7 True
  $ git -C ../proj.git ls-tree --name-only main | grep -c '^b[0-9].txt$'
  7

A molecule step's own check runs with the gates, on the request's code:

  $ gt rig set gx batch 1 >/dev/null
  $ cat > $HOME/step.formula.toml <<'TOML'
  > formula = "step"
  > version = 1
  > [[steps]]
  > id = "write"
  > title = "Write checked.txt"
  > check = ["test", "-e", "checked.txt"]
  > TOML
  $ S=$(cd rigs/gx && bd mol pour $HOME/step.formula.toml --json | j 'd["id_mapping"]["write"]')
  $ FILE=wrong.txt gt sling $S --agent sam -- sh $HOME/worker.sh >/dev/null && waitexit sam
  $ gt refinery run gx --once | head -1 | sed "s/gx-[0-9a-z.]*/ID/g"
  ✗ ID bounced: gate check ID failed (exit 1):
  $ cd $TOWN/rigs/gx/polecats/sam && git mv wrong.txt checked.txt && git commit -qm "the right name" && GT_AGENT=sam GT_RIG=gx gt done >/dev/null && cd $TOWN
  $ gt refinery run gx --once --json | j '[(x["result"], [g["name"][:5] for g in x["gates"]]) for x in d["decided"]]'
  [('merged', ['no-ba', 'readm', 'check'])]
