bd search: full-text over title, description, notes and comments, ranked,
with list's filters; --json, --format and bad input.

  $ export BD_ACTOR=alice
  $ bd init -q --prefix se
  $ j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
  $ bd create "Login fails on Safari" --id se-a -t bug -p 1 -q
  se-a
  $ bd create "Payment page" --id se-b -d "the checkout crashes after login" -q
  se-b
  $ bd create "Docs" --id se-c --notes "explain the foo-bar flag" -q
  se-c
  $ bd create "Old login work" --id se-d -q
  se-d
  $ bd close se-d -q

Title matches rank first (a short title more than a long one); closed beads are hidden unless --status all:

  $ bd search login
  Found 2 issues matching 'login':
  
  ○ se-a [● P1] [bug] Login fails on Safari
  ○ se-b [● P2] [task] Payment page
  $ bd search login --status all --json | j '[b["id"] for b in d]'
  ['se-d', 'se-a', 'se-b']
  $ bd search LOG -s closed --format '{{.ID}} {{.Status}}'
  se-d closed
  $ bd search login -t bug -p 1 --json | j '[b["id"] for b in d]'
  ['se-a']
  $ bd search login -n 1 --format '{id}'
  se-a
  $ bd search login -n 1
  Found 1 issues matching 'login':
  
  ○ se-a [● P1] [bug] Login fails on Safari
  (showing the first 1; use --limit 0 for all)

Punctuation is text, every word must match, the last one as a prefix:

  $ bd search foo-bar --format '{id}'
  se-c
  $ bd search '"unbalanced'
  No issues found matching '"unbalanced'
  $ bd search 'checkout cra' --format '{id}'
  se-b
  $ bd search checkout zebra --json
  []

The JSON objects are list's:

  $ bd search safari --json | j 'sorted(d[0])'
  ['comment_count', 'created_at', 'created_by', 'dependency_count', 'dependent_count', 'id', 'issue_type', 'owner', 'priority', 'status', 'title', 'updated_at']

A one-word query also matches ids; updates are searchable at once:

  $ bd search se-c --format '{id}'
  se-c
  $ bd update se-c --title "Docs for zebra mode" -q
  $ bd search zebra --format '{id}: {title}'
  se-c: Docs for zebra mode

--format works on list and ready too:

  $ bd list --format '{{.ID}}\t{{.Priority}}\t{{.Title}}' -t bug | tr '\t' '|'
  se-a|1|Login fails on Safari
  $ bd ready --format '{{ .ID }} [{issue_type}] {title}' -n 1
  se-a [bug] Login fails on Safari
  $ bd list --format dot
  Error: --format template "dot" has no fields (use a line template such as '{{.ID}} {{.Title}}' or '{id} {title}')
  [1]

After a rebuild the first search fills the search index again:

  $ bd doctor --rebuild >/dev/null
  $ bd search zebra --format '{id}'
  se-c

Bad input (nothing is written):

  $ . "$TESTDIR/lib.sh" && before=$(snapshot)
  $ bd search
  Error: search query is required (example: bd search login)
  [1]
  $ bd search '!!! --' --json
  {
    "error": "search query '!!! --' has no words to search for",
    "hint": "search for letters or digits, e.g. bd search login",
    "schema_version": 1
  }
  [1]
  $ bd search x -s nope
  Error: invalid status "nope" * (glob)
  [1]
  $ bd search x --format '{{.Nope}}'
  Error: unknown field "Nope" in --format template (fields: *) (glob)
  [1]
  $ bd search x -n -1
  Error: --limit must be 0 or more
  [1]
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
