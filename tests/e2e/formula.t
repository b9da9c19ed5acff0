bd formula list, show and cook: the built-in formulas, a project formula that
shadows one, and bad formulas of every kind refused with FILE:LINE: FIELD.

  $ . "$TESTDIR/lib.sh" && export BD_ACTOR=alice
  $ git init -q p && cd p && bd init -q --prefix fm

The built-in formulas are found without any setup:

  $ bd formula list
  📜 Formulas (3):
    bugfix       builtin  Fix a bug: reproduce it with a failing test, fix, verify, merge.
    feature      builtin  Build a feature: design, implement, test, review, merge.
    release      builtin  Cut a release: changelog, version bump, build, tag.
  $ bd formula list --json | j '[(x["name"], x["source"], x["steps"]) for x in d]'
  [('bugfix', 'builtin', 4), ('feature', 'builtin', 5), ('release', 'builtin', 4)]

  $ bd formula show release
  📜 release (version 1, */formulas/release.formula.toml) (glob)
  
  Cut a release: changelog, version bump, build, tag.
  
  Variables:
    version (required, matching ^[0-9]+\.[0-9]+\.[0-9]+$): The version to release, MAJOR.MINOR.PATCH
  
  Steps:
     1. changelog  Write the changelog for {{version}}  [check: grep -q {{version}} CHANGELOG.md]
     2. bump       Bump the version to {{version}}  ← changelog  [check: git grep -q --fixed-strings {{version}}]
     3. build      Build and test {{version}}  ← bump  [check: make test]
     4. tag        Tag v{{version}}  ← build  [gate: human]  [check: git rev-parse --verify --quiet refs/tags/v{{version}}]

Cooking substitutes the variables and prints the graph; it writes nothing:

  $ before=$(snapshot)
  $ bd formula cook feature --var name=login
  ✓ Formula feature is valid: 5 steps
  Epic: feature (base=main, name=login)
     1. design     Design login
     2. implement  Implement login  ← design  [check: git rev-parse --verify --quiet refs/heads/feature/login]
     3. test       Test login  ← implement  [check: make test]
     4. review     Review login  ← test  [gate: human]
     5. merge      Merge login into main  ← review  [check: git merge-base --is-ancestor feature/login main]
  $ bd formula cook feature --var name=login --var base=next --json | j 'd["title"], [(s["number"], s["id"], s["needs"]) for s in d["steps"]], d["steps"][3]["gate"]'
  feature (base=next, name=login) [(1, 'design', []), (2, 'implement', ['design']), (3, 'test', ['implement']), (4, 'review', ['test']), (5, 'merge', ['review'])] {'id': 'review-login', 'type': 'human'}
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written

Variables are checked against the formula:

  $ bd formula cook feature
  Error: */formulas/feature.formula.toml:8: vars.name: required variable is missing (pass --var name=VALUE) (glob)
  [1]
  $ bd formula cook feature --var name=Login!
  Error: */formulas/feature.formula.toml:8: vars.name: "Login!" does not match the pattern ^[a-z0-9][a-z0-9-]*$ (glob)
  [1]
  $ bd formula cook feature --var name=x --var colour=red
  Error: --var colour: formula "feature" has no variable "colour" (its variables: base, name)
  [1]
  $ bd formula cook feature --var name
  Error: --var "name": expected NAME=VALUE (e.g. --var name=login)
  [1]
  $ refused formula cook feature
  $ refused formula cook nosuch

