bd comments / bd comments add / bd comment: author and time shown, JSON
Comment objects as beads (id, issue_id, author, text, created_at).

  $ . "$TESTDIR/lib.sh" && export BD_ACTOR=alice
  $ git init -q p && cd p && bd init -q --prefix cm
  $ A=$(bd create "Alpha" --silent)

  $ bd comments $A
  No comments on cm-* (glob)
  $ bd comments $A --json
  []
  $ bd comments add $A "Reproduced on 2.1" | sed "s/$A/A/"
  Comment added to A
  $ bd comment $A also on 2.2 | sed "s/$A/A/"
  ✓ Comment added to A
  $ printf 'line one\nline two\n' | bd comments add $A -f - -a bob -q
  $ bd comments $A
  Comments on cm-*: (glob)
  
  \[alice\] at \d{4}-\d\d-\d\d \d\d:\d\d (re)
    Reproduced on 2.1
  
  \[alice\] at \d{4}-\d\d-\d\d \d\d:\d\d (re)
    also on 2.2
  
  \[bob\] at \d{4}-\d\d-\d\d \d\d:\d\d (re)
    line one
    line two
  $ bd comments $A --json | j '[(c["author"], c["text"], c["issue_id"] == "'$A'", sorted(c)) for c in d]'
  [('alice', 'Reproduced on 2.1', True, ['author', 'created_at', 'id', 'issue_id', 'text']), ('alice', 'also on 2.2', True, ['author', 'created_at', 'id', 'issue_id', 'text']), ('bob', 'line one\nline two', True, ['author', 'created_at', 'id', 'issue_id', 'text'])]
  $ bd comments add $A "JSON please" --json | j 'sorted(d), d["text"], d["author"], len(d["id"])'
  ['author', 'created_at', 'id', 'issue_id', 'schema_version', 'text'] JSON please alice 16

The id printed when adding is the id the list shows; show counts them:

  $ id=$(bd comments add $A "find me" --json | j 'd["id"]') && bd comments $A --json | j '[c["text"] for c in d if c["id"] == "'$id'"]'
  ['find me']
  $ bd show $A --json | j 'd[0]["comment_count"], "comments" in d[0]'
  5 False
  $ bd show $A --include-comments --json | j '[c["text"] for c in d[0]["comments"]][-2:]'
  ['JSON please', 'find me']
  $ bd show $A | sed -n '/COMMENTS/,$p'
  COMMENTS
    \d{4}-\d\d-\d\d alice: Reproduced on 2.1 (re)
    \d{4}-\d\d-\d\d alice: also on 2.2 (re)
    \d{4}-\d\d-\d\d bob: line one (re)
      line two
    \d{4}-\d\d-\d\d alice: JSON please (re)
    \d{4}-\d\d-\d\d alice: find me (re)
  $ echo "from a file" > note.txt && bd comment $A --file note.txt -q && bd comments $A --json | j 'd[-1]["text"]'
  from a file

Comments are signed events like everything else:

  $ bd history $A --json | j '[e["op"] for e in d].count("comment.add")'
  6
  $ bd verify --deep | head -1
  ✓ 1 chains, 7 events verified (7 signatures checked, deep) in *s (glob)

Bad input: a clear error, exit 1, nothing written.

  $ before=$(snapshot)
  $ refused comments
  $ refused comments cm-zzz
  $ refused comments add
  $ refused comments add $A
  $ refused comments add $A ""
  $ refused comments add $A "   "
  $ refused comments add cm-zzz "text"
  $ refused comments add $A text --file note.txt
  $ refused comments add $A --file missing.txt
  $ refused comment $A
  $ bd comments add $A ""
  Error: comment text cannot be empty
  [1]
  $ bd comments cm-zzz
  Error: no issue found matching "cm-zzz" (check the id with `bd list`)
  [1]
  $ [ "$(snapshot)" = "$before" ] && echo "nothing written"
  nothing written
