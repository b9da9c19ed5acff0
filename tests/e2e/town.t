The town (issue 7): a town around a real local git repository, a rig, three
beads slung to three `script` workers that make real commits; `gt done`
pushes them and files merge requests; mail and a convoy track the three.

  $ . "$TESTDIR/lib.sh"
  $ gtrefused() {
  >   local out rc
  >   out=$(gt "$@" 2>"$HOME/.err"); rc=$?
  >   [ $rc = 1 ] || echo "text: exit $rc"
  >   [ -z "$out" ] || echo "text: stdout: $out"
  >   [ "$(wc -l < "$HOME/.err")" = 1 ] && grep -q '^Error: .' "$HOME/.err" || { echo "text: stderr:"; cat "$HOME/.err"; }
  >   cat "$HOME/.err"
  >   out=$(gt --json "$@" 2>"$HOME/.err"); rc=$?
  >   [ $rc = 1 ] || echo "json: exit $rc"
  >   [ -s "$HOME/.err" ] && { echo "json: stderr:"; cat "$HOME/.err"; }
  >   printf '%s' "$out" | j 'd["error"] != "" and d["schema_version"] == 1' | grep -qx True || echo "json: not an error object: $out"
  >   rm -f "$HOME/.err"
  > }
  $ waitexit() { for i in $(seq 300); do [ -s "$TOWN/run/$1.exit" ] && return 0; sleep 0.1; done; echo "$1 did not finish"; }

The project: a plain git repository with one commit.

  $ git init -q -b main proj && cd proj && echo hello > README && git add README && git commit -qm init && cd ..

  $ gt init town --org acme
  ✓ Created town town at */town (glob)
    ledger prefix: hq, entity URIs: entity://local/acme/NAME
  
  Next: cd */town && gt rig add NAME GIT_URL (glob)
  $ cd town && TOWN=$PWD && stat -c %a keys keys/mayor.key && cat .gitignore
  700
  600
  keys/
  run/
  logs/
  rigs/
  $ gt init ../town
  Error: */town is already a town (use it (cd there and run `gt status`), or pick another directory) (glob)
  [1]

A rig: bare clone, its ledger on branch `beads` at ledger/, the refinery on main.

  $ gt rig add gx ../proj
  ✓ Added rig gx (prefix gx, new ledger on branch beads)
  $ ls rigs/gx && git -C rigs/gx/ledger branch --show-current && git -C rigs/gx/refinery branch --show-current
  ledger
  refinery
  repo.git
  rig.toml
  beads
  main
  $ gt rig list
  gx           gx       */proj (glob)
  $ gt rig show gx --json | j 'd["prefix"], d["default_branch"], d["ledger_branch"], d["unsaved"]'
  gx main beads []

A bad URL or path: one line, nothing half-made.

  $ gtrefused rig add bad ../../nowhere
  Error: cannot clone ../../nowhere: fatal: repository '../../nowhere' does not exist (check the URL or path (it must be a git repository you can read))
  $ ls rigs && gt rig list --json | j 'len(d)'
  gx
  1
  $ gtrefused rig add gx2 ../proj --prefix gx
  Error: prefix gx is already rig gx's (pass another --prefix)
  $ gtrefused rig add "Bad Name" ../proj
  Error: invalid rig name "Bad Name" (use lower-case letters, digits, '-' or '_', starting with a letter (max 32))

Beads in the rig's ledger; bd routes an id by its prefix from anywhere in
the town, and uses the rig's ledger inside rigs/gx/.

  $ cd rigs/gx && A=$(bd create "Add alpha" -p 1 --acceptance "alpha.txt says alpha" --silent) && B=$(bd create "Add beta" --silent) && C=$(bd create "Add gamma" --silent) && D=$(bd create "Add delta" --silent) && cd $TOWN
  $ echo $A | grep -c '^gx-'
  1
  $ bd show $A --json | j 'd[0]["title"]' && cd logs && bd show $B --json | j 'd[0]["title"]' && cd ..
  Add alpha
  Add beta
  $ bd create "A town note" --silent | grep -c '^hq-'
  1

