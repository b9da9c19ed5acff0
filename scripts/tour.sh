#!/usr/bin/env bash
# A short tour: the ledger (init, create with deps, ready, claim, close,
# history, verify, search, two clones syncing through a git remote), a
# molecule, and a town whose script worker's work the refinery merges.
# Leaves the demo ledger in place for exploring. (`make tour`; `make demo`
# is the town and its daemon: scripts/demo.sh.)
set -euo pipefail
bd_bin=$(cd "$(dirname "${1:-build/bd}")" && pwd)/$(basename "${1:-build/bd}")
demo=$(mktemp -d /tmp/gastown-demo.XXXXXX)
export XDG_CONFIG_HOME="$demo/config" NO_COLOR=${NO_COLOR:-}
cd "$demo" && mkdir project && cd project
git init -q && git config user.email demo@example.com && git config user.name demo

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }
bd() { "$bd_bin" "$@"; }

step bd init --prefix demo
export BD_ACTOR=alice
schema=$(bd create "Design the schema" -p 1 --acceptance "Reviewed by two people" --silent)
api=$(bd create "Build the API" -p 2 --deps "blocked-by:$schema" --silent)
docs=$(bd create "Write the docs" -p 3 --deps "blocked-by:$api" --silent)
echo "created $schema, $api (waits for $schema), $docs (waits for $api)"
step bd ready
step bd blocked
step bd update "$schema" --claim
echo; echo "# bob tries to take the same bead:"
BD_ACTOR=bob "$bd_bin" update "$schema" --claim || true
step bd close "$schema" --reason "Schema merged"
step bd ready
step bd show "$api"
step bd history "$schema"
git add .beads && git commit -qm "ledger: demo" && echo && echo "(ledger committed to git)"
step bd verify
echo; echo "# now change one byte of the chain and verify again:"
chain=$(ls .beads/log/*.jsonl | head -1)
sed -i '1s/Design the schema/Design the schemA/' "$chain"
bd verify || echo "(bd verify exited $? — tampering detected)"
git checkout -q .beads && echo "(restored from git)"
step bd verify

echo; echo "# labels, comments and search:"
bd label add "$api" backend -q
bd comments add "$api" "Use the schema's v2 field names" -q
step bd search api
step bd status

echo; echo "# a remote, and bob working in his own clone:"
git init -q --bare ../remote.git && git remote add origin ../remote.git
step bd sync
git clone -q ../remote.git ../bob-clone && cd ../bob-clone
export BD_ACTOR=bob
step bd update "$api" --claim
step bd sync
cd ../project && export BD_ACTOR=alice
step bd sync
step bd show "$api" --short
echo; echo "# both clones fold the same events to the same state:"
echo "alice: $(bd status --digest)"
echo "bob:   $(cd ../bob-clone && "$bd_bin" status --digest)"
cd ../project

echo; echo "# a molecule: the built-in bugfix formula poured as steps with needs:"
mol=$(bd mol pour bugfix --var bug="$docs" --var name=typo --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["new_epic_id"])')
step bd mol status "$mol"

echo; echo "# the town: a rig around a project, a script worker, the refinery's gate:"
gt_bin=$(dirname "$bd_bin")/gt
gt() { "$gt_bin" "$@"; }
export PATH="$(dirname "$bd_bin"):$PATH" GIT_AUTHOR_NAME=demo GIT_AUTHOR_EMAIL=demo@example.com \
  GIT_COMMITTER_NAME=demo GIT_COMMITTER_EMAIL=demo@example.com
cd "$demo" && git init -q -b main app-seed && (cd app-seed && echo hello >README &&
  git add README && git commit -qm init) && git clone -q --bare app-seed app.git
step gt init town --org demo
cd town
step gt rig add app ../app.git
step gt rig gate add app readme -- grep -q hello README
cat >"$demo/worker.sh" <<'SH'
#!/bin/sh
# A worker: reads its bead, commits the work, hands it to the refinery.
echo "done by $GT_AGENT" > "$GT_AGENT.txt" && git add -A && git commit -qm "$GT_BEAD: work"
gt done
SH
work=$(cd rigs/app && "$bd_bin" create "Add a greeting" --silent)
step gt sling "$work" --agent ann -- sh "$demo/worker.sh"
for _ in $(seq 100); do [ -s run/ann.exit ] && break; sleep 0.1; done
step gt refinery run app --once
step git -C ../app.git log --oneline main
step bd show "$work" --short
printf '\nThe demo ledger is in %s/project and the town in %s/town — try `cd %s/town && %s status`.\n' \
  "$demo" "$demo" "$demo" "$gt_bin"
