bd defer / bd undefer: deferred beads leave `ready` until their time comes.
GT_FAKE_NOW moves the clock.

  $ . "$TESTDIR/lib.sh" && export BD_ACTOR=alice GT_FAKE_NOW=2026-03-02T09:00:00Z
  $ git init -q p && cd p && bd init -q --prefix df
  $ A=$(bd create "Alpha" --silent) && B=$(bd create "Beta" --silent) && C=$(bd create "Gamma" --silent)

  $ bd defer $A --until tomorrow | sed "s/$A/A/"
  ❄ Deferred A until 2026-03-03T09:00:00.000Z
  $ bd defer $B --until 2026-03-10 --json | j 'd[0]["status"], d[0]["defer_until"]'
  deferred 2026-03-10T00:00:00.000Z
  $ bd defer $C | sed "s/$C/C/"
  ❄ Deferred C
  $ bd show $C --json | j 'd[0]["status"], d[0].get("defer_until")'
  deferred None
  $ bd ready --json | j '[x["title"] for x in d]'
  []
  $ bd list --json | j 'sorted((x["title"], x["status"]) for x in d)'
  [('Alpha', 'deferred'), ('Beta', 'deferred'), ('Gamma', 'deferred')]

When the time comes the bead is ready again (status stays deferred until
someone touches it, as in beads); one deferred until undeferred never wakes:

  $ GT_FAKE_NOW=2026-03-04T00:00:00Z bd ready --json | j '[x["title"] for x in d]'
  ['Alpha']
  $ GT_FAKE_NOW=2026-03-11T00:00:00Z bd ready --json | j 'sorted(x["title"] for x in d)'
  ['Alpha', 'Beta']

Deferring again moves the time; undefer opens it now:

  $ bd defer $A --until +2w -q && GT_FAKE_NOW=2026-03-04T00:00:00Z bd ready --json | j 'len(d)'
  0
  $ bd undefer $A $C | sed "s/$A/A/; s/$C/C/"
  ✓ Undeferred A
  ✓ Undeferred C
  $ bd show $A --json | j 'd[0]["status"], d[0].get("defer_until")'
  open None
  $ bd ready --json | j 'sorted(x["title"] for x in d)'
  ['Alpha', 'Gamma']
  $ bd undefer $A 2>&1 | sed "s/$A/A/"
  A is not deferred
  $ bd undefer $B --json | j 'd[0]["status"]'
  open

Bad input: a clear error, exit 1, nothing written.

  $ bd close $C -q && before=$(snapshot)
  $ refused defer
  $ refused defer df-zzz
  $ refused defer $A --until someday
  $ refused defer $C --until tomorrow
  $ refused undefer
  $ refused undefer df-zzz
  $ bd defer $C
  Error: cannot defer closed issue df-* (reopen it first with `bd reopen`) (glob)
  [1]
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
