The daemon's configuration (issue 9): a rig's dispatch keys in rig.toml
(gt rig set), the town's limits, resources and schedules in daemon.toml
(gt town set, gt resource, gt schedule); bad values are refused with one
line, in text and under --json, and nothing is written.

  $ . "$TESTDIR/lib.sh"
  $ gtrefused() {
  >   local out rc
  >   out=$(gt "$@" 2>"$HOME/.err"); rc=$?
  >   [ $rc = 1 ] || echo "text: exit $rc"
  >   [ -z "$out" ] || echo "text: stdout: $out"
  >   [ "$(wc -l < "$HOME/.err")" = 1 ] && grep -q '^Error: .' "$HOME/.err" || { echo "text: stderr:"; cat "$HOME/.err"; }
  >   sed "s#$TOWN#TOWN#g" "$HOME/.err"
  >   out=$(gt --json "$@" 2>"$HOME/.err"); rc=$?
  >   [ $rc = 1 ] || echo "json: exit $rc"
  >   [ -s "$HOME/.err" ] && { echo "json: stderr:"; cat "$HOME/.err"; }
  >   printf '%s' "$out" | j 'd["error"] != "" and d["schema_version"] == 1' | grep -qx True || echo "json: not an error object: $out"
  >   rm -f "$HOME/.err"
  > }
  $ git init -q -b main proj && cd proj && echo hello > README && git add README && git commit -qm init && cd ..
  $ gt init town >/dev/null && cd town && TOWN=$PWD
  $ gt rig add app ../proj >/dev/null && gt rig set app batch 2 >/dev/null

A rig's dispatch policy: defaults until set, then what was set; the rig's own
and the refinery's keys stay.

  $ gt rig show app --json | j 'd["dispatch"]'
  {'dispatch': 'label', 'max_restarts': 3, 'max_workers': 2, 'stall_after_seconds': 300, 'worker_command': [], 'worker_runtime': 'script'}
  $ gt rig set app dispatch auto
  ✓ app: dispatch = auto
  $ gt rig set app max_workers 4 && gt rig set app stall_after 30s && gt rig set app max_restarts 0
  ✓ app: max_workers = 4
  ✓ app: stall_after = 30s
  ✓ app: max_restarts = 0
  $ gt rig set app worker.runtime script
  ✓ app: worker.runtime = script
  $ gt rig set app worker.command -- ./agent.sh --fast "two words"
  ✓ app: worker.command = ["./agent.sh","--fast","two words"]
  $ gt rig set app worker.command --json -- ./agent.sh --json
  {
    "key": "worker.command",
    "rig": "app",
    "schema_version": 1,
    "value": [
      "./agent.sh",
      "--json"
    ]
  }
  $ gt rig show app --json | j 'd["dispatch"]'
  {'dispatch': 'auto', 'max_restarts': 0, 'max_workers': 4, 'stall_after_seconds': 30, 'worker_command': ['./agent.sh', '--json'], 'worker_runtime': 'script'}
  $ gt rig show app | grep dispatch
    dispatch: auto (up to 4 worker(s), new ones run ["./agent.sh","--json"])
  $ grep -E '^(name|prefix|batch|version) ' rigs/app/rig.toml && gt rig gate list app --json | j 'd["batch"]'
  batch = 2
  name = 'app'
  prefix = 'app'
  version = 1
  2

