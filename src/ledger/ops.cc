#include "ledger/ops.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/clock.h"
#include "core/ids.h"
#include "ledger/checks.h"
#include "ledger/queries.h"

namespace gt {
namespace {

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

Result<Bead> Reload(Ledger& ledger, const std::string& id) {
  return LoadBead(ledger.db(), id);
}

Status RequireLive(Database& db, const std::string& id) {
  auto bead = LoadBead(db, id);
  if (!bead) return tl::unexpected(bead.error());
  return {};
}

/// Checks one new edge against the graph as it stands.
Status CheckNewEdge(Database& db, const std::string& from, const std::string& to,
                    const std::string& type, bool* already) {
  *already = false;
  if (from == to)
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("cannot add self-dependency: {} cannot depend on itself", from));
  for (const std::string& id : {from, to}) {
    auto found = LoadBead(db, id);
    if (!found)
      return Fail(ErrorKind::kNotFound, fmt::format("issue {} not found", id),
                  "check the id with `bd list`");
  }
  auto existing = DependenciesOf(db, from);
  if (!existing) return tl::unexpected(existing.error());
  for (const Dependency& d : *existing) {
    if (d.depends_on_id != to) continue;
    if (d.type == type) {
      *already = true;
      return {};
    }
    return Fail(
        ErrorKind::kConflict,
        fmt::format("dependency {} -> {} already exists with type \"{}\" (requested \"{}\")", from,
                    to, d.type, type),
        "remove it first with `bd dep remove`");
  }
  bool gating = type == "blocks" || type == "conditional-blocks" || type == "parent-child";
  if (!gating) return {};
  if (type != "parent-child") {
    // A child that waits for its own ancestor can never start.
    std::string at = from;
    for (int depth = 0; depth < 100; ++depth) {
      auto bead = LoadBead(db, at);
      if (!bead || bead->parent.empty()) break;
      if (bead->parent == to)
        return Fail(ErrorKind::kConflict,
                    fmt::format("cannot add dependency: {} is already a child of {}; children "
                                "already follow their parent, and blocking on it would deadlock",
                                from, to));
      at = bead->parent;
    }
  }
  auto cycle = CyclePath(db, from, to);
  if (!cycle) return tl::unexpected(cycle.error());
  if (!cycle->empty())
    return Fail(ErrorKind::kConflict,
                fmt::format("adding dependency would create a cycle: {}", Join(*cycle, " -> ")),
                "remove one of the dependencies in the cycle first");
  return {};
}

nlohmann::json UpdateFields(const UpdateRequest& r) {
  nlohmann::json f = nlohmann::json::object();
  auto text = [&](const char* name, const std::optional<std::string>& v) {
    if (v) f[name] = *v;
  };
  text("title", r.title);
  text("description", r.description);
  text("design", r.design);
  text("acceptance_criteria", r.acceptance_criteria);
  text("notes", r.notes);
  text("status", r.status);
  text("issue_type", r.issue_type);
  text("assignee", r.assignee);
  text("external_ref", r.external_ref);
  text("defer_until", r.defer_until);
  if (r.priority) f["priority"] = *r.priority;
  if (r.estimated_minutes) f["estimated_minutes"] = *r.estimated_minutes;
  return f;
}

std::string CurrentValue(const Bead& b, const std::string& field) {
  if (field == "title") return b.title;
  if (field == "description") return b.description;
  if (field == "design") return b.design;
  if (field == "acceptance_criteria") return b.acceptance_criteria;
  if (field == "notes") return b.notes;
  if (field == "status") return b.status;
  if (field == "issue_type") return b.issue_type;
  if (field == "assignee") return b.assignee;
  if (field == "external_ref") return b.external_ref;
  if (field == "defer_until") return b.defer_until;
  if (field == "priority") return std::to_string(b.priority);
  if (field == "estimated_minutes")
    return b.estimated_minutes ? std::to_string(*b.estimated_minutes) : "";
  return {};
}

}  // namespace

