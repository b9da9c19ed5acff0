#include "ledger/formula.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <regex>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/bead.h"
#include "core/clock.h"

#ifndef GT_BUILTIN_FORMULA_DIR
#define GT_BUILTIN_FORMULA_DIR ""
#endif

namespace gt {
namespace fs = std::filesystem;
namespace {

constexpr const char* kSuffix = ".formula.toml";

}  // namespace

std::string SubstitutePlaceholders(const std::string& text,
                                   const std::map<std::string, std::string>& vars) {
  static const std::regex re("\\{\\{([A-Za-z_][A-Za-z0-9_]*)\\}\\}");
  std::string out;
  auto last = text.cbegin();
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it) {
    out.append(last, text.cbegin() + it->position());
    auto found = vars.find((*it)[1].str());
    out += found != vars.end() ? found->second : it->str();
    last = text.cbegin() + it->position() + it->length();
  }
  out.append(last, text.cend());
  return out;
}

void SubstituteStep(FormulaStep* s, const std::map<std::string, std::string>& vars) {
  for (std::string* text :
       {&s->title, &s->description, &s->notes, &s->design, &s->acceptance, &s->assignee})
    *text = SubstitutePlaceholders(*text, vars);
  for (std::string& l : s->labels) l = SubstitutePlaceholders(l, vars);
  for (std::string& a : s->check) a = SubstitutePlaceholders(a, vars);
  s->check_timeout = SubstitutePlaceholders(s->check_timeout, vars);
  for (auto& [name, value] : s->expand_vars) value = SubstitutePlaceholders(value, vars);
  if (s->gate) {
    for (std::string& a : s->gate->command) a = SubstitutePlaceholders(a, vars);
    s->gate->id = SubstitutePlaceholders(s->gate->id, vars);
    s->gate->await_id = SubstitutePlaceholders(s->gate->await_id, vars);
    s->gate->timeout = SubstitutePlaceholders(s->gate->timeout, vars);
    s->gate->at = SubstitutePlaceholders(s->gate->at, vars);
  }
}

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
      if (!file.ends_with(kSuffix) || file.size() == strlen(kSuffix)) continue;
      std::string name = file.substr(0, file.size() - strlen(kSuffix));
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

namespace {

/// Loads a formula without expanding it.
Result<Formula> LoadNamed(const std::vector<std::string>& dirs, const std::string& name_or_path) {
  if (name_or_path.find('/') != std::string::npos || name_or_path.ends_with(kSuffix))
    return LoadFormulaFile(name_or_path);
  for (const FormulaEntry& e : ListFormulaFiles(dirs))
    if (e.name == name_or_path) return LoadFormulaFile(e.path);
  return Fail(ErrorKind::kNotFound, fmt::format("formula \"{}\" not found", name_or_path),
              fmt::format("looked in {}; see `bd formula list`", fmt::join(dirs, ", ")));
}

}  // namespace

