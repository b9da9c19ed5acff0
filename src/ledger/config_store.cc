#include "ledger/config_store.h"

#include <algorithm>
#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/bead.h"
#include "core/ids.h"
#include "ledger/file_lock.h"
#include "ledger/workspace.h"

namespace gt {
namespace {

// The file's own name for a key: issue_prefix is the top-level `prefix`.
std::string FileKey(const std::string& key) {
  return key == "issue_prefix" ? "prefix" : key;
}

Result<toml::table> ReadTable(const std::string& beads_dir) {
  std::string path = beads_dir + "/config.toml";
  try {  // Debian's toml++ reports parse errors by exception; none leave here.
    return toml::parse_file(path);
  } catch (const toml::parse_error& err) {
    return Fail(ErrorKind::kCorruption,
                fmt::format("{}:{}: {}", path, err.source().begin.line, err.description()),
                "fix the file (it is plain TOML) or restore it from git");
  }
}

Status WriteTable(const std::string& beads_dir, const toml::table& t) {
  std::ostringstream out;
  out << "# Gas Town ledger settings (docs/formats.md). Tracked by git.\n" << t << "\n";
  return WriteFileAtomically(beads_dir + "/config.toml", out.str());
}

/// Splits "a.b" into the table "a" and the key "b" ("" table: top level).
std::pair<std::string, std::string> Split(const std::string& file_key) {
  size_t dot = file_key.find('.');
  if (dot == std::string::npos) return {"", file_key};
  return {file_key.substr(0, dot), file_key.substr(dot + 1)};
}

std::optional<std::string> ValueText(const toml::node& node) {
  if (auto s = node.value<std::string>()) return *s;
  if (node.is_boolean()) return *node.value<bool>() ? "true" : "false";
  if (node.is_integer()) return std::to_string(*node.value<int64_t>());
  return std::nullopt;
}

Result<std::string> CheckNameList(const std::string& key, std::string_view value, bool categories) {
  static const std::regex kName("^[a-z][a-z0-9_-]*$");
  std::vector<std::string> items;
  std::string text(value);
  std::stringstream in(text);
  std::set<std::string> seen;
  for (std::string item; std::getline(in, item, ',');) {
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (item.empty()) continue;
    std::string name = item, category;
    if (size_t colon = item.find(':'); categories && colon != std::string::npos) {
      name = item.substr(0, colon);
      category = item.substr(colon + 1);
      if (category != "active" && category != "wip" && category != "done" && category != "frozen")
        return Fail(ErrorKind::kInvalidArgument,
                    fmt::format("invalid {} value \"{}\": category \"{}\" is not one of active, "
                                "wip, done, frozen",
                                key, item, category));
    }
    if (!std::regex_match(name, kName))
      return Fail(ErrorKind::kInvalidArgument,
                  fmt::format("invalid {} value: \"{}\" must be lowercase letters, digits, '_' "
                              "or '-', starting with a letter",
                              key, name));
    bool builtin = false;
    if (categories)
      for (const char* s : kStatuses) builtin |= name == s;
    else
      for (const char* t : kIssueTypes) builtin |= name == t;
    if (builtin)
      return Fail(ErrorKind::kInvalidArgument,
                  fmt::format("invalid {} value: \"{}\" is built in already", key, name));
    if (!seen.insert(name).second)
      return Fail(ErrorKind::kInvalidArgument,
                  fmt::format("invalid {} value: \"{}\" is listed twice", key, name));
    items.push_back(item);
  }
  if (items.size() > 50)
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("invalid {} value: at most 50 names (got {})", key, items.size()));
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

}  // namespace

const std::vector<ConfigKeyInfo>& KnownConfigKeys() {
  static const std::vector<ConfigKeyInfo> keys = {
      {"actor", "string", "who writes when --actor and BD_ACTOR are not given"},
      {"export.auto", "bool", "keep .beads/issues.jsonl (beads' format) current"},
      {"export.path", "string", "the export file, relative to .beads/ (default issues.jsonl)"},
      {"issue_prefix", "string", "the prefix of new ids (existing ids keep theirs)"},
      {"name", "string", "the ledger's name, used in references from elsewhere"},
      {"output.title-length", "int", "truncate titles in text output to this many characters"},
      {"status.custom", "list", "custom statuses: name or name:category (active|wip|done|frozen)"},
      {"sync.branch", "string", "the git branch that carries the ledger"},
      {"types.custom", "list", "custom issue types, comma-separated"},
  };
  return keys;
}

Result<std::string> CanonicalConfigKey(std::string_view raw) {
  std::string key(raw);
  if (key == "prefix" || key == "issue-prefix") key = "issue_prefix";
  if (key == "sync-branch") key = "sync.branch";
  for (const ConfigKeyInfo& k : KnownConfigKeys())
    if (key == k.key) return key;
  std::string names;
  for (const ConfigKeyInfo& k : KnownConfigKeys())
    names += (names.empty() ? "" : ", ") + std::string(k.key);
  return Fail(ErrorKind::kInvalidArgument, fmt::format("unknown config key \"{}\"", raw),
              fmt::format("known keys: {}", names));
}

Result<std::string> ValidateConfigValue(const std::string& key, std::string_view value) {
  std::string text(value);
  const ConfigKeyInfo* info = nullptr;
  for (const ConfigKeyInfo& k : KnownConfigKeys())
    if (key == k.key) info = &k;
  if (!info) return CanonicalConfigKey(key);
  std::string type = info->type;
  if (key == "issue_prefix") {
    auto prefix = NormalizePrefix(text);
    if (!prefix) return tl::unexpected(prefix.error());
    return *prefix;
  }
  if (key == "status.custom") return CheckNameList(key, value, true);
  if (key == "types.custom") return CheckNameList(key, value, false);
  if (type == "bool") {
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    if (lower == "true" || lower == "1" || lower == "yes" || lower == "on") return "true";
    if (lower == "false" || lower == "0" || lower == "no" || lower == "off") return "false";
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("invalid {} value \"{}\": expected true or false", key, text));
  }
  if (type == "int") {
    static const std::regex kDigits("^[0-9]{1,9}$");
    if (!std::regex_match(text, kDigits))
      return Fail(
          ErrorKind::kInvalidArgument,
          fmt::format("invalid {} value \"{}\": expected a whole number, 0 or more", key, text));
    return std::to_string(std::stoll(text));
  }
  if (text.empty() || text.find_first_of("\n\r") != std::string::npos)
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("invalid {} value: expected one non-empty line", key),
                fmt::format("use `bd config unset {}` to remove it", key));
  if (key == "sync.branch") {
    static const std::regex kBranch("^[A-Za-z0-9._/-]+$");
    if (!std::regex_match(text, kBranch) || text.find("..") != std::string::npos ||
        text.front() == '-' || text.front() == '/' || text.back() == '/' || text.ends_with(".lock"))
      return Fail(
          ErrorKind::kInvalidArgument,
          fmt::format("invalid sync.branch value \"{}\": not a valid git branch name", text));
  }
  if (key == "export.path" && (text.front() == '/' || text.find("..") != std::string::npos))
    return Fail(
        ErrorKind::kInvalidArgument,
        fmt::format("invalid export.path value \"{}\": must be a path inside .beads/", text));
  return text;
}

