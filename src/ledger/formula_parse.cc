// Formulas, part one: TOML text to a checked Formula (ParseFormula).
#include "ledger/formula.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/bead.h"

namespace gt {
namespace fs = std::filesystem;
namespace {

constexpr const char* kSuffix = ".formula.toml";
constexpr const char* kGateKinds[] = {"human", "timer", "command", "bead"};

std::string JoinText(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

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

/// Calls `fn` with each `{{name}}` placeholder's name in `text`.
void ForEachPlaceholder(const std::string& text,
                        const std::function<void(const std::string&)>& fn) {
  static const std::regex re("\\{\\{([A-Za-z_][A-Za-z0-9_]*)\\}\\}");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it)
    fn((*it)[1].str());
}

/// Reads one formula, keeping the first error ("PATH:LINE: FIELD: reason").
class Parser {
 public:
  explicit Parser(std::string path) : path_(std::move(path)) {}

  bool Fail(int line, const std::string& field, const std::string& reason,
            const std::string& hint = "") {
    if (!error_)
      error_ = Error{ErrorKind::kInvalidArgument,
                     fmt::format("{}:{}: {}: {}", path_, line, field, reason), hint};
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
    if (!var.allowed.empty() &&
        std::find(var.allowed.begin(), var.allowed.end(), value) == var.allowed.end())
      return Fail(var.line, field,
                  fmt::format("\"{}\" is not one of: {}", value, JoinText(var.allowed, ", ")));
    if (!var.pattern.empty() && !std::regex_match(value, std::regex(var.pattern)))
      return Fail(var.line, field,
                  fmt::format("\"{}\" does not match the pattern {}", value, var.pattern));
    return true;
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

  /// One step; its `children` (each followed by its own) go to `kids`.
  bool Step(const toml::node& node, const std::string& field, FormulaStep* step,
            std::vector<FormulaStep>* kids) {
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
      } else if (key == "children") {
        const auto* array = v.as_array();
        if (!array)
          return Fail(LineOf(v), sub,
                      fmt::format("must be an array of step tables, not {}", TypeName(v)));
        for (size_t i = 0; i < array->size(); ++i) {
          FormulaStep child;
          std::vector<FormulaStep> grandchildren;
          if (!Step((*array)[i], fmt::format("{}[{}]", sub, i), &child, &grandchildren))
            return false;
          kids->push_back(std::move(child));
          for (FormulaStep& g : grandchildren) kids->push_back(std::move(g));
        }
      } else if (key == "expand") {
        ok = String(v, sub, &step->expand);
        if (ok && step->expand.empty()) return Fail(LineOf(v), sub, "names no formula");
      } else if (key == "expand_vars") {
        const auto* vars = v.as_table();
        if (!vars) return Fail(LineOf(v), sub, fmt::format("must be a table, not {}", TypeName(v)));
        for (auto&& [name, value] : *vars) {
          std::string text;
          if (!String(value, sub + "." + std::string(name.str()), &text)) return false;
          step->expand_vars[std::string(name.str())] = text;
        }
      } else if (key == "waits_for" || key == "condition" || key == "loop" ||
                 key == "on_complete" || key == "metadata") {
        return Fail(LineOf(v), sub, "not supported yet");
      } else {
        return Fail(LineOf(v), sub,
                    "unknown field (known: id, title, description, notes, design, acceptance, "
                    "type, priority, labels, assignee, needs, depends_on, gate, check, "
                    "check_timeout, children, expand, expand_vars)");
      }
      if (!ok) return false;
    }
    if (step->id.empty()) return Fail(step->line, field + ".id", "is required");
    if (step->expand.empty() && step->title.empty())
      return Fail(step->line, field + ".title", "is required");
    if (!step->expand.empty() && !kids->empty())
      return Fail(step->lines.at("expand"), field + ".expand",
                  "a step cannot both expand and have children");
    if (!step->check_timeout.empty() && step->check.empty())
      return Fail(step->lines["check_timeout"], field + ".check_timeout",
                  "a check_timeout needs a check");
    if (step->expand.empty() && !step->expand_vars.empty())
      return Fail(step->lines.at("expand_vars"), field + ".expand_vars",
                  "expand_vars without expand");
    for (FormulaStep& kid : *kids)
      if (kid.parent.empty()) kid.parent = step->id;
    return true;
  }

