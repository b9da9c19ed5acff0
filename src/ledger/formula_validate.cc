// Formulas, part 2: the checks across a parsed formula's fields: the step
// graph (duplicate ids, unknown needs, cycles) and the placeholders.
#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "ledger/formula_internal.h"

namespace gt::formula_internal {
namespace {

/// Keeps the first error, as "PATH:LINE: FIELD: reason".
struct Checker {
  const Formula& f;
  std::optional<Error> error;

  bool Fail(int line, const std::string& field, const std::string& reason,
            const std::string& hint = "") {
    if (!error) error = FormulaError(f.path, line, field, reason, hint);
    return false;
  }

  /// Duplicate ids, unknown needs and cycles.
  bool Graph() {
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < f.steps.size(); ++i) {
      const FormulaStep& s = f.steps[i];
      auto [it, added] = index.emplace(s.id, i);
      if (!added)
        return Fail(s.lines.at("id"), fmt::format("steps[{}].id", i),
                    fmt::format("duplicate step id \"{}\" (first at line {})", s.id,
                                f.steps[it->second].lines.at("id")));
    }
    for (size_t i = 0; i < f.steps.size(); ++i) {
      const FormulaStep& s = f.steps[i];
      for (const std::string& need : s.needs) {
        std::string field = fmt::format("steps[{}].needs", i);
        if (!index.count(need))
          return Fail(s.lines.at("needs"), field, fmt::format("unknown step \"{}\"", need));
        if (need == s.id)
          return Fail(s.lines.at("needs"), field,
                      fmt::format("step \"{}\" cannot need itself", s.id));
      }
    }
    // Depth-first, in file order, so the cycle named is always the same one.
    std::vector<int> state(f.steps.size(), 0);  // 0 new, 1 on the path, 2 done
    std::vector<size_t> path;
    std::function<bool(size_t)> visit = [&](size_t i) {
      state[i] = 1;
      path.push_back(i);
      for (const std::string& need : f.steps[i].needs) {
        size_t j = index.at(need);
        if (state[j] == 1) {
          auto from = std::find(path.begin(), path.end(), j);
          std::vector<std::string> ids;
          for (auto it = from; it != path.end(); ++it) ids.push_back(f.steps[*it].id);
          ids.push_back(f.steps[j].id);
          return Fail(f.steps[j].lines.at("needs"), fmt::format("steps[{}].needs", j),
                      fmt::format("cycle: {}", JoinText(ids, " -> ")));
        }
        if (state[j] == 0 && !visit(j)) return false;
      }
      path.pop_back();
      state[i] = 2;
      return true;
    };
    for (size_t i = 0; i < f.steps.size(); ++i)
      if (state[i] == 0 && !visit(i)) return false;
    return true;
  }

  /// Every `{{name}}` names a declared variable.
  bool Placeholders() {
    std::set<std::string> declared;
    for (const FormulaVar& v : f.vars) declared.insert(v.name);
    auto check = [&](const std::string& text, int line, const std::string& field) {
      bool ok = true;
      ForEachPlaceholder(text, [&](const std::string& name) {
        if (ok && !declared.count(name))
          ok = Fail(line, field, fmt::format("undefined variable \"{}\"", name),
                    fmt::format("declare it with [vars.{}]", name));
      });
      return ok;
    };
    for (size_t i = 0; i < f.steps.size(); ++i) {
      const FormulaStep& s = f.steps[i];
      auto line = [&](const char* key) {
        auto it = s.lines.find(key);
        return it == s.lines.end() ? s.line : it->second;
      };
      std::string at = fmt::format("steps[{}].", i);
      std::vector<std::pair<const char*, std::string>> texts = {
          {"title", s.title},   {"description", s.description}, {"notes", s.notes},
          {"design", s.design}, {"acceptance", s.acceptance},   {"assignee", s.assignee}};
      for (const std::string& l : s.labels) texts.push_back({"labels", l});
      for (const std::string& a : s.check) texts.push_back({"check", a});
      texts.push_back({"check_timeout", s.check_timeout});
      if (s.gate) {
        for (const std::string& a : s.gate->command) texts.push_back({"gate", a});
        texts.push_back({"gate", s.gate->id});
        texts.push_back({"gate", s.gate->await_id});
        texts.push_back({"gate", s.gate->timeout});
        texts.push_back({"gate", s.gate->at});
      }
      for (const auto& [key, text] : texts)
        if (!check(text, line(key), at + key)) return false;
    }
    return true;
  }
};

}  // namespace

Status ValidateGraph(const Formula& f) {
  Checker c{f, std::nullopt};
  if (!c.Graph()) return tl::unexpected(*c.error);
  return {};
}

Status ValidatePlaceholders(const Formula& f) {
  Checker c{f, std::nullopt};
  if (!c.Placeholders()) return tl::unexpected(*c.error);
  return {};
}

}  // namespace gt::formula_internal
