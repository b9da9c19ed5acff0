#include "ledger/molecule.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/clock.h"
#include "core/ids.h"
#include "ledger/checks.h"
#include "ledger/gates.h"
#include "ledger/queries.h"

namespace gt {
namespace {

constexpr const char* kStepLabel = "mol-step:";
constexpr const char* kKeyLabel = "mol-key:";
constexpr const char* kFormulaLabel = "formula:";

std::string LabelValue(const Bead& bead, const std::string& prefix) {
  for (const std::string& l : bead.labels)
    if (l.starts_with(prefix)) return l.substr(prefix.size());
  return {};
}

/// A new top-level id, as CreateBead makes one.
Result<std::string> NewEpicId(Ledger& ledger, Database& db, const CookedFormula& cooked,
                              int64_t now, bool wisp) {
  // A wisp's id says so (`<prefix>-wisp-<hash>`): its events stay local.
  std::string prefix = ledger.config().prefix;
  if (wisp) prefix += "-" + std::string(kWispInfix.substr(0, kWispInfix.size() - 1));
  auto count = CountTopLevelIds(db);
  if (!count) return tl::unexpected(count.error());
  int base = AdaptiveIdLength(*count);
  for (int length = base; length <= 8; ++length) {
    for (int nonce = 0; nonce < 10; ++nonce) {
      std::string candidate =
          HashId(prefix, cooked.title, cooked.description, ledger.actor(), now, nonce, length);
      auto exists = IdExists(db, candidate);
      if (!exists) return tl::unexpected(exists.error());
      if (!*exists) return candidate;
    }
  }
  return Fail(ErrorKind::kConflict,
              fmt::format("failed to generate a unique id after trying lengths {}-8", base));
}

nlohmann::json StepData(const FormulaStep& s, const std::string& parent,
                        const std::string& workdir) {
  nlohmann::json data = {
      {"title", s.title}, {"issue_type", s.type}, {"priority", s.priority}, {"parent", parent}};
  auto put = [&](const char* name, const std::string& value) {
    if (!value.empty()) data[name] = value;
  };
  put("description", s.description);
  put("design", s.design);
  put("notes", s.notes);
  put("assignee", s.assignee);
  std::string acceptance = s.acceptance;
  if (!s.check.empty()) {
    nlohmann::json argv = s.check;
    acceptance += (acceptance.empty() ? "" : "\n\n") + std::string("Check: ") + argv.dump();
  }
  put("acceptance_criteria", acceptance);
  std::vector<std::string> labels = s.labels;
  labels.push_back(kStepLabel + s.id);
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  data["labels"] = labels;
  if (!s.check.empty()) {
    auto timeout = ParseDuration(s.check_timeout);  // cook checked it
    data.update(CheckCreateFields(
        {s.check, workdir, timeout ? *timeout / 1000000 : kDefaultCheckTimeoutMs}));
  }
  return data;
}

nlohmann::json GateData(const CookedStep& step, const std::string& epic_id, const GateSpec& spec,
                        int64_t poured_at) {
  const FormulaGate& g = *step.step.gate;
  std::string title = fmt::format("Gate: {} {}", g.kind, g.id.empty() ? step.step.id : g.id);
  std::string what;
  if (g.kind == "human") what = "Waits for a member's approval.";
  if (g.kind == "timer") what = fmt::format("Waits until {}.", spec.opens_at);
  if (g.kind == "bead") what = fmt::format("Waits for {} to close.", g.await_id);
  if (g.kind == "command")
    what = fmt::format("Waits for {} to pass.", nlohmann::json(g.command).dump());
  nlohmann::json data = {{"title", title},
                         {"issue_type", "gate"},
                         {"priority", step.step.priority},
                         {"parent", epic_id},
                         {"description", fmt::format("Gate of step {}. {}", step.step.id, what)},
                         {"labels", {"gate:" + g.kind, "mol-gate:" + step.step.id}}};
  data.update(GateCreateFields(spec, poured_at));
  return data;
}

/// The live molecule of this key, if any.
Result<std::optional<MoleculeState>> FindByKey(Database& db, const std::string& key) {
  ListFilter filter;
  filter.all = true;
  filter.limit = 0;
  filter.labels = {kKeyLabel + key};
  auto found = ListBeads(db, filter);
  if (!found) return tl::unexpected(found.error());
  if (found->empty()) return std::optional<MoleculeState>();
  auto state = LoadMolecule(db, found->front().id);
  if (!state) return tl::unexpected(state.error());
  return std::optional<MoleculeState>(std::move(*state));
}

}  // namespace

Result<PourResult> PourMolecule(Ledger& ledger, const CookedFormula& cooked, const std::string& key,
                                const std::string& workdir_flag, bool wisp) {
  if (!key.empty())
    if (auto st = ValidateLabel(kKeyLabel + key); !st)
      return Fail(ErrorKind::kInvalidArgument,
                  fmt::format("--key \"{}\": a key has no spaces or commas", key));
  // Where checks and command gates run, and when timers open: fixed now.
  std::error_code ec;
  std::string dir =
      workdir_flag.empty() ? std::filesystem::current_path(ec).string() : workdir_flag;
  if (!std::filesystem::is_directory(dir, ec))
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("--workdir {}: not a directory", workdir_flag));
  std::string workdir = StoredWorkdir(ledger.beads_dir(), dir);
  int64_t poured_at = ledger.NowNanos();
  std::map<std::string, GateSpec> gates;
  for (const CookedStep& step : cooked.steps) {
    if (!step.step.gate) continue;
    auto spec = GateSpecFor(*step.step.gate, step.step.id, poured_at, workdir);
    if (!spec) return tl::unexpected(spec.error());
    gates[step.step.id] = std::move(*spec);
  }
  PourResult result;
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    result = PourResult{};
    if (!key.empty()) {  // under the write lock: two pours of one key make one molecule
      auto existing = FindByKey(db, key);
      if (!existing) return tl::unexpected(existing.error());
      if (*existing) {
        if ((*existing)->formula != cooked.name)
          return Fail(ErrorKind::kConflict,
                      fmt::format("key \"{}\" already names molecule {} of formula \"{}\"", key,
                                  (*existing)->epic.id, (*existing)->formula),
                      "choose another --key");
        result.epic_id = (*existing)->epic.id;
        result.existing = true;
        for (const MoleculeStep& s : (*existing)->steps)
          result.id_mapping.push_back({s.step_id, s.bead.id});
        return std::vector<EventDraft>{};
      }
    }
    auto epic_id = NewEpicId(ledger, db, cooked, ledger.NowNanos(), wisp);
    if (!epic_id) return tl::unexpected(epic_id.error());
    result.epic_id = *epic_id;
    std::vector<std::string> labels = {"molecule", kFormulaLabel + cooked.name};
    if (wisp) labels.push_back("wisp");
    if (!key.empty()) labels.push_back(kKeyLabel + key);
    std::sort(labels.begin(), labels.end());
    nlohmann::json epic = {
        {"title", cooked.title}, {"issue_type", "epic"}, {"priority", 2}, {"labels", labels}};
    if (!cooked.description.empty()) epic["description"] = cooked.description;
    epic["metadata"] = {{"workdir", workdir}};
    std::vector<EventDraft> drafts{{"bead.create", *epic_id, std::move(epic)}};
    std::map<std::string, std::string> ids;
    int top_level = 0;
    for (const CookedStep& step : cooked.steps) {
      // A child step (`children`) is a child bead of its parent step's bead.
      const std::string& parent = step.step.parent.empty() ? *epic_id : ids.at(step.step.parent);
      std::string id = fmt::format("{}.{}", parent, step.number);
      top_level += step.step.parent.empty();
      ids[step.step.id] = id;
      result.id_mapping.push_back({step.step.id, id});
      drafts.push_back({"bead.create", id, StepData(step.step, parent, workdir)});
    }
    int next = top_level, gate_count = 0;
    for (const CookedStep& step : cooked.steps) {
      const std::string& id = ids.at(step.step.id);
      std::set<std::string> done;
      for (const std::string& need : step.step.needs)
        if (done.insert(need).second)
          drafts.push_back({"dep.add", id, {{"depends_on", ids.at(need)}, {"type", "blocks"}}});
      if (!step.step.gate) continue;
      std::string gate_id = fmt::format("{}.{}", *epic_id, ++next);
      ++gate_count;
      drafts.push_back(
          {"bead.create", gate_id, GateData(step, *epic_id, gates.at(step.step.id), poured_at)});
      drafts.push_back({"dep.add", id, {{"depends_on", gate_id}, {"type", "blocks"}}});
    }
    result.created = 1 + static_cast<int>(cooked.steps.size()) + gate_count;
    return drafts;
  });
  if (!events) return tl::unexpected(events.error());
  return result;
}

