#include "daemon/config.h"

#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/clock.h"
#include "ledger/workspace.h"
#include "town/toml_file.h"

namespace gt::daemon {
namespace {

constexpr int64_t kDay = 24 * 60 * kMinute;
constexpr const char* kHint = "see docs/formats.md (Daemon configuration)";

// The one reason per key, shared by the file's errors and gt's.
constexpr const char* kDispatchReason = "must be \"auto\", \"label\" or \"off\"";
constexpr const char* kMaxWorkersReason = "must be a number from 1 to 64";
constexpr const char* kMaxRestartsReason = "must be a number from 0 to 20";
constexpr const char* kRuntimeReason = "must be a runtime's name (e.g. \"script\")";
constexpr const char* kCommandReason =
    "must be an argument vector, e.g. [\"./agent.sh\", \"--fast\"] (workers never run through "
    "a shell)";
constexpr const char* kTickReason = "must be a duration from 100ms to 1m (e.g. \"1s\")";
constexpr const char* kEveryReason = "must be a duration of at least 1m (e.g. \"30m\")";
constexpr const char* kAtReason = "must be a time of day \"HH:MM\" (UTC), e.g. \"02:00\"";
constexpr const char* kCapacityReason = "must be a number from 1 to 1000";
constexpr const char* kNameReason =
    "use lower-case letters, digits, '-' or '_', starting with a letter";

Error Bad(const std::string& path, const toml::node& node, const std::string& key,
          const std::string& reason) {
  return Error{ErrorKind::kInvalidArgument,
               fmt::format("{}:{}: {}: {}", path, node.source().begin.line, key, reason), kHint};
}

/// An error in a value typed on gt's command line.
tl::unexpected<Error> BadValue(const std::string& key, const std::string& reason,
                               const std::string& value) {
  return Fail(ErrorKind::kInvalidArgument, fmt::format("{} {}, not \"{}\"", key, reason, value),
              kHint);
}

bool IsName(const std::string& s) {
  bool ok = !s.empty() && s.size() <= 64 && s[0] >= 'a' && s[0] <= 'z';
  for (char c : s)
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-');
  return ok;
}

std::optional<int64_t> ParseInt(const std::string& text) {
  if (text.empty() || text.size() > 12) return std::nullopt;
  int64_t n = 0;
  size_t i = text[0] == '-' ? 1 : 0;
  if (i == text.size()) return std::nullopt;
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    n = n * 10 + (text[i] - '0');
  }
  return text[0] == '-' ? -n : n;
}

/// ParseDuration, plus milliseconds ("250ms") for the tick.
std::optional<int64_t> ParseTickDuration(const std::string& text) {
  if (text.size() > 2 && text.ends_with("ms")) {
    auto ms = ParseInt(text.substr(0, text.size() - 2));
    if (!ms || *ms <= 0) return std::nullopt;
    return *ms * 1000000;
  }
  auto ns = ParseDuration(text);
  if (!ns) return std::nullopt;
  return *ns;
}

std::optional<int64_t> ParseTick(const std::string& text) {
  auto ns = ParseTickDuration(text);
  if (!ns || *ns < 100 * 1000000 || *ns > kMinute) return std::nullopt;
  return ns;
}

std::optional<int64_t> ParseEvery(const std::string& text) {
  auto ns = ParseDuration(text);
  if (!ns || *ns < kMinute) return std::nullopt;
  return *ns;
}

std::optional<int> ParseAt(const std::string& text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  auto h = ParseInt(text.substr(0, 2)), m = ParseInt(text.substr(3, 2));
  if (!h || !m || *h < 0 || *h > 23 || *m < 0 || *m > 59 || text[0] == '-' || text[3] == '-')
    return std::nullopt;
  return int(*h * 60 + *m);
}

/// "1h30m" for 90 minutes: the shortest text ParseDuration reads back.
std::string FormatDuration(int64_t ns) {
  int64_t s = ns / kSecond;
  std::string out;
  for (auto [unit, size] : {std::pair{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}})
    if (s >= size) {
      out += fmt::format("{}{}", s / size, unit);
      s %= size;
    }
  return out.empty() ? "0s" : out;
}

std::string FormatAt(int minute) {
  return fmt::format("{:02}:{:02}", minute / 60, minute % 60);
}

/// An integer node in [lo, hi].
std::optional<int> IntIn(const toml::node& node, int lo, int hi) {
  auto n = node.value_exact<int64_t>();
  if (!n || *n < lo || *n > hi) return std::nullopt;
  return int(*n);
}

Status ParseWorker(const std::string& path, const toml::node& node, DispatchPolicy& policy) {
  const auto* worker = node.as_table();
  if (!worker) return tl::unexpected(Bad(path, node, "worker", "must be a table ([worker])"));
  for (auto&& [k, v] : *worker) {
    std::string key = "worker." + std::string(k.str());
    if (k.str() == "runtime") {
      auto s = v.value_exact<std::string>();
      if (!s || s->empty()) return tl::unexpected(Bad(path, v, key, kRuntimeReason));
      policy.worker_runtime = *s;
    } else if (k.str() == "command") {
      const auto* array = v.as_array();
      if (!array || array->empty()) return tl::unexpected(Bad(path, v, key, kCommandReason));
      for (const toml::node& a : *array) {
        auto s = a.value_exact<std::string>();
        if (!s || s->empty())
          return tl::unexpected(Bad(path, a, key, "must be an array of non-empty strings"));
        policy.worker_command.push_back(*s);
      }
    } else {
      return tl::unexpected(Bad(path, v, key, "unknown key (runtime, command)"));
    }
  }
  return {};
}

Result<Schedule> ParseSchedule(const std::string& path, const toml::node& node, size_t i) {
  std::string field = fmt::format("schedule[{}]", i);
  const auto* t = node.as_table();
  if (!t) return tl::unexpected(Bad(path, node, field, "must be a table ([[schedule]])"));
  if (auto name = (*t)["name"].value_exact<std::string>(); name && IsName(*name))
    field = fmt::format("schedule \"{}\"", *name);
  Schedule s;
  for (auto&& [k, v] : *t) {
    std::string key = std::string(k.str());
    std::string where = field + "." + key;
    auto text = v.value_exact<std::string>();
    if (key == "name") {
      if (!text || !IsName(*text)) return tl::unexpected(Bad(path, v, where, kNameReason));
      s.name = *text;
    } else if (key == "formula" || key == "rig") {
      if (!text || text->empty()) return tl::unexpected(Bad(path, v, where, "must be a name"));
      (key == "formula" ? s.formula : s.rig) = *text;
    } else if (key == "every") {
      auto ns = text ? ParseEvery(*text) : std::nullopt;
      if (!ns) return tl::unexpected(Bad(path, v, where, kEveryReason));
      s.every_ns = *ns;
    } else if (key == "at") {
      auto minute = text ? ParseAt(*text) : std::nullopt;
      if (!minute) return tl::unexpected(Bad(path, v, where, kAtReason));
      s.at_minute = *minute;
    } else if (key == "vars") {
      const auto* vars = v.as_table();
      if (!vars) return tl::unexpected(Bad(path, v, where, "must be a table of strings"));
      for (auto&& [name, value] : *vars) {
        auto str = value.value_exact<std::string>();
        if (!str)
          return tl::unexpected(
              Bad(path, value, where + "." + std::string(name.str()), "must be a string"));
        s.vars[std::string(name.str())] = *str;
      }
    } else {
      return tl::unexpected(
          Bad(path, v, where, "unknown key (name, formula, rig, every, at, vars)"));
    }
  }
  for (auto [key, value] : {std::pair{"name", &s.name}, {"formula", &s.formula}, {"rig", &s.rig}})
    if (value->empty())
      return tl::unexpected(Bad(path, node, fmt::format("{}.{}", field, key), "is required"));
  if ((s.every_ns > 0) == (s.at_minute >= 0))
    return tl::unexpected(
        Bad(path, node, field, "needs exactly one of every = \"30m\" or at = \"02:00\""));
  return s;
}

Result<DaemonConfig> ParseDaemonConfig(const std::string& path, const toml::table& t) {
  DaemonConfig config;
  if (const toml::node* n = t.get("max_workers")) {
    auto v = IntIn(*n, 1, 64);
    if (!v) return tl::unexpected(Bad(path, *n, "max_workers", kMaxWorkersReason));
    config.max_workers = *v;
  }
  if (const toml::node* n = t.get("tick")) {
    auto text = n->value_exact<std::string>();
    auto ns = text ? ParseTick(*text) : std::nullopt;
    if (!ns) return tl::unexpected(Bad(path, *n, "tick", kTickReason));
    config.tick_ns = *ns;
  }
  if (const toml::node* n = t.get("overseer")) {
    auto text = n->value_exact<std::string>();
    if (!text || !IsName(*text))
      return tl::unexpected(Bad(path, *n, "overseer", "must be a worker's name or \"mayor\""));
    config.overseer = *text;
  }
  if (const toml::node* n = t.get("resources")) {
    const auto* resources = n->as_table();
    if (!resources)
      return tl::unexpected(Bad(path, *n, "resources", "must be a table ([resources])"));
    for (auto&& [k, v] : *resources) {
      std::string name(k.str());
      std::string key = "resources." + name;
      if (!IsName(name)) return tl::unexpected(Bad(path, v, key, kNameReason));
      auto capacity = IntIn(v, 1, 1000);
      if (!capacity) return tl::unexpected(Bad(path, v, key, kCapacityReason));
      config.resources[name] = *capacity;
    }
  }
  if (const toml::node* n = t.get("schedule")) {
    const auto* array = n->as_array();
    if (!array) return tl::unexpected(Bad(path, *n, "schedule", "must be [[schedule]] tables"));
    std::set<std::string> names;
    for (size_t i = 0; i < array->size(); ++i) {
      auto s = ParseSchedule(path, (*array)[i], i);
      if (!s) return tl::unexpected(s.error());
      if (!names.insert(s->name).second)
        return tl::unexpected(Bad(path, (*array)[i], fmt::format("schedule \"{}\"", s->name),
                                  "the name is used twice"));
      config.schedules.push_back(std::move(*s));
    }
  }
  return config;
}

/// Reads daemon.toml under the town's lock, checks it, applies `change` to
/// its table and writes it back.
Status EditDaemonToml(const town::Town& town,
                      const std::function<Status(const DaemonConfig&, toml::table&)>& change) {
  auto lock = town::LockTown(town);
  if (!lock) return tl::unexpected(lock.error());
  std::string path = DaemonConfigPath(town);
  auto t = town::ReadTomlFile(path, true);
  if (!t) return tl::unexpected(t.error());
  auto config = ParseDaemonConfig(path, *t);
  if (!config) return tl::unexpected(config.error());
  if (auto st = change(*config, *t); !st) return st;
  return town::WriteTomlFile(path, "# Gas Town daemon settings (docs/formats.md).\n", *t);
}

}  // namespace

