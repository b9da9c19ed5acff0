#include "ledger/formula_internal.h"

#include <algorithm>
#include <regex>

#include <fmt/format.h>

namespace gt::formula_internal {

std::string JoinText(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

/// Calls `fn` with each `{{name}}` placeholder's name in `text`.
void ForEachPlaceholder(const std::string& text,
                        const std::function<void(const std::string&)>& fn) {
  static const std::regex re("\\{\\{([A-Za-z_][A-Za-z0-9_]*)\\}\\}");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it)
    fn((*it)[1].str());
}

std::string Substitute(const std::string& text, const std::map<std::string, std::string>& vars) {
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

Error FormulaError(const std::string& path, int line, const std::string& field,
                   const std::string& reason, const std::string& hint) {
  return Error{ErrorKind::kInvalidArgument, fmt::format("{}:{}: {}: {}", path, line, field, reason),
               hint};
}

Status CheckVarValue(const std::string& path, const FormulaVar& var, const std::string& value,
                     const std::string& field) {
  if (!var.allowed.empty() &&
      std::find(var.allowed.begin(), var.allowed.end(), value) == var.allowed.end())
    return tl::unexpected(
        FormulaError(path, var.line, field,
                     fmt::format("\"{}\" is not one of: {}", value, JoinText(var.allowed, ", "))));
  if (!var.pattern.empty() && !std::regex_match(value, std::regex(var.pattern)))
    return tl::unexpected(
        FormulaError(path, var.line, field,
                     fmt::format("\"{}\" does not match the pattern {}", value, var.pattern)));
  return {};
}

}  // namespace gt::formula_internal
