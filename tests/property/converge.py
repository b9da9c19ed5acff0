#!/usr/bin/env python3
"""Convergence property test: clones of one ledger, a bare remote, random
operations in random clones and random sync orders. Afterwards every clone
must show the same state digest (`bd status --digest`), equal to the digest
of a fresh clone that folds all events in one place, and every chain must
verify.

    tests/property/converge.py --bd build/bd [--clones 4] [--ops 2000] [--seed 1]

Prints one JSON line of figures (ops, syncs, seconds, ops/s) and exits 0
when the property holds.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time


class Clone:
    def __init__(self, path, actor, env):
        self.path = path
        self.actor = actor
        self.env = dict(env, BD_ACTOR=actor)
        self.ids = []

    def bd(self, *args, check=False):
        r = subprocess.run([BD, *args], cwd=self.path, env=self.env, capture_output=True, text=True)
        if check and r.returncode != 0:
            raise SystemExit(f"{self.actor}: bd {' '.join(args)} failed: {r.stderr.strip()}")
        return r

    def refresh_ids(self):
        out = self.bd("list", "--all", "-n", "0", "--json", check=True).stdout
        self.ids = [b["id"] for b in json.loads(out)]


def git(*args, cwd, env):
    r = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed: {r.stderr.strip()}")


def random_op(rng, c):
    """One random bd command against clone c; failures (a lost race, a
    refused cycle) are part of the game."""
    ids = c.ids
    pick = lambda: rng.choice(ids)
    kind = rng.choices(
        ["create", "update", "claim", "close", "reopen", "dep", "label", "comment", "delete", "defer"],
        weights=[22, 20, 10, 10, 4, 10, 8, 8, 3, 5])[0]
    if kind == "create" or not ids:
        args = ["create", f"bead {rng.randrange(10**6)}", "-p", str(rng.randrange(5)), "--silent"]
        if ids and rng.random() < 0.2:
            args += ["--parent", pick()]
        r = c.bd(*args)
        if r.returncode == 0:
            c.ids.append(r.stdout.strip())
        return
    if kind == "update":
        field = rng.choice([["-p", str(rng.randrange(5))], ["--notes", f"n{rng.randrange(1000)}"],
                            ["--title", f"retitled {rng.randrange(1000)}"], ["-a", rng.choice(["", "x", "y"])]])
        c.bd("update", pick(), *field, "-q")
    elif kind == "claim":
        c.bd("update", pick(), "--claim", "-q")
    elif kind == "close":
        c.bd("close", pick(), "--force", "-q")
    elif kind == "reopen":
        c.bd("reopen", pick(), "-q")
    elif kind == "dep":
        c.bd("dep", "add", pick(), pick(), "-t", rng.choice(["blocks", "related"]), "-q")
    elif kind == "label":
        c.bd("label", rng.choice(["add", "remove"]), pick(), rng.choice(["a", "b", "c"]), "-q")
    elif kind == "comment":
        c.bd("comments", "add", pick(), f"c{rng.randrange(1000)}", "-q")
    elif kind == "delete":
        c.bd("delete", pick(), "--force", "-q")
    elif kind == "defer":
        c.bd("defer", pick(), "--until", "+2d", "-q")


def main():
    global BD
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bd", required=True)
    p.add_argument("--clones", type=int, default=4)
    p.add_argument("--ops", type=int, default=2000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--sync-every", type=float, default=12.0, help="mean ops between syncs")
    p.add_argument("--keep", action="store_true")
    a = p.parse_args()
    BD = os.path.abspath(a.bd)
    rng = random.Random(a.seed)
    root = tempfile.mkdtemp(prefix="gt-converge-")
    env = dict(os.environ, HOME=root, XDG_CONFIG_HOME=os.path.join(root, "config"), NO_COLOR="1",
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com", GIT_CONFIG_NOSYSTEM="1")
    env.pop("BEADS_DIR", None)
    try:
        remote = os.path.join(root, "remote.git")
        git("init", "-q", "--bare", "-b", "main", remote, cwd=root, env=env)
        clones = []
        for i in range(a.clones):
            path = os.path.join(root, f"clone{i}")
            git("clone", "-q", remote, path, cwd=root, env=env)
            c = Clone(path, f"worker{i}", env)
            if i == 0:
                git("checkout", "-q", "-b", "main", cwd=path, env=env)
                c.bd("init", "-q", "--prefix", "pt", check=True)
                c.bd("sync", "-q", check=True)
            else:
                c.bd("sync", "-q", check=True)
                c.refresh_ids()
            clones.append(c)
        start = time.monotonic()
        syncs = 0
        for _ in range(a.ops):
            c = rng.choice(clones)
            random_op(rng, c)
            if rng.random() < 1.0 / a.sync_every:
                s = rng.choice(clones)
                s.bd("sync", "-q", check=True)
                s.refresh_ids()
                syncs += 1
        # Everyone syncs twice, in a random order: all events everywhere.
        for _ in range(2):
            for c in rng.sample(clones, len(clones)):
                c.bd("sync", "-q", check=True)
                syncs += 1
        seconds = time.monotonic() - start
        digests = {c.actor: c.bd("status", "--digest", check=True).stdout.strip() for c in clones}
        fresh = os.path.join(root, "fresh")
        git("clone", "-q", remote, fresh, cwd=root, env=env)
        one_place = Clone(fresh, "reader", env).bd("status", "--digest", check=True).stdout.strip()
        # (doctor may exit 1: merges can leave links to beads deleted elsewhere)
        rebuilt = clones[0].bd("doctor", "--rebuild", "--json")
        after_rebuild = clones[0].bd("status", "--digest", check=True).stdout.strip()
        events = sum(1 for f in os.listdir(os.path.join(fresh, ".beads", "log")) if f.endswith(".jsonl")
                     for _ in open(os.path.join(fresh, ".beads", "log", f)))
        verify = Clone(fresh, "reader", env).bd("verify", "--deep")
        ok = len(set(digests.values())) == 1 and one_place in digests.values() and \
            after_rebuild == one_place and verify.returncode == 0 and "rebuilt from" in rebuilt.stdout
        print(json.dumps({"ok": ok, "clones": a.clones, "ops": a.ops, "syncs": syncs, "events": events,
                          "seconds": round(seconds, 2), "ops_per_second": round(a.ops / seconds, 1),
                          "digest": one_place[:16]}))
        if not ok:
            print("digests:", json.dumps(digests, indent=1), "\none place:", one_place,
                  "\nafter rebuild:", after_rebuild, "\nverify:", verify.stdout, verify.stderr, file=sys.stderr)
            return 1
        return 0
    finally:
        if a.keep:
            print("kept", root, file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