  /// `[[steps]]` or `[[template]]`: each step followed by its children.
  bool Steps(const toml::node& v, const std::string& key, std::vector<FormulaStep>* out) {
    const auto* array = v.as_array();
    if (!array)
      return Fail(LineOf(v), key,
                  fmt::format("must be an array of tables ([[{}]]), not {}", key, TypeName(v)));
    for (size_t i = 0; i < array->size(); ++i) {
      FormulaStep step;
      std::vector<FormulaStep> kids;
      if (!Step((*array)[i], fmt::format("{}[{}]", key, i), &step, &kids)) return false;
      out->push_back(std::move(step));
      for (FormulaStep& kid : kids) out->push_back(std::move(kid));
    }
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
        if (ok && f->type != "workflow" && f->type != "expansion") {
          if (f->type == "aspect" || f->type == "convoy")
            return Fail(LineOf(v), key,
                        fmt::format("\"{}\" formulas are not supported yet", f->type));
          return Fail(LineOf(v), key,
                      fmt::format("unknown type \"{}\" (expected workflow or expansion)", f->type));
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
        ok = Steps(v, key, &f->steps);
      } else if (key == "template") {
        ok = Steps(v, key, &f->templates);
      } else if (key == "extends" || key == "compose" || key == "advice" || key == "pointcuts" ||
                 key == "phase" || key == "pour") {
        return Fail(LineOf(v), key, "not supported yet");
      } else {
        return Fail(LineOf(v), key,
                    "unknown field (known: formula, description, version, type, vars, steps, "
                    "template)");
      }
      if (!ok) return false;
    }
    if (!has_name) return Fail(1, "formula", "is required (the formula's name)");
    if (!has_version) return Fail(1, "version", "is required (use version = 1)");
    std::string file = fs::path(path_).filename().string();
    if (file.ends_with(kSuffix) && file != f->name + kSuffix)
      return Fail(LineOf(*root.get("formula")), "formula",
                  fmt::format("name \"{}\" does not match the file name {}", f->name, file));
    bool expansion = f->type == "expansion";
    if (expansion) {
      if (!f->steps.empty())
        return Fail(f->steps[0].line, "steps",
                    "an expansion formula has [[template]] steps, not [[steps]]");
      if (f->templates.empty())
        return Fail(1, "template", "an expansion formula needs at least one [[template]] step");
      for (const FormulaStep& t : f->templates)
        if (!t.expand.empty())
          return Fail(t.lines.at("expand"), "template.expand",
                      "a template step cannot expand another formula");
    } else {
      if (!f->templates.empty())
        return Fail(f->templates[0].line, "template",
                    "[[template]] steps belong in an expansion formula (type = \"expansion\")");
      if (f->steps.empty()) return Fail(1, "steps", "a formula needs at least one [[steps]]");
    }
    const char* field = expansion ? "template" : "steps";
    const auto& steps = expansion ? f->templates : f->steps;
    return Graph(steps, field) && Placeholders(*f, steps, field);
  }

