// Formulas, part 3: finding formula files, and cooking a formula with its
// variables into the steps a pour writes.
#include "ledger/formula.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "core/bead.h"
#include "core/clock.h"
#include "ledger/formula_internal.h"

#ifndef GT_BUILTIN_FORMULA_DIR
#define GT_BUILTIN_FORMULA_DIR ""
#endif

namespace gt {
namespace fs = std::filesystem;
using namespace formula_internal;
namespace {

/// The path as messages show it: relative to the working directory when
/// inside it.
std::string DisplayPath(const fs::path& path) {
  std::error_code ec;
  fs::path rel = fs::proximate(path, ec);
  if (ec || rel.empty() || *rel.begin() == "..") return path.string();
  return rel.string();
}

}  // namespace

std::vector<std::string> FormulaSearchPath(const std::string& beads_dir) {
  std::vector<std::string> dirs;
  if (!beads_dir.empty()) dirs.push_back(beads_dir + "/formulas");
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    dirs.push_back(std::string(xdg) + "/gastown/formulas");
  else if (const char* home = std::getenv("HOME"); home && *home)
    dirs.push_back(std::string(home) + "/.config/gastown/formulas");
  if (*GT_BUILTIN_FORMULA_DIR) dirs.push_back(GT_BUILTIN_FORMULA_DIR);
  return dirs;
}

std::vector<FormulaEntry> ListFormulaFiles(const std::vector<std::string>& dirs) {
  std::vector<FormulaEntry> out;
  std::set<std::string> seen;
  for (size_t d = 0; d < dirs.size(); ++d) {
    std::error_code ec;
    std::vector<FormulaEntry> here;
    for (const auto& entry : fs::directory_iterator(dirs[d], ec)) {
      std::string file = entry.path().filename().string();
      if (!file.ends_with(kFormulaSuffix) || file.size() == strlen(kFormulaSuffix)) continue;
      std::string name = file.substr(0, file.size() - strlen(kFormulaSuffix));
      std::string source =
          d + 1 == dirs.size() && *GT_BUILTIN_FORMULA_DIR && dirs[d] == GT_BUILTIN_FORMULA_DIR
              ? "builtin"
          : dirs[d].ends_with("gastown/formulas") ? "user"
                                                  : "project";
      here.push_back({name, DisplayPath(entry.path()), source});
    }
    std::sort(here.begin(), here.end(),
              [](const FormulaEntry& a, const FormulaEntry& b) { return a.name < b.name; });
    for (FormulaEntry& e : here)
      if (seen.insert(e.name).second) out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(),
            [](const FormulaEntry& a, const FormulaEntry& b) { return a.name < b.name; });
  return out;
}

Result<Formula> FindFormula(const std::vector<std::string>& dirs, const std::string& name_or_path) {
  if (name_or_path.find('/') != std::string::npos || name_or_path.ends_with(kFormulaSuffix))
    return LoadFormulaFile(name_or_path);
  for (const FormulaEntry& e : ListFormulaFiles(dirs))
    if (e.name == name_or_path) return LoadFormulaFile(e.path);
  return Fail(ErrorKind::kNotFound, fmt::format("formula \"{}\" not found", name_or_path),
              fmt::format("looked in {}; see `bd formula list`", JoinText(dirs, ", ")));
}

Result<std::map<std::string, std::string>> ParseVarFlags(const std::vector<std::string>& flags) {
  std::map<std::string, std::string> vars;
  for (const std::string& flag : flags) {
    size_t eq = flag.find('=');
    if (eq == std::string::npos || eq == 0)
      return Fail(ErrorKind::kInvalidArgument,
                  fmt::format("--var \"{}\": expected NAME=VALUE", flag), "e.g. --var name=login");
    vars[flag.substr(0, eq)] = flag.substr(eq + 1);
  }
  return vars;
}

Result<CookedFormula> CookFormula(const Formula& formula,
                                  const std::map<std::string, std::string>& given) {
  auto fail = [&](int line, const std::string& field, const std::string& reason,
                  const std::string& hint = "") -> Result<CookedFormula> {
    return tl::unexpected(FormulaError(formula.path, line, field, reason, hint));
  };
  std::set<std::string> declared;
  for (const FormulaVar& v : formula.vars) declared.insert(v.name);
  for (const auto& [name, value] : given)
    if (!declared.count(name))
      return Fail(
          ErrorKind::kInvalidArgument,
          fmt::format("--var {}: formula \"{}\" has no variable \"{}\"", name, formula.name, name),
          declared.empty() ? "this formula takes no variables"
                           : fmt::format("its variables: {}",
                                         JoinText({declared.begin(), declared.end()}, ", ")));
  CookedFormula out;
  out.name = formula.name;
  std::vector<std::string> shown;
  for (const FormulaVar& v : formula.vars) {
    auto it = given.find(v.name);
    std::string value;
    if (it != given.end()) {
      value = it->second;
      if (auto st = CheckVarValue(formula.path, v, value, "vars." + v.name); !st)
        return tl::unexpected(st.error());
    } else if (v.default_value) {
      value = *v.default_value;
    } else if (v.required) {
      return fail(v.line, "vars." + v.name, "required variable is missing",
                  fmt::format("pass --var {}=VALUE", v.name));
    }
    out.vars[v.name] = value;
    if (!value.empty()) shown.push_back(fmt::format("{}={}", v.name, value));
  }
  out.title =
      shown.empty() ? formula.name : fmt::format("{} ({})", formula.name, JoinText(shown, ", "));
  if (out.title.size() > 200) out.title = out.title.substr(0, 197) + "...";
  out.description = Substitute(formula.description, out.vars);
  for (size_t i = 0; i < formula.steps.size(); ++i) {
    FormulaStep s = formula.steps[i];
    auto line = [&](const char* key) {
      auto it = s.lines.find(key);
      return it == s.lines.end() ? s.line : it->second;
    };
    for (std::string* text :
         {&s.title, &s.description, &s.notes, &s.design, &s.acceptance, &s.assignee})
      *text = Substitute(*text, out.vars);
    for (std::string& l : s.labels) {
      l = Substitute(l, out.vars);
      if (auto st = ValidateLabel(l); !st) {
        return fail(line("labels"), fmt::format("steps[{}].labels", i), st.error().message);
      }
    }
    for (std::string& a : s.check) a = Substitute(a, out.vars);
    s.check_timeout = Substitute(s.check_timeout, out.vars);
    if (!s.check_timeout.empty())
      if (auto d = ParseDuration(s.check_timeout); !d)
        return fail(line("check_timeout"), fmt::format("steps[{}].check_timeout", i),
                    d.error().message);
    if (s.gate) {
      for (std::string& a : s.gate->command) a = Substitute(a, out.vars);
      s.gate->id = Substitute(s.gate->id, out.vars);
      s.gate->await_id = Substitute(s.gate->await_id, out.vars);
      s.gate->timeout = Substitute(s.gate->timeout, out.vars);
      s.gate->at = Substitute(s.gate->at, out.vars);
      if (!s.gate->timeout.empty())
        if (auto d = ParseDuration(s.gate->timeout); !d)
          return fail(line("gate"), fmt::format("steps[{}].gate.timeout", i), d.error().message);
      if (!s.gate->at.empty())
        if (auto t = ParseTimestamp(s.gate->at); !t)
          return fail(line("gate"), fmt::format("steps[{}].gate.at", i),
                      fmt::format("bad time \"{}\": expected RFC 3339, e.g. 2026-12-01T09:00:00Z",
                                  s.gate->at));
    }
    if (auto st = ValidateTitle(s.title); !st) {
      return fail(line("title"), fmt::format("steps[{}].title", i), st.error().message);
    }
    out.steps.push_back({std::move(s), static_cast<int>(i) + 1});
  }
  return out;
}

}  // namespace gt
