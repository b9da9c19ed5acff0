Sling in detail: racing claims, picking a free worker, resuming, bd inside a
worker's session signing with the worker's key, and what sling refuses.

  $ . "$TESTDIR/lib.sh"
  $ waitexit() { for i in $(seq 300); do [ -s "$TOWN/run/$1.exit" ] && return 0; sleep 0.1; done; echo "$1 did not finish"; }
  $ git init -q -b main proj && cd proj && echo hello > README && git add README && git commit -qm init && cd ..
  $ gt init town >/dev/null && cd town && TOWN=$PWD
  $ gt rig add gx ../proj --prefix gx >/dev/null
  $ X=$(cd rigs/gx && bd create "Contested" --silent) && Y=$(cd rigs/gx && bd create "Second" --silent)

Eight workers are added at once (town.toml is updated under a lock: none is
lost), then race for one bead: exactly one gets it (the claim is a
compare-and-set under the ledger's write lock); the others are told who holds it.

  $ for i in 1 2 3 4 5 6 7 8; do gt agent add w$i -- sleep 5 >/dev/null & done; wait
  $ gt agent list --json | j 'len(d)' && bd member list --json --db rigs/gx/ledger/.beads | j 'len(d["members"])'
  8
  9
  $ for i in 1 2 3 4 5 6 7 8; do (gt sling $X --agent w$i >/dev/null 2>"$HOME/err$i"; echo $? > "$HOME/rc$i") & done; wait
  $ cat $HOME/rc* | sort | uniq -c | sed 's/^ *//'
  1 0
  7 1
  $ cat $HOME/err* | sed "s/$X/X/; s/held by w[0-9]/held by W/" | sort | uniq -c | sed 's/^ *//'
  7 Error: X is held by W (status hooked) (pick another bead (bd ready), or wait until it is handed back)
  $ bd show $X --json | j 'd[0]["status"], d[0]["assignee"].startswith("w")'
  hooked True
  $ ls rigs/gx/polecats | wc -l
  1

Without --agent, the first free worker is picked; a busy one is skipped.

  $ W=$(bd show $X --json | j 'd[0]["assignee"]') && gt sling $Y --json | j 'd["agent"] != "'$W'", d["agent"].startswith("w")'
  True True
  $ for i in 1 2 3 4 5 6 7 8; do gt polecat stop w$i >/dev/null; done

What sling refuses:

  $ H=$(bd create "Town bead" --silent) && gt sling $H 2>&1 | sed "s/$H/H/"
  Error: H is a town bead, not a convoy; only rig beads and convoys can be slung (gt rig list shows the rigs' prefixes)
  $ gt sling zz-1
  Error: no ledger of this town has the id prefix of "zz-1" (see `gt rig list` for the rigs and their prefixes)
  [1]
  $ Z=$(cd rigs/gx && bd create "Third" --silent) && gt sling $Z other 2>&1 | sed "s/$Z/Z/"
  Error: Z belongs to rig gx, not other (drop the rig argument or sling a bead of that rig)
  $ gt sling $Z --agent nobody 2>&1 | sed "s/$Z/Z/g"
  Error: no worker named "nobody" (create it on the fly: gt sling Z --agent nobody -- CMD ARGS...)
  $ gt sling $Z --agent nobody -- /no/such/program 2>&1 | sed "s/$Z/Z/g"
  Error: cannot run /no/such/program: No such file or directory (give an absolute path, a program on PATH, or a path relative to the worktree)
  $ bd show $Z --json | j 'd[0]["status"], d[0].get("assignee")' && gt agent list --json | j '"nobody" in [a["name"] for a in d]'
  open None
  False

A command that fails to start after the claim (a path relative to the
worktree that is not there) hands the bead back and removes the worktree
made for it:

  $ gt sling $Z --agent nox -- ./missing.sh 2>&1 | sed "s/$Z/Z/g"
  Error: cannot run ./missing.sh: No such file or directory (check the worker's command (gt agent show NAME))
  $ bd show $Z --json | j 'd[0]["status"], d[0].get("assignee")' && ls rigs/gx/polecats | grep -c nox
  open None
  0
  [1]

A worker's bd signs with the worker's key from the town's keys/, in the rig's
ledger; a session that ended without gt done is resumed by slinging again.

  $ cat > $HOME/twice.sh <<'SH'
  > #!/bin/sh
  > if [ ! -f "$HOME/first-done" ]; then
  >   touch "$HOME/first-done"
  >   bd comments add "$GT_BEAD" "started by $BD_ACTOR" -q
  >   echo partial > work.txt && git add work.txt && git commit -qm partial
  >   exit 1
  > fi
  > echo more >> work.txt && git commit -qam more && gt done >/dev/null
  > SH
  $ gt sling $Z --agent vic -- sh $HOME/twice.sh >/dev/null && waitexit vic
  $ bd comments $Z --json | j '[(c["author"], c["text"]) for c in d]'
  [('vic', 'started by vic')]
  $ ls keys | grep -c vic && ls $HOME/.config/gastown/keys 2>/dev/null | grep -c vic
  1
  0
  [1]
  $ gt polecat list --json | j '[(p["state"], p["unpushed"], p["exit_code"]) for p in d if p["agent"] == "vic"]'
  [('exited', 1, 1)]
  $ gt sling $Z --agent vic --json | j 'd["resumed"], d["status"]' && waitexit vic
  True hooked
  $ bd show $Z --json | j 'd[0]["status"], d[0]["labels"]' && git -C ../proj log --format=%s polecat/vic/$Z
  in_progress ['gt:in-review']
  more
  partial
  init

gt done with nothing committed refuses; nuking a worker that still holds a
bead hands the bead back.

  $ gt sling $X --agent w1 -- true >/dev/null 2>&1; Q=$(cd rigs/gx && bd create "Fourth" --silent) && gt sling $Q --agent quiet -- true >/dev/null && waitexit quiet
  $ cd rigs/gx/polecats/quiet && gt done 2>&1 | sed "s/$Q/Q/" && cd $TOWN
  Error: branch polecat/quiet/Q has no commits beyond main (commit the work first, or gt done --blocked REASON)
  $ gt polecat nuke quiet | sed "s/$Q/Q/" && bd show $Q --json | j 'd[0]["status"], d[0].get("assignee")' && bd comments $Q --json | j 'd[-1]["text"]'
  ✓ Nuked quiet (1 worktree(s) removed)
  open None
  Handed back: worker quiet was nuked
  $ git -C rigs/gx/repo.git branch --list "polecat/quiet/*" | wc -l
  0

gt handoff restarts a worker on the same hook and worktree with a summary in
its new prompt: by a person, or by the worker itself (its old session is
stopped after the new one started).

  $ cat > $HOME/handoff.sh <<'SH'
  > #!/bin/sh
  > case "$GT_PROMPT" in
  > *"Handoff from your previous session"*)
  >   printf '%s\n' "$GT_PROMPT" | grep -A1 'Handoff from' | tail -1 > summary.txt
  >   git add summary.txt && git commit -qm "after handoff" && gt done >/dev/null;;
  > *)
  >   [ -n "$SELF" ] && gt handoff --summary "I handed myself over"
  >   sleep 30;;
  > esac
  > SH
  $ H1=$(cd rigs/gx && bd create "Handed over" --silent) && gt sling $H1 --agent hal -- sh $HOME/handoff.sh >/dev/null
  $ gt handoff hal --summary "finish the summary" | sed "s/$H1/H1/; s/pid [0-9]*/pid N/"
  ✓ Handed H1 over to a new session of hal (pid N)
  $ waitexit hal && cat rigs/gx/polecats/hal/summary.txt && bd show $H1 --json | j 'd[0]["status"]' && bd comments $H1 --json | j '[c["text"] for c in d][0]'
  finish the summary
  in_progress
  Handoff: finish the summary
  $ H2=$(cd rigs/gx && bd create "Self handoff" --silent) && SELF=1 gt sling $H2 --agent sal -- sh $HOME/handoff.sh >/dev/null
  $ for i in $(seq 600); do [ "$(bd show $H2 --json | j 'd[0]["status"]')" = in_progress ] && break; sleep 0.1; done; cat rigs/gx/polecats/sal/summary.txt
  I handed myself over
  $ gt handoff sal 2>&1
  Error: sal holds no bead (hand it work with gt sling BEAD --agent sal)
  [1]

gt done when the push fails (the origin is gone): a clear error, nothing
written to the ledger, the commits stay on the branch; it succeeds later.

  $ cat > $HOME/pusher.sh <<'SH'
  > #!/bin/sh
  > echo p > p.txt && git add p.txt && git commit -qm "p work"
  > while [ ! -s "$GT_NUDGE_FILE" ]; do sleep 0.1; done
  > gt done
  > SH
  $ P=$(cd rigs/gx && bd create "Push later" --silent) && gt sling $P --agent pat -- sh $HOME/pusher.sh >/dev/null
  $ for i in $(seq 600); do git -C rigs/gx/polecats/pat log -1 --format=%s | grep -q "p work" && break; sleep 0.1; done
  $ mv ../proj ../proj.away && gt nudge pat go >/dev/null && waitexit pat
  $ sed "s/$P/P/; s#$HOME#HOME#" logs/pat-$P.log
  Error: cannot push polecat/pat/P: git push failed: fatal: 'HOME/proj' does not appear to be a git repository (the commits are safe on the branch; fix the remote and run gt done again)
  $ bd show $P --json | j 'd[0]["status"], d[0]["assignee"], d[0].get("labels")' && bd list --type merge-request --json --db rigs/gx/ledger/.beads | j 'sum("'$P'" in x["title"] for x in d)'
  hooked pat []
  0
  $ mv ../proj.away ../proj && cd rigs/gx/polecats/pat && gt done | sed "s/$P/P/g; s/gx-[0-9a-z]*$/MR/" && cd $TOWN
  ✓ P in review: pushed polecat/pat/P (1 commit(s)), merge request MR
