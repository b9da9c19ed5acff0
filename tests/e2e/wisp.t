Wisps, squash and burn: a wisp's events stay on this machine (never in git,
never synced, not in the shared digest or the export); squash condenses a
finished molecule into one digest bead; burn discards a wisp.

  $ . "$TESTDIR/lib.sh" && export BD_ACTOR=alice
  $ git init -q --bare remote.git
  $ git clone -q remote.git a 2>/dev/null && cd a
  $ bd init -q --prefix wp && X=$(bd create "Shared work" --silent) && bd sync -q

A wisp is poured like a molecule, with wisp ids, into .beads/wisp/ (ignored
by git); the shared log does not change:

  $ shared=$(cat .beads/log/*.jsonl | md5sum) && digest=$(bd status --digest | tail -1)
  $ bd mol wisp bugfix --var bug=$X --var name=crash --json > w.json
  $ W=$(j 'd["new_epic_id"]' < w.json) && j 'd["created"], d["phase"]' < w.json
  5 vapor
  $ echo $W | grep -c '^wp-wisp-'
  1
  $ [ "$(cat .beads/log/*.jsonl | md5sum)" = "$shared" ] && echo "shared log unchanged"
  shared log unchanged
  $ ls .beads/wisp | wc -l && git check-ignore -q .beads/wisp/x.jsonl && echo ignored
  1
  ignored
  $ git status --porcelain .beads

Its steps are ready in the molecule, and in bd ready only when asked for:

  $ bd mol ready $W --json | j '[x["id"] for x in d]' | sed "s/$W/W/g"
  ['W.1']
  $ bd ready --json | j '[x["id"] for x in d]' | sed "s/$X/X/"
  ['X']
  $ bd ready --include-ephemeral --json | j 'sorted(x["id"].replace("'$W'", "W").replace("'$X'", "X") for x in d)'
  ['W', 'W.1', 'X']

Working on a wisp's steps writes to the local chain too; the state digest
and the export leave wisps out:

  $ bd update $W.1 --claim -q && bd close $W.1 --reason "test fails as reported" -q
  $ [ "$(cat .beads/log/*.jsonl | md5sum)" = "$shared" ] && echo "shared log unchanged"
  shared log unchanged
  $ [ "$(bd status --digest | tail -1)" = "$digest" ] && echo "same digest"
  same digest
  $ bd export | j 'd["id"]' | sed "s/$X/X/"
  X
  $ bd export --all | grep -c '"ephemeral":true'
  5

A command that would tie a shared bead to a wisp is refused, and writes nothing:

  $ before=$(snapshot)
  $ refused dep add $X $W.2
  $ bd dep add $X $W.2 2>&1 | sed "s/$W/W/;s/$X/X/"
  Error: one command cannot change a wisp (kept on this machine) and shared beads together (run it separately for the wisp's beads and for the others; nothing was written)
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written

Syncing never carries the wisp: a second clone sees the shared work only,
and both clones agree on the digest:

  $ bd sync -q && git log --stat --oneline | grep -c wisp
  0
  [1]
  $ cd .. && git clone -q remote.git b && cd b
  $ BD_ACTOR=bob bd list --all --json | j '[x["title"] for x in d]'
  ['Shared work']
  $ [ "$(BD_ACTOR=bob bd status --digest | tail -1)" = "$digest" ] && echo "same digest"
  same digest
  $ cd ../a

Squash refuses an unfinished molecule, then with --force keeps a shared digest
(found again if run twice) and burns the wisp:

  $ before=$(snapshot)
  $ refused mol squash $W
  $ bd mol squash $W 2>&1 | sed "s/$W/W/g"
  Error: molecule W is not finished: 3 step(s) still open (W.2, W.3, W.4) (close them first, or pass --force to squash anyway: it closes them as squashed)
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
  $ bd mol squash $W --force --summary "crash fixed upstream" --json > s.json
  $ D=$(j 'd["digest_id"]' < s.json) && j 'd["wisp_squash"], d["squashed_count"], d["deleted_count"]' < s.json
  True 4 5
  $ bd show $D --json | j 'd[0]["status"], d[0]["title"], d[0]["close_reason"]'
  closed Digest: bugfix (base=main, bug=*, name=crash) Squashed from 4 wisp steps (glob)
  $ bd show $D | grep -E '^(crash|- )' | sed "s/$W/W/g"
  crash fixed upstream
  - [x] reproduce (W.1): Reproduce * with a failing test; held by alice; closed by alice: test fails as reported (glob)
  - [ ] fix (W.2): Fix *; open (glob)
  - [ ] verify (W.3): Verify the fix of *; open (glob)
  - [ ] merge (W.4): Merge fix/crash into main; open
  $ bd show $W 2>&1 | sed "s/$W/W/"
  Error: no issue found matching "W" (check the id with `bd list`)
  $ bd ready --include-ephemeral --json | j '[x["id"] for x in d]' | sed "s/$X/X/"
  ['X']

A poured (shared) molecule: squash closes its epic and keeps the closed steps
with the digest as a child; squashing again writes nothing:

  $ M=$(bd mol pour bugfix --var bug=$X --var name=leak --json | j 'd["new_epic_id"]')
  $ for i in 1 2 3 4; do bd close $M.$i -q --force 2>/dev/null; done
  $ bd mol squash $M | sed "s/$M/M/g"
  ✓ Squashed M (4 steps) into digest M.5
  $ bd show $M --json | j 'd[0]["status"], d[0]["close_reason"]' | sed "s/$M/M/g"
  closed squashed into M.5
  $ before=$(snapshot)
  $ bd mol squash $M --json | j 'd["existing"], d["digest_id"]' | sed "s/$M/M/g"
  True M.5
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written

Burn discards a wisp; a shared molecule needs --force:

  $ V=$(bd mol wisp feature --var name=spike --json | j 'd["new_epic_id"]')
  $ bd mol burn $V --json | j 'd["wisp"], d["deleted_count"]'
  True 7
  $ bd mol status $V 2>&1 | sed "s/$V/V/"
  Error: no issue found matching "V" (check the id with `bd list`)
  $ before=$(snapshot)
  $ refused mol burn $M
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
  $ bd mol burn $M --force | sed "s/$M/M/"
  🔥 Burned M: 6 beads deleted
  $ refused mol burn $X
  $ refused mol wisp nosuch