Result<Formula> FindFormula(const std::vector<std::string>& dirs, const std::string& name_or_path) {
  auto formula = LoadNamed(dirs, name_or_path);
  if (!formula) return formula;
  // Expansions are looked up beside the formula first, then on the path.
  std::vector<std::string> around = dirs;
  around.insert(around.begin(), fs::path(formula->path).parent_path().string());
  return ExpandFormula(std::move(*formula),
                       [&](const std::string& name) { return LoadNamed(around, name); });
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

Result<std::map<std::string, std::string>> ResolveVars(
    const Formula& formula, const std::map<std::string, std::string>& given,
    const std::string& flag) {
  std::set<std::string> declared;
  for (const FormulaVar& v : formula.vars) declared.insert(v.name);
  for (const auto& [name, value] : given)
    if (!declared.count(name))
      return Fail(ErrorKind::kInvalidArgument,
                  fmt::format("{}{}{}: formula \"{}\" has no variable \"{}\"", flag,
                              flag == "--var" ? " " : ".", name, formula.name, name),
                  declared.empty() ? "this formula takes no variables"
                                   : fmt::format("its variables: {}", fmt::join(declared, ", ")));
  std::map<std::string, std::string> out;
  for (const FormulaVar& v : formula.vars) {
    auto it = given.find(v.name);
    std::string value;
    if (it != given.end()) {
      value = it->second;
      // A value holding the outer formula's placeholders is not known yet.
      bool deferred = value.find("{{") != std::string::npos && flag != "--var";
      if (!deferred)
        if (auto st = CheckVarValue(formula.path, v, value, "vars." + v.name); !st)
          return tl::unexpected(st.error());
    } else if (v.default_value) {
      value = *v.default_value;
    } else if (v.required) {
      return tl::unexpected(
          FormulaError(formula.path, v.line, "vars." + v.name, "required variable is missing",
                       flag == "--var" ? fmt::format("pass --var {}=VALUE", v.name)
                                       : fmt::format("set {} in {}", v.name, flag)));
    }
    out[v.name] = value;
  }
  return out;
}

Result<CookedFormula> CookFormula(const Formula& formula,
                                  const std::map<std::string, std::string>& given) {
  if (formula.type == "expansion")
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("formula \"{}\" is an expansion: it is poured through a workflow step "
                            "with expand = \"{}\"",
                            formula.name, formula.name),
                "see docs/molecules.md, Expansions");
  auto vars = ResolveVars(formula, given, "--var");
  if (!vars) return tl::unexpected(vars.error());
  CookedFormula out;
  out.name = formula.name;
  out.vars = std::move(*vars);
  std::vector<std::string> shown;
  for (const auto& [name, value] : out.vars)
    if (!value.empty()) shown.push_back(fmt::format("{}={}", name, value));
  out.title =
      shown.empty() ? formula.name : fmt::format("{} ({})", formula.name, fmt::join(shown, ", "));
  if (out.title.size() > 200) out.title = out.title.substr(0, 197) + "...";
  out.description = SubstitutePlaceholders(formula.description, out.vars);
  std::map<std::string, int> siblings;  // parent step → children so far
  std::set<std::string> parents;
  for (const FormulaStep& s : formula.steps) parents.insert(s.parent);
  for (size_t i = 0; i < formula.steps.size(); ++i) {
    FormulaStep s = formula.steps[i];
    if (!s.expand.empty())  // ExpandFormula was not run
      return Fail(ErrorKind::kInvalidArgument,
                  fmt::format("{}:{}: steps[{}].expand: formula \"{}\" was not expanded",
                              formula.path, s.lines.at("expand"), i, s.expand));
    if (parents.count(s.id)) s.type = "epic";  // as beads: a step with children is an epic
    auto line = [&](const char* key) {
      auto it = s.lines.find(key);
      return it == s.lines.end() ? s.line : it->second;
    };
    SubstituteStep(&s, out.vars);
    auto fail = [&](const char* key, const std::string& field, const std::string& reason) {
      return tl::unexpected(
          FormulaError(formula.path, line(key), fmt::format("steps[{}].{}", i, field), reason));
    };
    if (!s.check_timeout.empty())
      if (auto d = ParseDuration(s.check_timeout); !d)
        return fail("check_timeout", "check_timeout", d.error().message);
    if (s.gate && !s.gate->timeout.empty())
      if (auto d = ParseDuration(s.gate->timeout); !d)
        return fail("gate", "gate.timeout", d.error().message);
    if (s.gate && !s.gate->at.empty())
      if (auto t = ParseTimestamp(s.gate->at); !t)
        return fail("gate", "gate.at",
                    fmt::format("bad time \"{}\": expected RFC 3339, e.g. 2026-12-01T09:00:00Z",
                                s.gate->at));
    for (const std::string& l : s.labels)
      if (auto st = ValidateLabel(l); !st) {
        return tl::unexpected(FormulaError(formula.path, line("labels"),
                                           fmt::format("steps[{}].labels", i), st.error().message));
      }
    if (auto st = ValidateTitle(s.title); !st) {
      return tl::unexpected(FormulaError(formula.path, line("title"),
                                         fmt::format("steps[{}].title", i), st.error().message));
    }
    int number = ++siblings[s.parent];
    out.steps.push_back({std::move(s), number});
  }
  return out;
}

}  // namespace gt
