// Formulas, part 1: reading a formula's TOML into a Formula, field by field,
// with "PATH:LINE: FIELD: reason" errors. The checks across fields (graph,
// placeholders) are in formula_validate.cc; lookup and cooking in formula.cc.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/bead.h"
#include "ledger/formula.h"
#include "ledger/formula_internal.h"

namespace gt {
namespace fs = std::filesystem;
using namespace formula_internal;
namespace {

constexpr const char* kGateKinds[] = {"human", "timer", "command", "bead"};

int LineOf(const toml::node& node) {
  return static_cast<int>(node.source().begin.line);
}

const char* TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    default:
      return "a date or time";
  }
}

bool IsIdentifier(const std::string& s) {
  static const std::regex re("[A-Za-z_][A-Za-z0-9_]*");
  return std::regex_match(s, re);
}

/// Reads one formula, keeping the first error ("PATH:LINE: FIELD: reason").
class Parser {
 public:
  explicit Parser(std::string path) : path_(std::move(path)) {}

  bool Fail(int line, const std::string& field, const std::string& reason,
            const std::string& hint = "") {
    if (!error_) error_ = FormulaError(path_, line, field, reason, hint);
    return false;
  }
  const std::optional<Error>& error() const { return error_; }

  bool String(const toml::node& node, const std::string& field, std::string* out) {
    const auto* s = node.as_string();
    if (!s)
      return Fail(LineOf(node), field, fmt::format("must be a string, not {}", TypeName(node)));
    *out = s->get();
    return true;
  }
  bool Strings(const toml::node& node, const std::string& field, std::vector<std::string>* out) {
    const auto* array = node.as_array();
    if (!array)
      return Fail(LineOf(node), field,
                  fmt::format("must be an array of strings, not {}", TypeName(node)));
    for (const toml::node& item : *array) {
      std::string s;
      if (!String(item, field, &s)) return false;
      out->push_back(std::move(s));
    }
    return true;
  }
  bool Integer(const toml::node& node, const std::string& field, int64_t* out) {
    const auto* i = node.as_integer();
    if (!i)
      return Fail(LineOf(node), field, fmt::format("must be an integer, not {}", TypeName(node)));
    *out = i->get();
    return true;
  }
  bool Boolean(const toml::node& node, const std::string& field, bool* out) {
    const auto* b = node.as_boolean();
    if (!b)
      return Fail(LineOf(node), field,
                  fmt::format("must be true or false, not {}", TypeName(node)));
    *out = b->get();
    return true;
  }

  bool Var(const std::string& name, const toml::node& node, FormulaVar* var) {
    std::string field = "vars." + name;
    var->name = name;
    var->line = LineOf(node);
    if (!IsIdentifier(name))
      return Fail(var->line, field, "a variable name is letters, digits and '_'");
    if (node.is_string()) {  // a bare string is the default
      var->default_value = node.as_string()->get();
      return true;
    }
    const auto* t = node.as_table();
    if (!t)
      return Fail(var->line, field,
                  fmt::format("must be a table or a default string, not {}", TypeName(node)));
    for (auto&& [k, v] : *t) {
      std::string key(k.str()), sub = field + "." + key;
      bool ok = true;
      if (key == "description") {
        ok = String(v, sub, &var->description);
      } else if (key == "default") {
        if (v.is_integer()) {
          var->default_value = std::to_string(v.as_integer()->get());
        } else {
          std::string s;
          ok = String(v, sub, &s);
          var->default_value = s;
        }
      } else if (key == "required") {
        ok = Boolean(v, sub, &var->required);
      } else if (key == "enum") {
        ok = Strings(v, sub, &var->allowed);
      } else if (key == "pattern") {
        ok = String(v, sub, &var->pattern);
        if (ok) {
          try {
            std::regex re(var->pattern);
          } catch (const std::regex_error& e) {
            return Fail(LineOf(v), sub, fmt::format("invalid regular expression: {}", e.what()));
          }
        }
      } else if (key == "type") {
        std::string ignored;
        ok = String(v, sub, &ignored);
      } else {
        return Fail(LineOf(v), sub,
                    "unknown field (known: description, default, required, enum, pattern, type)");
      }
      if (!ok) return false;
    }
    if (var->required && var->default_value)
      return Fail(var->line, field, "required and default cannot both be set",
                  "drop one: a variable with a default is never missing");
    if (var->default_value) return CheckValue(*var, *var->default_value, field + ".default");
    return true;
  }

  /// Checks a value against a variable's enum and pattern.
  bool CheckValue(const FormulaVar& var, const std::string& value, const std::string& field) {
    auto st = CheckVarValue(path_, var, value, field);
    if (!st && !error_) error_ = st.error();
    return bool(st);
  }