Result<DispatchPolicy> LoadDispatchPolicy(const std::string& rig_toml) {
  auto t = town::ReadTomlFile(rig_toml, true);
  if (!t) return tl::unexpected(t.error());
  DispatchPolicy policy;
  if (const toml::node* n = t->get("dispatch")) {
    auto s = n->value_exact<std::string>();
    if (!s || (*s != "auto" && *s != "label" && *s != "off"))
      return tl::unexpected(Bad(rig_toml, *n, "dispatch", kDispatchReason));
    policy.dispatch = *s;
  }
  if (const toml::node* n = t->get("max_workers")) {
    auto v = IntIn(*n, 1, 64);
    if (!v) return tl::unexpected(Bad(rig_toml, *n, "max_workers", kMaxWorkersReason));
    policy.max_workers = *v;
  }
  if (const toml::node* n = t->get("stall_after")) {
    auto s = n->value_exact<std::string>();
    if (!s) return tl::unexpected(Bad(rig_toml, *n, "stall_after", "must be a duration (\"5m\")"));
    auto ns = ParseDuration(*s);
    if (!ns) return tl::unexpected(Bad(rig_toml, *n, "stall_after", ns.error().message));
    policy.stall_after_ns = *ns;
  }
  if (const toml::node* n = t->get("max_restarts")) {
    auto v = IntIn(*n, 0, 20);
    if (!v) return tl::unexpected(Bad(rig_toml, *n, "max_restarts", kMaxRestartsReason));
    policy.max_restarts = *v;
  }
  if (const toml::node* n = t->get("worker"))
    if (auto st = ParseWorker(rig_toml, *n, policy); !st) return tl::unexpected(st.error());
  return policy;
}