Result<Bead> CreateBead(Ledger& ledger, const CreateRequest& r) {
  if (auto st = ValidateTitle(r.title); !st) return tl::unexpected(st.error());
  if (!r.title.empty() && r.title[0] == '-')
    return Fail(ErrorKind::kInvalidArgument, "title cannot start with '-'",
                "a title starting with a dash is usually a mistyped flag; reword the title");
  if (r.estimated_minutes && *r.estimated_minutes < 0)
    return Fail(ErrorKind::kInvalidArgument, "estimate must be a non-negative number of minutes");
  for (const std::string& label : r.labels)
    if (auto st = ValidateLabel(label); !st) return tl::unexpected(st.error());
  std::string new_id;
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    const std::string& prefix = ledger.config().prefix;
    int64_t now = ledger.NowNanos();
    if (!r.explicit_id.empty()) {
      size_t dash = r.explicit_id.rfind('-');
      bool well_formed =
          dash != std::string::npos && dash > 0 && dash + 1 < r.explicit_id.size() &&
          std::all_of(r.explicit_id.begin(), r.explicit_id.end(), [](char c) {
            return isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
          });
      if (!well_formed)
        return Fail(
            ErrorKind::kInvalidArgument,
            fmt::format("invalid ID format '{}' (expected format: prefix-hash)", r.explicit_id));
      if (!r.force && r.explicit_id.rfind(prefix + "-", 0) != 0)
        return Fail(ErrorKind::kInvalidArgument,
                    fmt::format("prefix mismatch: database uses '{}-' but ID '{}' doesn't match",
                                prefix, r.explicit_id),
                    "use --force to override");
      auto exists = IdExists(db, r.explicit_id);
      if (!exists) return tl::unexpected(exists.error());
      if (*exists)
        return Fail(ErrorKind::kConflict, fmt::format("issue {} already exists", r.explicit_id),
                    "ids are never reused, even after a delete; choose another");
      new_id = r.explicit_id;
    } else if (!r.parent.empty()) {
      if (auto st = RequireLive(db, r.parent); !st)
        return Fail(ErrorKind::kNotFound, fmt::format("parent issue {} not found", r.parent));
      auto n = NextChildNumber(db, r.parent);
      if (!n) return tl::unexpected(n.error());
      new_id = fmt::format("{}.{}", r.parent, *n);
    } else {
      auto count = CountTopLevelIds(db);
      if (!count) return tl::unexpected(count.error());
      int base = AdaptiveIdLength(*count);
      for (int length = base; length <= 8 && new_id.empty(); ++length) {
        for (int nonce = 0; nonce < 10; ++nonce) {
          std::string candidate =
              HashId(prefix, r.title, r.description, ledger.actor(), now, nonce, length);
          auto exists = IdExists(db, candidate);
          if (!exists) return tl::unexpected(exists.error());
          if (!*exists) {
            new_id = candidate;
            break;
          }
        }
      }
      if (new_id.empty())
        return Fail(ErrorKind::kConflict,
                    fmt::format("failed to generate unique ID after trying lengths {}-8 with 10 "
                                "nonces each",
                                base));
    }

    nlohmann::json data = {
        {"title", r.title}, {"issue_type", r.issue_type}, {"priority", r.priority}};
    auto put = [&](const char* name, const std::string& value) {
      if (!value.empty()) data[name] = value;
    };
    put("description", r.description);
    put("design", r.design);
    put("acceptance_criteria", r.acceptance_criteria);
    put("notes", r.notes);
    put("assignee", r.assignee);
    put("owner", r.owner);
    put("parent", r.parent);
    put("external_ref", r.external_ref);
    put("defer_until", r.defer_until);
    if (!r.defer_until.empty() && r.defer_until > FormatTimestamp(now)) data["status"] = "deferred";
    if (r.estimated_minutes) data["estimated_minutes"] = *r.estimated_minutes;
    if (!r.labels.empty()) {
      std::vector<std::string> labels = r.labels;
      std::sort(labels.begin(), labels.end());
      labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
      data["labels"] = labels;
    }
    std::vector<EventDraft> drafts{{"bead.create", new_id, std::move(data)}};
    // The same checks as `bd dep add`, among the new bead's own edges: one
    // kind of edge per pair, and no child blocking on its parent.
    std::map<std::string, std::string> kinds;  // other id → kind (by direction)
    if (!r.parent.empty()) kinds[">" + r.parent] = "parent-child";
    for (const CreateRequest::NewDep& dep : r.deps) {
      std::string key = (dep.reverse ? "<" : ">") + dep.id;
      std::string kind = dep.reverse ? "blocks" : dep.type;
      auto [it, added] = kinds.emplace(key, kind);
      if (added || it->second == kind) continue;
      if (it->second == "parent-child")
        return Fail(ErrorKind::kConflict,
                    fmt::format("cannot add dependency: {} would be a child of {}; children "
                                "already follow their parent, and blocking on it would deadlock",
                                new_id, dep.id));
      return Fail(ErrorKind::kConflict,
                  fmt::format("dependency {} -> {} already exists with type \"{}\" (requested "
                              "\"{}\")",
                              dep.reverse ? dep.id : new_id, dep.reverse ? new_id : dep.id,
                              it->second, kind),
                  "give each bead one kind of dependency in --deps");
    }
    std::set<std::string> written;
    for (const CreateRequest::NewDep& dep : r.deps) {
      if (!written.insert((dep.reverse ? "<" : ">") + dep.id).second) continue;  // a repeat
      if (auto st = RequireLive(db, dep.id); !st)
        return Fail(ErrorKind::kNotFound, fmt::format("issue {} not found", dep.id),
                    "check the id in --deps with `bd list`");
      if (!dep.reverse) {
        drafts.push_back({"dep.add", new_id, {{"depends_on", dep.id}, {"type", dep.type}}});
        continue;
      }
      // The new bead has no other edges, so the only cycle it can close is
      // with a bead it itself waits on (or its parent).
      bool cycle = dep.id == r.parent;
      for (const CreateRequest::NewDep& other : r.deps)
        cycle |= !other.reverse && other.id == dep.id &&
                 (other.type == "blocks" || other.type == "conditional-blocks");
      if (cycle)
        return Fail(ErrorKind::kConflict,
                    fmt::format("adding dependency would create a cycle: {} -> {} -> {}", dep.id,
                                new_id, dep.id));
      drafts.push_back({"dep.add", dep.id, {{"depends_on", new_id}, {"type", "blocks"}}});
    }
    return drafts;
  });
  if (!events) return tl::unexpected(events.error());
  return Reload(ledger, new_id);
}

