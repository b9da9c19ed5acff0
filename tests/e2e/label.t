bd label: add, remove, list and list-all, with beads' texts and JSON.

  $ . "$TESTDIR/lib.sh" && export BD_ACTOR=alice
  $ git init -q p && cd p && bd init -q --prefix lb
  $ A=$(bd create "Alpha" --silent) && B=$(bd create "Beta" -l ui --silent)

  $ bd label add $A needs-review | sed "s/$A/A/"
  ✓ Added label 'needs-review' to A
  $ bd label add $A $B backend --json | sed "s/$A/A/; s/$B/B/"
  [
    {
      "issue_id": "A",
      "label": "backend",
      "status": "added"
    },
    {
      "issue_id": "B",
      "label": "backend",
      "status": "added"
    }
  ]
  $ bd label list $A
  🏷 Labels for lb-*: (glob)
    - backend
    - needs-review
  $ bd label list $B --json
  [
    "backend",
    "ui"
  ]
  $ bd label list-all
  🏷 All labels (3 unique):
    backend (2)
    needs-review (1)
    ui (1)
  $ bd label list-all --json | j '[(x["label"], x["count"]) for x in d]'
  [('backend', 2), ('needs-review', 1), ('ui', 1)]

Adding a label twice writes nothing the second time; labels show in list
filters and in show:

  $ before=$(snapshot) && bd label add $A backend -q && [ "$(snapshot)" = "$before" ] && echo "no new event"
  no new event
  $ bd list -l backend --json | j 'sorted(x["title"] for x in d)'
  ['Alpha', 'Beta']

  $ bd label remove $A needs-review | sed "s/$A/A/"
  ✓ Removed label 'needs-review' from A
  $ bd label rm $B ui --json | j 'd[0]["status"], d[0]["label"]'
  removed ui
  $ bd label list $A --json | j 'd'
  ['backend']
  $ bd label remove $A backend -q && bd label list $A
  lb-* has no labels (glob)
  $ bd label list $A --json
  []

A deleted bead's labels no longer count:

  $ bd delete $B --force -q && bd label list-all --json
  []
  $ bd label list-all
  No labels found

Bad input: a clear error, exit 1, nothing written.

  $ before=$(snapshot)
  $ refused label add
  $ refused label add $A
  $ refused label add $A ""
  $ refused label add $A "two words"
  $ refused label add $A a,b
  $ refused label add $A provides:x
  $ refused label add lb-zzz x
  $ refused label add $A lb-zzz x
  $ refused label remove $A
  $ refused label list
  $ refused label list lb-zzz
  $ refused label list-all extra
  $ refused label frob
  $ bd label add $A ""
  Error: label cannot be empty
  [1]
  $ bd label add $A "two words"
  Error: invalid label "two words": labels cannot contain spaces or commas (use dashes, e.g. needs-review)
  [1]
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
