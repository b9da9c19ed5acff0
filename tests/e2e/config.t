bd config: validated keys in .beads/config.toml, written atomically.

  $ export BD_ACTOR=alice
  $ bd init -q --prefix cf
  $ bd config get issue_prefix
  cf
  $ bd config get export.auto
  export.auto (not set)
  $ bd config set export.auto TRUE
  Set export.auto = true
  $ bd config set output.title-length 40 --json
  {
    "key": "output.title-length",
    "schema_version": 1,
    "value": "40"
  }
  $ bd config set status.custom "review:wip, qa"
  Set status.custom = review:wip,qa
  $ bd config get export.auto --json
  {
    "key": "export.auto",
    "schema_version": 1,
    "value": "true"
  }
  $ bd config list
  Configuration:
    export.auto = true
    issue_prefix = cf
    name = * (glob)
    output.title-length = 40
    status.custom = review:wip,qa
  $ bd config list --json | python3 -c "import json,sys; print(sorted(json.load(sys.stdin)))"
  ['export.auto', 'issue_prefix', 'name', 'output.title-length', 'schema_version', 'status.custom']
  $ bd config unset export.auto
  Unset export.auto
  $ grep -c auto .beads/config.toml
  0
  [1]

output.title-length cuts titles in list lines:

  $ bd create "A rather long title" --id cf-long -q
  cf-long
  $ bd config set output.title-length 6 && bd list
  Set output.title-length = 6
  ○ cf-long [● P2] [task] A rath…
  $ bd config unset output.title-length >/dev/null && bd list
  ○ cf-long [● P2] [task] A rather long title

The actor key is the default writer:

  $ bd config set actor robot
  Set actor = robot
  $ env -u BD_ACTOR bd create "By robot" --json | python3 -c "import json,sys; print(json.load(sys.stdin)['created_by'])"
  robot

A new prefix applies to new ids; old ids keep theirs:

  $ bd create "Old" --id cf-old -q
  cf-old
  $ bd config set prefix np
  Set issue_prefix = np
  $ bd create "New" --silent
  np-* (glob)
  $ bd show cf-old --short
  * cf-old * (glob)

Bad input writes nothing:

  $ before=$(md5sum < .beads/config.toml)
  $ bd config set colour red
  Error: unknown config key "colour" (known keys: actor, export.auto, export.path, issue_prefix, name, output.title-length, status.custom, sync.branch, types.custom)
  [1]
  $ bd config set export.auto maybe
  Error: invalid export.auto value "maybe": expected true or false
  [1]
  $ bd config set status.custom open --json
  {
    "error": "invalid status.custom value: \"open\" is built in already",
    "schema_version": 1
  }
  [1]
  $ bd config set sync.branch "a b"
  Error: invalid sync.branch value "a b": not a valid git branch name
  [1]
  $ bd config set output.title-length -3
  Error: invalid output.title-length value "-3": expected a whole number, 0 or more
  [1]
  $ bd config unset issue_prefix
  Error: issue_prefix cannot be unset (set another prefix with `bd config set issue_prefix NEW`)
  [1]
  $ bd config set export.auto
  Error: value is required* (glob)
  [1]
  $ [ "$before" = "$(md5sum < .beads/config.toml)" ] && echo unchanged
  unchanged