Result<Bead> UpdateBead(Ledger& ledger, const std::string& id, const UpdateRequest& r) {
  if (r.title)
    if (auto st = ValidateTitle(*r.title); !st) return tl::unexpected(st.error());
  if (r.status)
    if (auto st = ValidateStatus(*r.status); !st) return tl::unexpected(st.error());
  if (r.estimated_minutes && *r.estimated_minutes < 0)
    return Fail(ErrorKind::kInvalidArgument, "estimate must be a non-negative number of minutes");
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    auto bead = LoadBead(db, id);
    if (!bead) return tl::unexpected(bead.error());
    if (r.status == "closed" && bead->status != "closed") {
      auto check = LoadCheck(db, id);
      if (!check) return tl::unexpected(check.error());
      if (*check)
        return Fail(ErrorKind::kConflict,
                    fmt::format("{} has a check; close it with `bd close`", id),
                    "bd close runs the check and records it; --force closes it anyway");
    }
    nlohmann::json fields = UpdateFields(r);
    // Deferring an open bead makes it deferred; clearing the deferral of a
    // deferred bead opens it again (beads' rules).
    if (r.defer_until && !r.status) {
      bool future = !r.defer_until->empty() && *r.defer_until > FormatTimestamp(ledger.NowNanos());
      if (future && bead->status == "open") fields["status"] = "deferred";
      if (!future && bead->status == "deferred") fields["status"] = "open";
    }
    nlohmann::json changed = nlohmann::json::object();
    for (auto it = fields.begin(); it != fields.end(); ++it) {
      std::string value = it->is_string() ? it->get<std::string>() : it->dump();
      if (value != CurrentValue(*bead, it.key())) changed[it.key()] = *it;
    }
    if (changed.empty()) return std::vector<EventDraft>{};
    return std::vector<EventDraft>{{"bead.update", id, {{"fields", changed}}}};
  });
  if (!events) return tl::unexpected(events.error());
  return Reload(ledger, id);
}

Result<Bead> ClaimBead(Ledger& ledger, const std::string& id) {
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    auto bead = LoadBead(db, id);
    if (!bead) return tl::unexpected(bead.error());
    const std::string& me = ledger.actor();
    if (bead->status == "in_progress" && bead->assignee == me) return std::vector<EventDraft>{};
    if (!bead->assignee.empty() && bead->assignee != me)
      return Fail(ErrorKind::kConflict,
                  fmt::format("issue {} already claimed by {}", id, bead->assignee),
                  "pick another with `bd ready`");
    if (bead->status != "open")
      return Fail(ErrorKind::kConflict,
                  fmt::format("issue {} not claimable: status {}", id, bead->status),
                  "only open issues can be claimed");
    return std::vector<EventDraft>{{"bead.claim", id, nlohmann::json::object()}};
  });
  if (!events) return tl::unexpected(events.error());
  return Reload(ledger, id);
}