Result<MoleculeState> LoadMolecule(Database& db, const std::string& id) {
  auto bead = LoadBead(db, id);
  if (!bead) return tl::unexpected(bead.error());
  // From a step (at any depth) up to the epic.
  while (!LabelValue(*bead, kStepLabel).empty() && !bead->parent.empty()) {
    bead = LoadBead(db, bead->parent);
    if (!bead) return tl::unexpected(bead.error());
  }
  MoleculeState state;
  state.formula = LabelValue(*bead, kFormulaLabel);
  if (state.formula.empty() ||
      std::find(bead->labels.begin(), bead->labels.end(), "molecule") == bead->labels.end())
    return Fail(ErrorKind::kInvalidArgument, fmt::format("{} is not a molecule", id),
                "molecules are poured with `bd mol pour FORMULA`");
  state.key = LabelValue(*bead, kKeyLabel);
  state.epic = std::move(*bead);
  // Steps are the epic's children and, for `children` steps, theirs.
  std::vector<std::string> parents{state.epic.id};
  for (size_t next = 0; next < parents.size(); ++next) {
    ListFilter filter;
    filter.all = true;
    filter.limit = 0;
    filter.parent = parents[next];
    auto children = ListBeads(db, filter);
    if (!children) return tl::unexpected(children.error());
    for (Bead& child : *children) {
      std::string step = LabelValue(child, kStepLabel);
      if (step.empty()) continue;
      parents.push_back(child.id);
      MoleculeStep s;
      s.step_id = step;
      auto blockers = OpenBlockers(db, child.id);
      if (!blockers) return tl::unexpected(blockers.error());
      s.blocked_by = std::move(*blockers);
      s.ready = child.status == "open" && !child.blocked && s.blocked_by.empty();
      if (IsDoneStatus(child.status)) ++state.closed;
      s.bead = std::move(child);
      state.steps.push_back(std::move(s));
    }
  }
  // Step order is the child numbers (EPIC.N, EPIC.N.M), not the text order of ids.
  auto numbers = [&](const std::string& id) {
    std::vector<long long> out;
    std::string rest = id.substr(state.epic.id.size());
    for (size_t at = 0; at < rest.size();) {
      size_t end = rest.find('.', at + 1);
      out.push_back(std::stoll(rest.substr(at + 1, end - at - 1)));
      at = end == std::string::npos ? rest.size() : end;
    }
    return out;
  };
  std::stable_sort(state.steps.begin(), state.steps.end(),
                   [&](const MoleculeStep& a, const MoleculeStep& b) {
                     return numbers(a.bead.id) < numbers(b.bead.id);
                   });
  return state;
}

}  // namespace gt
