// Reading and rewriting the town's TOML settings files (rig.toml,
// daemon.toml) whole, so that keys one module does not know are kept.
#pragma once

#include <string>

#include <toml++/toml.h>

#include "core/result.h"

namespace gt::town {

/// Parses `path`; a syntax error names the file and line. With
/// `missing_ok`, a file that does not exist reads as an empty table.
Result<toml::table> ReadTomlFile(const std::string& path, bool missing_ok = false);
/// Writes `header` (comment lines) and the table atomically.
Status WriteTomlFile(const std::string& path, const std::string& header, const toml::table& t);

}  // namespace gt::town