  bool Gate(const toml::node& node, const std::string& field, FormulaGate* gate) {
    const auto* t = node.as_table();
    if (!t)
      return Fail(
          LineOf(node), field,
          fmt::format("must be a table such as {{type = \"human\"}}, not {}", TypeName(node)));
    for (auto&& [k, v] : *t) {
      std::string key(k.str()), sub = field + "." + key;
      bool ok = true;
      if (key == "type") {
        ok = String(v, sub, &gate->kind);
        if (ok && std::find(std::begin(kGateKinds), std::end(kGateKinds), gate->kind) ==
                      std::end(kGateKinds))
          return Fail(LineOf(v), sub,
                      fmt::format("bad gate kind \"{}\" (expected human, timer, command or bead)",
                                  gate->kind));
      } else if (key == "id") {
        ok = String(v, sub, &gate->id);
      } else if (key == "await_id") {
        ok = String(v, sub, &gate->await_id);
      } else if (key == "timeout") {
        ok = String(v, sub, &gate->timeout);
      } else if (key == "at") {
        ok = String(v, sub, &gate->at);
      } else if (key == "command") {
        if (v.is_string())
          return Fail(LineOf(v), sub, "must be an argument vector, e.g. [\"make\", \"test\"]",
                      "commands are never run through a shell");
        ok = Strings(v, sub, &gate->command);
      } else {
        return Fail(LineOf(v), sub,
                    "unknown field (known: type, id, await_id, timeout, at, command)");
      }
      if (!ok) return false;
    }
    int line = LineOf(node);
    if (gate->kind.empty()) return Fail(line, field + ".type", "is required");
    if (gate->kind == "timer" && gate->timeout.empty() && gate->at.empty())
      return Fail(line, field + ".timeout",
                  "a timer gate needs a timeout (e.g. \"24h\") or an at time (e.g. "
                  "\"2026-12-01T09:00:00Z\")");
    if (gate->kind == "timer" && !gate->timeout.empty() && !gate->at.empty())
      return Fail(line, field + ".at", "give a timeout or an at time, not both");
    if (gate->kind != "timer" && (!gate->timeout.empty() || !gate->at.empty()))
      return Fail(line, field + (gate->at.empty() ? ".timeout" : ".at"),
                  "only timer gates have a time");
    if (gate->kind == "bead" && gate->await_id.empty())
      return Fail(line, field + ".await_id", "a bead gate needs the id of the bead to wait for");
    if (gate->kind == "command" && gate->command.empty())
      return Fail(line, field + ".command",
                  "a command gate needs an argument vector, e.g. [\"make\", \"test\"]");
    return true;
  }

  bool Step(const toml::node& node, const std::string& field, FormulaStep* step) {
    step->line = LineOf(node);
    const auto* t = node.as_table();
    if (!t) return Fail(step->line, field, fmt::format("must be a table, not {}", TypeName(node)));
    for (auto&& [k, v] : *t) {
      std::string key(k.str()), sub = field + "." + key;
      step->lines[key] = LineOf(v);
      bool ok = true;
      if (key == "id") {
        ok = String(v, sub, &step->id);
        static const std::regex re("[A-Za-z0-9_][A-Za-z0-9_.-]*");
        if (ok && !std::regex_match(step->id, re))
          return Fail(
              LineOf(v), sub,
              fmt::format("bad step id \"{}\": use letters, digits, '_', '-' and '.'", step->id));
      } else if (key == "title") {
        ok = String(v, sub, &step->title);
      } else if (key == "description") {
        ok = String(v, sub, &step->description);
      } else if (key == "notes") {
        ok = String(v, sub, &step->notes);
      } else if (key == "design") {
        ok = String(v, sub, &step->design);
      } else if (key == "acceptance") {
        ok = String(v, sub, &step->acceptance);
      } else if (key == "assignee") {
        ok = String(v, sub, &step->assignee);
      } else if (key == "type") {
        std::string type;
        ok = String(v, sub, &type);
        if (!ok) return false;
        auto normal = NormalizeIssueType(type);
        if (!normal) return Fail(LineOf(v), sub, normal.error().message);
        step->type = *normal;
      } else if (key == "priority") {
        int64_t p = 0;
        ok = Integer(v, sub, &p);
        if (ok && (p < 0 || p > 4)) return Fail(LineOf(v), sub, "must be 0 to 4");
        step->priority = static_cast<int>(p);
      } else if (key == "labels") {
        ok = Strings(v, sub, &step->labels);
      } else if (key == "needs" || key == "depends_on") {
        ok = Strings(v, sub, &step->needs);
        step->lines["needs"] = LineOf(v);
      } else if (key == "gate") {
        step->gate.emplace();
        ok = Gate(v, sub, &*step->gate);
      } else if (key == "check") {
        if (v.is_string())
          return Fail(LineOf(v), sub, "must be an argument vector, e.g. [\"make\", \"test\"]",
                      "checks are never run through a shell");
        ok = Strings(v, sub, &step->check);
        if (ok && step->check.empty())
          return Fail(LineOf(v), sub, "is empty (leave it out for no check)");
      } else if (key == "check_timeout") {
        ok = String(v, sub, &step->check_timeout);
      } else if (key == "children" || key == "expand" || key == "expand_vars" ||
                 key == "waits_for" || key == "condition" || key == "loop" ||
                 key == "on_complete" || key == "metadata") {
        return Fail(LineOf(v), sub, "not supported yet");
      } else {
        return Fail(LineOf(v), sub,
                    "unknown field (known: id, title, description, notes, design, acceptance, "
                    "type, priority, labels, assignee, needs, depends_on, gate, check, "
                    "check_timeout)");
      }
      if (!ok) return false;
    }
    if (step->id.empty()) return Fail(step->line, field + ".id", "is required");
    if (step->title.empty()) return Fail(step->line, field + ".title", "is required");
    if (!step->check_timeout.empty() && step->check.empty())
      return Fail(step->lines["check_timeout"], field + ".check_timeout",
                  "a check_timeout needs a check");
    return true;
  }

