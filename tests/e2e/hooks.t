bd hooks: a pre-push hook that refuses to push a ledger failing `bd verify`.

  $ . "$TESTDIR/lib.sh" && export BD_ACTOR=alice
  $ git init -q --bare remote.git && git clone -q remote.git p 2>/dev/null && cd p
  $ bd init -q --prefix hk && bd create "One" -q >/dev/null
  $ bd hooks status
  pre-push: not installed (*/p/.git/hooks/pre-push) (glob)
  $ bd hooks install
  ✓ Installed the pre-push hook: */p/.git/hooks/pre-push (glob)
  $ bd hooks status --json | j 'd["installed"], d["foreign"]'
  True False
  $ bd sync -q && git log --oneline origin/master | wc -l
  1

A damaged chain is not pushed, by bd sync or by plain git:

  $ bd create "Two" -q >/dev/null && git add .beads && git commit -qm two
  $ f=.beads/$(bd whoami --json | j 'd["chain"]') && sed -i '1s/"One"/"Uno"/' $f && git commit -qam tamper
  $ git push -q origin HEAD 2>&1
  bd: the ledger fails `bd verify`; not pushing (run `bd verify` to see why)
  error: failed to push some refs to '*/remote.git' (glob)
  [1]
  $ bd sync 2>&1 | tail -1
  Error: git push to 'origin' failed: bd: the ledger fails `bd verify`; not pushing (run `bd verify` to see why) (the ledger is committed locally and stays usable; fix the cause and run `bd sync` again)
  $ git revert --no-edit HEAD >/dev/null && git push -q origin HEAD && echo pushed
  pushed

Another program's hook is kept unless --force, which backs it up;
uninstall puts it back:

  $ bd hooks uninstall
  ✓ Removed the pre-push hook
  $ printf '#!/bin/sh\nexit 0\n' > .git/hooks/pre-push && chmod +x .git/hooks/pre-push
  $ bd hooks install
  Error: */.git/hooks/pre-push already exists and is not bd's (run `bd hooks install --force` to keep it as pre-push.bd-backup and install bd's) (glob)
  [1]
  $ bd hooks status
  pre-push: another program's hook (*) (glob)
  $ bd hooks install --force -q && ls .git/hooks | grep 'pre-push$\|bd-backup'
  pre-push
  pre-push.bd-backup
  $ bd hooks uninstall -q && cat .git/hooks/pre-push | tail -1 && ls .git/hooks | grep -c bd-backup
  exit 0
  0
  [1]

Bad input:

  $ refused hooks
  $ refused hooks frob
  $ refused hooks install extra
  $ mkdir ../nogit && cd ../nogit && bd init -q --prefix ng && bd hooks install
  Error: */nogit/.beads is not in a git repository (run `git init` (and `git remote add origin URL`) first) (glob)
  [1]
