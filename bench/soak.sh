#!/usr/bin/env bash
# The daemon's soak test (issue 9): 200 beads with dependencies, a pool of 8
# script workers that fail 10% of the time (they exit without gt done), the
# daemon dispatching, watching and restarting them and the refinery merging.
# Bounded: it stops after SOAK_LIMIT seconds (default 540) whatever happened.
#
#   bash bench/soak.sh [BUILD_DIR] [RECORDS_FILE]
#
# Settings: SOAK_BEADS (200), SOAK_WORKERS (8), SOAK_FAIL_PERCENT (10).
# Prints beads merged per minute, restarts, escalations, and checks that no
# bead was claimed twice and none is lost.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
records=${2:-}
beads=${SOAK_BEADS:-200}
workers=${SOAK_WORKERS:-8}
fail=${SOAK_FAIL_PERCENT:-10}
limit=${SOAK_LIMIT:-540}
export PATH=$build:$PATH
work=$root/bench/out/soak
[ -d "$work/town" ] && (cd "$work/town" && gt down --workers >/dev/null 2>&1 || true)
rm -rf "$work" && mkdir -p "$work" && cd "$work"
export HOME=$work XDG_CONFIG_HOME=$work/.config GIT_AUTHOR_NAME=soak GIT_AUTHOR_EMAIL=s@x \
  GIT_COMMITTER_NAME=soak GIT_COMMITTER_EMAIL=s@x SOAK_FAIL=$fail
unset GT_TOWN GT_AGENT GT_RIG BD_ACTOR

cat >"$work/worker.sh" <<'SH'
#!/bin/sh
# Fails SOAK_FAIL% of the time, before doing anything.
roll=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
if [ $((roll % 100)) -lt "$SOAK_FAIL" ]; then echo "failing on purpose"; exit 1; fi
set -e
echo "$GT_BEAD" > "w-$GT_BEAD.txt"
git add -A && git commit -qm "$GT_BEAD"
gt done >/dev/null
SH

git init -q -b main seed && (cd seed && echo soak >README && git add README && git commit -qm init)
git clone -q --bare seed proj.git
gt init town >/dev/null && cd town
gt rig add sk ../proj.git >/dev/null
gt rig set sk dispatch auto >/dev/null
gt rig set sk max_workers "$workers" >/dev/null
gt rig set sk max_restarts 3 >/dev/null
gt rig set sk stall_after 60s >/dev/null
gt rig set sk batch 4 >/dev/null
gt rig set sk worker.command -- sh "$work/worker.sh" >/dev/null
gt town set max_workers "$workers" >/dev/null
gt town set tick 250ms >/dev/null

# 200 beads; every fifth waits for the one five before it.
echo "== soak: $beads beads, $workers workers failing $fail% of the time (limit ${limit}s)"
ids=()
cd rigs/sk
for i in $(seq "$beads"); do
  ids+=("$(bd create "Soak bead $i" -p $((i % 4)) --silent)")
  if [ $((i % 5)) = 0 ] && [ "$i" -gt 5 ]; then bd dep add "${ids[$((i - 1))]}" "${ids[$((i - 6))]}" >/dev/null; fi
done
cd ../..

start=$(date +%s%N)
trap 'gt down --workers >/dev/null 2>&1 || true' EXIT  # never leave the town running
gt up >/dev/null
deadline=$(( $(date +%s) + limit ))
while [ "$(date +%s)" -lt "$deadline" ]; do
  left=$(bd list --all --json --limit 0 --db rigs/sk/ledger/.beads | python3 -c '
import json, sys
d = [b for b in json.load(sys.stdin) if b["issue_type"] != "merge-request"]
print(sum(1 for b in d if b["status"] != "closed" and "gt:escalated" not in b.get("labels", [])))')
  [ "$left" = 0 ] && break
  sleep 2
done
end=$(date +%s%N)
gt down --workers >/dev/null

bd list --all --json --limit 0 --db rigs/sk/ledger/.beads >beads.json
python3 - "$(( (end - start) / 1000000 ))" "$records" "$beads" "$workers" "$fail" <<'PY'
import json, subprocess, sys
ms, records, n, workers, fail = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
beads = [b for b in json.load(open("beads.json")) if b["issue_type"] != "merge-request"]
feed = [json.loads(l) for l in open("logs/feed.jsonl") if l.strip()]
kinds = lambda k: sum(1 for e in feed if e["kind"] == k)
merged = sum(1 for b in beads if b["status"] == "closed")
escalated = sum(1 for b in beads if "gt:escalated" in b.get("labels", []))
lost = len(beads) - merged - escalated
claims = {}
for b in beads:
    h = json.loads(subprocess.run(["bd", "history", b["id"], "--json", "--db", "rigs/sk/ledger/.beads"],
                                  capture_output=True, text=True).stdout)
    claims[b["id"]] = sum(1 for e in h if e["op"] == "bead.claim")
twice = sum(1 for c in claims.values() if c > 1)
per_min = merged / (ms / 60000.0)
print(f"  {merged}/{len(beads)} merged in {ms / 1000:.1f} s = {per_min:.1f} beads/min; "
      f"restarts {kinds('restart')}, nudges {kinds('nudge')}, escalations {escalated}, "
      f"bounces {kinds('bounce')}, lost {lost}, claimed more than once {twice}")
if records:
    with open(records, "a") as out:
        out.write(json.dumps({"kind": "soak", "beads": n, "workers": workers, "fail_percent": fail,
                              "ms": ms, "merged": merged, "beads_per_minute": per_min,
                              "restarts": kinds("restart"), "escalations": escalated,
                              "lost": lost, "claimed_twice": twice}) + "\n")
PY
