bd gate: gates of each kind, stored at pour time, listed, approved by a
member, and opened by bd gate check (and, for timer and bead gates, by
bd ready and bd mol ready|status). Opening is a signed close that says why;
bad input writes nothing.

  $ . "$TESTDIR/lib.sh" && export BD_ACTOR=alice
  $ git init -q p && cd p && bd init -q --prefix gt && mkdir -p .beads/formulas
  $ cat > .beads/formulas/gated.formula.toml <<'TOML'
  > formula = "gated"
  > version = 1
  > [vars.upstream]
  > required = true
  > [[steps]]
  > id = "review"
  > title = "Review"
  > gate = { type = "human", id = "review" }
  > [[steps]]
  > id = "soak"
  > title = "Soak for a day"
  > gate = { type = "timer", timeout = "24h" }
  > [[steps]]
  > id = "launch"
  > title = "Launch at a fixed time"
  > gate = { type = "timer", at = "2030-01-01T06:00:00Z" }
  > [[steps]]
  > id = "deploy"
  > title = "Deploy"
  > gate = { type = "command", command = ["test", "-f", "green.txt"] }
  > [[steps]]
  > id = "announce"
  > title = "Announce"
  > gate = { type = "bead", await_id = "{{upstream}}" }
  > TOML

Pouring stores each gate on its gate bead; timers count from the pour:

  $ U=$(bd create "Upstream release" --silent)
  $ export GT_FAKE_NOW=2030-01-01T00:00:00Z
  $ E=$(bd mol pour gated --var upstream=$U --json | j 'd["new_epic_id"]')
  $ bd gate list | sed -e "s/$E/E/g" -e "s/$U/U/g"
  🚧 Gates (5):
    ○ E.6 human   holds E.1 (review) of E: waits for approval by a member
    ○ E.7 timer   holds E.2 (soak) of E: waits for time 2030-01-02T00:00:00.000Z
    ○ E.8 timer   holds E.3 (launch) of E: waits for time 2030-01-01T06:00:00.000Z
    ○ E.9 command holds E.4 (deploy) of E: waits for command ["test","-f","green.txt"] to pass
    ○ E.10 bead    holds E.5 (announce) of E: waits for bead U to close
  $ bd gate list --json | j '[(g["id"].split(".")[-1], g["kind"], g["step"], g["step_id"] == "'$E'." + str(int(g["id"].split(".")[-1]) - 5), g["molecule"] == "'$E'", g["open"], g.get("opens_at"), g.get("timeout"), g.get("command"), g.get("await_id") == "'$U'") for g in d]'
  [('6', 'human', 'review', True, True, False, None, None, None, False), ('7', 'timer', 'soak', True, True, False, '2030-01-02T00:00:00.000Z', '24h', None, False), ('8', 'timer', 'launch', True, True, False, '2030-01-01T06:00:00.000Z', None, None, False), ('9', 'command', 'deploy', True, True, False, None, None, ['test', '-f', 'green.txt'], False), ('10', 'bead', 'announce', True, True, False, None, None, None, True)]
  $ bd show $E.7 --json | j 'd[0]["issue_type"], d[0]["labels"]'
  gate ['gate:timer', 'mol-gate:soak']
  $ bd show $E.7 | grep -A1 '^GATE' | sed "s/$E/E/g"
  GATE
    timer gate; holds E.2 (soak); waits for time 2030-01-02T00:00:00.000Z
  $ bd show $E.7 --json | j 'd[0]["gate"]["opens_at"], d[0]["gate"]["step_id"] == "'$E.2'"'
  2030-01-02T00:00:00.000Z True
  $ bd export | grep '"await_type":"timer"' | while read -r l; do printf '%s' "$l" | j 'd["metadata"]["gate"]["opens_at"], d["timeout"]'; done
  2030-01-02T00:00:00.000Z 86400000000000
  2030-01-01T06:00:00.000Z 21600000000000

Nothing is due yet: checking writes nothing, and the gated steps wait:

  $ before=$(snapshot)
  $ bd gate check | sed -e "s/$E/E/g" -e "s/$U/U/g"
    ○ E.6 human   manual: waits for `bd gate approve E.6`
    ○ E.7 timer   waiting: opens at 2030-01-02T00:00:00.000Z
    ○ E.8 timer   waiting: opens at 2030-01-01T06:00:00.000Z
    ○ E.9 command waiting: exit 1
    ○ E.10 bead    waiting: waits for U (open)
  0 gate(s) opened
  $ bd mol ready $E --json | j 'len(d)'
  0
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written

