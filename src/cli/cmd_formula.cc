// bd formula list|show|cook: workflow templates (docs/molecules.md).
#include <iostream>
#include <map>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "ledger/formula.h"

namespace gt::cli {
namespace {

nlohmann::json StepToJson(const FormulaStep& s, int number) {
  nlohmann::json j = {{"id", s.id},       {"title", s.title},
                      {"type", s.type},   {"priority", s.priority},
                      {"needs", s.needs}, {"labels", s.labels}};
  if (number > 0) j["number"] = number;
  if (!s.parent.empty()) j["parent"] = s.parent;
  if (!s.expand.empty()) j["expand"] = s.expand;
  if (!s.expand_vars.empty()) j["expand_vars"] = s.expand_vars;
  auto put = [&](const char* name, const std::string& value) {
    if (!value.empty()) j[name] = value;
  };
  put("description", s.description);
  put("notes", s.notes);
  put("design", s.design);
  put("acceptance", s.acceptance);
  put("assignee", s.assignee);
  if (!s.check.empty()) j["check"] = s.check;
  if (!s.check_timeout.empty()) j["check_timeout"] = s.check_timeout;
  if (s.gate) {
    nlohmann::json g = {{"type", s.gate->kind}};
    if (!s.gate->id.empty()) g["id"] = s.gate->id;
    if (!s.gate->await_id.empty()) g["await_id"] = s.gate->await_id;
    if (!s.gate->timeout.empty()) g["timeout"] = s.gate->timeout;
    if (!s.gate->at.empty()) g["at"] = s.gate->at;
    if (!s.gate->command.empty()) g["command"] = s.gate->command;
    j["gate"] = g;
  }
  return j;
}

nlohmann::json FormulaToJson(const Formula& f) {
  nlohmann::json vars = nlohmann::json::object();
  for (const FormulaVar& v : f.vars) {
    nlohmann::json j = {{"required", v.required}};
    if (!v.description.empty()) j["description"] = v.description;
    if (v.default_value) j["default"] = *v.default_value;
    if (!v.allowed.empty()) j["enum"] = v.allowed;
    if (!v.pattern.empty()) j["pattern"] = v.pattern;
    vars[v.name] = j;
  }
  nlohmann::json steps = nlohmann::json::array();
  for (const FormulaStep& s : f.type == "expansion" ? f.templates : f.steps)
    steps.push_back(StepToJson(s, 0));
  return {{"formula", f.name},
          {"description", f.description},
          {"version", f.version},
          {"type", f.type},
          {"path", f.path},
          {"vars", vars},
          {f.type == "expansion" ? "template" : "steps", steps}};
}

std::vector<std::string> SearchPath(const Context& ctx) {
  auto beads = ctx.BeadsDir();
  return FormulaSearchPath(beads ? *beads : "");
}

void PrintGraph(const std::vector<CookedStep>& steps) {
  // Each step's place: its number, after its parent's ("2.1") for children.
  std::map<std::string, std::string> place;
  size_t width = 0, place_width = 2;
  for (const CookedStep& s : steps) {
    std::string& p = place[s.step.id];
    p = s.step.parent.empty() ? std::to_string(s.number)
                              : place[s.step.parent] + "." + std::to_string(s.number);
    width = std::max(width, s.step.id.size());
    place_width = std::max(place_width, p.size());
  }
  for (const CookedStep& s : steps) {
    std::cout << fmt::format("  {:>{}}. {:<{}}  {}", place[s.step.id], place_width, s.step.id,
                             width, s.step.title);
    if (!s.step.needs.empty()) std::cout << "  ← " << Join(s.step.needs, ", ");
    if (s.step.gate) std::cout << fmt::format("  [gate: {}]", s.step.gate->kind);
    if (!s.step.check.empty()) std::cout << "  [check: " << Join(s.step.check, " ") << "]";
    std::cout << "\n";
  }
}

}  // namespace

/// Loads and cooks a formula for `cook` and `mol pour`.
Result<CookedFormula> CookNamed(const Context& ctx, const std::string& name,
                                const std::vector<std::string>& var_flags) {
  auto vars = ParseVarFlags(var_flags);
  if (!vars) return tl::unexpected(vars.error());
  auto formula = FindFormula(SearchPath(ctx), name);
  if (!formula) return tl::unexpected(formula.error());
  return CookFormula(*formula, *vars);
}

void AddFormulaCommands(CLI::App& app, Context& ctx) {
  auto* formula = app.add_subcommand("formula", "Workflow templates: list, show and cook them");
  formula->require_subcommand(1);
  formula->footer(
      "Examples:\n  bd formula list\n  bd formula show feature\n  bd formula cook feature --var "
      "name=login\n\nFormulas are NAME.formula.toml files in .beads/formulas/, "
      "$XDG_CONFIG_HOME/gastown/formulas and the built-in set (docs/molecules.md).");

  auto* list = formula->add_subcommand("list", "List the formulas bd can find");
  list->footer("Example:\n  bd formula list --json");
  list->callback([&ctx] {
    auto entries = ListFormulaFiles(SearchPath(ctx));
    nlohmann::json out = nlohmann::json::array();
    if (!ctx.json) std::cout << fmt::format("📜 Formulas ({}):\n", entries.size());
    for (const FormulaEntry& e : entries) {
      auto f = LoadFormulaFile(e.path);
      nlohmann::json j = {{"name", e.name}, {"source", e.source}, {"path", e.path}};
      if (f) {
        j["description"] = f->description;
        j["version"] = f->version;
        j["steps"] = f->steps.size();
      } else {
        j["error"] = f.error().message;
      }
      out.push_back(j);
      if (ctx.json) continue;
      std::string about = f ? f->description.substr(0, f->description.find('\n'))
                            : "(invalid: " + f.error().message + ")";
      std::cout << fmt::format("  {:<12} {:<8} {}\n", e.name, e.source, about);
    }
    if (ctx.json) ctx.PrintJson(out);
  });

  auto name = std::make_shared<std::string>();
  auto* show = formula->add_subcommand("show", "Show a formula: its variables and steps");
  show->add_option("name", *name, "Formula name or path")->required();
  show->footer("Examples:\n  bd formula show feature\n  bd formula show ./my.formula.toml --json");
  show->callback([name, &ctx] {
    auto f = FindFormula(SearchPath(ctx), *name);
    if (!f) return ctx.Fail(f.error());
    if (ctx.json) return ctx.PrintJson(FormulaToJson(*f));
    std::cout << fmt::format("📜 {} (version {}, {})\n", f->name, f->version, f->path);
    if (!f->description.empty()) std::cout << "\n" << f->description << "\n";
    std::cout << "\nVariables:\n";
    if (f->vars.empty()) std::cout << "  (none)\n";
    for (const FormulaVar& v : f->vars) {
      std::string about = v.required ? "required" : "optional";
      if (v.default_value) about += fmt::format(", default \"{}\"", *v.default_value);
      if (!v.allowed.empty()) about += ", one of " + Join(v.allowed, "|");
      if (!v.pattern.empty()) about += ", matching " + v.pattern;
      std::cout << fmt::format("  {} ({}){}\n", v.name, about,
                               v.description.empty() ? "" : ": " + v.description);
    }
    bool expansion = f->type == "expansion";
    std::cout << (expansion ? "\nTemplate (for steps with expand = \"" + f->name + "\"):\n"
                            : std::string("\nSteps:\n"));
    std::vector<CookedStep> steps;
    std::map<std::string, int> siblings;
    for (const FormulaStep& s : expansion ? f->templates : f->steps)
      steps.push_back({s, ++siblings[s.parent]});
    PrintGraph(steps);
  });

  struct CookOpts {
    std::string name;
    std::vector<std::string> vars;
  };
  auto o = std::make_shared<CookOpts>();
  auto* cook = formula->add_subcommand(
      "cook", "Validate a formula with its variables and print the graph a pour would write");
  cook->add_option("name", o->name, "Formula name or path")->required();
  cook->add_option("--var", o->vars, "A variable, NAME=VALUE (repeatable)");
  cook->footer(
      "Examples:\n  bd formula cook feature --var name=login\n  bd formula cook "
      "./draft.formula.toml --json\n\nWrites nothing. Errors name the file, line and field.");
  cook->callback([o, &ctx] {
    auto cooked = CookNamed(ctx, o->name, o->vars);
    if (!cooked) return ctx.Fail(cooked.error());
    if (ctx.json) {
      nlohmann::json steps = nlohmann::json::array();
      for (const CookedStep& s : cooked->steps) steps.push_back(StepToJson(s.step, s.number));
      return ctx.PrintJson({{"formula", cooked->name},
                            {"title", cooked->title},
                            {"description", cooked->description},
                            {"vars", cooked->vars},
                            {"steps", steps}});
    }
    std::cout << fmt::format("✓ Formula {} is valid: {} steps\n", cooked->name,
                             cooked->steps.size());
    std::cout << fmt::format("Epic: {}\n", cooked->title);
    PrintGraph(cooked->steps);
  });
}

}  // namespace gt::cli
