bd delete / bd restore: a preview without --force; with it a signed
tombstone, links removed, mentions in linked beads marked [deleted:ID];
--cascade takes what waits on the bead; a deleted bead never comes back
from an old copy of the ledger; restore brings it back.

  $ . "$TESTDIR/lib.sh" && export BD_ACTOR=alice
  $ git init -q p && cd p && bd init -q --prefix dl
  $ A=$(bd create "Alpha" --id dl-a --silent)
  $ B=$(bd create "Beta" --id dl-b -d "Needs $A first; not $A.1 or x$A" --deps blocked-by:$A --silent)
  $ C=$(bd create "Gamma" --id dl-c --deps related:$A --silent)
  $ E=$(bd create "Epic" -t epic --silent) && K=$(bd create "Kid" --parent $E --silent)
  $ git add .beads && git commit -qm start
  $ git clone -q . ../old

Without --force nothing happens, but you see what would:

  $ before=$(snapshot)
  $ bd delete $A | sed "s/$A/A/g; s/$B/B/g; s/$C/C/g"
  ⚠️  DELETE PREVIEW (nothing is deleted without --force)
  
  Would delete 1 issue(s):
    ○ A [● P2] [task] Alpha
  
  Would remove 2 dependency link(s):
    B → A (blocks)
    C → A (related)
  
  Would mark mentions as [deleted:ID] in: B
  
  Run again with --force to delete (add --cascade to delete what depends on it too).
  $ bd delete $A --json | j 'd["preview"], d["would_delete"] == ["'$A'"], len(d["dependencies"]), d["references"] == ["'$B'"]'
  True True 2 True
  $ bd delete $A --force --dry-run | head -1
  ⚠️  DELETE PREVIEW (nothing is deleted without --force)
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written

With --force:

  $ bd delete $A --force --reason "wrong project" | sed "s/$A/A/g"
  ✓ Deleted A
    2 dependency link(s) removed, 1 reference(s) updated
  $ bd show $A
  Error: no issue found matching "dl-*" (check the id with `bd list`) (glob)
  [1]
  $ bd show $B --json | j 'd[0]["description"].replace("'$A'", "A"), d[0]["dependency_count"]'
  Needs [deleted:A] first; not A.1 or xA 0
  $ bd ready --json | j 'sorted(x["title"] for x in d)'
  ['Beta', 'Epic', 'Gamma', 'Kid']
  $ bd list --all --json | j 'len(d)'
  4
  $ bd history $A --json | j 'd[-1]["op"], d[-1]["data"]["reason"]'
  bead.delete wrong project

An old copy of the ledger cannot bring it back: a clone that still had it
open works on it and its events arrive after the tombstone; they fold, but
the bead stays deleted (its history shows them).

  $ cd ../old
  $ BD_ACTOR=bob bd update $A --notes "still working on it" -q && bd show $A --json | j 'd[0]["notes"]'
  still working on it
  $ BOB=$(BD_ACTOR=bob bd whoami --json | j 'd["chain"]') && cd ../p && cp ../old/.beads/$BOB .beads/$BOB
  $ bd show $A 2>&1
  Error: no issue found matching "dl-*" (check the id with `bd list`) (glob)
  [1]
  $ bd list --all --json | j 'len(d)'
  4
  $ bd history $A --json | j 'sorted(e["op"] for e in d)'
  ['bead.create', 'bead.delete', 'bead.update']
  $ bd create "New" --id $A -q
  Error: issue dl-* already exists (ids are never reused, even after a delete; choose another) (glob)
  [1]

Cascade takes the children and blockers' dependents too:

  $ bd delete $E --cascade | grep -c '○'
  2
  $ bd delete $E --cascade --force --json | j 'sorted(d["deleted"]) == sorted(["'$E'", "'$K'"]), d["deleted_count"]'
  True 2
  $ bd list --json | j 'sorted(x["title"] for x in d)'
  ['Beta', 'Gamma']

Restore:

  $ bd restore $A | sed "s/$A/A/"
  ✓ Restored A — Alpha
  $ bd show $A --json | j 'd[0]["title"], d[0]["status"], d[0]["dependent_count"]'
  Alpha open 0
  $ bd restore $K --json | j 'd["title"], d.get("parent")'
  Kid None
  $ bd list --json | j 'len(d)'
  4
  $ bd verify --deep >/dev/null && echo verified
  verified

Bad input: a clear error, exit 1, nothing written.

  $ before=$(snapshot)
  $ refused delete
  $ refused delete dl-zzz
  $ refused delete dl-zzz --force
  $ refused delete $C dl-zzz --force
  $ refused delete --from-file missing.txt --force
  $ refused restore
  $ refused restore dl-zzz
  $ refused restore $C
  $ bd restore $C
  Error: issue dl-* is not deleted (only deleted issues can be restored) (glob)
  [1]
  $ bd delete $C dl-zzz --force
  Error: no issue found matching "dl-zzz" (check the id with `bd list`)
  [1]
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
  $ echo $C > ids.txt && bd delete --from-file ids.txt --force -q && bd list --json | j 'len(d)'
  3
