bd lint: template sections per type.

  $ export BD_ACTOR=alice
  $ bd init -q --prefix li
  $ bd lint
  ✓ No template warnings found
  $ bd create "Crash" --id li-a -t bug -d "## Steps to Reproduce
  > 1. open it" -q
  li-a
  $ bd create "Feature" --id li-b -t feature --acceptance "works" -q
  li-b
  $ bd create "Choice" --id li-c -t decision -d "Decision: x" -q
  li-c
  $ bd create "Chore" --id li-d -t chore -q
  li-d
  $ bd create "Done task" --id li-e -q
  li-e
  $ bd close li-e -q

  $ bd lint
  Template warnings (2 issues, 3 warnings):
  
  li-a [bug]: Crash
    ⚠ Missing: ## Acceptance Criteria
  
  li-c [decision]: Choice
    ⚠ Missing: ## Rationale
    ⚠ Missing: ## Alternatives Considered
  
  [1]
  $ bd lint --json
  {
    "issues": 2,
    "results": [
      {
        "id": "li-a",
        "missing": [
          "Acceptance Criteria"
        ],
        "title": "Crash",
        "type": "bug",
        "warnings": [
          "Missing: ## Acceptance Criteria"
        ]
      },
      {
        "id": "li-c",
        "missing": [
          "Rationale",
          "Alternatives Considered"
        ],
        "title": "Choice",
        "type": "decision",
        "warnings": [
          "Missing: ## Rationale",
          "Missing: ## Alternatives Considered"
        ]
      }
    ],
    "schema_version": 1,
    "total": 3
  }
  $ bd lint -t bug --json | python3 -c "import json,sys; print(json.load(sys.stdin)['total'])"
  1
  $ bd lint -s all --json | python3 -c "import json,sys; print([r['id'] for r in json.load(sys.stdin)['results']])"
  ['li-a', 'li-c', 'li-e']
  $ bd lint li-b li-d
  ✓ No template warnings found
  $ bd lint e
  Template warnings (1 issues, 1 warnings):
  
  li-e [task]: Done task
    ⚠ Missing: ## Acceptance Criteria
  
  [1]

Bad input (nothing is written):

  $ . "$TESTDIR/lib.sh" && before=$(snapshot)
  $ bd lint li-zzz
  Error: no issue found matching "li-zzz" (check the id with `bd list`)
  [1]
  $ bd lint -t nope --json | python3 -c "import json,sys; print(json.load(sys.stdin)['error'])"
  invalid issue type: nope
  $ bd lint -s nope
  Error: invalid status "nope" * (glob)
  [1]
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
