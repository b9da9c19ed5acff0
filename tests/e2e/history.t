bd history: the signed events that made a bead, in fold order, with their
signer; a lost claim appears as "not applied" — which only a merge of two
clones can produce, since within one clone a refused claim writes nothing.

  $ git init -q origin && cd origin && export BD_ACTOR=alice
  $ bd init -q --prefix hi
  $ j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
  $ ALICE_KEY=$(bd whoami --json | j 'd["key"]') && ALICE_ID=$(bd whoami --json | j 'd["keyid"]')
  $ BOB_KEY=$(BD_ACTOR=bob bd whoami --json | j 'd["key"]')

  $ bd create "Alpha" --id hi-a -p 2 -q
  hi-a
  $ bd update hi-a -p 1 --notes "first pass" -q
  $ bd create "Blocker" --id hi-b -q && bd dep add hi-a hi-b -q >/dev/null
  hi-b
  $ bd dep remove hi-a hi-b >/dev/null
  $ bd update hi-a --claim -q && bd close hi-a -q --reason shipped && bd reopen hi-a -q --reason "not yet"

Text: one entry per event, Lamport clock, time, actor, op, data, and the
signing key and chain position.

  $ bd history hi-a
  History of hi-a (8 events, fold order):
    lc     1  \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z  alice        bead.create    {"issue_type":"task","owner":"test@example.com","priority":2,"title":"Alpha"} (re)
               signed by ed25519:[0-9a-f]{16}… \(chain [0-9a-f]{16} #1\) (re)
    lc     2  *  alice        bead.update    {"fields":{"notes":"first pass","priority":1}} (glob)
               signed by ed25519:* (chain * #2) (glob)
    lc     4  *  alice        dep.add        {"depends_on":"hi-b","type":"blocks"} (glob)
               signed by ed25519:* (chain * #4) (glob)
    lc     5  *  alice        dep.remove     {"depends_on":"hi-b"} (glob)
               signed by ed25519:* (chain * #5) (glob)
    lc     6  *  alice        bead.claim     {} (glob)
               signed by ed25519:* (chain * #6) (glob)
    lc     7  *  alice        bead.close     {"reason":"shipped"} (glob)
               signed by ed25519:* (chain * #7) (glob)
    lc     8  *  alice        bead.reopen    {"reason":"not yet"} (glob)
               signed by ed25519:* (chain * #8) (glob)
    lc     9  *  alice        comment.add    {"text":"not yet"} (glob)
               signed by ed25519:* (chain * #9) (glob)

The signer shown is the writer's key, and the chain is its file:

  $ bd history hi-a | grep -c "signed by ${ALICE_KEY:0:24}… (chain $ALICE_ID #"
  8
  $ ls .beads/log
  ????????????????.jsonl (glob)
  $ [ -f .beads/log/$ALICE_ID.jsonl ] && echo "alice's chain"
  alice's chain

JSON: an array of events with lc, keyid, seq, op, actor, ts, key, id, applied, data.

  $ bd history hi-a --json | j 'type(d).__name__, len(d), sorted(d[0])'
  list 8 ['actor', 'applied', 'data', 'id', 'key', 'keyid', 'lc', 'op', 'seq', 'ts']
  $ bd history hi-a --json | j '[(h["lc"], h["seq"], h["op"], h["actor"], h["applied"]) for h in d]'
  [(1, 1, 'bead.create', 'alice', True), (2, 2, 'bead.update', 'alice', True), (4, 4, 'dep.add', 'alice', True), (5, 5, 'dep.remove', 'alice', True), (6, 6, 'bead.claim', 'alice', True), (7, 7, 'bead.close', 'alice', True), (8, 8, 'bead.reopen', 'alice', True), (9, 9, 'comment.add', 'alice', True)]
  $ bd history hi-a --json | j 'all(h["key"] == "'$ALICE_KEY'" and h["keyid"] == "'$ALICE_ID'" and len(h["id"]) == 64 for h in d)'
  True
  $ bd history hi-b --json | j '[h["op"] for h in d]'
  ['bead.create']
  $ bd history a --json | j 'len(d)'
  8

Another writer signs with its own key, in its own chain:

  $ BD_ACTOR=bob bd update hi-b --claim -q
  $ bd history hi-b
  History of hi-b (2 events, fold order):
    lc     3  *  alice        bead.create    {"issue_type":"task","owner":"test@example.com","priority":2,"title":"Blocker"} (glob)
               signed by ed25519:* (chain * #3) (glob)
    lc    10  *  bob          bead.claim     {} (glob)
               signed by ed25519:* (chain * #1) (glob)
  $ bd history hi-b --json | j 'd[1]["key"] == "'$BOB_KEY'", d[1]["keyid"] != d[0]["keyid"]'
  True True

Within one clone a refused claim writes nothing, so history never shows it:

  $ BD_ACTOR=carol bd update hi-b --claim
  Error: issue hi-b already claimed by bob (pick another with `bd ready`)
  [1]
  $ bd history hi-b --json | j '[(h["actor"], h["applied"]) for h in d]'
  [('alice', True), ('bob', True)]
  $ ls .beads/log | wc -l
  2

Across clones two claims can both be written; the fold grants the one that
comes first in (lc, keyid, seq) order and keeps the other, not applied.

  $ bd create "Contested" --id hi-c -q && git add .beads && git commit -qm base
  hi-c
  $ cd .. && git clone -q origin clone && cd clone
  $ BD_ACTOR=bob bd create "Bob's own work" --id hi-bob -q
  hi-bob
  $ BD_ACTOR=bob bd update hi-c --claim
  ✓ Claimed issue: hi-c — Contested
  $ git add .beads && git commit -qm bob
  $ cd ../origin && bd update hi-c --claim
  ✓ Claimed issue: hi-c — Contested
  $ git add .beads && git commit -qm alice && git pull -q --no-rebase ../clone HEAD
  $ bd show hi-c --json | j 'd[0]["assignee"], d[0]["status"]'
  alice in_progress
  $ bd history hi-c
  History of hi-c (3 events, fold order):
    lc    11  *  alice        bead.create    {"issue_type":"task","owner":"test@example.com","priority":2,"title":"Contested"} (glob)
               signed by ed25519:* (chain * #10) (glob)
    lc    12  *  alice        bead.claim     {} (glob)
               signed by ed25519:* (chain * #11) (glob)
    lc    13  *  bob          bead.claim     {}  ✗ not applied: already claimed by alice (glob)
               signed by ed25519:* (chain * #3) (glob)
  $ bd history hi-c --json | j '[(h["actor"], h["applied"], h.get("note")) for h in d]'
  [('alice', True, None), ('alice', True, None), ('bob', False, 'already claimed by alice')]

Bob learns it on his next pull; his other work is kept, and both clones agree.

  $ cd ../clone && git pull -q --no-rebase ../origin HEAD
  $ bd show hi-c --json | j 'd[0]["assignee"]'
  alice
  $ bd history hi-c --json | j '[(h["actor"], h["applied"]) for h in d]'
  [('alice', True), ('alice', True), ('bob', False)]
  $ bd show hi-bob --short
  ○ hi-bob [● P2] [task] Bob's own work
  $ bd verify | head -1
  ✓ 2 chains, 14 events verified (2 signatures checked) in *s (glob)

Bad input:

  $ bd history hi-nope
  Error: no issue found matching "hi-nope" (check the id with `bd list`)
  [1]
  $ bd history hi-nope --json
  {
    "error": "no issue found matching \"hi-nope\"",
    "hint": "check the id with `bd list`",
    "schema_version": 1
  }
  [1]
  $ bd history
  Error: id is required (see `bd --help`)
  [1]
  $ bd history --json | j 'd["error"]'
  id is required
