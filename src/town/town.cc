#include "town/town.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/clock.h"
#include "core/ids.h"
#include "ledger/keys.h"
#include "ledger/workspace.h"

namespace gt::town {
namespace fs = std::filesystem;

namespace {

toml::array ToArray(const std::vector<std::string>& items) {
  toml::array out;
  for (const auto& s : items) out.push_back(s);
  return out;
}

std::string FormatTown(const TownConfig& c) {
  toml::table rigs;
  for (const auto& [name, prefix] : c.rigs) rigs.insert(name, toml::table{{"prefix", prefix}});
  toml::table agents;
  for (const auto& [name, a] : c.agents)
    agents.insert(name, toml::table{{"uri", a.uri},
                                    {"runtime", a.runtime},
                                    {"command", ToArray(a.command)},
                                    {"key", a.key},
                                    {"created", a.created}});
  toml::table runtimes;  // only the town's own adapters
  for (const auto& [name, a] : c.runtimes)
    runtimes.insert(name, toml::table{{"base", a.base},
                                      {"command", ToArray(a.command)},
                                      {"prompt", a.prompt},
                                      {"ready", a.ready},
                                      {"idle", a.idle}});
  toml::table t{{"version", kTownVersion}, {"name", c.name},
                {"platform", c.platform},  {"org", c.org},
                {"prefix", c.prefix},      {"rigs", rigs},
                {"agents", agents},        {"runtimes", runtimes}};
  std::ostringstream out;
  out << "# Gas Town town settings (docs/formats.md).\n" << t << "\n";
  return out.str();
}

}  // namespace

std::string Town::EntityUri(const std::string& name) const {
  return fmt::format("entity://{}/{}/{}", config.platform, config.org, name);
}

std::optional<runtime::Adapter> Town::AdapterFor(const std::string& name) const {
  if (auto it = config.runtimes.find(name); it != config.runtimes.end()) return it->second;
  const auto& builtin = runtime::BuiltinAdapters();
  if (auto it = builtin.find(name); it != builtin.end()) return it->second;
  return std::nullopt;
}

Result<std::string> Town::RigForBead(const std::string& bead_id) const {
  size_t dash = bead_id.find('-');
  std::string prefix = bead_id.substr(0, dash);
  if (dash != std::string::npos && prefix == config.prefix) return std::string();
  if (dash != std::string::npos)
    for (const auto& [rig, p] : config.rigs)
      if (p == prefix) return rig;
  return Fail(ErrorKind::kNotFound,
              fmt::format("no ledger of this town has the id prefix of \"{}\"", bead_id),
              "see `gt rig list` for the rigs and their prefixes");
}

Result<std::string> Town::BeadsDirForBead(const std::string& bead_id) const {
  auto rig = RigForBead(bead_id);
  if (!rig) return tl::unexpected(rig.error());
  return rig->empty() ? BeadsDir() : RigBeadsDir(*rig);
}

Result<std::string> FindTownRoot(const std::string& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec).lexically_normal();
  while (!dir.empty()) {
    if (fs::is_regular_file(dir / "town.toml", ec)) return dir.string();
    if (dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  return Fail(ErrorKind::kNotInitialized, "not inside a town (no town.toml found)",
              "run `gt init DIR` to create one, or cd into it (or set GT_TOWN)");
}

Result<Town> OpenTown(const std::string& cwd) {
  std::string root;
  if (const char* env = std::getenv("GT_TOWN"); env && *env) {
    root = env;
    if (!fs::exists(fs::path(root) / "town.toml"))
      return Fail(ErrorKind::kNotInitialized, fmt::format("GT_TOWN={} holds no town.toml", root),
                  "unset GT_TOWN or point it at a town");
  } else {
    auto found = FindTownRoot(cwd);
    if (!found) return tl::unexpected(found.error());
    root = *found;
  }
  return LoadTown(fs::absolute(root).lexically_normal().string());
}

Result<Town> LoadTown(const std::string& root) {
  std::string path = root + "/town.toml";
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& err) {
    return Fail(ErrorKind::kCorruption,
                fmt::format("{}:{}: {}", path, err.source().begin.line, err.description()),
                "fix the file (it is plain TOML)");
  }
  int64_t version = t["version"].value_or(int64_t(0));
  if (version != kTownVersion)
    return Fail(
        ErrorKind::kCorruption,
        fmt::format("{}: unsupported version {} (this gt reads {})", path, version, kTownVersion),
        "upgrade gt");
  Town town;
  town.root = root;
  TownConfig& c = town.config;
  c.name = t["name"].value_or(std::string());
  c.platform = t["platform"].value_or(std::string("local"));
  c.org = t["org"].value_or(c.name);
  c.prefix = t["prefix"].value_or(std::string("hq"));
  if (auto* rigs = t["rigs"].as_table())
    for (const auto& [name, v] : *rigs)
      if (auto* r = v.as_table())
        c.rigs[std::string(name.str())] = (*r)["prefix"].value_or(std::string());
  if (auto* agents = t["agents"].as_table())
    for (const auto& [name, v] : *agents) {
      auto* a = v.as_table();
      if (!a) continue;
      AgentConfig agent;
      agent.name = std::string(name.str());
      agent.uri = (*a)["uri"].value_or(town.EntityUri(agent.name));
      agent.runtime = (*a)["runtime"].value_or(std::string("script"));
      agent.key = (*a)["key"].value_or(std::string());
      agent.created = (*a)["created"].value_or(std::string());
      if (auto* cmd = (*a)["command"].as_array())
        for (const auto& arg : *cmd)
          if (auto s = arg.value<std::string>()) agent.command.push_back(*s);
      c.agents[agent.name] = std::move(agent);
    }
  if (auto* runtimes = t["runtimes"].as_table())
    for (const auto& [name, v] : *runtimes) {
      auto* r = v.as_table();
      if (!r) continue;
      // Fields not given keep the built-in adapter's values.
      runtime::Adapter a;
      a.name = std::string(name.str());
      if (auto it = runtime::BuiltinAdapters().find(a.name); it != runtime::BuiltinAdapters().end())
        a = it->second;
      a.base = (*r)["base"].value_or(a.base);
      a.prompt = (*r)["prompt"].value_or(a.prompt);
      a.ready = (*r)["ready"].value_or(a.ready);
      a.idle = (*r)["idle"].value_or(a.idle);
      if (auto* cmd = (*r)["command"].as_array()) {
        a.command.clear();
        for (const auto& arg : *cmd)
          if (auto s = arg.value<std::string>()) a.command.push_back(*s);
      }
      if (auto st = runtime::ValidateAdapter(a); !st)
        return Fail(ErrorKind::kCorruption, fmt::format("{}: {}", path, st.error().message),
                    st.error().hint);
      c.runtimes[a.name] = a;
    }
  return town;
}

Status SaveTown(const Town& town) {
  return WriteFileAtomically(town.root + "/town.toml", FormatTown(town.config));
}

Result<FileLock> LockTown(const Town& town) {
  std::error_code ec;
  fs::create_directories(town.RunDir(), ec);
  return FileLock::Acquire(town.RunDir() + "/town.lock");
}

Status UpdateTown(Town& town, const std::function<Status(TownConfig&)>& change) {
  auto lock = LockTown(town);
  if (!lock) return tl::unexpected(lock.error());
  auto fresh = LoadTown(town.root);
  if (!fresh) return tl::unexpected(fresh.error());
  if (auto st = change(fresh->config); !st) return st;
  if (auto st = SaveTown(*fresh); !st) return st;
  town.config = fresh->config;
  return {};
}

Status ValidateName(const std::string& what, const std::string& name) {
  bool ok = !name.empty() && name.size() <= 32 && name[0] >= 'a' && name[0] <= 'z';
  for (char ch : name)
    ok = ok && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_');
  if (ok) return {};
  return Fail(ErrorKind::kInvalidArgument, fmt::format("invalid {} name \"{}\"", what, name),
              "use lower-case letters, digits, '-' or '_', starting with a letter (max 32)");
}

Result<Town> InitTown(const std::string& dir, const InitTownOptions& options) {
  std::error_code ec;
  fs::path root = fs::absolute(dir, ec).lexically_normal();
  if (root.filename().empty()) root = root.parent_path();
  if (fs::exists(root / "town.toml", ec))
    return Fail(ErrorKind::kConflict, fmt::format("{} is already a town", root.string()),
                "use it (cd there and run `gt status`), or pick another directory");
  if (auto outer = FindTownRoot(root.parent_path().string()))
    return Fail(ErrorKind::kConflict,
                fmt::format("{} is inside the town at {}", root.string(), *outer),
                "create the new town outside it");
  bool existed = fs::exists(root, ec);
  if (existed && !fs::is_directory(root, ec))
    return Fail(ErrorKind::kInvalidArgument, fmt::format("{} is not a directory", root.string()));
  if (existed && !fs::is_empty(root, ec))
    return Fail(ErrorKind::kConflict, fmt::format("{} is not empty", root.string()),
                "gt init wants a new or empty directory");
  Town town;
  town.root = root.string();
  TownConfig& c = town.config;
  c.name = options.name.empty() ? root.filename().string() : options.name;
  c.org = options.org.empty() ? c.name : options.org;
  c.platform = options.platform.empty() ? "local" : options.platform;
  for (const auto& [what, value] :
       {std::pair{"town", c.name}, {"org", c.org}, {"platform", c.platform}})
    if (auto st = ValidateName(what, value); !st) return tl::unexpected(st.error());
  auto prefix = NormalizePrefix(options.prefix.empty() ? "hq" : options.prefix);
  if (!prefix) return tl::unexpected(prefix.error());
  c.prefix = *prefix;

  auto undo = [&](const Error& e) -> Result<Town> {
    if (existed) {
      for (const auto& entry : fs::directory_iterator(root, ec)) fs::remove_all(entry.path(), ec);
    } else {
      fs::remove_all(root, ec);
    }
    return tl::unexpected(e);
  };
  for (const char* sub : {"keys", "run", "logs", "rigs"}) {
    fs::create_directories(root / sub, ec);
    if (ec)
      return undo({ErrorKind::kIo,
                   fmt::format("cannot create {}: {}", (root / sub).string(), ec.message())});
  }
  chmod(town.KeyDir().c_str(), 0700);
  auto key = LoadOrCreateKey(town.KeyDir(), kAdminActor);
  if (!key) return undo(key.error());
  InitOptions ledger;
  ledger.prefix = c.prefix;
  ledger.admin_key = PublicKeyText(key->public_key);
  ledger.admin_actor = kAdminActor;
  ledger.now = FormatTimestamp(DefaultClock().NowNanos());
  if (auto beads = InitLedger(town.root, ledger); !beads) return undo(beads.error());
  // Keys, run state and logs never go into git if the town becomes a repository.
  if (auto st = WriteFileAtomically(town.root + "/.gitignore", "keys/\nrun/\nlogs/\nrigs/\n"); !st)
    return undo(st.error());
  if (auto st = SaveTown(town); !st) return undo(st.error());  // last: marks the town
  return town;
}

Result<Ledger> OpenLedgerAs(const Town& town, const std::string& beads_dir,
                            const std::string& actor) {
  LedgerOptions options;
  options.beads_dir = beads_dir;
  options.actor = actor;
  options.key_dir = town.KeyDir();
  return Ledger::Open(options);
}

}  // namespace gt::town
