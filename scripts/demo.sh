#!/usr/bin/env bash
# A short tour of the ledger: init, create with deps, ready, claim, close,
# history, verify, search, and two clones syncing through a git remote.
# Leaves the demo ledger in place for exploring.
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
printf '\nThe demo ledger is in %s/project — try `cd %s/project && %s list --all`.\n' "$demo" "$demo" "$bd_bin"
