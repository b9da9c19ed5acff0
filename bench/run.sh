#!/usr/bin/env bash
# Benchmarks bd on generated ledgers and checks the targets (bench/README.md).
#
#   bash bench/run.sh [BUILD_DIR]            (what `make bench` runs)
#   BENCH_SIZES=10000 bash bench/run.sh      (a quick run)
#
# Settings: BENCH_SIZES (default "10000 100000"), BENCH_SEED (1),
# BENCH_WRITERS (4), BENCH_SYNC_EVENTS (10000; 0 skips the sync figures),
# BENCH_CONVERGE_OPS (1000), BENCH_REFINERY (1; 0 skips the refinery figures),
# BENCH_SOAK (1; 0 skips the daemon soak). Generated ledgers are cached in bench/out/ledgers/;
# figures go to bench/out/results.json.
set -euo pipefail
shopt -s inherit_errexit

root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
bd=$build/bd
bench=$build/bd_bench
sizes=${BENCH_SIZES:-10000 100000}
seed=${BENCH_SEED:-1}
writers=${BENCH_WRITERS:-4}
sync_events=${BENCH_SYNC_EVENTS:-10000}
converge_ops=${BENCH_CONVERGE_OPS:-1000}
refinery=${BENCH_REFINERY:-1}
out=$root/bench/out
records=$out/records.jsonl

command -v sqlite3 >/dev/null || bash "$root/scripts/install-deps.sh"
for tool in "$bd" "$bench"; do
  [ -x "$tool" ] || { echo "missing $tool: build first (make build)" >&2; exit 1; }
done
mkdir -p "$out/ledgers"
rm -f "$records"

# The generated ledger for a size, reused while it still verifies.
ledger_for() {
  local n=$1 dir=$out/ledgers/n$1-s$seed-w$writers
  if [ ! -f "$dir/.complete" ] || ! "$bd" --db "$dir/.beads" verify >/dev/null 2>&1; then
    rm -rf "$dir"
    "$bench" gen "$dir" --beads "$n" --seed "$seed" --writers "$writers" >&2
    touch "$dir/.complete"
  fi
  echo "$dir"
}

# What `bd ready --json` asks SQLite (src/ledger/queries.cc, ReadyBeads).
ready_sql() {
  local now=$1
  cat <<SQL
SELECT b.id, b.title, b.description, b.design, b.acceptance_criteria, b.notes, b.status,
  b.priority, b.issue_type, b.assignee, b.owner, b.created_by, b.created_at, b.updated_at,
  b.started_at, b.closed_at, b.close_reason, b.external_ref, b.defer_until,
  b.estimated_minutes, b.parent, b.blocked, b.deleted,
  (SELECT count(*) FROM deps WHERE issue_id = b.id),
  (SELECT count(*) FROM deps WHERE depends_on_id = b.id),
  (SELECT count(*) FROM comments WHERE issue_id = b.id),
  (SELECT group_concat(label, char(31)) FROM
     (SELECT label FROM labels WHERE issue_id = b.id ORDER BY label))
FROM beads b
WHERE b.deleted = 0 AND b.status = 'open' AND b.blocked = 0
  AND (b.defer_until = '' OR b.defer_until <= '$now')
  AND NOT EXISTS(SELECT 1 FROM beads p WHERE p.id = b.parent AND p.defer_until > '$now')
  AND b.issue_type NOT IN ('merge-request','gate','molecule','message','agent','role','rig')
ORDER BY b.priority ASC, b.created_at DESC, b.id ASC LIMIT 100
SQL
}

# What `bd search WORDS --json` asks SQLite (src/ledger/search.cc, SearchBeads)
# for a sanitised query $1, with the default filters and limit.
search_sql() {
  cat <<SQL
SELECT b.id, b.title, b.description, b.design, b.acceptance_criteria, b.notes, b.status,
  b.priority, b.issue_type, b.assignee, b.owner, b.created_by, b.created_at, b.updated_at,
  b.started_at, b.closed_at, b.close_reason, b.external_ref, b.defer_until,
  b.estimated_minutes, b.parent, b.blocked, b.deleted,
  (SELECT count(*) FROM deps WHERE issue_id = b.id),
  (SELECT count(*) FROM deps WHERE depends_on_id = b.id),
  (SELECT count(*) FROM comments WHERE issue_id = b.id),
  (SELECT group_concat(label, char(31)) FROM
     (SELECT label FROM labels WHERE issue_id = b.id ORDER BY label))
FROM (SELECT hit.r AS r, hit.score AS score FROM (
    SELECT r, min(score) AS score FROM (
      SELECT rowid AS r, bm25(beads_fts, 10.0, 1.0, 1.0) AS score FROM beads_fts
        WHERE beads_fts MATCH '$1'
      UNION ALL
      SELECT b.rowid, bm25(comments_fts) FROM comments_fts
        JOIN comments c ON c.rowid = comments_fts.rowid JOIN beads b ON b.id = c.issue_id
        WHERE comments_fts MATCH '$1')
    GROUP BY r) AS hit
  JOIN beads b ON b.rowid = hit.r
  WHERE b.deleted = 0 AND b.status NOT IN ('closed','pinned')
    AND b.issue_type NOT IN ('gate','message','agent','role','rig')
  ORDER BY hit.score, b.priority, b.created_at DESC, b.id LIMIT 50) AS top
JOIN beads b ON b.rowid = top.r
ORDER BY top.score, b.priority, b.created_at DESC, b.id
SQL
}