  bool Formula(const toml::table& root, gt::Formula* f) {
    bool has_name = false, has_version = false;
    for (auto&& [k, v] : root) {
      std::string key(k.str());
      bool ok = true;
      if (key == "formula") {
        ok = String(v, key, &f->name);
        has_name = true;
      } else if (key == "description") {
        ok = String(v, key, &f->description);
      } else if (key == "version") {
        ok = Integer(v, key, &f->version);
        if (ok && f->version < 1) return Fail(LineOf(v), key, "must be >= 1");
        has_version = true;
      } else if (key == "type") {
        ok = String(v, key, &f->type);
        if (ok && f->type != "workflow") {
          if (f->type == "expansion" || f->type == "aspect" || f->type == "convoy")
            return Fail(LineOf(v), key,
                        fmt::format("\"{}\" formulas are not supported yet", f->type));
          return Fail(LineOf(v), key,
                      fmt::format("unknown type \"{}\" (expected workflow)", f->type));
        }
      } else if (key == "vars") {
        const auto* t = v.as_table();
        if (!t) return Fail(LineOf(v), key, fmt::format("must be a table, not {}", TypeName(v)));
        for (auto&& [name, node] : *t) {
          FormulaVar var;
          if (!Var(std::string(name.str()), node, &var)) return false;
          f->vars.push_back(std::move(var));
        }
      } else if (key == "steps") {
        const auto* array = v.as_array();
        if (!array)
          return Fail(LineOf(v), key,
                      fmt::format("must be an array of tables ([[steps]]), not {}", TypeName(v)));
        for (size_t i = 0; i < array->size(); ++i) {
          FormulaStep step;
          if (!Step((*array)[i], fmt::format("steps[{}]", i), &step)) return false;
          f->steps.push_back(std::move(step));
        }
      } else if (key == "extends" || key == "template" || key == "compose" || key == "advice" ||
                 key == "pointcuts" || key == "phase" || key == "pour") {
        return Fail(LineOf(v), key, "not supported yet");
      } else {
        return Fail(LineOf(v), key,
                    "unknown field (known: formula, description, version, type, vars, steps)");
      }
      if (!ok) return false;
    }
    if (!has_name) return Fail(1, "formula", "is required (the formula's name)");
    if (!has_version) return Fail(1, "version", "is required (use version = 1)");
    std::string file = fs::path(path_).filename().string();
    if (file.ends_with(kFormulaSuffix) && file != f->name + kFormulaSuffix)
      return Fail(LineOf(*root.get("formula")), "formula",
                  fmt::format("name \"{}\" does not match the file name {}", f->name, file));
    if (f->steps.empty()) return Fail(1, "steps", "a formula needs at least one [[steps]]");
    for (auto check : {ValidateGraph, ValidatePlaceholders})
      if (auto st = check(*f); !st) {
        if (!error_) error_ = st.error();
        return false;
      }
    return true;
  }

 private:
  std::string path_;
  std::optional<Error> error_;
};

}  // namespace

Result<Formula> ParseFormula(const std::string& text, const std::string& path) {
  toml::table root;
  try {  // Debian's toml++ reports parse errors by exception; none leave here.
    root = toml::parse(text, path);
  } catch (const toml::parse_error& err) {
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("{}:{}: {}", path, err.source().begin.line, err.description()),
                "fix the TOML syntax");
  }
  Parser parser(path);
  Formula formula;
  formula.path = path;
  if (!parser.Formula(root, &formula)) return tl::unexpected(*parser.error());
  std::sort(formula.vars.begin(), formula.vars.end(),
            [](const FormulaVar& a, const FormulaVar& b) { return a.name < b.name; });
  return formula;
}

Result<Formula> LoadFormulaFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Fail(ErrorKind::kNotFound, fmt::format("cannot read formula {}", path),
                "check the path, or list formulas with `bd formula list`");
  std::ostringstream text;
  text << in.rdbuf();
  return ParseFormula(text.str(), path);
}

}  // namespace gt
