Self-test of run_e2e.py: every command here must pass. Lines that do not
start with two spaces, like this one, are comments.

The runner starts in an empty $HOME with a fixed environment:

  $ [ "$PWD" = "$HOME" ] && ls -A
  $ echo "$TZ $LC_ALL $NO_COLOR ${BD_ACTOR-BD_ACTOR is unset} ${GIT_DIR-GIT_DIR is unset}"
  UTC C.UTF-8 1 BD_ACTOR is unset GIT_DIR is unset
  $ [ "$XDG_CONFIG_HOME" = "$HOME/.config" ] && test -f "$TESTDIR/pass.t" && echo ok
  ok
  $ e2e-probe
  probe ok
  $ command -v e2e-probe
  /*/e2e-probe (glob)

Stdout and stderr are merged in order:

  $ echo out; echo err >&2; echo out2
  out
  err
  out2

Regular expressions and globs:

  $ echo "created bd-a1b2 at 2024-01-02"
  created bd-[0-9a-z]{4} at \d{4}-\d\d-\d\d (re)
  $ echo "wrote /tmp/x/issues.jsonl"
  wrote */issues.jsonl (glob)
  $ echo 'star * and question ?'
  star \* and question \? (glob)
  $ echo 'a line ending in (re)'
  a line ending in (re)

Exit codes:

  $ false
  [1]
  $ echo failing; (exit 42)
  failing
  [42]

Output without a final newline, and empty lines:

  $ printf 'no newline'
  no newline (no-eol)
  $ printf 'a\n\nb\n'
  a
  
  b

The working directory, variables, exports and functions carry over:

  $ mkdir -p sub/dir && cd sub/dir
  $ [ "$PWD" = "$HOME/sub/dir" ] && echo still here
  still here
  $ greeting=hi
  $ export SHOUT=loud
  $ greet() { echo "$greeting $1"; }
  $ greet there; bash -c 'echo $SHOUT'
  hi there
  loud
  $ cd "$HOME"

Continuation lines, including an empty one inside a here-document:

  $ for i in 1 2; do
  >   echo "n=$i"
  > done
  n=1
  n=2
  $ cat <<EOF
  > first
  >
  > third
  > EOF
  first
  
  third

Commands read /dev/null, so one that reads stdin does not hang:

  $ cat

Git sees the fixed identity and no system or user config:

  $ git init -q repo && cd repo && git commit -q --allow-empty -m first
  $ git log --format='%an <%ae> / %cn <%ce>'
  Test <test@example.com> / Test <test@example.com>
  $ cd "$HOME"

A command that exits the shell is judged by the shell's status; it must be
the last command:

  $ echo bye; exit 3
  bye
  [3]
