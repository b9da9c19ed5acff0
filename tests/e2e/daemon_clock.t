The machine's clock jumps while the daemon runs (issue 9): libfaketime moves
the wall clock of the daemon and everything it starts, two days forward and
then three days back. Leases run on the monotonic clock, so no worker is
taken for stalled; the deferred bead wakes when the clock passes its time;
every bead is merged and none is worked twice.

  $ . "$TESTDIR/lib.sh"
  $ waitfor() { for i in $(seq 1200); do eval "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "timed out: $1"; }
  $ closed() { bd list --all --json --db $TOWN/rigs/gx/ledger/.beads | python3 -c "import json,sys; print(sum(1 for b in json.load(sys.stdin) if b['issue_type'] != 'merge-request' and b['status'] == 'closed'))"; }
  $ git init -q -b main seed && cd seed && echo hello > README && git add README && git commit -qm init && cd ..
  $ git clone -q --bare seed proj.git
  $ gt init town >/dev/null && cd town && TOWN=$PWD
  $ gt rig add gx ../proj.git >/dev/null
  $ gt rig set gx dispatch auto >/dev/null
  $ gt rig set gx max_workers 2 >/dev/null
  $ gt rig set gx stall_after 4s >/dev/null
  $ gt rig set gx worker.command -- sh $HOME/worker.sh >/dev/null
  $ gt town set tick 200ms >/dev/null
  $ cat > $HOME/worker.sh <<'SH'
  > #!/bin/sh
  > set -e
  > for i in 1 2 3 4; do echo "working $i"; sleep 0.5; done
  > echo "$GT_BEAD" > "w-$GT_BEAD.txt" && git add -A && git commit -qm "$GT_BEAD"
  > gt done >/dev/null
  > SH
  $ cd rigs/gx && for i in 1 2 3 4 5 6; do bd create "bead $i" --silent >/dev/null; done
  $ L=$(bd create "later" --silent) && bd defer $L --until $(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ) >/dev/null && cd $TOWN

  $ echo "+0" > $HOME/clock
  $ export FAKETIME_TIMESTAMP_FILE=$HOME/clock FAKETIME_NO_CACHE=1 FAKETIME_DONT_FAKE_MONOTONIC=1 ASAN_OPTIONS=verify_asan_link_order=0:$ASAN_OPTIONS
  $ LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 gt daemon start | sed 's/pid [0-9]*/pid N/'
  ✓ daemon started (pid N)
  $ waitfor '[ $(closed) -ge 2 ]'
  $ bd show $L --json | j 'd[0]["status"]'
  deferred

Two days ahead: the deferred bead is woken and dispatched.

  $ echo "+2d" > $HOME/clock
  $ waitfor '[ "$(bd show $L --json | j "d[0][\"status\"]")" = closed ]'

Three days back (a day before the real time):

  $ echo "-1d" > $HOME/clock
  $ waitfor '[ $(closed) = 7 ]'
  $ closed
  7
  $ gt feed -n 1000 --json | python3 -c 'import json,sys; k=[json.loads(l)["kind"] for l in sys.stdin]; print(k.count("wake"), k.count("restart"), k.count("nudge"), k.count("escalate"))'
  1 0 0 0
  $ for x in $(bd list --all --json --db rigs/gx/ledger/.beads | python3 -c "import json,sys; print(' '.join(b['id'] for b in json.load(sys.stdin) if b['issue_type'] != 'merge-request'))"); do bd history $x --json | j 'sum(e["op"] == "bead.claim" for e in d)'; done | sort | uniq -c | sed 's/^ *//'
  7 1
  $ git -C ../proj.git log --format=%s main | wc -l
  8
  $ bd verify --db rigs/gx/ledger/.beads --json | j 'd["ok"]'
  True
  $ gt daemon stop
  ✓ daemon stopped
