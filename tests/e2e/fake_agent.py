#!/usr/bin/env python3
"""A fake interactive agent CLI for the tmux runtime's tests: it shows a
prompt, reads lines and answers each ("got: LINE"). "work" does its bead's
work (a file, a commit, gt done); "exit N" exits with status N."""
import os
import subprocess
import sys

agent, bead = os.environ.get("GT_AGENT", "?"), os.environ.get("GT_BEAD", "?")
print(f"fake agent {agent} on {bead}", flush=True)
while True:
    try:
        line = input("> ").strip()
    except EOFError:
        break
    print(f"got: {line}", flush=True)
    if line == "work":
        with open(f"{agent}.txt", "w") as f:
            f.write(f"{bead} by {agent}\n")
        subprocess.run(["git", "add", f"{agent}.txt"], check=True)
        subprocess.run(["git", "commit", "-qm", f"{bead}: interactive work"], check=True)
        subprocess.run(["gt", "done", "--notes", "typed in tmux"], check=True)
    elif line.startswith("exit"):
        words = line.split()
        sys.exit(int(words[1]) if len(words) > 1 else 0)