Result<std::optional<std::string>> GetConfigValue(const std::string& beads_dir,
                                                  std::string_view raw_key) {
  auto key = CanonicalConfigKey(raw_key);
  if (!key) return tl::unexpected(key.error());
  auto t = ReadTable(beads_dir);
  if (!t) return tl::unexpected(t.error());
  auto [table, name] = Split(FileKey(*key));
  const toml::node* node = nullptr;
  if (table.empty()) {
    node = t->get(name);
  } else if (auto* sub = t->get_as<toml::table>(table)) {
    node = sub->get(name);
  }
  if (!node) return std::optional<std::string>();
  return ValueText(*node);
}

Result<std::vector<std::pair<std::string, std::string>>> ListConfigValues(
    const std::string& beads_dir) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const ConfigKeyInfo& k : KnownConfigKeys()) {
    auto value = GetConfigValue(beads_dir, k.key);
    if (!value) return tl::unexpected(value.error());
    if (*value) out.emplace_back(k.key, **value);
  }
  return out;
}

Result<std::string> SetConfigValue(const std::string& beads_dir, std::string_view raw_key,
                                   std::string_view raw_value) {
  auto key = CanonicalConfigKey(raw_key);
  if (!key) return tl::unexpected(key.error());
  auto value = ValidateConfigValue(*key, raw_value);
  if (!value) return value;
  auto lock = FileLock::Acquire(beads_dir + "/write.lock");
  if (!lock) return tl::unexpected(lock.error());
  auto t = ReadTable(beads_dir);
  if (!t) return tl::unexpected(t.error());
  auto [table, name] = Split(FileKey(*key));
  toml::table* target = &*t;
  if (!table.empty()) {
    if (!t->get_as<toml::table>(table)) t->insert_or_assign(table, toml::table{});
    target = t->get_as<toml::table>(table);
  }
  std::string type;
  for (const ConfigKeyInfo& k : KnownConfigKeys())
    if (*key == k.key) type = k.type;
  if (type == "bool")
    target->insert_or_assign(name, *value == "true");
  else if (type == "int")
    target->insert_or_assign(name, int64_t(std::stoll(*value)));
  else
    target->insert_or_assign(name, *value);
  if (auto st = WriteTable(beads_dir, *t); !st) return tl::unexpected(st.error());
  return value;
}

Result<bool> UnsetConfigValue(const std::string& beads_dir, std::string_view raw_key) {
  auto key = CanonicalConfigKey(raw_key);
  if (!key) return tl::unexpected(key.error());
  if (*key == "issue_prefix")
    return Fail(ErrorKind::kInvalidArgument, "issue_prefix cannot be unset",
                "set another prefix with `bd config set issue_prefix NEW`");
  auto lock = FileLock::Acquire(beads_dir + "/write.lock");
  if (!lock) return tl::unexpected(lock.error());
  auto t = ReadTable(beads_dir);
  if (!t) return tl::unexpected(t.error());
  auto [table, name] = Split(FileKey(*key));
  bool removed = false;
  if (table.empty()) {
    removed = t->erase(name) > 0;
  } else if (auto* sub = t->get_as<toml::table>(table)) {
    removed = sub->erase(name) > 0;
    if (sub->empty()) t->erase(table);
  }
  if (!removed) return false;
  if (auto st = WriteTable(beads_dir, *t); !st) return tl::unexpected(st.error());
  return true;
}

}  // namespace gt
