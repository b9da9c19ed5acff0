bd close runs a molecule step's check: an argument vector (never a shell),
in the molecule's working directory, with a timeout. The result is a signed
check.run event; a failing check refuses the close with its output, unless
--force, which is recorded. A closed step stays closed.

  $ . "$TESTDIR/lib.sh" && export BD_ACTOR=alice
  $ git init -q p && cd p && bd init -q --prefix ck && mkdir -p .beads/formulas work
  $ cat > work/verify.sh <<'SH'
  > #!/bin/sh
  > echo "checking $(basename "$PWD")"
  > if [ -f ok ]; then echo "all good"; exit 0; fi
  > echo "ok is missing" >&2
  > exit 3
  > SH
  $ chmod +x work/verify.sh
  $ cat > .beads/formulas/checked.formula.toml <<'TOML'
  > formula = "checked"
  > version = 1
  > [[steps]]
  > id = "build"
  > title = "Build"
  > check = ["./verify.sh"]
  > [[steps]]
  > id = "ship"
  > title = "Ship"
  > needs = ["build"]
  > check = ["false"]
  > [[steps]]
  > id = "notes"
  > title = "Notes"
  > [[steps]]
  > id = "slow"
  > title = "Slow"
  > check = ["sleep", "30"]
  > check_timeout = "1s"
  > TOML

The working directory is where pour ran, or --workdir (stored relative to
the repository when inside it):

  $ E=$(bd mol pour checked --workdir work --json | j 'd["new_epic_id"]')
  $ bd show $E.1 --json | j 'd[0]["check"]'
  {'argv': ['./verify.sh'], 'timeout_ms': 600000, 'workdir': 'work'}
  $ bd mol pour checked --workdir nowhere
  Error: --workdir nowhere: not a directory
  [1]

A failing check refuses the close, shows its output, and is recorded:

  $ bd close $E.1
  Error: cannot close ck-*.1: check ["./verify.sh"] exited 3 (fix it and close again, or close with --force (recorded)) (glob)
    | checking work
    | ok is missing
  [1]
  $ bd show $E.1 --json | j 'd[0]["status"], d[0]["check"]["last_run"]["exit_code"], d[0]["check"]["last_run"]["output"]'
  open 3 checking work
  ok is missing
  
  $ bd close $E.1 --json > out.json; echo "exit $?"
  exit 1
  $ j 'd["error"].split(":")[1], d["check"]["exit_code"], d["check"]["passed"], d["check"]["argv"], d["schema_version"]' < out.json
   check ["./verify.sh"] exited 3 3 False ['./verify.sh'] 1
  $ bd history $E.1 --json | j '[h["op"] for h in d]'
  ['bead.create', 'check.run', 'check.run']
  $ bd show $E.1 | sed -n '/^CHECK/,/^$/p' | sed "s/at 20.* (/at T (/; s/([0-9]* ms)/(N ms)/"
  CHECK
    ["./verify.sh"] in work
    last run: failed, exit 3 by alice at T (N ms)
  

Once it passes, the step closes; the close records the check:

  $ touch work/ok && bd close $E.1
  ✓ Check ["./verify.sh"] passed
  ✓ Closed ck-*.1: Closed (glob)
  $ bd history $E.1 --json | j '[h["op"] for h in d], d[-1]["data"]'
  ['bead.create', 'check.run', 'check.run', 'check.run', 'bead.close'] {'check': {'exit_code': 0, 'passed': True}, 'reason': 'Closed'}
  $ bd history $E.1 --json | j 'd[-2]["data"]["output"], d[-2]["data"]["passed"]'
  checking work
  all good
   True

A closed step stays closed: closing again runs nothing and writes nothing,
even if the check would fail now:

  $ rm work/ok && before=$(snapshot)
  $ bd close $E.1
  ck-*.1 is already closed (glob)
  $ bd close $E.1 --json | j 'd[0]["status"]'
  closed
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written

--force closes despite a failing check; the force is in the events and in
bd history:

  $ bd close $E.2 --force
  ✗ Check ["false"] failed (exit 1); closed with --force
  ✓ Closed ck-*.2: Closed with --force; check failed (exit 1) (glob)
  $ bd history $E.2 | grep -o '"force[a-z]*":true'
  "forced":true
  "force":true
  $ bd show $E.2 | grep "last run"
    last run: failed, exit 1 by alice at * (* ms), closed with --force (glob)

A check that runs past its timeout (check_timeout, default 10m) is killed and
fails:

  $ bd close $E.4
  Error: cannot close ck-*.4: check ["sleep","30"] timed out (fix it and close again, or close with --force (recorded)) (glob)
    | killed after 1 s (timeout)
  [1]

A step without a check closes as before; bad input writes nothing, and
bd update cannot close a checked step behind its check's back:

  $ before=$(snapshot)
  $ bd update $E.4 --status closed
  Error: ck-*.4 has a check; close it with `bd close` (bd close runs the check and records it; --force closes it anyway) (glob)
  [1]
  $ refused update $E.4 --status closed
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
  $ bd close $E.3 -q && bd show $E.3 --json | j 'd[0]["status"], "check" in d[0]'
  closed False
  $ before=$(snapshot)
  $ refused close ck-nosuch
  $ F=$(bd mol pour checked --workdir work --json | j 'd["new_epic_id"]') && before=$(snapshot)
  $ bd close $F.2
  Error: cannot close ck-*.2: blocked by open issues [ck-*.1] (use --force to override) (glob)
  [1]
  $ [ "$(snapshot)" = "$before" ] && echo "blocked: check not run, nothing written"
  blocked: check not run, nothing written

A check that cannot start, or runs in a directory that is gone, fails:

  $ mv work gone && bd close $F.1
  Error: cannot close ck-*.1: check ["./verify.sh"] could not run (fix it and close again, or close with --force (recorded)) (glob)
    | working directory */p/work does not exist (glob)
  [1]