A project formula shadows a built-in one of the same name:

  $ mkdir -p .beads/formulas && cat > .beads/formulas/release.formula.toml <<'TOML'
  > formula = "release"
  > description = "Our release"
  > version = 2
  > [vars]
  > version = "0.1.0"
  > [vars.channel]
  > enum = ["stable", "beta"]
  > default = "stable"
  > [[steps]]
  > id = "ship"
  > title = "Ship {{version}} to {{channel}}"
  > TOML
  $ bd formula list --json | j '[(x["name"], x["source"], x["path"]) for x in d]'
  [('bugfix', 'builtin', '*/formulas/bugfix.formula.toml'), ('feature', 'builtin', '*/formulas/feature.formula.toml'), ('release', 'project', '.beads/formulas/release.formula.toml')] (glob)
  $ bd formula cook release --var channel=nightly
  Error: .beads/formulas/release.formula.toml:6: vars.channel: "nightly" is not one of: stable, beta
  [1]
  $ bd formula cook release --json | j 'd["steps"][0]["title"]'
  Ship 0.1.0 to stable

Bad formulas, each refused with the file, line and field:

  $ bad() { cat > .beads/formulas/bad.formula.toml; bd formula cook bad; }
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\nid = "a"\ntitle = "A"\nneeds = ["zz"]\n' | bad
  Error: .beads/formulas/bad.formula.toml:6: steps[0].needs: unknown step "zz"
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\nid = "a"\ntitle = "A"\nneeds = ["b"]\n[[steps]]\nid = "b"\ntitle = "B"\ndepends_on = ["a"]\n' | bad
  Error: .beads/formulas/bad.formula.toml:6: steps[0].needs: cycle: a -> b -> a
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\nid = "a"\ntitle = "A"\nneeds = ["a"]\n' | bad
  Error: .beads/formulas/bad.formula.toml:6: steps[0].needs: step "a" cannot need itself
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\nid = "a"\ntitle = "A"\n[[steps]]\nid = "a"\ntitle = "B"\n' | bad
  Error: .beads/formulas/bad.formula.toml:7: steps[1].id: duplicate step id "a" (first at line 4)
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\nid = "a"\ntitle = "Fix {{bug}}"\n' | bad
  Error: .beads/formulas/bad.formula.toml:5: steps[0].title: undefined variable "bug" (declare it with [vars.bug])
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\nid = "a"\ntitle = "A"\ngate = { type = "vote" }\n' | bad
  Error: .beads/formulas/bad.formula.toml:6: steps[0].gate.type: bad gate kind "vote" (expected human, timer, command or bead)
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\nid = "a"\ntitle = "A"\ngate = { type = "timer" }\n' | bad
  Error: .beads/formulas/bad.formula.toml:6: steps[0].gate.timeout: a timer gate needs a timeout (e.g. "24h") or an at time (e.g. "2026-12-01T09:00:00Z")
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\nid = "a"\ntitle = "A"\ngate = { type = "timer", timeout = "soon" }\n' | bad
  Error: .beads/formulas/bad.formula.toml:6: steps[0].gate.timeout: bad duration "soon": expected e.g. 90s, 15m, 24h, 1h30m or 2d
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\nid = "a"\ntitle = "A"\ngate = { type = "timer", at = "noon" }\n' | bad
  Error: .beads/formulas/bad.formula.toml:6: steps[0].gate.at: bad time "noon": expected RFC 3339, e.g. 2026-12-01T09:00:00Z
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\nid = "a"\ntitle = "A"\ncheck = ["true"]\ncheck_timeout = "1 hour"\n' | bad
  Error: .beads/formulas/bad.formula.toml:7: steps[0].check_timeout: bad duration "1 hour": expected e.g. 90s, 15m, 24h, 1h30m or 2d
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\nid = "a"\ntitle = "A"\ncheck = "make test"\n' | bad
  Error: .beads/formulas/bad.formula.toml:6: steps[0].check: must be an argument vector, e.g. ["make", "test"] (checks are never run through a shell)
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\nid = "a"\n' | bad
  Error: .beads/formulas/bad.formula.toml:3: steps[0].title: is required
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\ntitle = "A"\npriority = 7\n' | bad
  Error: .beads/formulas/bad.formula.toml:5: steps[0].priority: must be 0 to 4
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\nid = "a"\ntitle = "A"\ntype = "saga"\n' | bad
  Error: .beads/formulas/bad.formula.toml:6: steps[0].type: * (glob)
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\nid = "a"\ntitle = "A"\nwaits_for = "all-children"\n' | bad
  Error: .beads/formulas/bad.formula.toml:6: steps[0].waits_for: not supported yet
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\nid = "a"\ntitle = "A"\n[[steps.children]]\nid = "a"\ntitle = "B"\n' | bad
  Error: .beads/formulas/bad.formula.toml:7: steps[1].id: duplicate step id "a" (first at line 4)
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\nid = "a"\ntitle = "A"\n[[steps.children]]\nid = "b"\ntitle = "B"\nneeds = ["a"]\n' | bad
  Error: .beads/formulas/bad.formula.toml:9: steps[1].needs: step "b" cannot need "a", its own parent step
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\nid = "a"\ntitle = "A"\nchildren = [{ id = "b" }]\n' | bad
  Error: .beads/formulas/bad.formula.toml:6: steps[0].children[0].title: is required
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\nid = "a"\ntitle = "A"\nneed = ["a"]\n' | bad
  Error: .beads/formulas/bad.formula.toml:6: steps[0].need: unknown field (known: id, title, description, notes, design, acceptance, type, priority, labels, assignee, needs, depends_on, gate, check, check_timeout, children, expand, expand_vars)
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[vars.v]\nrequired = true\ndefault = "x"\n[[steps]]\nid = "a"\ntitle = "A"\n' | bad
  Error: .beads/formulas/bad.formula.toml:3: vars.v: required and default cannot both be set (drop one: a variable with a default is never missing)
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[vars.v]\nenum = ["a"]\ndefault = "b"\n[[steps]]\nid = "a"\ntitle = "A"\n' | bad
  Error: .beads/formulas/bad.formula.toml:3: vars.v.default: "b" is not one of: a
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[vars.v]\npattern = "(["\n[[steps]]\nid = "a"\ntitle = "A"\n' | bad
  Error: .beads/formulas/bad.formula.toml:4: vars.v.pattern: invalid regular expression: * (glob)
  [1]
  $ printf 'formula = "bad"\nversion = 0\n' | bad
  Error: .beads/formulas/bad.formula.toml:2: version: must be >= 1
  [1]
  $ printf 'formula = "other"\nversion = 1\n' | bad
  Error: .beads/formulas/bad.formula.toml:1: formula: name "other" does not match the file name bad.formula.toml
  [1]
  $ printf 'formula = "bad"\nversion = 1\ntype = "aspect"\n' | bad
  Error: .beads/formulas/bad.formula.toml:3: type: "aspect" formulas are not supported yet
  [1]
  $ printf 'formula = "bad"\nversion = 1\ntype = "expansion"\n' | bad
  Error: .beads/formulas/bad.formula.toml:1: template: an expansion formula needs at least one [[template]] step
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[template]]\nid = "a"\ntitle = "A"\n' | bad
  Error: .beads/formulas/bad.formula.toml:3: template: [[template]] steps belong in an expansion formula (type = "expansion")
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\nid = "a"\nexpand = "nosuch"\n' | bad
  Error: .beads/formulas/bad.formula.toml:5: steps[0].expand: formula "nosuch" not found (looked in *) (glob)
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[steps]]\nid = "a"\nexpand = "feature"\n' | bad
  Error: .beads/formulas/bad.formula.toml:5: steps[0].expand: "feature" is a workflow formula, not an expansion (an expansion has type = "expansion" and [[template]] steps)
  [1]
  $ printf 'formula = "bad"\nversion = 1\n[[steps]\n' | bad
  Error: .beads/formulas/bad.formula.toml:3: * (fix the TOML syntax) (glob)
  [1]
  $ refused formula cook bad

A broken formula still shows in the list, with its error:

  $ bd formula list | grep bad
    bad          project  (invalid: .beads/formulas/bad.formula.toml:3: * (glob)
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
