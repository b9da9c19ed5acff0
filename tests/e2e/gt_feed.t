The town's activity feed (issue 9): slings, nudges, dones, hand-backs and
the refinery's merges and bounces are appended to logs/feed.jsonl, which
gt feed prints (one line each, or one JSON object per line) and follows.

  $ . "$TESTDIR/lib.sh"
  $ waitexit() { for i in $(seq 600); do [ -s "$TOWN/run/$1.exit" ] && return 0; sleep 0.1; done; echo "$1 did not finish"; }
  $ clean() { sed -E "s/^[0-9]{2}:[0-9]{2}:[0-9]{2} /HH:MM:SS /; s/$A/A/g; s/$B/B/g; s/$C/C/g; s/gx-[0-9a-z.]+/MR/g; s/ at [0-9a-f]{12}/ at SHA/"; }
  $ git init -q -b main seed && cd seed && echo hello > README && git add README && git commit -qm init && cd ..
  $ git clone -q --bare seed proj.git
  $ gt init town >/dev/null && cd town && TOWN=$PWD
  $ gt rig add gx ../proj.git >/dev/null
  $ cd rigs/gx && A=$(bd create "Alpha" --silent) && B=$(bd create "Beta" --silent) && C=$(bd create "Gamma" --silent) && cd $TOWN

Nothing has happened yet:

  $ gt feed
  Nothing in the feed yet (slings, dones and merges appear here)
  $ gt feed --json
  $ gtfeed_bad=$(gt feed -n -1 2>&1); echo "$gtfeed_bad"
  Error: -n must be 0 or more (e.g. gt feed -n 50)

ann waits for a nudge, commits and runs gt done; bob hands his bead back;
the refinery merges ann's work.

  $ cat > $HOME/worker.sh <<'SH'
  > #!/bin/sh
  > while [ ! -s "$GT_NUDGE_FILE" ]; do sleep 0.1; done
  > echo "$GT_BEAD" > "$GT_AGENT.txt" && git add -A && git commit -qm "$GT_BEAD" && gt done >/dev/null
  > SH
  $ gt sling $A --agent ann -- sh $HOME/worker.sh >/dev/null && gt nudge ann "go on" >/dev/null && waitexit ann
  $ gt sling $B --agent bob -- gt done --blocked "needs the API key" >/dev/null && waitexit bob
  $ gt refinery run gx --once >/dev/null
  $ gt feed | clean
  HH:MM:SS sling  A → ann: ann took A: Alpha
  HH:MM:SS nudge  A → ann: go on
  HH:MM:SS done   A → ann: ann finished A: merge request MR (1 commit(s))
  HH:MM:SS sling  B → bob: bob took B: Beta
  HH:MM:SS blocked B → bob: bob handed back B: needs the API key
  HH:MM:SS merge  A → ann: merged MR at SHA

The last N events, only some kinds, and JSON (what logs/feed.jsonl holds):

  $ gt feed -n 2 | clean
  HH:MM:SS blocked B → bob: bob handed back B: needs the API key
  HH:MM:SS merge  A → ann: merged MR at SHA
  $ gt feed --kind sling,done --kind merge -n 3 | clean
  HH:MM:SS done   A → ann: ann finished A: merge request MR (1 commit(s))
  HH:MM:SS sling  B → bob: bob took B: Beta
  HH:MM:SS merge  A → ann: merged MR at SHA
  $ gt feed --json | python3 -c '
  > import json, sys
  > for line in sys.stdin:
  >     d = json.loads(line)
  >     print(d["kind"], d["rig"], d["agent"], sorted(d), d["at"].endswith("Z"))'
  sling gx ann ['agent', 'at', 'bead', 'kind', 'rig', 'text'] True
  nudge gx ann ['agent', 'at', 'bead', 'kind', 'rig', 'text'] True
  done gx ann ['agent', 'at', 'bead', 'kind', 'rig', 'text'] True
  sling gx bob ['agent', 'at', 'bead', 'kind', 'rig', 'text'] True
  blocked gx bob ['agent', 'at', 'bead', 'kind', 'rig', 'text'] True
  merge gx ann ['agent', 'at', 'bead', 'kind', 'rig', 'text'] True
  $ cmp <(gt feed --json -n 100) logs/feed.jsonl && echo same
  same

A bounce: a gate that fails, with the first line of the reason.

  $ gt rig gate add gx never -- false >/dev/null
  $ cat > $HOME/quick.sh <<'SH'
  > #!/bin/sh
  > echo "$GT_BEAD" >> "$GT_AGENT.txt" && git add -A && git commit -qm "$GT_BEAD" && gt done >/dev/null
  > SH
  $ gt sling $C --agent cy -- sh $HOME/quick.sh >/dev/null && waitexit cy && gt refinery run gx --once >/dev/null
  $ gt feed --kind bounce | clean
  HH:MM:SS bounce C → cy: bounced MR: gate never failed (exit 1):

Following: new events are printed as they are appended, until SIGTERM.

  $ gt feed -f -n 1 > $HOME/follow.txt 2>&1 & FOLLOW=$!
  $ for i in $(seq 600); do [ -s $HOME/follow.txt ] && break; sleep 0.1; done
  $ gt sling $C --agent cy >/dev/null
  $ for i in $(seq 600); do grep -q done $HOME/follow.txt && break; sleep 0.1; done; kill -TERM $FOLLOW; wait $FOLLOW; echo "exit $?"
  exit 0
  $ clean < $HOME/follow.txt
  HH:MM:SS bounce C → cy: bounced MR: gate never failed (exit 1):
  HH:MM:SS resume C → cy: cy resumed C: Gamma
  HH:MM:SS done   C → cy: cy finished C: merge request MR (2 commit(s))
