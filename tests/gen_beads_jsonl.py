#!/usr/bin/env python3
"""Writes a beads JSONL export (beads-reference §1) of N issues to stdout.

Every issue field beads emits appears somewhere, every status and issue type,
timestamps in the shapes both beads eras wrote, dependencies on earlier and
later issues and on ids that are not in the file, comments with string and
numeric ids. Lines are already in the form `bd export --all` writes (id order,
sorted labels, dependencies by target, comments by time, counts that match),
so an import then export must reproduce the file record for record.

    tests/gen_beads_jsonl.py N [SEED] > issues.jsonl
"""
import json
import random
import sys

STATUSES = ["open", "in_progress", "blocked", "deferred", "closed", "pinned", "hooked"]
TYPES = ["bug", "feature", "task", "epic", "chore", "decision", "message", "molecule", "gate",
         "spike", "story", "milestone", "merge-request", "event", "agent", "rig", "role"]
DEP_TYPES = ["blocks", "parent-child", "related", "discovered-from", "waits-for",
             "conditional-blocks", "relates-to", "duplicates", "supersedes", "tracks"]
WORDS = ("login timeout cache index ledger merge queue worker agent deploy rollback schema "
         "naïve café ✓ 日本 emoji 🚀 quote\" backslash\\ tab\t").split(" ")


def stamp(rng, base):
    """A timestamp in one of the shapes beads wrote, at base + a few days."""
    t = base + rng.randrange(0, 400 * 86400)
    day, rest = divmod(t, 86400)
    hh, rest = divmod(rest, 3600)
    mm, ss = divmod(rest, 60)
    # days since 2025-01-01 → a date (30-day months keep this simple and valid)
    year = 2025 + day // 360
    month = 1 + (day % 360) // 30
    dom = 1 + day % 30 if month != 2 else 1 + day % 28
    shape = rng.randrange(3)
    if shape == 0:
        return f"{year:04d}-{month:02d}-{dom:02d}T{hh:02d}:{mm:02d}:{ss:02d}Z"
    if shape == 1:
        return f"{year:04d}-{month:02d}-{dom:02d}T{hh:02d}:{mm:02d}:{ss:02d}.{rng.randrange(10**6):06d}-08:00"
    return f"{year:04d}-{month:02d}-{dom:02d}T{hh:02d}:{mm:02d}:{ss:02d}.{rng.randrange(1000):03d}Z"


def words(rng, lo, hi):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))


