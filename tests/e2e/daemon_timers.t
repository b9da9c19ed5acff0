Timed work (issue 9): the daemon wakes deferred beads on time and pours
scheduled formulas when due. The wall clock here jumps (GT_FAKE_NOW gives
each tick its time): a jump forward pours a missed run once, not once per
missed period, and a jump back pours nothing again.

  $ . "$TESTDIR/lib.sh"
  $ git init -q -b main seed && cd seed && echo hello > README && git add README && git commit -qm init && cd ..
  $ gt init town >/dev/null && cd town
  $ gt rig add gx ../seed >/dev/null
  $ mkdir -p rigs/gx/ledger/.beads/formulas && cat > rigs/gx/ledger/.beads/formulas/tidy.formula.toml <<'TOML'
  > formula = "tidy"
  > version = 1
  > description = "Tidy up the {{area}}"
  > [vars.area]
  > default = "docs"
  > [[steps]]
  > id = "sweep"
  > title = "Sweep the {{area}}"
  > [[steps]]
  > id = "report"
  > title = "Report on the {{area}}"
  > needs = ["sweep"]
  > TOML
  $ tick() { GT_FAKE_NOW=$1 gt daemon run --once --json | j '[e["kind"] for e in d["events"] if e["kind"] not in ("sling",)]'; }
  $ gt schedule add tidy --formula tidy --rig gx --every 30m --var area=wiki >/dev/null

A schedule seen for the first time waits for its next due time; then it is
poured once per period:

  $ tick 2030-01-01T10:05:00Z
  []
  $ tick 2030-01-01T10:20:00Z
  []
  $ tick 2030-01-01T10:31:00Z
  ['pour']
  $ tick 2030-01-01T10:45:00Z
  []

The clock jumps three days ahead (144 periods missed): one run. Then it
jumps back a day: nothing. Back to the present period: nothing new.

  $ tick 2030-01-04T09:00:00Z
  ['pour']
  $ tick 2030-01-03T09:00:00Z
  []
  $ tick 2030-01-04T09:10:00Z
  []
  $ cd rigs/gx && bd list --label formula:tidy --type epic --json | j 'len(d), sorted({b["title"] for b in d})'
  2 ['tidy (area=wiki)']
  $ bd list --label gt:dispatch --json | j 'len(d)'
  2

A daemon that lost its state starts again from the latest due time without
pouring (and each run's pour key names its due time, so a run interrupted
between its pour and the state's save is never poured twice):

  $ rm ../../run/daemon-state.json
  $ cd ../.. && tick 2030-01-04T09:12:00Z && tick 2030-01-04T09:15:00Z
  []
  []
  $ cd rigs/gx && bd list --label formula:tidy --type epic --json | j 'len(d)'
  2

A deferred bead is woken when its time comes (status open again), not before
(the schedule is removed first, so that only the wake shows):

  $ gt schedule remove tidy >/dev/null
  $ X=$(bd create "Later" --silent) && GT_FAKE_NOW=2030-01-04T09:20:00Z bd defer $X --until 2030-01-05T00:00:00Z >/dev/null
  $ cd ../.. && tick 2030-01-04T23:59:00Z
  []
  $ tick 2030-01-05T00:00:01Z
  ['wake']
  $ bd show $X --json | j 'd[0]["status"], d[0].get("defer_until")'
  open None
  $ tick 2030-01-05T00:01:00Z
  []