# Open beads that can be claimed or closed without --force: nothing open
# blocks them and they have no open children.
closable_ids() {
  sqlite3 "$1" "SELECT id FROM beads b WHERE b.deleted = 0 AND b.status = 'open'
    AND b.blocked = 0 AND b.assignee = '' AND NOT EXISTS(SELECT 1 FROM deps d
      JOIN beads c ON c.id = d.issue_id WHERE d.depends_on_id = b.id
      AND d.type = 'parent-child' AND c.status != 'closed')
    ORDER BY b.id LIMIT $2"
}

echo "== Ed25519 (one core, libsodium)"
"$bench" ed25519 --out "$records"

for n in $sizes; do
  cache=$(ledger_for "$n")
  work=$out/work-$n
  rm -rf "$work"
  cp -a "$cache" "$work"
  mkdir -p "$work/.beads/formulas"
  events=$(cat "$work"/.beads/log/*.jsonl | wc -l)
  echo "== $n beads, $events events ($work)"
  (
    cd "$work"
    export BD_ACTOR=bench-runner GT_KEY_DIR=$work/keys
    db=$work/.beads/beads.db
    t() {  # t KEY RUNS [time flags] -- CMD...
      local key=$1 runs=$2
      shift 2
      "$bench" time --name "$key" --size "$n" --events "$events" --runs "$runs" --out "$records" "$@"
    }
    "$bd" list --limit 0 >/dev/null  # builds (or catches up) the index

    t true 20 --warmup 2 -- /bin/true
    t sqlite3_ready 20 --warmup 2 -- sqlite3 -json "$db" "$(ready_sql "$(date -u +%FT%T.000Z)")"
    t ready 20 --warmup 2 -- "$bd" ready --json
    t list_open 20 --warmup 2 -- "$bd" list --status open --json
    show_id=$(sqlite3 "$db" "SELECT issue_id FROM deps WHERE type = 'blocks' ORDER BY issue_id LIMIT 1")
    t show 20 --warmup 2 -- "$bd" show "$show_id" --json

    # Search: the first one fills the FTS5 tables (timed on its own below).
    "$bd" search login >/dev/null
    t sqlite3_search 20 --warmup 2 -- sqlite3 -json "$db" "$(search_sql '"login" "timeout"*')"
    t search 20 --warmup 2 -- "$bd" search login timeout --json
    t search_rare 20 --warmup 2 -- "$bd" search "$show_id" --json
    t search_build 3 -- sqlite3 "$db" "INSERT INTO beads_fts(beads_fts) VALUES('rebuild');
      INSERT INTO comments_fts(comments_fts) VALUES('rebuild');"

    t rebuild 5 -- "$bd" doctor --rebuild
    t verify 5 -- "$bd" verify
    t verify_deep 3 -- "$bd" verify --deep

    # Writes change the copy, never the cached ledger; each claim and close
    # takes a bead of its own.
    "$bd" search login >/dev/null  # a rebuild left search unbuilt: writes pay its triggers
    closable_ids "$db" 22 >ids
    head -n 11 ids >claim.ids
    tail -n 11 ids >close.ids
    t create 10 --warmup 1 -- "$bd" create "Benchmark bead" --silent
    t claim 10 --warmup 1 --each claim.ids -- "$bd" update {} --claim
    t close 10 --warmup 1 --each close.ids -- "$bd" close {}

    # Molecules: a 50-step formula (a chain with a branch every fifth step)
    # poured into this ledger, then its status and ready steps.
    python3 "$root/bench/formula50.py" >"$work/.beads/formulas/bench50.formula.toml"
    t mol_pour 10 --warmup 1 -- "$bd" mol pour bench50 --var topic=bench -q
    mol=$("$bd" mol pour bench50 --var topic=bench --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["new_epic_id"])')
    t mol_status 20 --warmup 2 -- "$bd" mol status "$mol" --json
    t mol_ready 20 --warmup 2 -- "$bd" mol ready "$mol" --json

    # Import and export of beads' JSONL (tests/gen_beads_jsonl.py: every
    # field, status and type). Each import run starts from a new ledger;
    # the rate is beads per second, init included.
    python3 "$root/tests/gen_beads_jsonl.py" "$n" "$seed" >import.jsonl
    cat >import.sh <<SH
rm -rf imp && mkdir imp && cd imp && "$bd" init -q --prefix bd && "$bd" import ../import.jsonl -q
SH
    t import 3 --events "$n" -- bash import.sh
    t export 5 --warmup 1 --events "$n" -- "$bd" --db imp/.beads export --all
    rm -rf imp
  )
done

# Sync: a bare remote and two clones. B imports SYNC_EVENTS beads (one
# bead.import event each) and pushes them; each run restores A as it was
# before (untimed) and times A's `bd sync` plus the first `bd ready --json`.
if [ "$sync_events" -gt 0 ]; then
  echo "== sync: $sync_events events from another clone"
  (
    s=$out/sync
    rm -rf "$s"
    mkdir -p "$s"
    cd "$s"
    export GT_KEY_DIR=$s/keys GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com \
      GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
    git init -q --bare -b main remote.git
    git clone -q remote.git a 2>/dev/null
    (cd a && git checkout -q -b main && BD_ACTOR=bench-a "$bd" init -q --prefix bs &&
      BD_ACTOR=bench-a "$bd" sync -q)
    git clone -q remote.git b
    python3 "$root/tests/gen_beads_jsonl.py" "$sync_events" "$seed" >b.jsonl
    (cd b && export BD_ACTOR=bench-b && "$bd" sync -q && "$bd" import ../b.jsonl -q &&
      "$bd" sync -q)
    events_in() { find "$1/.beads/log" -maxdepth 1 -name '*.jsonl' -exec cat {} + | wc -l; }
    before=$(events_in a)
    after=$(events_in b)
    cp -a a a0
    printf '#!/bin/sh\nrm -rf "%s/a" && cp -a "%s/a0" "%s/a"\n' "$s" "$s" "$s" >reset.sh
    printf '#!/bin/sh\ncd "%s/a" && "%s" sync -q && "%s" ready --json\n' "$s" "$bd" "$bd" >sync.sh
    chmod +x reset.sh sync.sh
    BD_ACTOR=bench-a "$bench" time --name sync_in --size "$sync_events" --events $((after - before)) \
      --runs 5 --before ./reset.sh --out "$records" -- ./sync.sh
  )
fi

# The convergence property test's pace: random operations in 4 clones with
# random syncs (tests/property/converge.py), one run.
if [ "$converge_ops" -gt 0 ]; then
  echo "== convergence test: 4 clones, $converge_ops operations"
  python3 "$root/tests/property/converge.py" --bd "$bd" --clones 4 --ops "$converge_ops" \
    --seed "$seed" | python3 -c '
import json, sys
r = json.loads(sys.stdin.readline())
if not r["ok"]:
    sys.exit("convergence test failed: " + json.dumps(r))
ms = r["seconds"] * 1000
print("  converge         {} ops/s ({} ops, {} syncs, {} s)".format(
    r["ops_per_second"], r["ops"], r["syncs"], r["seconds"]))
with open(sys.argv[1], "a") as out:
    out.write(json.dumps({"kind": "time", "name": "converge", "runs": 1, "min_ms": ms,
                          "median_ms": ms, "times_ms": [ms], "size": r["ops"],
                          "events": r["ops"], "syncs": r["syncs"],
                          "ops_per_second": r["ops_per_second"]}) + "\n")
' "$records"
fi

"$bench" report --in "$records" --out "$out/results.json"

# The refinery's merge queue: requests merged per minute, serial and batched
# (bench/refinery.sh; figures in bench/out/refinery.jsonl).
if [ "$refinery" = 1 ]; then
  rm -f "$out/refinery.jsonl"
  bash "$root/bench/refinery.sh" "$build" "$out/refinery.jsonl"
fi

# The daemon's soak: 200 beads, 8 workers failing 10% of the time
# (bench/soak.sh; figures in bench/out/soak.jsonl).
if [ "${BENCH_SOAK:-1}" = 1 ]; then
  rm -f "$out/soak.jsonl"
  bash "$root/bench/soak.sh" "$build" "$out/soak.jsonl"
fi
