The ledger on its own branch (sync.branch): code branches stop carrying
.beads/, the ledger branch is checked out in .git/bd-ledger, bd finds it
from anywhere in the repository, bd sync pushes it, and `bd init` in a fresh
clone picks it up (as it picks up a ledger in the working tree).

  $ . "$TESTDIR/lib.sh" && export BD_ACTOR=alice
  $ git init -q --bare remote.git && git clone -q remote.git a 2>/dev/null && cd a
  $ echo 'int main() {}' > main.c && git add main.c && git commit -qm code && git push -q origin HEAD 2>/dev/null
  $ bd init -q --prefix br && bd create "One" -q >/dev/null && bd sync -q

A fresh clone with the ledger in its working tree: init picks it up.

  $ cd .. && git clone -q remote.git plain && cd plain
  $ bd init
  ✓ Found an existing ledger: */plain/.beads (glob)
    Issue prefix: br
    Index built from 1 event(s)
  $ bd init --prefix other
  Error: this workspace is already initialized (*/plain/.beads) (use the existing ledger, or remove .beads/ to start over) (glob)
  [1]

Moving the ledger to its own branch:

  $ cd ../a && bd config set sync.branch beads
  Set sync.branch = beads
  ✓ The ledger moved to branch beads, checked out in */a/.git/bd-ledger. (glob)
    Code branches no longer carry .beads/; `bd sync` pushes the ledger branch.
    Push this branch too (git push), so that new clones find the ledger on its branch.
  $ ls -A
  .git
  main.c
  $ git log --oneline -1 | sed 's/^[0-9a-f]* //' && git status --porcelain && git push -q
  bd: the ledger moved to branch beads
  $ git -C .git/bd-ledger branch --show-current && git -C .git/bd-ledger ls-files | sed 's#log/.*#log/…#' | sort -u
  beads
  .beads/.gitignore
  .beads/config.toml
  .beads/log/…
  .beads/members.jsonl
  $ bd config get sync.branch && mkdir -p src && cd src && bd list && cd ..
  beads
  ○ br-* [● P2] [task] One (glob)
  $ bd create "Two" -q >/dev/null && bd sync
  ✓ Committed 1 local event(s)
  ↓ Pulled 0 event(s) from origin/beads
  ↑ Pushed 2 event(s) to origin/beads
  $ git ls-tree -r --name-only origin/master
  main.c

A fresh clone finds the ledger on its branch:

  $ cd .. && git clone -q remote.git b && cd b && ls -A
  .git
  main.c
  $ bd init
  ✓ Found an existing ledger: */b/.git/bd-ledger/.beads (glob)
    Issue prefix: br
    Index built from 2 event(s)
  $ BD_ACTOR=bob bd create "From b" -q >/dev/null && BD_ACTOR=bob bd sync -q && git status --porcelain
  $ cd ../a && bd sync -q && bd list --json | j 'sorted(x["title"] for x in d)'
  ['From b', 'One', 'Two']
  $ cd ../b && bd init
  Error: this workspace is already initialized (*/b/.git/bd-ledger/.beads) (use the existing ledger (it is on its own branch)) (glob)
  [1]

Bad input:

  $ bd config set sync.branch other
  Error: the ledger is already on its own branch (moving it to another branch (or back) is not supported yet)
  [1]
  $ bd config unset sync.branch
  Error: the ledger is on its own branch (moving it back to the code branch is not supported yet)
  [1]
  $ cd .. && git init -q c && cd c && bd init -q --prefix cc && bd config set sync.branch beads
  Error: the repository has no commit yet (commit something first (e.g. `bd sync`))
  [1]
  $ bd sync -q && bd config set sync.branch "bad name"
  Error: invalid sync.branch value "bad name": not a valid git branch name
  [1]
  $ ls -A .beads | grep -c config.toml
  1
