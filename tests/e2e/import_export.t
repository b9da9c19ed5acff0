bd import / bd export: beads JSONL in and out, --json, bad input (one-line
error, exit 1, nothing written), re-import, upserts, export.auto and the
Markdown tree.

  $ git init -q p && cd p && export BD_ACTOR=alice
  $ bd init -q --prefix bd
  $ snapshot() { ls .beads/log; cat .beads/log/*.jsonl 2>/dev/null | md5sum; }

A beads file: fields we model and fields we keep verbatim, a dependency on a
bead later in the file, a numeric comment id, a closed bead without closed_at.

  $ cat > issues.jsonl <<'JSONL'
  > {"_type":"issue","id":"bd-a1","title":"Login fails","description":"Steps","status":"open","priority":1,"issue_type":"bug","created_at":"2025-11-02T21:58:07.295058-08:00","updated_at":"2025-11-03T10:00:00Z","labels":["web","auth"],"dependencies":[{"issue_id":"bd-a1","depends_on_id":"bd-b2","type":"blocks","created_at":"2025-11-02T21:58:07Z","metadata":"{}"}],"spec_id":"SPEC-1","metadata":{"jira":"X-1"},"dependency_count":1,"dependent_count":0,"comment_count":0}
  > {"id":"bd-b2","title":"Fix the cache","status":"in_progress","priority":2,"issue_type":"task","assignee":"bob","created_at":"2025-11-01T09:00:00Z","updated_at":"2025-11-02T09:00:00Z","comments":[{"id":7,"issue_id":"bd-b2","author":"carol","text":"On it","created_at":"2025-11-02T09:00:00Z"}]}
  > {"id":"bd-c3","title":"Old work","status":"closed","created_at":"2025-10-01T09:00:00Z","updated_at":"2025-10-02T09:00:00Z"}
  > JSONL
  $ bd import issues.jsonl
  Imported 3 issues from issues.jsonl (3 created, 0 updated, 0 unchanged, 0 skipped)
  $ bd list --all
  ✓ bd-c3 [● P0] [task] Old work
  ○ bd-a1 [● P1] [bug] Login fails
  ◐ bd-b2 [● P2] [task] Fix the cache (@bob)

bd-a1 waits for bd-b2, a bead later in the file:

  $ bd ready
  ✨ No ready work found (all issues have blocking dependencies)
  $ bd history bd-a1 | grep -c bead.import
  1

Export gives the records back: beads' field order, "_type" first, counts last.
A closed bead without closed_at got max(created, updated) + 1 s; a missing
priority is 0, as in beads.

  $ bd export
  {"_type":"issue","id":"bd-a1","title":"Login fails","description":"Steps","spec_id":"SPEC-1","status":"open","priority":1,"issue_type":"bug","created_at":"2025-11-02T21:58:07.295058-08:00","updated_at":"2025-11-03T10:00:00Z","metadata":{"jira":"X-1"},"labels":["auth","web"],"dependencies":[{"issue_id":"bd-a1","depends_on_id":"bd-b2","type":"blocks","created_at":"2025-11-02T21:58:07Z","metadata":"{}"}],"dependency_count":1,"dependent_count":0,"comment_count":0}
  {"_type":"issue","id":"bd-b2","title":"Fix the cache","status":"in_progress","priority":2,"issue_type":"task","assignee":"bob","created_at":"2025-11-01T09:00:00Z","updated_at":"2025-11-02T09:00:00Z","comments":[{"id":7,"issue_id":"bd-b2","author":"carol","text":"On it","created_at":"2025-11-02T09:00:00Z"}],"dependency_count":0,"dependent_count":1,"comment_count":1}
  {"_type":"issue","id":"bd-c3","title":"Old work","status":"closed","priority":0,"issue_type":"task","created_at":"2025-10-01T09:00:00Z","updated_at":"2025-10-02T09:00:00Z","closed_at":"2025-10-02T09:00:01.000Z","dependency_count":0,"dependent_count":0,"comment_count":0}
  $ bd export -o out.jsonl
  Exported 3 issues to out.jsonl
  $ bd export -o out.jsonl --json
  {
    "exported": 3,
    "output": "out.jsonl",
    "schema_version": 1
  }
  $ ls
  issues.jsonl
  out.jsonl

Re-importing the same file, or the export, writes nothing.

  $ before=$(snapshot)
  $ bd import issues.jsonl --json
  {
    "created": 0,
    "ids": [],
    "schema_version": 1,
    "skipped": 0,
    "source": "issues.jsonl",
    "unchanged": 3,
    "updated": 0
  }
  $ bd import -i out.jsonl -q
  $ [ "$(snapshot)" = "$before" ] && echo unchanged
  unchanged

A newer updated_at replaces the bead (one more event); an older one is skipped.

  $ sed -e 's/"title":"Fix the cache"/"title":"Fix the cache for real"/' -e 's/"updated_at":"2025-11-02T09:00:00Z"/"updated_at":"2025-12-01T09:00:00Z"/' issues.jsonl > newer.jsonl
  $ sed -e 's/"title":"Old work"/"title":"Older work"/' -e 's/"updated_at":"2025-10-02T09:00:00Z"/"updated_at":"2025-09-02T09:00:00Z"/' issues.jsonl > older.jsonl
  $ bd import newer.jsonl --dry-run --json | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['updated'], d['ids'], d['dry_run'])"
  1 ['bd-b2'] True
  $ bd show bd-b2 --json | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['title'])"
  Fix the cache
  $ bd import newer.jsonl
  Imported 1 issues from newer.jsonl (0 created, 1 updated, 2 unchanged, 0 skipped)
  $ bd show bd-b2 --json | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['title'])"
  Fix the cache for real
  $ bd import older.jsonl
  Skipped bd-b2: this ledger's copy is as new or newer
  Skipped bd-c3: this ledger's copy is as new or newer
  Imported 0 issues from older.jsonl (0 created, 0 updated, 1 unchanged, 2 skipped)

From stdin, with memories and tombstones (not imported, reported).

  $ printf '%s\n' '{"_type":"memory","key":"k","value":"v"}' '{"id":"bd-t","title":"Gone","status":"tombstone"}' '{"id":"bd-d4","title":"From stdin"}' | bd import - --json
  {
    "created": 1,
    "ids": [
      "bd-d4"
    ],
    "memories": 1,
    "schema_version": 1,
    "skipped": 2,
    "source": "stdin",
    "tombstones": 1,
    "unchanged": 0,
    "updated": 0
  }

Bad input: the line number and the reason, exit 1, nothing written.

  $ before=$(snapshot)
  $ printf '%s\n' '{"id":"bd-e1","title":"Fine"}' '' '{"id":"bd-e2","title":"Bad","priority":9}' > bad.jsonl
  $ bd import bad.jsonl
  Error: line 3: invalid priority 9 (expected 0-4) (nothing was imported (fix the line, or pass --skip-bad to import the good lines))
  [1]
  $ bd import bad.jsonl --json
  {
    "error": "line 3: invalid priority 9 (expected 0-4)",
    "hint": "nothing was imported (fix the line, or pass --skip-bad to import the good lines)",
    "schema_version": 1
  }
  [1]
  $ for line in '{"id":"bd-x","title":"T"' '[1,2]' '{"title":"No id"}' '{"id":"bd-x"}' '{"id":"bd-x","title":"T","status":"done"}' \
  >   '{"id":"bd-x","title":"T","issue_type":"thing"}' '{"id":"bd-x","title":"T","created_at":"yesterday"}' \
  >   '{"id":"bd-x","title":"T","closed_at":"2025-01-01T00:00:00Z"}' '{"id":"bd-x","title":"T","estimated_minutes":-5}' \
  >   '{"id":"bd-x","title":"T","labels":"web"}' '{"id":"bd-x","title":"T","dependencies":[{"depends_on_id":"bd-x"}]}' \
  >   '{"id":"bd-x","title":"T","comments":[{"text":""}]}' '{"id":"bd-x","title":"T","ephemeral":true,"no_history":true}'; do
  >   echo "$line" | bd import - 2>&1; done
  Error: line 1: invalid JSON: column 25: syntax error while parsing object - unexpected end of input; expected '}' (nothing was imported (fix the line, or pass --skip-bad to import the good lines))
  Error: line 1: not a JSON object (nothing was imported (fix the line, or pass --skip-bad to import the good lines))
  Error: line 1: missing id (nothing was imported (fix the line, or pass --skip-bad to import the good lines))
  Error: line 1: title is required (nothing was imported (fix the line, or pass --skip-bad to import the good lines))
  Error: line 1: invalid status "done" (nothing was imported (fix the line, or pass --skip-bad to import the good lines))
  Error: line 1: invalid issue_type "thing" (nothing was imported (fix the line, or pass --skip-bad to import the good lines))
  Error: line 1: invalid created_at "yesterday" (expected an RFC 3339 time) (nothing was imported (fix the line, or pass --skip-bad to import the good lines))
  Error: line 1: non-closed issues cannot have closed_at timestamp (nothing was imported (fix the line, or pass --skip-bad to import the good lines))
  Error: line 1: estimated_minutes cannot be negative (nothing was imported (fix the line, or pass --skip-bad to import the good lines))
  Error: line 1: labels must be an array of strings (nothing was imported (fix the line, or pass --skip-bad to import the good lines))
  Error: line 1: cannot add self-dependency: bd-x cannot depend on itself (nothing was imported (fix the line, or pass --skip-bad to import the good lines))
  Error: line 1: comment text cannot be empty (nothing was imported (fix the line, or pass --skip-bad to import the good lines))
  Error: line 1: ephemeral and no_history are mutually exclusive (nothing was imported (fix the line, or pass --skip-bad to import the good lines))
  [1]
  $ printf '%s\n' '{"id":"bd-x","title":"T"}' '{"id":"bd-x","title":"Again"}' | bd import -
  Error: line 2: duplicate id bd-x (first on line 1) (nothing was imported (fix the line, or pass --skip-bad to import the good lines))
  [1]
  $ bd import missing.jsonl
  Error: cannot read missing.jsonl: no such file (give the path of a beads JSONL file, or - for stdin)
  [1]
  $ bd import a.jsonl -i b.jsonl
  Error: give the file once: FILE or -i FILE
  [1]
  $ bd export --format pdf
  Error: unknown format "pdf" (use jsonl or markdown)
  [1]
  $ bd export -o /nonexistent/dir/out.jsonl
  Error: cannot write /nonexistent/dir/out.jsonl.tmp.* (glob)
  [1]
  $ [ "$(snapshot)" = "$before" ] && echo nothing written
  nothing written

--skip-bad imports the good lines and says what it skipped.

  $ bd import bad.jsonl --skip-bad
  Skipped line 3: invalid priority 9 (expected 0-4)
  Imported 1 issues from bad.jsonl (1 created, 0 updated, 0 unchanged, 1 skipped)

The default export leaves out infra types, templates and wisps; --all keeps them.

  $ printf '%s\n' '{"id":"bd-m","title":"Mail","issue_type":"message"}' '{"id":"bd-w","title":"Wisp","ephemeral":true}' '{"id":"bd-tp","title":"Tpl","is_template":true}' | bd import - -q
  $ bd export | wc -l
  5
  $ bd export --all | wc -l
  8

export.auto keeps .beads/issues.jsonl current after every change.

  $ ls .beads/issues.jsonl
  ls: cannot access '.beads/issues.jsonl': No such file or directory
  [2]
  $ printf '\n[export]\nauto = true\n' >> .beads/config.toml
  $ bd create "Auto exported" --silent > id
  $ grep -c '"_type":"issue"' .beads/issues.jsonl
  6
  $ grep -c "Auto exported" .beads/issues.jsonl
  1
  $ bd close $(cat id) -q
  $ grep "Auto exported" .beads/issues.jsonl | grep -c '"status":"closed"'
  1

Markdown: one page per bead, a directory per bead with children, an index.

  $ bd create "Epic" -t epic --id bd-ep --silent
  bd-ep
  $ bd create "Step one" --parent bd-ep --silent
  bd-ep.1
  $ bd export --format markdown -o site
  Exported 8 issues to site/
  $ find site -name '*.md' | wc -l
  9
  $ ls -A site | head -4
  .bd-export
  README.md
  bd-*.md (glob)
  bd-*.md (glob)
  $ ls site/bd-ep
  README.md
  bd-ep.1.md
  $ grep -c '^- ' site/README.md
  7
  $ head -3 site/bd-ep/README.md
  ---
  id: "bd-ep"
  title: "Epic"
  $ grep -A2 "## Children" site/bd-ep/README.md
  ## Children (0 of 1 closed)
  
  - [ ] [bd-ep.1](bd-ep.1.md) P2 open — Step one
  $ grep "bd-b2" site/bd-a1.md
  - blocks: [bd-b2](bd-b2.md)
  $ grep -c "bead.import" site/bd-a1.md
  1
  $ bd export --format markdown -o site -q
  $ mkdir notes && touch notes/mine.txt
  $ bd export --format markdown -o notes
  Error: notes is not empty and is not a previous bd export (choose an empty or new directory, or pass --force to replace it)
  [1]
  $ ls notes
  mine.txt
  $ bd export --format markdown
  Error: --format markdown needs -o DIR (bd export --format markdown -o docs/issues)
  [1]