bool IsDispatchKey(const std::string& key) {
  return key == "dispatch" || key == "max_workers" || key == "stall_after" ||
         key == "max_restarts" || key == "worker.runtime" || key == "worker.command";
}

Status SetDispatchValue(const std::string& rig_toml, const std::string& key,
                        const std::vector<std::string>& values) {
  if (!IsDispatchKey(key))
    return Fail(ErrorKind::kInvalidArgument, fmt::format("unknown dispatch setting \"{}\"", key),
                "settable: dispatch, max_workers, stall_after, max_restarts, worker.runtime, "
                "worker.command");
  if (key == "worker.command") {
    if (values.empty())
      return Fail(ErrorKind::kInvalidArgument, "worker.command needs an argument vector",
                  "give it after --, e.g. gt rig set RIG worker.command -- ./agent.sh --fast");
    for (const std::string& a : values)
      if (a.empty())
        return Fail(ErrorKind::kInvalidArgument,
                    "worker.command must be an array of non-empty strings", kHint);
  } else if (values.size() != 1) {
    return Fail(ErrorKind::kInvalidArgument, fmt::format("{} takes one value", key),
                fmt::format("e.g. gt rig set RIG {} VALUE", key));
  }
  const std::string value = values.empty() ? std::string() : values[0];
  auto t = town::ReadTomlFile(rig_toml, false);
  if (!t) return tl::unexpected(t.error());
  if (key == "dispatch") {
    if (value != "auto" && value != "label" && value != "off")
      return BadValue(key, kDispatchReason, value);
    t->insert_or_assign(key, value);
  } else if (key == "max_workers" || key == "max_restarts") {
    int lo = key == "max_workers" ? 1 : 0, hi = key == "max_workers" ? 64 : 20;
    auto n = ParseInt(value);
    if (!n || *n < lo || *n > hi)
      return BadValue(key, key == "max_workers" ? kMaxWorkersReason : kMaxRestartsReason, value);
    t->insert_or_assign(key, *n);
  } else if (key == "stall_after") {
    if (auto ns = ParseDuration(value); !ns)
      return BadValue(key, "must be a duration such as 30s, 5m or 1h", value);
    t->insert_or_assign(key, value);
  } else {
    if (const toml::node* w = t->get("worker"); w && !w->is_table())
      return tl::unexpected(Bad(rig_toml, *w, "worker", "must be a table ([worker])"));
    if (!t->contains("worker")) t->insert("worker", toml::table{});
    toml::table& worker = *t->get("worker")->as_table();
    if (key == "worker.runtime") {
      if (value.empty()) return BadValue(key, kRuntimeReason, value);
      worker.insert_or_assign("runtime", value);
    } else {
      toml::array command;
      for (const std::string& a : values) command.push_back(a);
      worker.insert_or_assign("command", std::move(command));
    }
  }
  return town::WriteTomlFile(rig_toml, "# Gas Town rig settings (docs/formats.md).\n", *t);
}

