bd prime, bd quickstart, bd onboard.

Outside a ledger prime is silent:

  $ bd prime
  $ bd prime --json

  $ export BD_ACTOR=alice
  $ bd init -q --prefix pr
  $ bd create "Take me" --id pr-a -p 1 -q
  pr-a
  $ bd create "Mine" --id pr-b -q
  pr-b
  $ bd update pr-b --claim -q
  $ bd prime | head -1
  # Beads workflow (bd)
  $ bd prime | sed -n '/^# Current state/,$p'
  # Current state (actor: alice, prefix: pr)
  
  ## In progress, assigned to you (1)
  - pr-b [P2] Mine
  
  ## Ready work (1 of 1)
  - pr-a [P1] [task] Take me
  $ bd prime --json | python3 -c "import json,sys; d=json.load(sys.stdin); print(sorted(d), [b['id'] for b in d['ready']], [b['id'] for b in d['in_progress']])"
  ['actor', 'in_progress', 'prefix', 'ready', 'ready_total', 'schema_version', 'workflow'] ['pr-a'] ['pr-b']

.beads/PRIME.md replaces the workflow text:

  $ echo "Our own rules." > .beads/PRIME.md
  $ bd prime | head -2
  Our own rules.
  
  $ . "$TESTDIR/lib.sh" && before=$(snapshot)
  $ bd prime -n -1
  Error: --limit must be 0 or more
  [1]
  $ refused prime -n x
  $ refused onboard -o /nonexistent/dir/AGENTS.md
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written

quickstart and onboard:

  $ bd quickstart | grep -c -e Dependency-Aware -e "bd init"
  3
  $ bd onboard | head -1
  ## Issue tracking with bd (beads)
  $ printf '# Agents\n\nBe nice.\n' > AGENTS.md
  $ bd onboard --write
  ✓ Wrote bd instructions to AGENTS.md
  $ bd onboard --write
  AGENTS.md already has the bd instructions
  $ head -4 AGENTS.md
  # Agents
  
  Be nice.
  
  $ grep -c "BD ONBOARD" AGENTS.md
  2
  $ bd onboard -o /nonexistent/dir/x.md --json | python3 -c "import json,sys; print(json.load(sys.stdin)['error'])"
  cannot write /nonexistent/dir/x.md.tmp.*: No such file or directory (glob)
