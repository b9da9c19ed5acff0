The daemon (issue 9) keeps work flowing with nobody watching: it dispatches
ready beads to workers it creates from the rig's worker.command, restarts
workers that die, hang or exit without gt done, escalates a bead whose
worker keeps failing, never hands a resource out twice, runs the refinery,
and survives its own kill -9. At the end every bead is merged or escalated,
none was held by two workers, and no resource unit is left in use.

  $ . "$TESTDIR/lib.sh"
  $ j2() { python3 -c "import json,sys; d=[json.loads(l) for l in sys.stdin if l.strip()]; print($1)"; }
  $ waitfor() { for i in $(seq 1200); do eval "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "timed out: $1"; }

A project and a town whose rig dispatches every ready bead to up to three
script workers, with a short stall threshold and one restart per bead:

  $ git init -q -b main seed && cd seed && echo hello > README && git add README && git commit -qm init && cd ..
  $ git clone -q --bare seed proj.git
  $ gt init town >/dev/null && cd town && TOWN=$PWD
  $ gt rig add gx ../proj.git >/dev/null
  $ gt rig set gx dispatch auto >/dev/null
  $ gt rig set gx max_workers 3 >/dev/null
  $ gt rig set gx stall_after 5s >/dev/null
  $ gt rig set gx max_restarts 1 >/dev/null
  $ gt rig set gx worker.command -- sh $HOME/worker.sh >/dev/null
  $ gt resource add gpu --capacity 1 >/dev/null
  $ gt town set tick 200ms >/dev/null

The worker does what its bead's title says: fail once, hang once, always
fail, take a while, or use the GPU (a directory it must be alone in).

  $ cat > $HOME/worker.sh <<'SH'
  > #!/bin/sh
  > set -e
  > title=$(bd show "$GT_BEAD" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["title"])')
  > n=$(cat "$HOME/tries-$GT_BEAD" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$HOME/tries-$GT_BEAD"
  > echo "$GT_AGENT on $GT_BEAD ($title), try $n"
  > case "$title" in
  >   *exit-once*) [ $n -ge 2 ] || exit 3 ;;
  >   *hang-once*) [ $n -ge 2 ] || exec sleep 600 ;;
  >   *always-fails*) exit 1 ;;
  >   *slow*) [ $n -ge 2 ] || { touch "$HOME/slow.started"; sleep 600; } ;;
  >   *gpu*) mkdir "$HOME/gpu.lock" || echo "$GT_BEAD" >> "$HOME/gpu.twice"; sleep 1; rmdir "$HOME/gpu.lock" ;;
  > esac
  > echo "$GT_BEAD" > "work-$GT_BEAD.txt"
  > git add -A && git commit -qm "$GT_BEAD by $GT_AGENT"
  > gt done >/dev/null
  > SH
  $ cd rigs/gx
  $ A=$(bd create "plain A" -p 1 --silent) && B=$(bd create "plain B" --silent) && bd dep add $B $A >/dev/null
  $ E=$(bd create "exit-once" --silent) && H=$(bd create "hang-once" --silent) && F=$(bd create "always-fails" -p 3 --silent)
  $ S=$(bd create "slow" --silent)
  $ G1=$(bd create "gpu one" -l resource:gpu --silent) && G2=$(bd create "gpu two" -l resource:gpu --silent) && G3=$(bd create "gpu three" -l resource:gpu --silent)
  $ cd $TOWN

Before the daemon runs, the scheduler shows its plan: three workers at most,
one GPU bead at a time.

  $ gt sched status --json | j 'd["daemon"], [(r["name"], r["dispatch"], r["max_workers"]) for r in d["rigs"]], sum(q["action"] == "dispatch" for q in d["queue"])'
  False [('gx', 'auto', 3)] 3
  $ gt daemon status
  daemon: not running (start it: gt daemon start, or gt up)

  $ gt daemon start | sed 's/pid [0-9]*/pid N/'
  ✓ daemon started (pid N)
  $ gt daemon start | sed 's/pid [0-9]*/pid N/'
  • daemon already running (pid N)

The slow worker is killed with kill -9 while it works, and so is the daemon
itself; a new daemon picks up where the old one was.

  $ waitfor '[ -e $HOME/slow.started ]'
  $ pid=$(python3 -c 'import json; print(json.load(open("run/'$(bd show $S --json | j 'd[0]["assignee"]')'.json"))["pid"])')
  $ kill -9 -- -$(ps -o pgid= -p $pid | tr -d ' ')
  $ kill -9 $(cat run/daemon.pid) && sleep 0.5 && gt daemon status --json | j 'd["running"]'
  False
  $ gt daemon start | sed 's/pid [0-9]*/pid N/'
  ✓ daemon started (pid N)

Everything ends merged or escalated:

  $ waitfor 'bd list --all --json --db rigs/gx/ledger/.beads | python3 -c "import json,sys; d=json.load(sys.stdin); b=[x for x in d if x[\"issue_type\"] != \"merge-request\"]; sys.exit(0 if all(x[\"status\"] == \"closed\" or \"gt:escalated\" in x.get(\"labels\", []) for x in b) else 1)"'
  $ cd rigs/gx
  $ for x in $A $B $E $H $S $G1 $G2 $G3; do bd show $x --json | j 'd[0]["status"]'; done | sort | uniq -c | sed 's/^ *//'
  8 closed
  $ bd show $F --json | j 'd[0]["status"], d[0].get("assignee"), "gt:escalated" in d[0]["labels"]'
  open None True
  $ git -C ../../../proj.git log --format=%s main | wc -l
  9

Who recovered what: the bead that exited once, the one that hung once and
the killed one were each restarted once; the hanging one was nudged first.

  $ for x in $E $H $S; do bd comments $x | grep -c "Restarted"; done
  1
  1
  1
  $ gt feed -n 1000 --json --kind nudge | j2 '"'$H'" in [e["bead"] for e in d]'
  True
  $ bd comments $F | grep -c "Escalated after 1 restart"
  1
  $ cd $TOWN && gt mail inbox --json | j '[m["subject"].split()[0] for m in d]'
  ['Escalated:']

No bead was held by two workers (one claim each), the GPU was never used
twice at once, and no unit is left in use.

  $ cd rigs/gx && for x in $A $B $E $H $S $G1 $G2 $G3 $F; do bd history $x --json | j 'sum(e["op"] == "bead.claim" for e in d)'; done | sort | uniq -c | sed 's/^ *//'
  9 1
  $ cd $TOWN && [ ! -e $HOME/gpu.twice ] && echo "gpu never shared"
  gpu never shared
  $ gt sched status --json | j '[(r["name"], r["used"], r["capacity"]) for r in d["resources"]]'
  [('gpu', 0, 1)]
  $ bd verify --db rigs/gx/ledger/.beads --json | j 'd["ok"]'
  True

The feed tells the story; gt daemon stop ends it.

  $ gt feed -n 1000 --json | j2 'sorted({"daemon-start", "dispatch", "sling", "done", "merge", "nudge", "restart", "escalate", "refinery"} - {e["kind"] for e in d})'
  []
  $ gt daemon stop
  ✓ daemon stopped
  $ gt daemon stop
  • the daemon was not running
