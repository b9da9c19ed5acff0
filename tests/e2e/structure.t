bd children, bd epic status / close-eligible, bd duplicate, bd supersede,
and bd dep tree --reverse.

  $ . "$TESTDIR/lib.sh" && export BD_ACTOR=alice
  $ git init -q p && cd p && bd init -q --prefix st
  $ E=$(bd create "Launch" -t epic --silent)
  $ K1=$(bd create "Write docs" --parent $E --silent) && K2=$(bd create "Ship it" --parent $E --silent)
  $ F=$(bd create "Empty epic" -t epic -p 1 --silent)

Children, any status:

  $ bd close $K1 -q && bd children $E | sed "s/$E/E/g"
  Children of E (2):
    ✓ E.1 [● P2] [task] Write docs
    ○ E.2 [● P2] [task] Ship it
  $ bd children $E --json | j '[(x["id"].replace("'$E'", "E"), x["status"], x["parent"] == "'$E'") for x in d]'
  [('E.1', 'closed', True), ('E.2', 'open', True)]
  $ bd children $F
  st-* has no children (glob)
  $ bd children $F --json
  []

Epic progress:

  $ bd epic status | sed "s/$E/E/; s/$F/F/"
  ○ F Empty epic
     Progress: 0/0 children closed (0%)
  ○ E Launch
     Progress: 1/2 children closed (50%)
  $ bd epic status --json | j '[(x["epic"]["title"], x["total_children"], x["closed_children"], x["eligible_for_close"]) for x in d]'
  [('Empty epic', 0, 0, False), ('Launch', 2, 1, False)]
  $ bd epic status --eligible-only
  No epics ready to close
  $ bd close $K2 -q && bd epic status --eligible-only | sed "s/$E/E/"
  ○ E Launch
     Progress: 2/2 children closed (100%) — ready to close
  $ bd epic close-eligible --dry-run | sed "s/$E/E/"
  Would close E
  $ bd epic close-eligible --json | j 'd["closed"] == ["'$E'"], d["count"], d["dry_run"]'
  True 1 False
  $ bd show $E --json | j 'd[0]["status"], d[0]["close_reason"]'
  closed All children closed
  $ bd epic status --json | j '[x["epic"]["title"] for x in d]'
  ['Empty epic']
  $ bd epic status --all --json | j 'sorted(x["epic"]["title"] for x in d)'
  ['Empty epic', 'Launch']
  $ bd epic close-eligible
  No epics ready to close

Duplicates and supersession close the bead and record the link:

  $ A=$(bd create "Login fails" -t bug --silent) && B=$(bd create "Cannot log in" -t bug --silent)
  $ bd duplicate $B --of $A | sed "s/$A/A/; s/$B/B/"
  ✓ Marked B as a duplicate of A (closed)
  $ bd show $B --json | j 'd[0]["status"], d[0]["close_reason"].replace("'$A'", "A"), [(x["id"] == "'$A'", x["dependency_type"]) for x in d[0]["dependencies"]]'
  closed Duplicate of A [(True, 'duplicates')]
  $ bd duplicate $B --of $A --json | j 'd["duplicate"] == "'$B'", d["canonical"] == "'$A'", d["issue"]["status"]'
  True True closed
  $ N=$(bd create "Login v2" --silent) && bd supersede $A --with $N --json | j 'd["superseded"] == "'$A'", d["replacement"] == "'$N'", d["issue"]["close_reason"].startswith("Superseded by")'
  True True True
  $ bd show $N --json | j '[(x["id"] == "'$A'", x["dependency_type"]) for x in d[0]["dependencies"]]'
  [(True, 'supersedes')]

dep tree --reverse shows what depends on a bead:

  $ X=$(bd create "Base" --silent) && Y=$(bd create "Top" --deps blocked-by:$X --silent)
  $ bd dep tree $X --reverse --json | j '[(n["title"], n["depth"]) for n in d]'
  [('Base', 0), ('Top', 1)]

Bad input: a clear error, exit 1, nothing written.

  $ before=$(snapshot)
  $ refused children
  $ refused children st-zzz
  $ refused epic
  $ refused epic frob
  $ refused epic status extra
  $ refused duplicate $X
  $ refused duplicate $X --of $X
  $ refused duplicate $X --of st-zzz
  $ refused duplicate st-zzz --of $X
  $ refused duplicate $Y --of $X
  $ refused supersede $X
  $ refused supersede $X --with $X
  $ refused supersede $X --with st-zzz
  $ bd duplicate $X --of $X
  Error: an issue cannot be marked as a duplicate of itself
  [1]
  $ bd duplicate $Y --of $X 2>&1 | sed "s/$X/X/; s/$Y/Y/"
  Error: Y already depends on X with type "blocks" (remove it first with `bd dep remove`)
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
