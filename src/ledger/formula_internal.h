// Internals shared by the formula files (formula_parse.cc, formula_validate.cc,
// formula.cc); not for use outside src/ledger/formula*.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "ledger/formula.h"

namespace gt::formula_internal {

inline constexpr const char* kFormulaSuffix = ".formula.toml";

std::string JoinText(const std::vector<std::string>& parts, const char* sep);
/// Calls `fn` with each `{{name}}` placeholder's name in `text`.
void ForEachPlaceholder(const std::string& text, const std::function<void(const std::string&)>& fn);
/// `text` with each `{{name}}` of `vars` replaced (others left as they are).
std::string Substitute(const std::string& text, const std::map<std::string, std::string>& vars);
/// kInvalidArgument "PATH:LINE: FIELD: reason".
Error FormulaError(const std::string& path, int line, const std::string& field,
                   const std::string& reason, const std::string& hint = "");
/// Checks a value against a variable's enum and pattern.
Status CheckVarValue(const std::string& path, const FormulaVar& var, const std::string& value,
                     const std::string& field);
/// Duplicate step ids, unknown needs, cycles.
Status ValidateGraph(const Formula& f);
/// Every `{{name}}` names a declared variable.
Status ValidatePlaceholders(const Formula& f);

}  // namespace gt::formula_internal