def main():
    n = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    ids = sorted({f"bd-{rng.randrange(36**6):06x}" for _ in range(n * 2)})[:n]
    rng.shuffle(ids)
    issues = {}
    comment_seq = 0
    for i, iid in enumerate(ids):
        status = STATUSES[i % len(STATUSES)]
        r = {"id": iid, "title": words(rng, 1, 8).strip() or "title"}
        if rng.random() < 0.8:
            r["description"] = words(rng, 3, 40) + "\nsecond line"
        for f in ("design", "acceptance_criteria", "notes"):
            if rng.random() < 0.3:
                r[f] = words(rng, 2, 20)
        if rng.random() < 0.2:
            r["spec_id"] = f"SPEC-{i}"
        r["status"] = status
        r["priority"] = i % 5
        r["issue_type"] = TYPES[i % len(TYPES)]
        if rng.random() < 0.5:
            r["assignee"] = rng.choice(["alice", "bob", "carol"])
        if rng.random() < 0.5:
            r["owner"] = "owner@example.com"
        if rng.random() < 0.4:
            r["estimated_minutes"] = rng.choice([0, 15, 90, 480])
        created = stamp(rng, 0)
        r["created_at"] = created
        if rng.random() < 0.7:
            r["created_by"] = rng.choice(["alice", "bob"])
        r["updated_at"] = created if rng.random() < 0.2 else stamp(rng, 400 * 86400)
        if status == "in_progress" or (status == "closed" and rng.random() < 0.5):
            r["started_at"] = stamp(rng, 400 * 86400)
        if status == "closed":
            r["closed_at"] = stamp(rng, 800 * 86400)
            if rng.random() < 0.8:
                r["close_reason"] = "Fixed in " + words(rng, 1, 3)
            if rng.random() < 0.3:
                r["closed_by_session"] = f"session-{i}"
        if rng.random() < 0.1:
            r["due_at"] = stamp(rng, 800 * 86400)
        if status == "deferred" or rng.random() < 0.05:
            r["defer_until"] = stamp(rng, 800 * 86400)
        if rng.random() < 0.2:
            r["external_ref"] = f"gh-{i}"
        if rng.random() < 0.1:
            r["source_system"] = "jira"
        if rng.random() < 0.2:
            r["metadata"] = {"k": i, "nested": {"list": [1, "two", None, True]}, "f": 0.25}
        if rng.random() < 0.05:
            r["compaction_level"] = 1
            r["compacted_at"] = stamp(rng, 800 * 86400)
            r["compacted_at_commit"] = "abc123"
            r["original_size"] = 4096
        if rng.random() < 0.3:
            r["labels"] = sorted({rng.choice(["web", "api", "urgent", "tech-debt", "ü"])
                                  for _ in range(rng.randint(1, 3))})
        if rng.random() < 0.05:
            r["sender"] = "bob"
        if i % 50 == 1:
            r["ephemeral"] = True
            r["wisp_type"] = "patrol"
        elif i % 50 == 2:
            r["no_history"] = True
        if status == "pinned" and rng.random() < 0.5:
            r["pinned"] = True
        if i % 97 == 3:
            r["is_template"] = True
        if rng.random() < 0.03:
            r["bonded_from"] = [{"source_id": "bd-proto", "bond_type": "sequential"}]
        if r["issue_type"] == "gate":
            r["await_type"] = "timer"
            r["await_id"] = "1h"
            r["timeout"] = 3600 * 10**9
            r["waiters"] = ["alice", "bob"]
        if r["issue_type"] == "molecule":
            r["mol_type"] = "swarm"
            r["work_type"] = "open_competition"
            r["source_formula"] = "release"
            r["source_location"] = ".beads/formulas/release.formula.toml"
        if r["issue_type"] == "event":
            r.update(event_kind="status", actor="alice", target=iid, payload="{}")
        if rng.random() < 0.02:
            r["quality_score"] = 0.85
            r["x_custom_field"] = {"kept": "verbatim"}

        deps = {}
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
            if rng.random() < 0.05:
                target = f"external:other:{rng.randrange(100)}"
            else:
                target = rng.choice(ids)  # earlier or later in the file
            if target == iid or target in deps:
                continue
            d = {"issue_id": iid, "depends_on_id": target, "type": rng.choice(DEP_TYPES),
                 "created_at": stamp(rng, 0)}
            if rng.random() < 0.7:
                d["created_by"] = "alice"
            if rng.random() < 0.6:
                d["metadata"] = "{}" if rng.random() < 0.7 else '{"gate":"any-children"}'
            if rng.random() < 0.1:
                d["thread_id"] = f"thread-{i}"
            deps[target] = d
        if deps:
            r["dependencies"] = [deps[k] for k in sorted(deps)]

        comments = []
        for _ in range(rng.choice([0, 0, 0, 1, 2])):
            comment_seq += 1
            cid = comment_seq if rng.random() < 0.3 else f"019a-{comment_seq:08x}"
            comments.append({"id": cid, "issue_id": iid, "author": rng.choice(["alice", "bob"]),
                             "text": words(rng, 1, 12), "created_at": stamp(rng, 0)})
        if comments:
            comments.sort(key=lambda c: (c["created_at"], str(c["id"])))
            r["comments"] = comments
        issues[iid] = r

    dependents = {}
    for r in issues.values():
        for d in r.get("dependencies", []):
            dependents[d["depends_on_id"]] = dependents.get(d["depends_on_id"], 0) + 1
    out = sys.stdout
    for iid in sorted(issues, key=lambda s: s.encode()):
        r = issues[iid]
        line = {"_type": "issue", **r,
                "dependency_count": len(r.get("dependencies", [])),
                "dependent_count": dependents.get(iid, 0),
                "comment_count": len(r.get("comments", []))}
        out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
