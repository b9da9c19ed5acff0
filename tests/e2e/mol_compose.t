Formulas that compose: steps with children (child beads of the step's bead)
and steps that expand an expansion formula's template.

  $ . "$TESTDIR/lib.sh" && export BD_ACTOR=alice
  $ git init -q p && cd p && bd init -q --prefix mc && mkdir -p .beads/formulas
  $ cat > .beads/formulas/ship.formula.toml <<'TOML'
  > formula = "ship"
  > version = 1
  > [vars.what]
  > required = true
  > [[steps]]
  > id = "design"
  > title = "Design {{what}}"
  > [[steps]]
  > id = "build"
  > title = "Build {{what}}"
  > needs = ["design"]
  >   [[steps.children]]
  >   id = "backend"
  >   title = "Backend of {{what}}"
  >   [[steps.children]]
  >   id = "frontend"
  >   title = "Frontend of {{what}}"
  >   needs = ["backend"]
  > [[steps]]
  > id = "test"
  > expand = "tdd"
  > expand_vars = { component = "{{what}}" }
  > needs = ["build"]
  > [[steps]]
  > id = "release"
  > title = "Release {{what}}"
  > needs = ["test"]
  > TOML
  $ cat > .beads/formulas/tdd.formula.toml <<'TOML'
  > formula = "tdd"
  > type = "expansion"
  > version = 1
  > [vars.component]
  > required = true
  > [[template]]
  > id = "red"
  > title = "Write a failing test for {{component}}"
  > [[template]]
  > id = "green"
  > title = "Make the {{component}} test pass"
  > needs = ["red"]
  > check = ["true"]
  > TOML

Cooking shows the children under their step and the expanded template in
place of the expanding step; whoever needed it needs the template's last step:

  $ bd formula cook ship --var what=api
  ✓ Formula ship is valid: 7 steps
  Epic: ship (what=api)
      1. design      Design api
      2. build       Build api  ← design
    2.1. backend     Backend of api
    2.2. frontend    Frontend of api  ← backend
      3. test.red    Write a failing test for api  ← build
      4. test.green  Make the api test pass  ← test.red  [check: true]
      5. release     Release api  ← test.green
  $ bd formula show tdd --json | j 'd["type"], [s["id"] for s in d["template"]]'
  expansion ['red', 'green']

Pouring: children are child beads of their step (which becomes an epic), and
wait while their parent step waits:

  $ E=$(bd mol pour ship --var what=api --key ship-api --json | j 'd["new_epic_id"]')
  $ bd mol status $E | sed "s/$E/E/g"
  🧪 E ship (what=api) (formula ship) — 0/7 steps closed
    ○ E.1 design: Design api  (ready)
    ○ E.2 build: Build api  (waits for E.1)
    ○ E.2.1 backend: Backend of api
    ○ E.2.2 frontend: Frontend of api  (waits for E.2.1)
    ○ E.3 test.red: Write a failing test for api  (waits for E.2)
    ○ E.4 test.green: Make the api test pass  (waits for E.3)
    ○ E.5 release: Release api  (waits for E.4)
  $ bd show $E.2 --json | j 'd[0]["issue_type"]'
  epic
  $ bd close $E.1 -q && bd mol ready $E --json | j '[x["id"] for x in d]' | sed "s/$E/E/g"
  ['E.2', 'E.2.1']
  $ bd mol status $E.2.2 --json | j 'd["id"] == "'$E'", d["progress"]'
  True {'closed': 1, 'total': 7}

The parent step closes once its children have; then the expanded steps follow:

  $ bd close $E.2 2>&1 | sed "s/$E/E/g"
  Error: cannot close epic E.2: 2 open child issue(s); close children first or use --force to override
  $ bd close $E.2.1 $E.2.2 $E.2 -q && bd mol ready $E --json | j '[x["id"] for x in d]' | sed "s/$E/E/g"
  ['E.3']
  $ bd mol pour ship --var what=api --key ship-api --json | j 'd["existing"], d["created"]'
  True 0

Bad compositions are refused with the file, line and field of the expand:

  $ before=$(snapshot)
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\nid = "t"\nexpand = "tdd"\n' > .beads/formulas/bad.formula.toml
  $ bd mol pour bad
  Error: .beads/formulas/bad.formula.toml:5: steps[0].expand: .beads/formulas/tdd.formula.toml:4: vars.component: required variable is missing (set component in steps[0].expand_vars)
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\nid = "t"\nexpand = "tdd"\nexpand_vars = { component = "x", colour = "red" }\n' > .beads/formulas/bad.formula.toml
  $ bd mol pour bad
  Error: .beads/formulas/bad.formula.toml:5: steps[0].expand: steps[0].expand_vars.colour: formula "tdd" has no variable "colour" (its variables: component)
  [1]
  $ bd mol pour tdd --var component=x
  Error: formula "tdd" is an expansion: it is poured through a workflow step with expand = "tdd" (see docs/molecules.md, Expansions)
  [1]
  $ refused mol pour tdd
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
