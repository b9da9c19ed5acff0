// Deleting and restoring beads: tombstones, never erasure (the log keeps all).
#include <algorithm>
#include <deque>
#include <set>

#include <fmt/format.h>

#include "ledger/annotations.h"
#include "ledger/ops.h"
#include "ledger/queries.h"

namespace gt {
namespace {

// Cascading follows the edges that make a bead wait for another: deleting a
// blocker or a parent takes what waits on it; `related` edges do not.
bool CascadesAlong(const std::string& type) {
  return type == "blocks" || type == "conditional-blocks" || type == "waits-for" ||
         type == "parent-child";
}

bool IdChar(char c) {
  return isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

/// `text` with every whole-word mention of `id` replaced by "[deleted:id]".
std::string MarkDeleted(const std::string& text, const std::string& id) {
  std::string out;
  size_t at = 0;
  while (true) {
    size_t hit = text.find(id, at);
    if (hit == std::string::npos) break;
    size_t end = hit + id.size();
    bool starts = hit == 0 || (!IdChar(text[hit - 1]) && text[hit - 1] != '.');
    // "gt-a1.2" is another bead; "gt-a1." ends a sentence.
    bool child = end + 1 < text.size() && text[end] == '.' &&
                 isdigit(static_cast<unsigned char>(text[end + 1]));
    bool ends = end == text.size() || (!IdChar(text[end]) && !child);
    bool marked = hit >= 9 && text.compare(hit - 9, 9, "[deleted:") == 0;
    out += text.substr(at, hit - at);
    out += starts && ends && !marked ? "[deleted:" + id + "]" : id;
    at = end;
  }
  return out + text.substr(at);
}

}  // namespace

Result<DeletePlan> PlanDelete(Database& db, const std::vector<std::string>& ids, bool cascade) {
  if (ids.empty())
    return Fail(ErrorKind::kInvalidArgument, "no issue IDs provided", "bd delete ID... [--force]");
  DeletePlan plan;
  std::set<std::string> doomed;
  std::deque<std::string> work;
  for (const std::string& id : ids) {
    if (auto bead = LoadBead(db, id); !bead) return tl::unexpected(bead.error());
    if (doomed.insert(id).second) work.push_back(id);
  }
  while (!work.empty()) {
    std::string id = work.front();
    work.pop_front();
    plan.ids.push_back(id);
    if (!cascade) continue;
    auto dependents = DependentsOf(db, id);
    if (!dependents) return tl::unexpected(dependents.error());
    for (const Dependency& d : *dependents) {
      if (!CascadesAlong(d.type) || doomed.count(d.issue_id)) continue;
      if (!LoadBead(db, d.issue_id)) continue;  // already deleted
      doomed.insert(d.issue_id);
      work.push_back(d.issue_id);
    }
  }
  std::set<std::pair<std::string, std::string>> seen_edges;
  std::set<std::string> neighbours;
  for (const std::string& id : plan.ids) {
    auto out = DependenciesOf(db, id);
    auto in = DependentsOf(db, id);
    if (!out) return tl::unexpected(out.error());
    if (!in) return tl::unexpected(in.error());
    for (const auto* edges : {&*out, &*in})
      for (const Dependency& d : *edges) {
        if (!seen_edges.insert({d.issue_id, d.depends_on_id}).second) continue;
        plan.edges.push_back(d);
        for (const std::string& end : {d.issue_id, d.depends_on_id})
          if (!doomed.count(end) && LoadBead(db, end)) neighbours.insert(end);
      }
  }
  plan.neighbours.assign(neighbours.begin(), neighbours.end());
  for (const std::string& n : plan.neighbours) {
    auto bead = LoadBead(db, n);
    if (!bead) return tl::unexpected(bead.error());
    std::string text = bead->description + "\n" + bead->design + "\n" + bead->acceptance_criteria +
                       "\n" + bead->notes;
    bool mentions = std::any_of(plan.ids.begin(), plan.ids.end(), [&](const std::string& id) {
      return MarkDeleted(text, id) != text;
    });
    if (mentions) plan.references.push_back(n);
  }
  return plan;
}

Result<DeletePlan> DeleteBeads(Ledger& ledger, const std::vector<std::string>& ids, bool cascade,
                               const std::string& reason) {
  DeletePlan plan;
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    auto planned = PlanDelete(db, ids, cascade);
    if (!planned) return tl::unexpected(planned.error());
    plan = std::move(*planned);
    std::vector<EventDraft> drafts;
    for (const Dependency& d : plan.edges)
      drafts.push_back({"dep.remove", d.issue_id, {{"depends_on", d.depends_on_id}}});
    for (const std::string& n : plan.references) {
      auto bead = LoadBead(db, n);
      if (!bead) return tl::unexpected(bead.error());
      nlohmann::json fields = nlohmann::json::object();
      auto mark = [&](const char* name, const std::string& text) {
        std::string marked = text;
        for (const std::string& id : plan.ids) marked = MarkDeleted(marked, id);
        if (marked != text) fields[name] = marked;
      };
      mark("description", bead->description);
      mark("design", bead->design);
      mark("acceptance_criteria", bead->acceptance_criteria);
      mark("notes", bead->notes);
      drafts.push_back({"bead.update", n, {{"fields", fields}}});
    }
    for (const std::string& id : plan.ids) {
      nlohmann::json data = nlohmann::json::object();
      if (!reason.empty()) data["reason"] = reason;
      drafts.push_back({"bead.delete", id, std::move(data)});
    }
    return drafts;
  });
  if (!events) return tl::unexpected(events.error());
  return plan;
}

Result<std::vector<Dependency>> RemoveDanglingDependencies(Ledger& ledger) {
  std::vector<Dependency> removed;
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    auto dangling = DanglingDependencies(db);
    if (!dangling) return tl::unexpected(dangling.error());
    removed = std::move(*dangling);
    std::vector<EventDraft> drafts;
    for (const Dependency& d : removed)
      drafts.push_back({"dep.remove", d.issue_id, {{"depends_on", d.depends_on_id}}});
    return drafts;
  });
  if (!events) return tl::unexpected(events.error());
  return removed;
}

Result<Bead> RestoreBead(Ledger& ledger, const std::string& id) {
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    auto exists = IdExists(db, id);
    if (!exists) return tl::unexpected(exists.error());
    if (!*exists) return Fail(ErrorKind::kNotFound, fmt::format("issue {} not found", id));
    if (LoadBead(db, id))
      return Fail(ErrorKind::kConflict, fmt::format("issue {} is not deleted", id),
                  "only deleted issues can be restored");
    return std::vector<EventDraft>{{"bead.restore", id, nlohmann::json::object()}};
  });
  if (!events) return tl::unexpected(events.error());
  return LoadBead(ledger.db(), id);
}

}  // namespace gt