Result<std::vector<EventDraft>> PlanClose(Database& db, const std::string& id,
                                          const std::string& reason, bool force,
                                          bool* already_closed) {
  *already_closed = false;
  auto bead = LoadBead(db, id);
  if (!bead) return tl::unexpected(bead.error());
  if (bead->status == "closed") {
    *already_closed = true;
    return std::vector<EventDraft>{};
  }
  if (!force) {
    if (bead->status == "pinned")
      return Fail(ErrorKind::kConflict,
                  fmt::format("cannot modify pinned issue {} (use --force to override)", id));
    auto open_children = CountOpenChildren(db, id);
    if (!open_children) return tl::unexpected(open_children.error());
    if (*open_children > 0)
      return Fail(ErrorKind::kConflict,
                  fmt::format("cannot close epic {}: {} open child issue(s); close children "
                              "first or use --force to override",
                              id, *open_children));
    auto blockers = OpenBlockers(db, id);
    if (!blockers) return tl::unexpected(blockers.error());
    if (!blockers->empty())
      return Fail(ErrorKind::kConflict,
                  fmt::format("cannot close {}: blocked by open issues [{}] (use --force to "
                              "override)",
                              id, Join(*blockers, ", ")));
  }
  nlohmann::json data = {{"reason", reason.empty() ? "Closed" : reason}};
  if (force) data["force"] = true;
  return std::vector<EventDraft>{{"bead.close", id, std::move(data)}};
}

Result<CloseOutcome> CloseBead(Ledger& ledger, const std::string& id, const std::string& reason,
                               bool force) {
  bool already = false;
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    return PlanClose(db, id, reason, force, &already);
  });
  if (!events) return tl::unexpected(events.error());
  auto bead = Reload(ledger, id);
  if (!bead) return tl::unexpected(bead.error());
  return CloseOutcome{std::move(*bead), already};
}

Result<ReopenOutcome> ReopenBead(Ledger& ledger, const std::string& id, const std::string& reason) {
  bool already = false;
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    auto bead = LoadBead(db, id);
    if (!bead) return tl::unexpected(bead.error());
    if (bead->status != "closed") {
      already = true;
      return std::vector<EventDraft>{};
    }
    nlohmann::json data = nlohmann::json::object();
    if (!reason.empty()) data["reason"] = reason;
    std::vector<EventDraft> drafts{{"bead.reopen", id, data}};
    if (!reason.empty()) drafts.push_back({"comment.add", id, {{"text", reason}}});
    return drafts;
  });
  if (!events) return tl::unexpected(events.error());
  auto bead = Reload(ledger, id);
  if (!bead) return tl::unexpected(bead.error());
  return ReopenOutcome{std::move(*bead), already};
}

Result<DepChange> AddDependency(Ledger& ledger, const std::string& from, const std::string& to,
                                const std::string& type) {
  if (auto st = ValidateDepType(type); !st) return tl::unexpected(st.error());
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    bool already = false;
    if (auto st = CheckNewEdge(db, from, to, type, &already); !st)
      return tl::unexpected(st.error());
    if (already) return std::vector<EventDraft>{};
    return std::vector<EventDraft>{{"dep.add", from, {{"depends_on", to}, {"type", type}}}};
  });
  if (!events) return tl::unexpected(events.error());
  return DepChange{!events->empty()};
}

Result<DepChange> RemoveDependency(Ledger& ledger, const std::string& from, const std::string& to) {
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    auto deps = DependenciesOf(db, from);
    if (!deps) return tl::unexpected(deps.error());
    for (const Dependency& d : *deps)
      if (d.depends_on_id == to)
        return std::vector<EventDraft>{{"dep.remove", from, {{"depends_on", to}}}};
    return Fail(ErrorKind::kNotFound, fmt::format("{} does not depend on {}", from, to),
                "see its dependencies with `bd show " + from + "`");
  });
  if (!events) return tl::unexpected(events.error());
  return DepChange{!events->empty()};
}

}  // namespace gt
