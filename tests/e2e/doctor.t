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
  ✓ index: current with the log
  ✓ chains: every chain applied to its end
  ⚠ members: 1 of 2 writer key(s) are not members (*); the ledger is open, so their events apply (glob)
  ✓ quarantine: no events quarantined
  ✓ dependencies: no dependency points at a missing or deleted bead
  ✓ cycles: no dependency cycles
  $ bd doctor --json > d.json; echo "exit $?"
  exit 0
  $ j 'd["overall_ok"], d["path"].endswith("/p/.beads"), d["schema_version"]' < d.json
  True True 1
  $ j '[(c["name"], c["status"]) for c in d["checks"]]' < d.json
  [('index', 'ok'), ('chains', 'ok'), ('members', 'warning'), ('quarantine', 'ok'), ('dependencies', 'ok'), ('cycles', 'ok')]
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
  ⚠ members: 1 of 2 writer key(s) are not members (*); the ledger is open, so their events apply (glob)
  ✓ quarantine: no events quarantined
  ✓ dependencies: no dependency points at a missing or deleted bead
  ✓ cycles: no dependency cycles
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
  [('index', 'ok'), ('chains', 'ok'), ('members', 'warning'), ('quarantine', 'ok'), ('dependencies', 'ok'), ('cycles', 'ok')] True

A damaged chain fails the chains check (exit 1); git restores it.

  $ git add .beads && git commit -qm ledger
  $ f=.beads/$(bd whoami --json | j 'd["chain"]') && sed -i '2s/"priority":/"priority": /' $f
  $ bd doctor 2>/dev/null | grep chains
  ✗ chains: 1 chain problem\(s\), first: log/[0-9a-f]{16}\.jsonl:2: id does not match the hash of the event \(the line was changed\) \(see `bd verify`\) (re)
  $ bd doctor >/dev/null 2>&1
  [1]
  $ bd doctor --json 2>/dev/null | j 'd["overall_ok"], [(c["name"], c["status"]) for c in d["checks"]]'
  False [('index', 'ok'), ('chains', 'error'), ('members', 'warning'), ('quarantine', 'ok'), ('dependencies', 'ok'), ('cycles', 'ok')]
  $ git checkout -q .beads && bd doctor | grep chains
  ✓ chains: every chain applied to its end
  $ bd list --all --json | cmp - list.before && echo "back to the same list"
  back to the same list

Removed newest events are caught by the index that applied them; --rebuild
accepts the shorter chain, and the restored file catches up again.

  $ sed -i '$d' $f && bd doctor 2>/dev/null | grep chains
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

  $ bd doctor --cure
  Error: The following argument was not expected: --cure (see `bd --help`)
  [1]
  $ bd doctor --cure --json | j '"error" in d'
  True
  $ bd doctor extra
  Error: The following argument was not expected: extra (see `bd --help`)
  [1]
  $ (cd / && bd doctor)
  Error: no beads database found (run `bd init` in your project, or set BEADS_DIR to a .beads directory)
  [1]

A damaged index is a cache like any other: the next command notices,
throws it away and rebuilds it from the log.

  $ bd list --all --json > list.before
  $ python3 -c "f=open('.beads/beads.db','r+b'); f.seek(8192); f.write(b'\x13'*8192)"
  $ bd doctor | head -1
  ✓ index: was damaged or from another version; rebuilt from * events (glob)
  $ bd list --all --json | cmp - list.before && echo "same beads"
  same beads

Dependencies on deleted beads can come in from another clone (a link added
there while the bead was deleted here); doctor finds them and --fix removes
them with signed dep.remove events.

  $ git add -A .beads && git commit -qm more && git clone -q . ../other
  $ X=$(bd create "Doomed" --silent) && Y=$(bd create "Survivor" --silent)
  $ git add -A .beads && git commit -qm xy && (cd ../other && git pull -q)
  $ (cd ../other && BD_ACTOR=carol bd dep add $Y $X -q)
  $ for i in 1 2 3; do bd update $Y -p $i -q; done && bd delete $X --force -q
  $ C=$(cd ../other && BD_ACTOR=carol bd whoami --json | j 'd["chain"]') && cp ../other/.beads/$C .beads/$C
  $ bd show $Y --json | j 'd[0]["dependency_count"]'
  1
  $ bd doctor | grep dependencies
  ✗ dependencies: 1 dependency(ies) point at missing or deleted beads, first: * -> * (run `bd doctor --fix` to remove them) (glob)
  $ bd doctor --json | j 'd["overall_ok"]'
  False
  $ bd doctor --fix | grep dependencies
  ✓ dependencies: removed 1 dependency(ies) on missing or deleted beads
  $ bd show $Y --json | j 'd[0]["dependency_count"]'
  0
  $ bd doctor >/dev/null && bd verify --deep >/dev/null && echo healthy
  healthy
