bd init: creating a ledger, the prefix rules, refusing a second init, and
what every command says outside a ledger.

  $ export BD_ACTOR=alice
  $ j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

Outside any ledger, every command that needs one says so, exits 1, and
writes nothing.

  $ for c in "list" "create x" "show x" "update x -p 1" "close x" "reopen x" \
  >          "ready" "blocked" "dep add x y" "dep remove x y" "dep tree x" \
  >          "dep cycles" "history x" "verify" "doctor"; do
  >   bd $c 2>&1 | grep -qx 'Error: no beads database found (run `bd init` in your project, or set BEADS_DIR to a .beads directory)' \
  >     && [ "${PIPESTATUS[0]}" = 1 ] || echo "FAILED: bd $c"
  > done
  $ bd list
  Error: no beads database found (run `bd init` in your project, or set BEADS_DIR to a .beads directory)
  [1]
  $ bd create "Nowhere" --json
  {
    "error": "no beads database found",
    "hint": "run `bd init` in your project, or set BEADS_DIR to a .beads directory",
    "schema_version": 1
  }
  [1]
  $ bd show x --json 2>/dev/null | j 'd["error"]'
  no beads database found
  $ ls -A

A pointer at a directory that holds no ledger is refused too:

  $ bd --db nowhere/.beads list
  Error: no beads database found at nowhere/.beads (run `bd init` there, or point --db/BEADS_DIR at a .beads directory)
  [1]
  $ BEADS_DIR=$HOME/nowhere bd ready --json | j 'd["error"]'
  no beads database found at */nowhere (glob)

Init in a fresh project:

  $ mkdir project && cd project
  $ bd init --prefix pj
  ✓ bd initialized successfully!
  
    Ledger: */project/.beads (glob)
    Issue prefix: pj
    Writer: alice \(key [0-9a-f]{16}\) (re)
  
  Next: bd create "My first issue"  (then commit .beads/ with git)
  $ ls -A .beads | grep -v '^beads.db'
  .gitignore
  config.toml
  log
  members.jsonl
  write.lock
  $ grep -c '"actor":"alice".*"role":"admin"' .beads/members.jsonl
  1
  $ bd create "First" --silent
  pj-[0-9a-z]{3} (re)

A second init is refused, in text and JSON, and changes nothing:

  $ before=$(cat .beads/config.toml .beads/members.jsonl .beads/log/*.jsonl | md5sum)
  $ bd init
  Error: this workspace is already initialized (*/project/.beads) (use the existing ledger, or remove .beads/ to start over) (glob)
  [1]
  $ bd init --prefix other --json
  {
    "error": "this workspace is already initialized (*/project/.beads)", (glob)
    "hint": "use the existing ledger, or remove .beads/ to start over",
    "schema_version": 1
  }
  [1]
  $ [ "$(cat .beads/config.toml .beads/members.jsonl .beads/log/*.jsonl | md5sum)" = "$before" ] && echo unchanged
  unchanged
  $ bd list --json | j 'd[0]["id"][:3]'
  pj-

Commands find the ledger from a subdirectory, or through --db / BEADS_DIR:

  $ mkdir -p src/deep && cd src/deep && bd list
  ○ pj-[0-9a-z]{3} \[● P2\] \[task\] First (re)
  $ cd "$HOME" && bd --db project/.beads list --json | j 'd[0]["title"]'
  First
  $ BEADS_DIR=$HOME/project/.beads bd list --json | j 'len(d)'
  1

--json output of init:

  $ mkdir jsoninit && cd jsoninit && bd init --prefix js --json
  {
    "actor": "alice",
    "key": "ed25519:[0-9a-f]{64}", (re)
    "path": "*/jsoninit/.beads", (glob)
    "prefix": "js",
    "schema_version": 1
  }
  $ bd init -q; echo "exit $?"
  Error: this workspace is already initialized (*/jsoninit/.beads) (use the existing ledger, or remove .beads/ to start over) (glob)
  exit 1
  $ cd "$HOME"

--db and BEADS_DIR say where the ledger is, for init too:

  $ bd --db elsewhere/.beads init -q --prefix ew && ls -A elsewhere
  .beads
  $ BEADS_DIR=$HOME/envdir/.beads bd init -q --prefix ev; ls -A envdir; ls -A | grep -c '^.beads$'
  .beads
  0
  [1]
  $ rm -rf .beads

-q prints nothing:

  $ mkdir quiet && cd quiet && bd init -q --prefix qq && cd "$HOME"

Prefix normalisation as in beads: leading dots and trailing dashes dropped,
dots become underscores; the ids use the normalised prefix.

  $ for p in gt- .gt my.proj ..a.b-- GT; do
  >   rm -rf n && mkdir n && (cd n && bd init --prefix "$p" --json | j 'd["prefix"]')
  > done
  gt
  gt
  my_proj
  a_b
  GT
  $ rm -rf n && mkdir n && cd n && bd init -q --prefix gt- && bd create "x" --silent
  gt-[0-9a-z]{3} (re)
  $ cd "$HOME"

Without --prefix the directory's name is used, normalised the same way:

  $ mkdir .my.repo- && cd .my.repo- && bd init --json | j 'd["prefix"]'
  my_repo
  $ cd "$HOME"

A prefix that cannot make ids is refused, and nothing is created:

  $ mkdir bad && cd bad
  $ bd init --prefix "bad prefix"
  Error: invalid prefix "bad prefix": only letters, digits, '_' and '-' (e.g. --prefix gt)
  [1]
  $ bd init --prefix "..." --json
  {
    "error": "invalid prefix \"...\"",
    "hint": "use letters and digits, e.g. --prefix gt",
    "schema_version": 1
  }
  [1]
  $ bd init --prefix -
  Error: invalid prefix "-" (use letters and digits, e.g. --prefix gt)
  [1]
  $ ls -A
