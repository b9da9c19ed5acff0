#!/usr/bin/env bash
# The refinery's throughput (issue 8): 16 merge requests from script workers,
# decided by `gt refinery run --once` with a trivial gate, one at a time
# (batch 1) and in batches of 4 and 8, with 0 and 1 bad request among them.
#
#   bash bench/refinery.sh [BUILD_DIR] [RECORDS_FILE]
#
# Prints requests merged per minute, tests and gate runs for each setting,
# and appends one record per setting to RECORDS_FILE when given.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
records=${2:-}
export PATH=$build:$PATH
work=$root/bench/out/refinery
rm -rf "$work" && mkdir -p "$work"
export HOME=$work XDG_CONFIG_HOME=$work/.config GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=b@x \
  GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=b@x
cat >"$work/worker.sh" <<'SH'
#!/bin/sh
set -e
echo "$GT_BEAD" > "$FILE"
git add -A && git commit -qm "$GT_BEAD"
gt done >/dev/null
SH
requests=16

run_setting() {  # batch bad
  local batch=$1 bad=$2 dir=$work/b$1-bad$2
  mkdir -p "$dir" && cd "$dir"
  git init -q -b main seed && (cd seed && echo hello >README && git add README && git commit -qm init)
  git clone -q --bare seed proj.git
  gt init town >/dev/null && cd town
  gt rig add gx ../proj.git >/dev/null
  gt rig gate add gx trivial -- true >/dev/null
  gt rig gate add gx no-bad-file -- test ! -e BAD >/dev/null
  gt rig set gx batch "$batch" >/dev/null
  for i in $(seq $requests); do
    local id file=f$i.txt
    id=$(cd rigs/gx && bd create "Request $i" --silent)
    [ "$bad" = 1 ] && [ "$i" = 11 ] && file=BAD
    FILE=$file gt sling "$id" --agent w$i -- sh "$work/worker.sh" >/dev/null
    for _ in $(seq 300); do [ -s run/w$i.exit ] && break; sleep 0.05; done
  done
  local start end
  start=$(date +%s%N)
  gt refinery run gx --once --json >result.json
  end=$(date +%s%N)
  python3 - "$batch" "$bad" "$(( (end - start) / 1000000 ))" "$records" <<'PY'
import json, sys
batch, bad, ms, records = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
d = json.load(open("result.json"))
merged = sum(1 for x in d["decided"] if x["result"] == "merged")
per_min = merged / (ms / 60000.0)
print(f"  batch {batch}, {bad} bad of 16: {merged:2d} merged in {ms / 1000:6.2f} s = "
      f"{per_min:6.1f} merged/min; {d['tests']:2d} tests, {d['gate_runs']:2d} gate runs")
if records:
    with open(records, "a") as out:
        out.write(json.dumps({"kind": "refinery", "batch": batch, "bad": bad, "requests": 16,
                              "merged": merged, "ms": ms, "merged_per_minute": per_min,
                              "tests": d["tests"], "gate_runs": d["gate_runs"]}) + "\n")
PY
}

echo "== refinery: 16 requests, gates: true + test ! -e BAD"
for batch in 1 4 8; do
  for bad in 0 1; do
    (run_setting "$batch" "$bad")
  done
done