What gt rig set refuses, writing nothing:

  $ cp rigs/app/rig.toml $HOME/before
  $ gtrefused rig set app dispatch sometimes
  Error: dispatch must be "auto", "label" or "off", not "sometimes" (see docs/formats.md (Daemon configuration))
  $ gtrefused rig set app max_workers 65
  Error: max_workers must be a number from 1 to 64, not "65" (see docs/formats.md (Daemon configuration))
  $ gtrefused rig set app max_workers 0
  Error: max_workers must be a number from 1 to 64, not "0" (see docs/formats.md (Daemon configuration))
  $ gtrefused rig set app stall_after soon
  Error: stall_after must be a duration such as 30s, 5m or 1h, not "soon" (see docs/formats.md (Daemon configuration))
  $ gtrefused rig set app max_restarts 21
  Error: max_restarts must be a number from 0 to 20, not "21" (see docs/formats.md (Daemon configuration))
  $ gtrefused rig set app worker.command ./agent.sh
  Error: worker.command must be an argument vector, given after -- (e.g. gt rig set app worker.command -- ./agent.sh --fast)
  $ gtrefused rig set app worker.command
  Error: worker.command needs an argument vector (give it after --, e.g. gt rig set RIG worker.command -- ./agent.sh --fast)
  $ gtrefused rig set app max_workers -- 4
  Error: max_workers takes one value, not a command after -- (e.g. gt rig set app max_workers VALUE)
  $ gtrefused rig set app dispatch
  Error: dispatch needs a value (e.g. gt rig set app dispatch VALUE)
  $ gtrefused rig set app colour blue
  Error: unknown rig setting "colour" (settable: batch, merge_strategy, dispatch, max_workers, stall_after, max_restarts, worker.runtime, worker.command (gates: gt rig gate add))
  $ gtrefused rig set nope dispatch auto
  Error: no rig named "nope" (see gt rig list)
  $ cmp rigs/app/rig.toml $HOME/before && echo unchanged
  unchanged

A bad value written by hand is reported with the file, line and key:

  $ sed -i 's/^max_workers = .*/max_workers = 100/' rigs/app/rig.toml
  $ gt rig show app --json | j 'd["dispatch"]["error"]' | sed "s#$TOWN#TOWN#"
  TOWN/rigs/app/rig.toml:* max_workers: must be a number from 1 to 64 (glob)
  $ cp $HOME/before rigs/app/rig.toml
  $ sed -i 's/^command = .*/command = "\.\/agent.sh --fast"/' rigs/app/rig.toml
  $ gt rig show app --json | j 'd["dispatch"]["error"]' | sed "s#$TOWN#TOWN#"
  TOWN/rigs/app/rig.toml:*: worker.command: must be an argument vector, e.g. ["./agent.sh", "--fast"] (workers never run through a shell) (glob)
  $ cp $HOME/before rigs/app/rig.toml

The town: gt town set and gt town show (daemon.toml; defaults without it).

  $ gt town show --json | j 'd["max_workers"], d["tick_ms"], d["overseer"], d["resources"], d["schedules"]'
  8 1000 mayor {} []
  $ gt town set max_workers 12 && gt town set tick 250ms && gt town set overseer mayor
  ✓ town: max_workers = 12
  ✓ town: tick = 250ms
  ✓ town: overseer = mayor
  $ gt town set tick 2s --json | j 'd["key"], d["value"]'
  tick 2s
  $ gtrefused town set max_workers 0
  Error: max_workers must be a number from 1 to 64, not "0" (see docs/formats.md (Daemon configuration))
  $ gtrefused town set tick 10ms
  Error: tick must be a duration from 100ms to 1m (e.g. "1s"), not "10ms" (see docs/formats.md (Daemon configuration))
  $ gtrefused town set overseer nobody
  Error: overseer must be a worker's name or "mayor", not "nobody" (see gt agent list)
  $ gtrefused town set colour blue
  Error: unknown town setting "colour" (settable: max_workers, tick, overseer (resources: gt resource; schedules: gt schedule))
  $ gt town show
  Town town
    max_workers: 12
    tick:        2000 ms
    overseer:    mayor
    resources:   0
    schedules:   0

Resources: add, a new capacity, list, remove.

  $ gt resource add gpu
  ✓ Resource gpu: capacity 1 (beads need label resource:gpu)
  $ gt resource add db-slot --capacity 4 && gt resource add gpu --capacity 2 --json | j 'd["name"], d["capacity"]'
  ✓ Resource db-slot: capacity 4 (beads need label resource:db-slot)
  gpu 2
  $ gt resource add gpu
  ✓ Resource gpu: capacity 2 (beads need label resource:gpu)
  $ gt resource list
  db-slot          4
  gpu              2
  $ gt resource list --json | j 'd'
  [{'capacity': 4, 'name': 'db-slot'}, {'capacity': 2, 'name': 'gpu'}]
  $ gtrefused resource add GPU
  Error: invalid resource name "GPU" (use lower-case letters, digits, '-' or '_', starting with a letter)
  $ gtrefused resource add gpu --capacity 0
  Error: the capacity must be a number from 1 to 1000, not "0" (see docs/formats.md (Daemon configuration))
  $ gtrefused resource add gpu --capacity 1001
  Error: the capacity must be a number from 1 to 1000, not "1001" (see docs/formats.md (Daemon configuration))
  $ gtrefused resource add gpu --capacity many
  Error: Could not convert: --capacity = many (see `gt resource add --help`)
  $ gt resource remove db-slot
  ✓ Resource db-slot removed
  $ gtrefused resource remove db-slot
  Error: no resource named "db-slot" (see gt resource list)
  $ gt resource list
  gpu              2

