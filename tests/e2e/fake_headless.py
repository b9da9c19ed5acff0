#!/usr/bin/env python3
"""A fake agent CLI in a non-interactive mode, for the headless runtime's
tests: one turn per run, JSON-lines events on stdout (as claude's
stream-json): init, what it was asked, then a result. When its prompt carries
messages queued while it was away, it does its bead's work (a commit, gt
done) before the result; otherwise it waits after its turn."""
import json
import os
import subprocess
import sys
import time


def emit(**event):
    print(json.dumps(event), flush=True)


prompt = sys.argv[-1] if len(sys.argv) > 1 else os.environ.get("GT_PROMPT", "")
agent, bead = os.environ["GT_AGENT"], os.environ["GT_BEAD"]
print("some stderr noise, not JSON", file=sys.stderr, flush=True)
emit(type="system", subtype="init", agent=agent)
emit(type="assistant", text=prompt.splitlines()[0])
marker = "Messages while you were away:\n"
if marker in prompt:
    emit(type="assistant", text="read: " + prompt.split(marker)[1].strip())
    with open(f"{agent}.txt", "w") as f:
        f.write(f"{bead} by {agent}\n")
    subprocess.run(["git", "add", f"{agent}.txt"], check=True)
    subprocess.run(["git", "commit", "-qm", f"{bead}: headless work"], check=True)
    subprocess.run(["gt", "done"], check=True, stdout=subprocess.DEVNULL)
    emit(type="result", subtype="success")
else:
    emit(type="result", subtype="success")
    time.sleep(30)