  /// Duplicate ids, unknown needs and cycles.
  bool Graph(const std::vector<FormulaStep>& steps, const char* field_name) {
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < steps.size(); ++i) {
      const FormulaStep& s = steps[i];
      auto [it, added] = index.emplace(s.id, i);
      if (!added)
        return Fail(s.lines.at("id"), fmt::format("{}[{}].id", field_name, i),
                    fmt::format("duplicate step id \"{}\" (first at line {})", s.id,
                                steps[it->second].lines.at("id")));
    }
    for (size_t i = 0; i < steps.size(); ++i) {
      const FormulaStep& s = steps[i];
      for (const std::string& need : s.needs) {
        std::string field = fmt::format("{}[{}].needs", field_name, i);
        if (!index.count(need))
          return Fail(s.lines.at("needs"), field, fmt::format("unknown step \"{}\"", need));
        if (need == s.id)
          return Fail(s.lines.at("needs"), field,
                      fmt::format("step \"{}\" cannot need itself", s.id));
        // A parent closes after its children: a child waiting for it never starts.
        for (std::string up = s.parent; !up.empty(); up = steps[index.at(up)].parent)
          if (up == need)
            return Fail(
                s.lines.at("needs"), field,
                fmt::format("step \"{}\" cannot need \"{}\", its own parent step", s.id, need));
      }
    }
    // Depth-first, in file order, so the cycle named is always the same one.
    std::vector<int> state(steps.size(), 0);  // 0 new, 1 on the path, 2 done
    std::vector<size_t> path;
    std::function<bool(size_t)> visit = [&](size_t i) {
      state[i] = 1;
      path.push_back(i);
      for (const std::string& need : steps[i].needs) {
        size_t j = index.at(need);
        if (state[j] == 1) {
          auto from = std::find(path.begin(), path.end(), j);
          std::vector<std::string> ids;
          for (auto it = from; it != path.end(); ++it) ids.push_back(steps[*it].id);
          ids.push_back(steps[j].id);
          return Fail(steps[j].lines.at("needs"), fmt::format("{}[{}].needs", field_name, j),
                      fmt::format("cycle: {}", JoinText(ids, " -> ")));
        }
        if (state[j] == 0 && !visit(j)) return false;
      }
      path.pop_back();
      state[i] = 2;
      return true;
    };
    for (size_t i = 0; i < steps.size(); ++i)
      if (state[i] == 0 && !visit(i)) return false;
    return true;
  }

  /// Every `{{name}}` names a declared variable.
  bool Placeholders(const gt::Formula& formula, const std::vector<FormulaStep>& steps,
                    const char* field_name) {
    std::set<std::string> declared;
    for (const FormulaVar& v : formula.vars) declared.insert(v.name);
    auto check = [&](const std::string& text, int line, const std::string& field) {
      bool ok = true;
      ForEachPlaceholder(text, [&](const std::string& name) {
        if (ok && !declared.count(name))
          ok = Fail(line, field, fmt::format("undefined variable \"{}\"", name),
                    fmt::format("declare it with [vars.{}]", name));
      });
      return ok;
    };
    for (size_t i = 0; i < steps.size(); ++i) {
      const FormulaStep& s = steps[i];
      auto line = [&](const char* key) {
        auto it = s.lines.find(key);
        return it == s.lines.end() ? s.line : it->second;
      };
      std::string at = fmt::format("{}[{}].", field_name, i);
      std::vector<std::pair<const char*, std::string>> texts = {
          {"title", s.title},   {"description", s.description}, {"notes", s.notes},
          {"design", s.design}, {"acceptance", s.acceptance},   {"assignee", s.assignee}};
      for (const std::string& l : s.labels) texts.push_back({"labels", l});
      for (const std::string& a : s.check) texts.push_back({"check", a});
      for (const auto& [name, value] : s.expand_vars) texts.push_back({"expand_vars", value});
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

 private:
  std::string path_;
  std::optional<Error> error_;
};

}  // namespace

Error FormulaError(const std::string& path, int line, const std::string& field,
                   const std::string& reason, const std::string& hint) {
  return Error{ErrorKind::kInvalidArgument, fmt::format("{}:{}: {}: {}", path, line, field, reason),
               hint};
}

Status CheckVarValue(const std::string& path, const FormulaVar& var, const std::string& value,
                     const std::string& field) {
  Parser parser(path);
  if (!parser.CheckValue(var, value, field)) return tl::unexpected(*parser.error());
  return {};
}

Status CheckStepGraph(const Formula& formula) {
  Parser parser(formula.path);
  if (!parser.Graph(formula.steps, "steps")) return tl::unexpected(*parser.error());
  return {};
}

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
