bd doctor: health checks (text and JSON), and --rebuild: the index is a
cache, so deleting .beads/beads.db and rebuilding gives the same beads.

  $ git init -q p && cd p && export BD_ACTOR=alice
  $ bd init -q --prefix dr
  $ j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

A ledger with a bit of everything:

  $ A=$(bd create "Alpha" -p 1 -t bug -l web,ui -d "desc" --acceptance "ac" -e 30 --silent)
  $ B=$(bd create "Beta" --deps blocked-by:$A --silent)
  $ E=$(bd create "Epic" -t epic --silent) && K=$(bd create "Kid" --parent $E --silent)
  $ C=$(bd create "Gamma" --defer +2d --silent)
  $ bd update $A --claim -q && BD_ACTOR=bob bd update $K --claim -q && bd update $B --notes "n" -a carol -q
  $ D=$(bd create "Delta" --silent) && bd close $D -q --reason "done" && bd reopen $D -q --reason "again" && bd close $D -q
  $ bd dep add $K $B -q >/dev/null

  $ bd doctor
  ✓ chains: every chain applied to its end
  ✓ members: 1 member(s), policy open
  ✓ dependencies: no dependency points at a missing bead
  $ bd doctor --json > d.json; echo "exit $?"
  exit 0
  $ j 'd["overall_ok"], d["path"].endswith("/p/.beads"), d["schema_version"]' < d.json
  True True 1
  $ j '[(c["name"], c["status"]) for c in d["checks"]]' < d.json
  [('chains', 'ok'), ('members', 'ok'), ('dependencies', 'ok')]
  $ j 'all(set(c) == {"name", "status", "message"} for c in d["checks"])' < d.json
  True

--rebuild after deleting the index: identical list, ready and blocked.

  $ bd list --all --json > list.before && bd ready --json > ready.before && bd blocked --json > blocked.before
  $ bd show $A $B $K --json > show.before
  $ rm .beads/beads.db && ls .beads | grep -c '^beads.db$'
  0
  [1]
  $ bd doctor --rebuild
  ✓ index: rebuilt from 15 events in *s (* events/s) (glob)
  ✓ chains: every chain applied to its end
  ✓ members: 1 member(s), policy open
  ✓ dependencies: no dependency points at a missing bead
  $ bd list --all --json | cmp - list.before && echo "same list"
  same list
  $ bd ready --json | cmp - ready.before && bd blocked --json | cmp - blocked.before && echo "same ready and blocked"
  same ready and blocked
  $ bd show $A $B $K --json | cmp - show.before && echo "same details"
  same details
  $ bd list --all --json | j 'len(d)'
  6

Deleting every index file, or letting any command rebuild it, works too:

  $ rm -f .beads/beads.db* && bd list --all --json | cmp - list.before && echo "rebuilt on first use"
  rebuilt on first use
  $ bd doctor --rebuild --json | j '[(c["name"], c["status"]) for c in d["checks"]], d["checks"][0]["message"].startswith("rebuilt from 15 events")'
  [('index', 'ok'), ('chains', 'ok'), ('members', 'ok'), ('dependencies', 'ok')] True

A damaged chain fails the chains check (exit 1); git restores it.

  $ git add .beads && git commit -qm ledger
  $ f=.beads/$(bd whoami --json | j 'd["chain"]') && sed -i '2s/"priority":/"priority": /' $f
  $ bd doctor 2>/dev/null
  ✗ chains: 1 chain problem\(s\), first: log/[0-9a-f]{16}\.jsonl:2: id does not match the hash of the event \(the line was changed\) (re)
  ✓ members: 1 member(s), policy open
  ✓ dependencies: no dependency points at a missing bead
  [1]
  $ bd doctor --json 2>/dev/null | j 'd["overall_ok"], [(c["name"], c["status"]) for c in d["checks"]]'
  False [('chains', 'error'), ('members', 'ok'), ('dependencies', 'ok')]
  $ git checkout -q .beads && bd doctor | head -1
  ✓ chains: every chain applied to its end
  $ bd list --all --json | cmp - list.before && echo "back to the same list"
  back to the same list

Removed newest events are caught by the index that applied them; --rebuild
accepts the shorter chain, and the restored file catches up again.

  $ sed -i '$d' $f && bd doctor 2>/dev/null | head -1
  ✗ chains: 1 chain problem\(s\), first: log/[0-9a-f]{16}\.jsonl:\d+: the chain ends at event \d+ but this index had applied \d+ .* (re)
  $ bd doctor --rebuild 2>/dev/null | sed -n 2p
  ✓ chains: every chain applied to its end
  $ git checkout -q .beads && bd doctor >/dev/null && bd list --all --json | cmp - list.before && echo "caught up"
  caught up

The index holds exactly what the log says, even for input that is not
valid UTF-8: the same output before and after a rebuild.

  $ U=$(bd create $'bad\xffbyte' -d $'text\xfe' --silent)
  $ bd show $U > show.before && bd list > list.txt.before
  $ bd doctor --rebuild >/dev/null && bd show $U | cmp - show.before && bd list | cmp - list.txt.before && echo same
  same

Bad input:

  $ bd doctor --fix
  Error: The following argument was not expected: --fix (see `bd --help`)
  [1]
  $ bd doctor --fix --json | j '"error" in d'
  True
