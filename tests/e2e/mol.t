bd mol pour, status and ready: a molecule from the built-in feature formula,
idempotent re-pour with --key, two actors taking steps, nothing written on
bad input.

  $ . "$TESTDIR/lib.sh" && export BD_ACTOR=alice
  $ git init -q p && cd p && bd init -q --prefix ml

Bad input writes nothing:

  $ before=$(snapshot)
  $ bd mol pour feature
  Error: */formulas/feature.formula.toml:8: vars.name: required variable is missing (pass --var name=VALUE) (glob)
  [1]
  $ refused mol pour feature --var name=BAD!
  $ refused mol pour nosuch
  $ refused mol pour feature --var name=x --key "two words"
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written

Pouring writes the epic, one child per step, and a gate bead for the review:

  $ bd mol pour feature --var name=login --key feat-login --json > pour.json
  $ E=$(j 'd["new_epic_id"]' < pour.json) && j 'd["created"], d["existing"], d["phase"]' < pour.json
  7 False liquid
  $ j 'sorted((k, v) for k, v in d["id_mapping"].items())' < pour.json | sed "s/$E/E/g"
  [('design', 'E.1'), ('implement', 'E.2'), ('merge', 'E.5'), ('review', 'E.4'), ('test', 'E.3')]
  $ bd show $E.4 --json | j 'd[0]["title"], d[0]["labels"], [x["id"] for x in d[0]["dependencies"]]' | sed "s/$E/E/g"
  Review login ['mol-step:review'] ['E', 'E.3', 'E.6']
  $ bd show $E.6 --json | j 'd[0]["title"], d[0]["issue_type"], d[0]["labels"]'
  Gate: human review-login gate ['gate:human', 'mol-gate:review']

Pouring again with the same key returns the same molecule and writes nothing:

  $ before=$(snapshot)
  $ bd mol pour feature --var name=login --key feat-login --json | j 'd["new_epic_id"] == "'$E'", d["created"], d["existing"]'
  True 0 True
  $ bd mol pour feature --var name=login --key feat-login | sed "s/$E/E/"
  ✓ Molecule E already poured with key "feat-login" (nothing written)
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
  $ refused mol pour bugfix --var bug=x --var name=y --key feat-login

Status and ready work:

  $ bd mol status $E | sed "s/$E/E/g"
  🧪 E feature (base=main, name=login) (formula feature) — 0/5 steps closed
    ○ E.1 design: Design login  (ready)
    ○ E.2 implement: Implement login  (waits for E.1)
    ○ E.3 test: Test login  (waits for E.2)
    ○ E.4 review: Review login  (waits for E.3, E.6)
    ○ E.5 merge: Merge login into main  (waits for E.4)
  $ bd mol ready $E --json | j '[x["id"] for x in d]' | sed "s/$E/E/g"
  ['E.1']
  $ bd ready --json | j 'sorted(x["id"] for x in d)' | sed "s/$E/E/g"
  ['E', 'E.1']

Two actors take steps: bob cannot take alice's step, then takes the next one
once hers is closed (its check wants the feature branch; see checks.t).

  $ bd update $E.1 --claim -q
  $ BD_ACTOR=bob bd update $E.1 --claim
  Error: issue ml-*.1 already claimed by alice (pick another with `bd ready`) (glob)
  [1]
  $ bd mol status $E --json | j 'd["steps"][0]["status"], d["steps"][0]["assignee"], d["ready"]'
  in_progress alice []
  $ bd close $E.1 -q
  $ BD_ACTOR=bob bd mol ready $E | sed "s/$E/E/g"
  📋 Ready steps in E (1):
    ○ E.2 [● P2] [feature] Implement login
  $ git commit -q --allow-empty -m init && git branch feature/login
  $ BD_ACTOR=bob bd update $E.2 --claim -q && BD_ACTOR=bob bd close $E.2 -q
  $ bd mol status $E.3 --json | j 'd["id"] == "'$E'", d["progress"], d["ready"] == ["'$E.3'"]'
  True {'closed': 2, 'total': 5} True

A closed step stays closed when the same key is poured again:

  $ bd mol pour feature --var name=login --key feat-login -q && bd show $E.1 --json | j 'd[0]["status"]'
  closed

The same formula and variables give the same graph in a new molecule:

  $ F=$(bd mol pour feature --var name=login --json | j 'd["new_epic_id"]')
  $ [ "$F" != "$E" ] && echo "new epic"
  new epic
  $ for m in $E $F; do bd mol status $m --json | j '[(s["step_id"], s["title"], s["id"].split(".")[-1]) for s in d["steps"]]'; done | uniq | wc -l
  1
  $ refused mol status ml-nosuch
  $ C=$(bd create "Plain" --silent) && bd mol status $C
  Error: ml-* is not a molecule (molecules are poured with `bd mol pour FORMULA`) (glob)
  [1]

Two actors pouring one key at the same time make one molecule:

  $ bd mol pour release --var version=1.0.0 --key rel-1 --json > a.json &
  > BD_ACTOR=bob bd mol pour release --var version=1.0.0 --key rel-1 --json > b.json; wait
  $ j 'd["new_epic_id"]' < a.json > ids && j 'd["new_epic_id"]' < b.json >> ids && uniq ids | wc -l
  1
  $ cat a.json b.json | python3 -c 'import json,sys; print(sorted(json.loads(x)["created"] for x in sys.stdin.read().replace("}\n{", "}\x00{").split("\x00")))'
  [0, 6]
  $ bd list -l mol-key:rel-1 --all --json | j 'len(d)'
  1