std::string DaemonConfigPath(const town::Town& town) {
  return town.root + "/daemon.toml";
}

Result<DaemonConfig> LoadDaemonConfig(const town::Town& town) {
  std::string path = DaemonConfigPath(town);
  auto t = town::ReadTomlFile(path, true);
  if (!t) return tl::unexpected(t.error());
  return ParseDaemonConfig(path, *t);
}

Status SetResource(const town::Town& town, const std::string& name, int capacity) {
  if (!IsName(name))
    return Fail(ErrorKind::kInvalidArgument, fmt::format("invalid resource name \"{}\"", name),
                kNameReason);
  if (capacity < 1 || capacity > 1000)
    return BadValue("the capacity", kCapacityReason, std::to_string(capacity));
  return EditDaemonToml(town, [&](const DaemonConfig&, toml::table& t) -> Status {
    if (!t.contains("resources")) t.insert("resources", toml::table{});
    t.get("resources")->as_table()->insert_or_assign(name, int64_t(capacity));
    return {};
  });
}

Status RemoveResource(const town::Town& town, const std::string& name) {
  return EditDaemonToml(town, [&](const DaemonConfig& config, toml::table& t) -> Status {
    if (!config.resources.count(name))
      return Fail(ErrorKind::kNotFound, fmt::format("no resource named \"{}\"", name),
                  "see gt resource list");
    toml::table& resources = *t.get("resources")->as_table();
    resources.erase(name);
    if (resources.empty()) t.erase("resources");
    return {};
  });
}

