Adapters: an agent CLI run on the tmux runtime, with its command line, how
its first prompt is delivered, and its ready and idle signs. Built in for
claude, codex, gemini, copilot, opencode and amp; a town adds its own in
town.toml without recompiling (here: the fake interactive agent).

  $ . "$TESTDIR/lib.sh"
  $ waitfor() { for i in $(seq 300); do [ "$(eval "$1")" = "$2" ] && return 0; sleep 0.1; done; echo "timed out: $1"; }
  $ git init -q -b main proj && cd proj && echo hello > README && git add README && git commit -qm init && cd ..
  $ gt init town --org acme >/dev/null && cd town && gt rig add gx ../proj >/dev/null

  $ gt runtime list | awk '{print $1, $2, $4}'
  script script env
  tmux tmux env
  headless headless env
  amp tmux type
  claude tmux arg
  claude-headless headless arg
  codex tmux arg
  codex-headless headless arg
  copilot tmux type
  gemini tmux arg
  opencode tmux type
  $ gt runtime list --json | j '[r["command"] for r in d if r["name"] == "claude"][0]'
  ['claude', '--dangerously-skip-permissions']

An adapter whose program is not installed is refused up front:

  $ PATH=$(dirname $(command -v gt)):/usr/bin:/bin gt agent add cy --runtime claude
  Error: cannot run claude (runtime claude): No such file or directory (install it, or set its command in town.toml [runtimes.claude])
  [1]

A town's own adapter: the prompt is typed into the pane once "> " shows.

  $ cat >> town.toml <<EOF
  > [runtimes.fake]
  > base = "tmux"
  > command = ["python3", "$TESTDIR/fake_agent.py"]
  > prompt = "type"
  > ready = "> "
  > idle = "> "
  > EOF
  $ gt runtime list --json | j '[(r["prompt"], r["source"]) for r in d if r["name"] == "fake"]'
  [('type', 'town.toml')]
  $ A=$(cd rigs/gx && bd create "Typed prompt" --silent) && gt sling $A --agent ann --runtime fake >/dev/null
  $ waitfor "gt polecat list --json | j '[p[\"idle\"] for p in d][0]'" True
  $ grep -c '^\[runtimes.fake\]' town.toml
  1
  $ grep -c "got: You are ann (entity://local/acme/ann)" logs/ann-$A.log
  1
  $ gt nudge ann work >/dev/null && waitfor "bd show $A --json | j 'd[0][\"status\"]'" in_progress
  $ gt polecat stop ann
  ✓ Stopped ann

A broken adapter in town.toml is a clear error:

  $ cat >> town.toml <<EOF
  > [runtimes.broken]
  > base = "tmux"
  > command = ["x"]
  > prompt = "shout"
  > EOF
  $ gt status
  Error: */town/town.toml: runtime broken: prompt must be arg, type or env, not "shout" (fix [runtimes.broken] in town.toml) (glob)
  [1]