Workers: a key in keys/, an entity URI, a writer of every ledger.

  $ cat > $HOME/worker.sh <<'SH'
  > #!/bin/sh
  > # A worker: reads its prompt, does the work, commits, finishes.
  > set -e
  > gt prime > "$HOME/$GT_AGENT.prime"
  > echo "$GT_BEAD by $GT_AGENT" > "$GT_AGENT.txt"
  > git add "$GT_AGENT.txt" && git commit -qm "$GT_BEAD: $GT_AGENT's work"
  > gt done --notes "made $GT_AGENT.txt"
  > SH
  $ gt agent add ann --runtime script -- sh $HOME/worker.sh
  ✓ Added worker ann (entity://local/acme/ann)
    runtime: script
    member of: hq, gx
  $ stat -c %a keys/ann.key && gt agent show ann --json | j 'd["uri"], d["command"], d["state"]'
  600
  entity://local/acme/ann ['sh', '*/worker.sh'] idle (glob)
  $ bd member list --db rigs/gx/ledger/.beads | sed 's/[0-9a-f]\{16\}/KEYID/; s/since .*/since DATE/'
  Policy: open (every key may write beads)
    admin     KEYID mayor        since DATE
    writer    KEYID ann          since DATE
  $ gtrefused agent add ann -- true
  Error: worker ann already exists (see `gt agent show ann`)
  $ gtrefused agent add cy --runtime script
  Error: the script runtime needs a command (give it after --, e.g. gt agent add ci --runtime script -- ./run-job.sh)

A convoy tracks the three.

  $ CV=$(gt convoy create release-1 $A $B $C --json | j 'd["id"]') && gt convoy status $CV --json | j 'd["name"], d["done"], d["total"], d["closed"]'
  release-1 0 3 False

Sling: claim (signed by the worker), worktree on polecat/<name>/<bead>, start.

  $ gt sling $A --agent ann | sed "s/$A/A/g"
  ✓ Slung A to ann (entity://local/acme/ann)
    worktree: rigs/gx/polecats/ann (branch polecat/ann/A)
    log:      logs/ann-A.log
  $ gt sling $B --agent bob -- sh $HOME/worker.sh | head -1 | sed "s/$B/B/g"
  ✓ Slung B to bob (entity://local/acme/bob), a new worker
  $ gt sling $C gx --agent cy --runtime script --json -- sh $HOME/worker.sh | j 'd["agent"], d["agent_created"], d["status"]'
  cy True hooked
  $ waitexit ann && waitexit bob && waitexit cy
  $ cat logs/ann-$A.log | sed "s/$A/A/g; s/gx-[0-9a-z]*/MR/g"
  ✓ A in review: pushed polecat/ann/A (1 commit(s)), merge request MR
  $ grep -c "Acceptance criteria" $HOME/ann.prime && grep "alpha.txt says alpha" $HOME/ann.prime
  1
  alpha.txt says alpha

gt done pushed each branch to the project and filed a merge request; the
work bead is in review (in_progress, label gt:in-review, blocked by its MR).

  $ git -C ../proj branch --list 'polecat/*' | sed "s/$A/A/; s/$B/B/; s/$C/C/" | sort
    polecat/ann/A
    polecat/bob/B
    polecat/cy/C
  $ git -C ../proj log --format='%an %s' polecat/bob/$B -1 | sed "s/$B/B/"
  bob B: bob's work
  $ bd show $A --json | j 'd[0]["status"], d[0]["assignee"], d[0]["labels"]'
  in_progress ann ['gt:in-review']
  $ bd list --type merge-request --json --db rigs/gx/ledger/.beads | j 'len(d), sorted(x["created_by"] for x in d)'
  3 ['ann', 'bob', 'cy']
  $ bd history $A --json | j '[(e["op"], e["actor"]) for e in d][:2]'
  [('bead.create', *), ('bead.claim', 'ann')] (glob)
  $ bd verify --db rigs/gx/ledger/.beads | head -1
  ✓ * chains, * events verified (* signatures checked) in *s (glob)
  $ gt status --json | j 'd["rigs"][0]["merge_queue"], d["rigs"][0]["ready"], [(w["name"], w["state"]) for w in d["workers"]]'
  3 1 [('ann', 'done'), ('bob', 'done'), ('cy', 'done')]
  $ gt polecat list | sed "s/gx-[0-9a-z]*/ID/"
  ann          gx       done     polecat/ann/ID, exit 0
  bob          gx       done     polecat/bob/ID, exit 0
  cy           gx       done     polecat/cy/ID, exit 0

Mail: message beads in the town ledger, signed by the sender; threads.

  $ M=$(gt mail send ann --subject "Thanks" --body "nice work" --json | j 'd["id"]') && echo $M | grep -c '^hq-'
  1
  $ GT_AGENT=ann gt mail inbox | sed "s/$M/M/"
  ● M from mayor: Thanks
  $ R=$(GT_AGENT=ann gt mail reply $M --body "welcome" --json | j 'd["id"]')
  $ gt mail inbox | sed "s/$R/R/"
  ● R from ann: Re: Thanks
  $ gt mail read $R --json | j 'd["from"], d["body"], d["thread"] == "'$M'", [m["id"] == "'$M'" for m in d["thread_messages"]]'
  ann welcome True [True]
  $ gt mail inbox && GT_AGENT=ann gt mail inbox --all --json | j 'len(d)'
  No unread messages for mayor
  1
  $ gt mail send entity://local/acme/bob -s "By URI" --json | j 'd["to"]'
  bob
  $ gtrefused mail send nobody -s hi
  Error: no mailbox "nobody" (address a worker by name or entity URI, or the role mayor (gt agent list))

The convoy closes when its beads close (here the refinery's part is played by bd close).

  $ gt convoy status $CV | head -1 | sed "s/$CV/CV/"
  CV release-1: 0/3 closed
  $ for x in $A $B $C; do bd close $x --force -q; done
  $ gt convoy status $CV --json | j 'd["done"], d["closed"]' && bd show $CV --json | j 'd[0]["status"]'
  3 True
  closed

Faults. A worker that exits without gt done: the work stays in its
worktree, the bead stays on its hook, the worker is not free.

  $ cat > $HOME/quitter.sh <<'SH'
  > #!/bin/sh
  > echo half > wip.txt
  > exit 2
  > SH
  $ gt sling $D --agent dan -- sh $HOME/quitter.sh >/dev/null && waitexit dan
  $ gt polecat status dan | sed "s/gx-[0-9a-z]*/ID/"
  dan          gx       exited   polecat/dan/ID, 1 uncommitted, exit 2
    log: logs/dan-*.log (glob)
  $ cat rigs/gx/polecats/dan/wip.txt && bd show $D --json | j 'd[0]["status"], d[0]["assignee"]'
  half
  hooked dan
  $ E=$(cd rigs/gx && bd create "Add epsilon" --silent)
  $ gtrefused sling $E --agent dan 2>&1 | sed "s/$D/D/g"
  Error: worker dan still holds D (its session ended without gt done; the work is in */rigs/gx/polecats/dan) (re-sling D to resume it, or hand it back from its worktree with gt done --blocked REASON) (glob)

A nudge to a dead session is an error:

  $ gtrefused nudge dan "hurry"
  Error: cannot nudge dan: the session is not running (it exited with code 2) (restart the work with `gt sling` (its worktree is kept))

Sling of a bead someone else holds is refused, and names the holder:

  $ gtrefused sling $D --agent ann | sed "s/$D/D/g"
  Error: D is held by dan (status hooked) (pick another bead (bd ready), or wait until it is handed back)
  $ bd show $D --json | j 'd[0]["assignee"]'
  dan

gt done with uncommitted work refuses and changes nothing:

  $ cd rigs/gx/polecats/dan
  $ gtrefused done
  Error: */rigs/gx/polecats/dan has uncommitted changes (1 path(s), first: wip.txt) (commit them (git add -A && git commit) and run gt done again, or gt done --blocked REASON) (glob)
  $ bd show $D --json | j 'd[0]["status"]' && git status --porcelain
  hooked
  ?? wip.txt
  $ gt prime | head -2 | sed "s/$D/D/"
  You are dan (entity://local/acme/dan), a worker of the Gas Town town "town".
  Your bead: D - Add delta (rig gx, priority P2).

Handing it back: open and unassigned again, the reason as a comment; the worktree stays.

  $ gt done --blocked "needs a design decision" | sed "s/$D/D/"
  ✓ Handed D back (needs a design decision); your work stays in rigs/gx/polecats/dan
  $ bd show $D --json | j 'd[0]["status"], d[0].get("assignee")' && bd comments $D --json | j 'd[-1]["text"]' && cat wip.txt
  open None
  Handed back by dan: needs a design decision
  half
  $ cd $TOWN

Nuke refuses to delete a worktree with unsaved work, unless --force:

  $ gtrefused polecat nuke dan
  Error: dan has 1 uncommitted path(s) in */rigs/gx/polecats/dan (commit and push them (gt done), or pass --force to lose them) (glob)
  $ gt polecat nuke ann --json | j 'len(d["removed"])' && ls rigs/gx/polecats
  1
  bob
  cy
  dan

A live worker gets nudges through its nudge file ($GT_NUDGE_FILE):

  $ cat > $HOME/listener.sh <<'SH'
  > #!/bin/sh
  > while [ ! -s "$GT_NUDGE_FILE" ]; do sleep 0.1; done
  > cp "$GT_NUDGE_FILE" "$HOME/heard.txt"
  > SH
  $ gt sling $E --agent eve -- sh $HOME/listener.sh >/dev/null && gt nudge eve "check your inbox"
  ✓ Nudged eve
  $ waitexit eve && cat $HOME/heard.txt
  check your inbox

Slinging a convoy hands each of its open, unassigned beads to a free
worker (ann, bob and cy hold nothing now; dan, who handed his bead back,
would be next):

  $ F=$(cd rigs/gx && bd create "Add phi" --silent) && G=$(cd rigs/gx && bd create "Add chi" --silent)
  $ CV2=$(gt convoy create release-2 $F $G $D --json | j 'd["id"]') && gt sling $CV2 --json | j '[s["agent"] for s in d["slung"]], d["skipped"]'
  ['ann', 'bob', 'cy'] []
  $ waitexit ann && waitexit bob && waitexit cy && gt convoy status $CV2 --json | j '[(b["status"], b["assignee"]) for b in d["beads"]]'
  [('in_progress', 'ann'), ('in_progress', 'bob'), ('in_progress', 'cy')]
  $ gtrefused sling $CV2 | sed "s/$CV2/CV2/g"
  Error: convoy CV2 has no open, unassigned bead to sling (see gt convoy status CV2)

The rig's ledger syncs like any ledger on its own branch (bd sync in
ledger/ pushes branch beads to the project). Removing the rig refuses while
work would be lost: here dan's worktree is dirty.

  $ (cd rigs/gx/ledger && bd sync -q) && git -C ../proj branch --list beads
    beads
  $ gtrefused rig remove gx
  Error: rig gx holds work that would be lost: worktree dan has uncommitted changes (push or finish it (gt done), or pass --force to delete it anyway)
  $ gt rig remove gx --force && gt rig list --json | j 'len(d)' && ls rigs
  ✓ Removed rig gx
  0

Unknown commands and bad input:

  $ gtrefused frobnicate
  Error: unknown command "frobnicate" for "gt" (run `gt --help` for the list of commands)
  $ cd $HOME && gtrefused status
  Error: not inside a town (no town.toml found) (run `gt init DIR` to create one, or cd into it (or set GT_TOWN))