Status AddSchedule(const town::Town& town, const Schedule& s) {
  if (!IsName(s.name))
    return Fail(ErrorKind::kInvalidArgument, fmt::format("invalid schedule name \"{}\"", s.name),
                kNameReason);
  if (s.formula.empty() || s.rig.empty())
    return Fail(ErrorKind::kInvalidArgument, "a schedule needs a formula and a rig",
                "e.g. gt schedule add nightly --formula release --rig app --at 02:00");
  if ((s.every_ns > 0) == (s.at_minute >= 0))
    return Fail(ErrorKind::kInvalidArgument, "a schedule needs exactly one of --every or --at",
                "e.g. --every 30m, or --at 02:00 (UTC)");
  if (s.every_ns > 0 && (s.every_ns < kMinute || s.every_ns % kSecond))
    return BadValue("every", kEveryReason, FormatDuration(s.every_ns));
  if (s.at_minute >= 24 * 60)
    return Fail(ErrorKind::kInvalidArgument, "at must be a minute of the day (0..1439)", kHint);
  return EditDaemonToml(town, [&](const DaemonConfig& config, toml::table& t) -> Status {
    for (const Schedule& other : config.schedules)
      if (other.name == s.name)
        return Fail(ErrorKind::kConflict, fmt::format("there is already a schedule \"{}\"", s.name),
                    "remove it first (gt schedule remove " + s.name + "), or choose another name");
    toml::table entry{{"name", s.name}, {"formula", s.formula}, {"rig", s.rig}};
    if (s.every_ns > 0)
      entry.insert("every", FormatDuration(s.every_ns));
    else
      entry.insert("at", FormatAt(s.at_minute));
    if (!s.vars.empty()) {
      toml::table vars;
      for (const auto& [k, v] : s.vars) vars.insert(k, v);
      vars.is_inline(true);
      entry.insert("vars", std::move(vars));
    }
    if (!t.contains("schedule")) t.insert("schedule", toml::array{});
    t.get("schedule")->as_array()->push_back(std::move(entry));
    return {};
  });
}

Status RemoveSchedule(const town::Town& town, const std::string& name) {
  return EditDaemonToml(town, [&](const DaemonConfig&, toml::table& t) -> Status {
    auto* array = t.get("schedule") ? t.get("schedule")->as_array() : nullptr;
    for (size_t i = 0; array && i < array->size(); ++i) {
      const auto* s = (*array)[i].as_table();
      if (s && (*s)["name"].value_or(std::string()) == name) {
        array->erase(array->begin() + static_cast<std::ptrdiff_t>(i));
        if (array->empty()) t.erase("schedule");
        return {};
      }
    }
    return Fail(ErrorKind::kNotFound, fmt::format("no schedule named \"{}\"", name),
                "see gt schedule list");
  });
}

Status SetDaemonValue(const town::Town& town, const std::string& key, const std::string& value) {
  if (key == "max_workers") {
    auto n = ParseInt(value);
    if (!n || *n < 1 || *n > 64) return BadValue(key, kMaxWorkersReason, value);
  } else if (key == "tick") {
    if (!ParseTick(value)) return BadValue(key, kTickReason, value);
  } else if (key == "overseer") {
    if (value != town::kAdminActor && !town.config.agents.count(value))
      return Fail(ErrorKind::kNotFound,
                  fmt::format("overseer must be a worker's name or \"mayor\", not \"{}\"", value),
                  "see gt agent list");
  } else {
    return Fail(ErrorKind::kInvalidArgument, fmt::format("unknown town setting \"{}\"", key),
                "settable: max_workers, tick, overseer (resources: gt resource; schedules: gt "
                "schedule)");
  }
  return EditDaemonToml(town, [&](const DaemonConfig&, toml::table& t) -> Status {
    if (key == "max_workers")
      t.insert_or_assign(key, *ParseInt(value));
    else
      t.insert_or_assign(key, value);
    return {};
  });
}

int64_t LatestDue(const Schedule& schedule, int64_t now) {
  auto floor_div = [](int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); };
  int64_t due = 0;
  if (schedule.every_ns > 0) {
    due = floor_div(now, schedule.every_ns) * schedule.every_ns;
  } else if (schedule.at_minute >= 0 && schedule.at_minute < 24 * 60) {
    due = floor_div(now, kDay) * kDay + schedule.at_minute * kMinute;
    if (due > now) due -= kDay;
  }
  return due > 0 ? due : 0;
}

int64_t NextDue(const Schedule& schedule, int64_t now) {
  int64_t period = schedule.every_ns > 0 ? schedule.every_ns : kDay;
  if (schedule.every_ns <= 0 && (schedule.at_minute < 0 || schedule.at_minute >= 24 * 60)) return 0;
  // LatestDue is at most one period back, so one step forward passes `now`.
  int64_t latest = LatestDue(schedule, now);
  if (latest == 0 && schedule.every_ns > 0) return now < 0 ? 0 : schedule.every_ns;
  return latest + period;
}

Result<int> ParseTimeOfDay(const std::string& text) {
  auto minute = ParseAt(text);
  if (!minute) return BadValue("at", kAtReason, text);
  return *minute;
}

std::string DescribeWhen(const Schedule& schedule) {
  if (schedule.every_ns > 0) return "every " + FormatDuration(schedule.every_ns);
  if (schedule.at_minute >= 0) return "at " + FormatAt(schedule.at_minute) + " UTC";
  return "never";
}

}  // namespace gt::daemon