Schedules: every a period, or at a time of day (UTC), with variables.

  $ gt schedule add nightly --formula release --rig app --at 02:00 --var version=1.0 --var channel=beta
  ✓ Schedule nightly: release in app at 02:00 UTC
  $ gt schedule add sweep --formula triage --rig app --every 90m --json | j 'd["name"], d["when"], d["every_seconds"], d["at"], d["vars"]'
  sweep every 1h30m 5400 None {}
  $ gt schedule list
  nightly      release in app, at 02:00 UTC (next ????-??-??T02:00Z) channel=beta version=1.0 (glob)
  sweep        triage in app, every 1h30m (next ????-??-??T??:??Z) (glob)
  $ gt schedule list --json | j '[(s["name"], s["at"], s["vars"]) for s in d]'
  [('nightly', '02:00', {'channel': 'beta', 'version': '1.0'}), ('sweep', None, {})]
  $ grep -c schedule daemon.toml && grep -E '^(at|every|vars|max_workers|tick) ' daemon.toml
  2
  max_workers = 12
  tick = '2s'
  at = '02:00'
  vars = { channel = 'beta', version = '1.0' }
  every = '1h30m'

What gt schedule add refuses:

  $ gtrefused schedule add nightly --formula release --rig app --every 1h
  Error: there is already a schedule "nightly" (remove it first (gt schedule remove nightly), or choose another name)
  $ gtrefused schedule add x --formula f --rig app
  Error: a schedule needs --every or --at (e.g. --every 30m, or --at 02:00 (UTC))
  $ gtrefused schedule add x --formula f --rig app --every 1h --at 02:00
  Error: --every excludes --at (see `gt schedule add --help`)
  $ gtrefused schedule add x --formula f --rig app --every 30s
  Error: every must be a duration of at least 1m (e.g. "30m"), not "30s" (see docs/formats.md (Daemon configuration))
  $ gtrefused schedule add x --formula f --rig app --every often
  Error: bad duration "often": expected e.g. 90s, 15m, 24h, 1h30m or 2d
  $ gtrefused schedule add x --formula f --rig app --at 25:00
  Error: at must be a time of day "HH:MM" (UTC), e.g. "02:00", not "25:00" (see docs/formats.md (Daemon configuration))
  $ gtrefused schedule add x --formula f --rig nope --every 1h
  Error: no rig named "nope" (see `gt rig list`)
  $ gtrefused schedule add x --formula f --rig app --every 1h --var novalue
  Error: --var must be KEY=VALUE, not "novalue" (e.g. --var version=1.0)
  $ gtrefused schedule add Bad --formula f --rig app --every 1h
  Error: invalid schedule name "Bad" (use lower-case letters, digits, '-' or '_', starting with a letter)
  $ gt schedule remove nightly && gt schedule list --json | j '[s["name"] for s in d]'
  ✓ Schedule nightly removed
  ['sweep']
  $ gtrefused schedule remove nightly
  Error: no schedule named "nightly" (see gt schedule list)

A daemon.toml broken by hand is named with its line, and not edited:

  $ sed -i "s/^tick = .*/tick = '5m'/" daemon.toml && cp daemon.toml $HOME/daemon.before
  $ gtrefused resource list
  Error: TOWN/daemon.toml:*: tick: must be a duration from 100ms to 1m (e.g. "1s") (see docs/formats.md (Daemon configuration)) (glob)
  $ gtrefused resource add gpu --capacity 3
  Error: TOWN/daemon.toml:*: tick: must be a duration from 100ms to 1m (e.g. "1s") (see docs/formats.md (Daemon configuration)) (glob)
  $ cmp daemon.toml $HOME/daemon.before && echo unchanged
  unchanged
