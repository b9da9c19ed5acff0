// Formulas: workflow templates in beads' `NAME.formula.toml` format (see
// docs/molecules.md), parsed, validated and cooked into the step graph a pour
// writes. Plain data and free functions; nothing here touches the ledger.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace gt {

/// A variable a formula takes (`[vars.NAME]`).
struct FormulaVar {
  std::string name;
  std::string description;
  std::optional<std::string> default_value;
  bool required = false;
  std::vector<std::string> allowed;  // `enum`; empty: any value
  std::string pattern;               // ECMAScript regex the whole value must match
  int line = 0;
};

/// What a step waits for before it can start (`gate = {type = …}`).
struct FormulaGate {
  std::string kind;  // human | timer | command | bead
  std::string id;
  std::string await_id;              // bead: the bead that must close
  std::string timeout;               // timer: a duration ("2h"), counted from the pour
  std::string at;                    // timer: or an RFC 3339 time
  std::vector<std::string> command;  // command: an argument vector
};

/// One `[[steps]]` entry, placeholders not yet substituted.
struct FormulaStep {
  std::string id;
  std::string title;
  std::string description;
  std::string notes;
  std::string design;
  std::string acceptance;
  std::string type = "task";
  int priority = 2;
  std::string assignee;
  std::vector<std::string> labels;
  std::vector<std::string> needs;  // `needs` and `depends_on`, in file order
  std::optional<FormulaGate> gate;
  std::vector<std::string> check;  // an argument vector; empty: none
  std::string check_timeout;       // a duration ("15m"); empty: the default (10m)
  /// The step this one is a child of (`children`); "" at the top level.
  /// Parsing flattens children into the formula's step list after their parent.
  std::string parent;
  /// `expand = "NAME"`: replaced by expansion formula NAME's template steps
  /// (ExpandFormula), with `expand_vars` as its variables.
  std::string expand;
  std::map<std::string, std::string> expand_vars;
  int line = 0;
  std::map<std::string, int> lines;  // field → line, for messages
};

/// A parsed and structurally valid formula.
struct Formula {
  std::string name;
  std::string description;
  int64_t version = 1;
  std::string type = "workflow";       // or "expansion"
  std::vector<FormulaVar> vars;        // in name order
  std::vector<FormulaStep> steps;      // in file order (children after their parent)
  std::vector<FormulaStep> templates;  // an expansion's `[[template]]` steps
  std::string path;                    // where it was read from, as shown in messages
};

/// Parses a formula's TOML text and checks everything that does not depend on
/// the variables: required fields and their types, duplicate step ids,
/// unknown `needs`, cycles, gate kinds, and placeholders naming undefined
/// variables. Errors read "PATH:LINE: FIELD: reason".
Result<Formula> ParseFormula(const std::string& text, const std::string& path);
/// Reads and parses a file; `path` is also what messages show.
Result<Formula> LoadFormulaFile(const std::string& path);

/// Replaces each step that has `expand = "NAME"` by expansion formula NAME's
/// template steps, loaded with `load`: their ids become `STEP.ID`, the
/// expansion's variables take `expand_vars`, template steps without needs
/// inherit the step's needs, and steps that needed it need the template's
/// last steps instead. Errors name the file, line and field of the `expand`.
using FormulaLoader = std::function<Result<Formula>(const std::string& name)>;
Result<Formula> ExpandFormula(Formula formula, const FormulaLoader& load);

/// An error at a place in a formula file: "PATH:LINE: FIELD: reason".
Error FormulaError(const std::string& path, int line, const std::string& field,
                   const std::string& reason, const std::string& hint = "");
/// Checks a value against a variable's `enum` and `pattern`.
Status CheckVarValue(const std::string& path, const FormulaVar& var, const std::string& value,
                     const std::string& field);

/// `{{name}}` replaced by `vars[name]`; placeholders of other names stay.
std::string SubstitutePlaceholders(const std::string& text,
                                   const std::map<std::string, std::string>& vars);
/// SubstitutePlaceholders over every text of a step (titles, labels, check,
/// gate fields, expand_vars).
void SubstituteStep(FormulaStep* step, const std::map<std::string, std::string>& vars);

/// Duplicate ids, unknown needs or parents, and cycles, as ParseFormula checks.
Status CheckStepGraph(const Formula& formula);

/// Where formulas are looked up, first match wins: the ledger's
/// `formulas/` (if `beads_dir` is set), the user's
/// `$XDG_CONFIG_HOME/gastown/formulas`, then the built-in formulas.
std::vector<std::string> FormulaSearchPath(const std::string& beads_dir);

struct FormulaEntry {
  std::string name;
  std::string path;
  std::string source;  // project | user | builtin
};
/// Every `*.formula.toml` on the path, by name; a name found twice is the
/// first one (later ones are shadowed).
std::vector<FormulaEntry> ListFormulaFiles(const std::vector<std::string>& dirs);
/// Finds and loads a formula by name, or by path when `name_or_path`
/// contains '/' or ends in ".formula.toml", and expands its `expand` steps
/// with formulas found the same way (the formula's own directory first).
Result<Formula> FindFormula(const std::vector<std::string>& dirs, const std::string& name_or_path);

/// One step with variables substituted, ready to pour.
struct CookedStep {
  FormulaStep step;
  int number = 0;  // 1-based position among its siblings: the child id suffix
};
struct CookedFormula {
  std::string name;
  std::string title;  // the epic's title
  std::string description;
  std::map<std::string, std::string> vars;  // every variable, resolved
  std::vector<CookedStep> steps;            // in file order
};

/// Parses `k=v` flags into a map; an entry without '=' is an error.
Result<std::map<std::string, std::string>> ParseVarFlags(const std::vector<std::string>& flags);
/// Every variable of `formula` from `given` (named by `flag` in messages:
/// "--var" or "steps[2].expand_vars"), defaults, required, enum and pattern.
/// expand_vars values containing `{{…}}` (the outer formula's variables) are
/// not checked against enum and pattern.
Result<std::map<std::string, std::string>> ResolveVars(
    const Formula& formula, const std::map<std::string, std::string>& given,
    const std::string& flag);
/// Resolves the variables (defaults, required, enum, pattern; unknown names
/// are refused) and substitutes `{{name}}` everywhere. Deterministic: the
/// same formula and variables give the same result.
Result<CookedFormula> CookFormula(const Formula& formula,
                                  const std::map<std::string, std::string>& vars);

}  // namespace gt
