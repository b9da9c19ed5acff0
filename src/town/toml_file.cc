#include "town/toml_file.h"

#include <filesystem>
#include <sstream>

#include <fmt/format.h>

#include "ledger/workspace.h"

namespace gt::town {

Result<toml::table> ReadTomlFile(const std::string& path, bool missing_ok) {
  std::error_code ec;
  if (missing_ok && !std::filesystem::exists(path, ec)) return toml::table{};
  try {
    return toml::parse_file(path);
  } catch (const toml::parse_error& err) {
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("{}:{}: {}", path, err.source().begin.line, err.description()),
                "fix the TOML syntax");
  }
}

Status WriteTomlFile(const std::string& path, const std::string& header, const toml::table& t) {
  std::ostringstream out;
  out << header << t << "\n";
  return WriteFileAtomically(path, out.str());
}

}  // namespace gt::town
