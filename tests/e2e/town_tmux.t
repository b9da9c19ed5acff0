The tmux runtime: an interactive program (here tests/e2e/fake_agent.py, a
stand-in for an agent CLI) in a tmux session; nudges are typed into its pane
and confirmed; a person can attach; the work ends with gt done as usual.

  $ . "$TESTDIR/lib.sh"
  $ waitfor() { for i in $(seq 300); do [ "$(eval "$1")" = "$2" ] && return 0; sleep 0.1; done; echo "timed out: $1"; date +%T; }
  $ idle() { gt polecat list --json | j '[p["idle"] for p in d if p["agent"] == "'$1'"][0]'; }
  $ git init -q -b main proj && cd proj && echo hello > README && git add README && git commit -qm init && cd ..
  $ gt init town --org acme >/dev/null && cd town && TOWN=$PWD && gt rig add gx ../proj >/dev/null
  $ A=$(cd rigs/gx && bd create "Interactive work" --silent)

  $ gt sling $A --agent ann --runtime tmux -- python3 $TESTDIR/fake_agent.py | head -1 | sed "s/$A/A/"
  ✓ Slung A to ann (entity://local/acme/ann), a new worker
  $ gt agent show ann --json | j 'd["runtime"], d["state"]'
  tmux working
  $ waitfor "idle ann" True
  $ gt nudge ann "hello there"
  ✓ Nudged ann
  $ waitfor "idle ann" True && gt polecat status ann >/dev/null && grep -c "got: hello there" logs/ann-$A.log
  1
  $ gt attach ann --json | j 'd["command"][0], d["command"][-2:] == ["-t", "ann"]'
  tmux True

Typing "work" makes the fake agent commit and run gt done in its worktree:

  $ gt nudge ann work && waitfor "bd show $A --json | j 'd[0][\"status\"]'" in_progress
  ✓ Nudged ann
  $ git -C ../proj log --format=%s polecat/ann/$A -1 | sed "s/$A/A/"
  A: interactive work

A program that exits: its exit status is recorded, and a nudge is refused.

  $ gt nudge ann "exit 3" >/dev/null && waitfor "gt polecat list --json | j '[p[\"exit_code\"] for p in d][0]'" 3
  $ gt nudge ann "anyone?"
  Error: cannot nudge ann: the session is not running (restart the work with `gt sling` (its worktree is kept))
  [1]
  $ gt attach ann
  Error: ann has no running session (sling it a bead (gt sling BEAD --agent ann))
  [1]

Stopping a live tmux worker ends its session (and the town's tmux server
with its last session):

  $ B=$(cd rigs/gx && bd create "More" --silent) && gt sling $B --agent bea --runtime tmux -- python3 $TESTDIR/fake_agent.py >/dev/null
  $ waitfor "idle bea" True && gt polecat stop bea && gt polecat stop ann --json | j 'd["stopped"]'
  ✓ Stopped bea
  False
  $ gt agent show bea --json | j 'd["state"]' && bd show $B --json | j 'd[0]["status"], d[0]["assignee"]'
  exited
  hooked bea
  $ gt attach bea
  Error: bea has no running session (sling it a bead (gt sling BEAD --agent bea))
  [1]
  $ gt agent add sc -- sleep 30 >/dev/null && gt sling $(cd rigs/gx && bd create "S" --silent) --agent sc >/dev/null && gt attach sc 2>&1 | sed 's/gx-[0-9a-z]*/ID/'
  Error: sc runs the script runtime, which has no terminal to attach to (its output is in logs/sc-ID.log)
  $ gt polecat stop sc
  ✓ Stopped sc

Nothing is left running: stopping ann above also cleaned up its finished
session (a dead pane), so the town's tmux server ended with its last session.

  $ SOCK=$(j 'd["tmux_socket"]' < run/ann.json) && tmux -L $SOCK ls >/dev/null 2>&1 || echo "no server"
  no server
