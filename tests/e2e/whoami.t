bd whoami: who bd writes as (--actor, BD_ACTOR, BEADS_ACTOR, git user.name,
$USER, "unknown"), with which key, into which chain.

  $ j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
  $ export BD_ACTOR=alice

  $ bd whoami
  alice
    key:   ed25519:[0-9a-f]{64} (re)
    chain: .beads/log/[0-9a-f]{16}.jsonl (re)
  $ bd whoami --json > me.json && j 'sorted(d)' < me.json
  ['actor', 'chain', 'key', 'key_dir', 'keyid', 'schema_version']
  $ j 'd["actor"], d["chain"] == "log/" + d["keyid"] + ".jsonl", d["key_dir"] == "'$XDG_CONFIG_HOME'/gastown/keys"' < me.json
  alice True True

The key is made on first use, private to the user, and stable:

  $ ls -la $XDG_CONFIG_HOME/gastown/keys | awk 'NR > 1 {print $1, $NF}'
  drwx------ .
  drwx* .. (glob)
  -rw------- alice.key
  $ [ "$(bd whoami --json | j 'd["key"]')" = "$(j 'd["key"]' < me.json)" ] && echo same key
  same key
  $ bd whoami | head -1 && ls $XDG_CONFIG_HOME/gastown/keys
  alice
  alice.key

Precedence: --actor, then BD_ACTOR, then BEADS_ACTOR, then git user.name,
then $USER, then "unknown".

  $ bd --actor zed whoami | head -1
  zed
  $ BEADS_ACTOR=bea bd whoami | head -1
  alice
  $ unset BD_ACTOR
  $ BEADS_ACTOR=bea bd whoami | head -1
  bea
  $ USER=uma bd whoami | head -1
  uma
  $ git config --global user.name "Gina Git" && USER=uma bd whoami | head -1
  Gina Git
  $ git config --global --unset user.name && env -u USER bd whoami | head -1
  unknown
  $ BD_ACTOR= bd --actor "" whoami --json | j 'd["actor"]'
  unknown
  $ export BD_ACTOR=alice

Different actors have different keys; actor names are safe as file names:

  $ [ "$(bd --actor zed whoami --json | j 'd["key"]')" != "$(j 'd["key"]' < me.json)" ] && echo different
  different
  $ bd --actor ../../escape whoami | head -1
  ../../escape
  $ ls $XDG_CONFIG_HOME/gastown/keys | grep -c escape; ls "$HOME" | grep -c escape
  1
  0
  [1]

The chain whoami names is the file that the actor's writes go to:

  $ bd init -q --prefix wh
  $ CHAIN=$(bd whoami --json | j 'd["chain"]')
  $ bd create "Mine" -q >/dev/null && ls .beads/log
  ????????????????.jsonl (glob)
  $ [ -s .beads/$CHAIN ] && echo "written to $CHAIN" | sed 's/[0-9a-f]\{16\}/KEYID/'
  written to log/KEYID.jsonl
  $ bd --actor bob create "His" -q >/dev/null && bd --actor bob whoami --json | j 'd["chain"]' | xargs -I{} test -s .beads/{} && echo "bob's chain"
  bob's chain
  $ bd list --json | j 'sorted((b["title"], b["created_by"]) for b in d)'
  [('His', 'bob'), ('Mine', 'alice')]
  $ grep -c '"actor":"alice"' .beads/members.jsonl
  1

GT_KEY_DIR moves the keys:

  $ GT_KEY_DIR=$HOME/town-keys bd whoami --json | j 'd["key_dir"] == "'$HOME'/town-keys"' && ls town-keys
  True
  alice.key

A key directory that cannot be made, or a damaged key, is an error (and a
damaged key is never silently replaced: a new key would be another writer):

  $ touch not-a-dir && XDG_CONFIG_HOME=$HOME/not-a-dir bd whoami
  Error: cannot create key directory */not-a-dir/gastown/keys: Not a directory (set XDG_CONFIG_HOME or GT_KEY_DIR to a writable directory) (glob)
  [1]
  $ XDG_CONFIG_HOME=$HOME/not-a-dir bd whoami --json | j 'd["error"][:28]'
  cannot create key directory 
  $ mkdir -p bad/gastown/keys && echo garbage > bad/gastown/keys/alice.key
  $ XDG_CONFIG_HOME=$HOME/bad bd whoami
  Error: key file */bad/gastown/keys/alice.key is damaged (restore it from a backup; a new key would be a different writer) (glob)
  [1]
  $ before=$(cat .beads/log/*.jsonl | md5sum)
  $ XDG_CONFIG_HOME=$HOME/bad bd create "with a bad key" --json | j 'd["error"][-10:]'
  is damaged
  $ [ "$(cat .beads/log/*.jsonl | md5sum)" = "$before" ] && cat bad/gastown/keys/alice.key
  garbage

Bad input:

  $ bd whoami extra
  Error: The following argument was not expected: extra (see `bd --help`)
  [1]
  $ bd whoami --actor
  Error: --actor: 1 required TEXT missing (see `bd --help`)
  [1]
