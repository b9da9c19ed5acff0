// `bd config`: reading and changing the settings in .beads/config.toml.
//
// Keys are beads' dotted names ("export.auto"); in the file they are TOML
// tables ([export] auto = true). Only known keys are accepted, each with a
// type and a check; the file is rewritten atomically, keeping every other key.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace gt {

struct ConfigKeyInfo {
  const char* key;   // as users type it: "issue_prefix", "export.auto"
  const char* type;  // "string", "bool", "int", "list"
  const char* help;
};
/// Every key `bd config` accepts, sorted.
const std::vector<ConfigKeyInfo>& KnownConfigKeys();

/// The canonical name of a key (aliases: prefix, issue-prefix →
/// issue_prefix); kInvalidArgument naming the known keys otherwise.
Result<std::string> CanonicalConfigKey(std::string_view key);
/// Checks and normalises a value for a key ("TRUE" → "true", "P1"… no: ints
/// stay digits); kInvalidArgument with the reason when it is not valid.
Result<std::string> ValidateConfigValue(const std::string& key, std::string_view value);

/// The value as text, or nullopt when it is not set.
Result<std::optional<std::string>> GetConfigValue(const std::string& beads_dir,
                                                  std::string_view key);
/// Every known key that is set, sorted by key.
Result<std::vector<std::pair<std::string, std::string>>> ListConfigValues(
    const std::string& beads_dir);
/// Validates, then writes config.toml atomically under the ledger's write
/// lock. Returns the stored (normalised) value.
Result<std::string> SetConfigValue(const std::string& beads_dir, std::string_view key,
                                   std::string_view value);
/// Removes a key; false when it was not set. issue_prefix cannot be unset.
Result<bool> UnsetConfigValue(const std::string& beads_dir, std::string_view key);

}  // namespace gt
