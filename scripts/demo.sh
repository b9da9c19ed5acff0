#!/usr/bin/env bash
# The main demo: a town around a small sample project, a molecule poured
# into its ledger, and the daemon dispatching the steps to script workers.
# The refinery merges good work and bounces a buggy step that its worker
# then fixes; a worker is killed and the daemon recovers it. Ends with
# `bd verify` and who did what. Leaves the town in place for exploring.
#
#   bash scripts/demo.sh [BUILD_DIR]         (make demo)
#   DEMO_AGENT=claude make demo              also hand a bead to a real agent CLI
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
export PATH="$build:$PATH"
demo=$(mktemp -d /tmp/gastown-demo.XXXXXX)
export XDG_CONFIG_HOME="$demo/config" DEMO_MARKS="$demo/marks"
export GIT_AUTHOR_NAME=demo GIT_AUTHOR_EMAIL=demo@example.com \
  GIT_COMMITTER_NAME=demo GIT_COMMITTER_EMAIL=demo@example.com
unset GT_TOWN GT_AGENT GT_RIG BD_ACTOR BEADS_DIR
mkdir -p "$DEMO_MARKS"

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then bold=$'\033[1m' dim=$'\033[2m' off=$'\033[0m'; else bold= dim= off=; fi
say() { printf '\n%s# %s%s\n' "$bold" "$*" "$off"; }
step() { printf '%s$ %s%s\n' "$bold" "$*" "$off"; "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

say "1. A sample project: a calculator whose operations are still to be written"
git init -q -b main "$demo/calc-seed"
cd "$demo/calc-seed"
cat >calc.sh <<'SH'
#!/bin/sh
# calc.sh OP A B: runs ops/OP.sh
op=$1; shift
[ -f "ops/$op.sh" ] || { echo "unknown operation $op"; exit 2; }
. "./ops/$op.sh"
SH
cat >test.sh <<'SH'
#!/bin/sh
# Runs every test in tests/; the refinery's gate.
for t in tests/*.sh; do [ -e "$t" ] || continue; sh "$t" || exit 1; done
echo "all tests pass"
SH
echo "# calc" >README.md
git add -A && git commit -qm "calc: a calculator with no operations yet"
git clone -q --bare "$demo/calc-seed" "$demo/calc.git"
echo "project: $demo/calc.git"

say "2. A town around it, with a gate and a pool of script workers"
cd "$demo"
step gt init town --org demo
cd town
step gt rig add calc ../calc.git
step gt rig gate add calc tests -- sh test.sh
cat >"$demo/worker.sh" <<'SH'
#!/bin/sh
# The demo's worker: implements the operation its bead names, commits, gt done.
set -e
info=$(bd show "$GT_BEAD" --json)
title=$(printf '%s' "$info" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["title"])')
labels=$(printf '%s' "$info" | python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)[0].get("labels", [])))')
op=${title##* }
echo "$GT_AGENT: $GT_BEAD ($title)"
case "$op" in
  add) sym='+' want=9 ;;
  sub) sym='-' want=3 ;;
  mul) sym='*' want=18 ;;
  div) sym='/' want=2 ;;
  docs)
    printf '\nUsage: sh calc.sh add|sub|mul|div A B\n' >>README.md
    git add -A && git commit -qm "$GT_BEAD: $title"
    exec gt done --notes "documented the operations" ;;
esac
if [ "$op" = mul ] && [ ! -e "$DEMO_MARKS/mul.started" ]; then
  touch "$DEMO_MARKS/mul.started"; echo "thinking hard..."; sleep 300
fi
if [ "$op" = div ] && ! echo "$labels" | grep -q 'revision:2'; then
  sym='*'; echo "(a bug slips in: div multiplies)"
fi
mkdir -p ops tests
printf 'echo $(( $1 %s $2 ))\n' "$sym" >"ops/$op.sh"
printf 'got=$(sh calc.sh %s 6 3); [ "$got" = %s ] || { echo "%s 6 3 should be %s, got $got"; exit 1; }\n' \
  "$op" "$want" "$op" "$want" >"tests/$op.sh"
git add -A && git commit -qm "$GT_BEAD: $title"
gt done --notes "implemented $op"
SH
step gt rig set calc worker.command -- sh "$demo/worker.sh"
step gt rig set calc max_workers 3
step gt rig set calc stall_after 20s

say "3. A molecule: a workflow template poured as steps with dependencies"
mkdir -p rigs/calc/ledger/.beads/formulas
cat >rigs/calc/ledger/.beads/formulas/calc-ops.formula.toml <<'TOML'
formula = "calc-ops"
version = 1
description = "The calculator's four operations, then their documentation"
[[steps]]
id = "add"
title = "Implement add"
[[steps]]
id = "sub"
title = "Implement sub"
needs = ["add"]
[[steps]]
id = "mul"
title = "Implement mul"
[[steps]]
id = "div"
title = "Implement div"
needs = ["mul"]
[[steps]]
id = "docs"
title = "Write the docs"
needs = ["sub", "div"]
TOML
cd rigs/calc
mol=$(bd mol pour calc-ops --json | json 'd["new_epic_id"]')
step bd label add "$mol" gt:dispatch
step bd mol status "$mol"
cd ../..

say "4. The daemon takes over: it dispatches ready steps to workers it creates"
step gt sched status
printf '%sfollowing the feed (gt feed -f):%s\n' "$dim" "$off"
gt feed -f -n 0 &
feed_pid=$!
trap 'kill $feed_pid 2>/dev/null || true' EXIT
step gt up

# The worker on "mul" is killed while it works; the daemon restarts it.
for _ in $(seq 600); do [ -e "$DEMO_MARKS/mul.started" ] && break; sleep 0.2; done
mul_worker=$(cd rigs/calc && bd list --status hooked --json | json '[b["assignee"] for b in d if b["title"] == "Implement mul"][0]')
printf '\n%s$ kill -9 <%s'"'"'s process group>   # a worker dies mid-work%s\n' "$bold" "$mul_worker" "$off"
kill -9 -- "-$(ps -o pgid= -p "$(json 'd["pid"]' <"run/$mul_worker.json")" | tr -d ' ')"

if [ -n "${DEMO_AGENT:-}" ]; then
  if command -v "$DEMO_AGENT" >/dev/null; then
    haiku=$(cd rigs/calc && bd create "Write a haiku about calculators in HAIKU.md" --silent)
    step gt sling "$haiku" --agent "$DEMO_AGENT-1" --runtime "$DEMO_AGENT"
    echo "(attach to it with: cd $demo/town && gt attach $DEMO_AGENT-1)"
  else
    echo "DEMO_AGENT=$DEMO_AGENT is not installed here; skipping the real agent."
  fi
fi

# Until every step is merged (a few minutes at most).
for _ in $(seq 900); do
  open=$(cd rigs/calc && bd mol status "$mol" --json | json 'sum(s["status"] != "closed" for s in d["steps"])')
  [ "$open" = 0 ] && break
  sleep 0.2
done
sleep 1
kill $feed_pid 2>/dev/null || true

say "5. The result"
step git -C ../calc.git log --oneline main
git clone -q ../calc.git "$demo/calc-check"
(cd "$demo/calc-check" && step sh test.sh && step sh calc.sh div 6 3)
(cd rigs/calc && step bd mol status "$mol")
step bd verify --db rigs/calc/ledger/.beads
step gt daemon status

say "Who did what"
(cd rigs/calc && bd list --all --json) | python3 -c '
import json, sys
beads = [b for b in json.load(sys.stdin) if b["issue_type"] not in ("merge-request", "epic")]
feed = [json.loads(l) for l in open("logs/feed.jsonl") if l.strip()]
def count(kind, agent):
    return sum(1 for e in feed if e["kind"] == kind and e.get("agent") == agent)
for agent in sorted({b["assignee"] for b in beads if b["assignee"]}):
    done = [b for b in beads if b["assignee"] == agent and b["status"] == "closed"]
    revs = sum(int(l.split(":")[1]) - 1 for b in done for l in b.get("labels", []) if l.startswith("revision:"))
    titles = ", ".join(b["title"] for b in done)
    restarts, nudges = count("restart", agent), count("nudge", agent)
    print(f"  {agent}: merged {len(done)} ({titles}); bounced {revs}, restarted {restarts}, nudged {nudges}")
'
step gt down

printf '\nThe town is in %s/town (the project: %s/calc.git). Try:\n' "$demo" "$demo"
printf '  cd %s/town && export PATH=%s:$PATH\n  gt status; gt feed -n 50; gt refinery status calc; bd history %s.4\n' \
  "$demo" "$build" "$mol"
