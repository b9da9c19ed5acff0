// Expansions: a workflow step `expand = "NAME"` replaced by the template
// steps of expansion formula NAME (see ExpandFormula in formula.h).
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "ledger/formula.h"

namespace gt {
namespace {

/// "PATH:LINE: steps[i].FIELD: " for errors about step `i`'s expand.
std::string Where(const Formula& f, size_t i, const char* field) {
  const FormulaStep& s = f.steps[i];
  auto it = s.lines.find(field);
  return fmt::format("{}:{}: steps[{}].{}: ", f.path, it == s.lines.end() ? s.line : it->second, i,
                     field);
}

/// The template's steps for step `at`, with ids, parents and needs rewritten
/// into the workflow's, and the expansion's variables substituted.
Result<std::vector<FormulaStep>> Instantiate(const Formula& workflow, size_t at,
                                             const Formula& expansion) {
  const FormulaStep& step = workflow.steps[at];
  auto vars = ResolveVars(expansion, step.expand_vars, fmt::format("steps[{}].expand_vars", at));
  if (!vars)
    return Fail(ErrorKind::kInvalidArgument, Where(workflow, at, "expand") + vars.error().message,
                vars.error().hint);
  std::string prefix = step.id + ".";
  std::vector<FormulaStep> out;
  for (FormulaStep t : expansion.templates) {
    SubstituteStep(&t, *vars);
    bool top = t.parent.empty();
    t.id = prefix + t.id;
    t.parent = top ? step.parent : prefix + t.parent;
    for (std::string& need : t.needs) need = prefix + need;
    if (top && t.needs.empty()) t.needs = step.needs;  // the first steps wait as the step did
    // Messages about these steps point at the expand line of the workflow.
    int line = step.lines.at("expand");
    for (auto& [field, at_line] : t.lines) at_line = line;
    t.lines["id"] = t.lines["needs"] = t.line = line;
    out.push_back(std::move(t));
  }
  return out;
}

/// The template's last steps: top-level ones no other template step needs.
std::vector<std::string> LastSteps(const std::vector<FormulaStep>& steps) {
  std::set<std::string> needed;
  for (const FormulaStep& s : steps) needed.insert(s.needs.begin(), s.needs.end());
  std::vector<std::string> last;
  std::set<std::string> own;
  for (const FormulaStep& s : steps) own.insert(s.id);
  for (const FormulaStep& s : steps) {
    bool top = s.parent.empty() || !own.count(s.parent);
    if (top && !needed.count(s.id)) last.push_back(s.id);
  }
  return last;
}

}  // namespace

Result<Formula> ExpandFormula(Formula formula, const FormulaLoader& load) {
  bool expanded = false;
  for (size_t i = 0; i < formula.steps.size(); ++i) {
    if (formula.steps[i].expand.empty()) continue;
    const FormulaStep step = formula.steps[i];
    auto expansion = load(step.expand);
    if (!expansion)
      return Fail(ErrorKind::kInvalidArgument,
                  Where(formula, i, "expand") + expansion.error().message, expansion.error().hint);
    if (expansion->type != "expansion")
      return Fail(
          ErrorKind::kInvalidArgument,
          Where(formula, i, "expand") +
              fmt::format("\"{}\" is a {} formula, not an expansion", step.expand, expansion->type),
          "an expansion has type = \"expansion\" and [[template]] steps");
    auto steps = Instantiate(formula, i, *expansion);
    if (!steps) return tl::unexpected(steps.error());
    // Whoever needed the step now needs the template's last steps.
    std::vector<std::string> last = LastSteps(*steps);
    for (FormulaStep& other : formula.steps) {
      auto it = std::find(other.needs.begin(), other.needs.end(), step.id);
      if (it == other.needs.end()) continue;
      other.needs.erase(it);
      for (const std::string& id : last)
        if (std::find(other.needs.begin(), other.needs.end(), id) == other.needs.end())
          other.needs.push_back(id);
    }
    formula.steps.erase(formula.steps.begin() + i);
    formula.steps.insert(formula.steps.begin() + i, steps->begin(), steps->end());
    i += steps->size() - 1;
    expanded = true;
  }
  if (expanded)
    if (auto st = CheckStepGraph(formula); !st) return tl::unexpected(st.error());
  return formula;
}

}  // namespace gt