A timer opens by itself once its time has come: bd ready opens it.

  $ GT_FAKE_NOW=2030-01-01T06:00:00Z bd ready --json | j '[x["id"] for x in d]' | sed -e "s/$E/E/g" -e "s/$U/U/g"
  ['E', 'E.3', 'U']
  $ bd show $E.8 --json | j 'd[0]["status"], d[0]["close_reason"]'
  closed Timer reached 2030-01-01T06:00:00.000Z
  $ bd history $E.8 --json | j 'd[-1]["op"], d[-1]["data"]["gate"]'
  bead.close {'kind': 'timer', 'opened': 'time reached'}
  $ GT_FAKE_NOW=2030-01-02T00:00:01Z bd gate check $E.7 --json | j 'd[0]["state"], d[0]["detail"]'
  opened time reached (2030-01-02T00:00:00.000Z)

A command gate opens when its command exits 0, run in the molecule's
directory (here: the repository, where pour ran):

  $ bd gate check $E.9 | sed "s/$E/E/g"
    ○ E.9 command waiting: exit 1
  0 gate(s) opened
  $ touch green.txt && bd gate check $E.9 | sed "s/$E/E/g"
    ✓ E.9 command opened: command passed (exit 0)
  1 gate(s) opened
  $ bd show $E.9 --json | j 'd[0]["close_reason"]'
  Command ["test","-f","green.txt"] passed (checked by alice)

A bead gate opens when the awaited bead closes (bd mol status notices):

  $ bd close $U -q && bd mol status $E | sed -e "s/$E/E/g"
  🧪 E gated (upstream=*) (formula gated) — 0/5 steps closed (glob)
    ○ E.1 review: Review  (waits for E.6)
    ○ E.2 soak: Soak for a day  (ready)
    ○ E.3 launch: Launch at a fixed time  (ready)
    ○ E.4 deploy: Deploy  (ready)
    ○ E.5 announce: Announce  (ready)

A human gate is approved by a member, with a reason:

  $ bd gate approve $E.6 --reason "Read the design" | sed "s/$E/E/g"
  ✓ Approved E.6: E.1 can start once nothing else holds it
  $ bd show $E.6 --json | j 'd[0]["close_reason"]'
  Approved by alice: Read the design
  $ bd gate list --all --json | j '[(g["kind"], g["open"]) for g in d]'
  [('human', True), ('timer', True), ('timer', True), ('command', True), ('bead', True)]
  $ bd gate list
  No waiting gates

An open gate stays open: approving or checking again writes nothing.

  $ before=$(snapshot)
  $ bd gate approve $E.6 | sed "s/$E/E/g"
  E.6 is already open: Approved by alice: Read the design
  $ bd gate approve $E.6 --json | j 'd["opened"], d["open"]'
  False True
  $ bd gate check
  No waiting gates
  $ bd gate check $E.9 --json | j 'd[0]["state"]'
  open
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written

Bad input: one-line errors, exit 1, JSON error objects, nothing written.

  $ F=$(bd mol pour gated --var upstream=$U --json | j 'd["new_epic_id"]')
  $ before=$(snapshot)
  $ bd gate approve gt-nosuch
  Error: no issue found matching "gt-nosuch" (check the id with `bd list`)
  [1]
  $ refused gate approve gt-nosuch
  $ bd gate approve $F.7
  Error: gt-*.7 is a timer gate; only human gates are approved (machine gates open with `bd gate check`) (glob)
  [1]
  $ refused gate approve $F.7
  $ bd gate approve $F.1
  Error: gt-*.1 is not a gate (it is a task) (see the gates with `bd gate list`) (glob)
  [1]
  $ refused gate check $F.1
  $ refused gate check gt-nosuch
  $ refused gate check --timeout soon
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written

Many readers racing to open the same due gates write one event per gate:

  $ for a in alice bob carol; do BD_ACTOR=$a GT_FAKE_NOW=2030-01-03T00:00:00Z bd ready > /dev/null & done; wait
  $ for g in 7 8; do bd history $F.$g --json | j '[h["op"] for h in d].count("bead.close")'; done
  1
  1

In a members-only ledger, a stranger cannot approve:

  $ bd member policy members -q
  $ before=$(snapshot)
  $ BD_ACTOR=mallory bd gate approve $F.6
  Error: mallory (key *) may not write bead.close here: it is not a member of this ledger (see `bd member list`; an admin can run `bd member add * --role ROLE`. Nothing was written) (glob)
  [1]
  $ BD_ACTOR=mallory refused gate approve $F.6
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
  $ bd gate approve $F.6 -q && bd show $F.6 --json | j 'd[0]["status"]'
  closed

A gate poured before gates were stored (no metadata) still lists, and a
human one can still be approved; machine ones say to close them by hand:

  $ O=$(bd create "Gate: timer old" -t gate -l gate:timer,mol-gate:old --silent)
  $ bd gate check $O --json | j 'd[0]["state"], d[0]["detail"]'
  manual poured before gates were stored: close it by hand with `bd close`
