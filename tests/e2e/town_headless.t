The headless runtime: an agent CLI's non-interactive mode whose JSON-lines
output is read as events (tests/e2e/fake_headless.py stands in for e.g.
`claude -p --output-format stream-json`). A nudge waits for the worker's
next turn, which gt handoff starts.

  $ . "$TESTDIR/lib.sh"
  $ waitfor() { for i in $(seq 300); do [ "$(eval "$1")" = "$2" ] && return 0; sleep 0.1; done; echo "timed out: $1"; }
  $ git init -q -b main proj && cd proj && echo hello > README && git add README && git commit -qm init && cd ..
  $ gt init town --org acme >/dev/null && cd town && gt rig add gx ../proj >/dev/null
  $ gt runtime list --json | j '[(r["name"], r["base"]) for r in d if r["name"].endswith("-headless")]'
  [('claude-headless', 'headless'), ('codex-headless', 'headless')]
  $ cat >> town.toml <<EOF
  > [runtimes.fakeh]
  > base = "headless"
  > command = ["python3", "$TESTDIR/fake_headless.py"]
  > prompt = "arg"
  > EOF

  $ A=$(cd rigs/gx && bd create "Headless work" --silent) && gt sling $A --agent hal --runtime fakeh >/dev/null
  $ waitfor "gt polecat list --json | j '[(p[\"last_event\"], p[\"idle\"], p[\"state\"]) for p in d][0]'" "('result', True, 'working')"
  $ gt nudge hal "please commit a file"
  ✓ Queued for hal's next turn
  $ gt --json nudge hal "and finish" | j 'd["queued"], d["delivered"]'
  True False
  $ gt handoff hal --summary "second turn" >/dev/null && waitfor "bd show $A --json | j 'd[0][\"status\"]'" in_progress
  $ grep '"read: ' logs/hal-$A.log | j 'd["text"]'
  read: - please commit a file
  - and finish
  $ grep -c "not JSON" logs/hal-$A.log && test ! -e run/hal.nudge && echo "queue emptied"
  2
  queue emptied
  $ git -C ../proj log --format=%s polecat/hal/$A -1 | sed "s/$A/A/"
  A: headless work
