#include "refinery/policy.h"

#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/clock.h"
#include "ledger/workspace.h"
#include "town/toml_file.h"

namespace gt::refinery {
namespace {

constexpr int64_t kDefaultTimeoutMs = 10 * 60 * 1000;
constexpr const char* kRigHeader = "# Gas Town rig settings (docs/formats.md).\n";

Error Bad(const std::string& path, const toml::node& node, const std::string& field,
          const std::string& reason) {
  return Error{ErrorKind::kInvalidArgument,
               fmt::format("{}:{}: {}: {}", path, node.source().begin.line, field, reason),
               "see docs/refinery.md"};
}

Result<GateSpec> ParseGate(const std::string& path, const toml::node& node, size_t i) {
  std::string field = fmt::format("gate[{}]", i);
  const auto* t = node.as_table();
  if (!t) return tl::unexpected(Bad(path, node, field, "must be a table ([[gate]])"));
  GateSpec gate;
  gate.timeout_ms = kDefaultTimeoutMs;
  for (auto&& [k, v] : *t) {
    std::string key(k.str());
    if (key == "name" && v.is_string()) {
      gate.name = v.as_string()->get();
    } else if (key == "run" && v.is_array()) {
      for (const toml::node& a : *v.as_array()) {
        if (!a.is_string())
          return tl::unexpected(Bad(path, a, field + ".run", "must be an array of strings"));
        gate.argv.push_back(a.as_string()->get());
      }
    } else if (key == "timeout" && v.is_string()) {
      auto ns = ParseDuration(v.as_string()->get());
      if (!ns) return tl::unexpected(Bad(path, v, field + ".timeout", ns.error().message));
      gate.timeout_ms = *ns / 1000000;
    } else if (key == "run" && v.is_string()) {
      return tl::unexpected(Bad(path, v, field + ".run",
                                "must be an argument vector, e.g. [\"make\", \"test\"] (gates "
                                "never run through a shell)"));
    } else {
      return tl::unexpected(
          Bad(path, v, field + "." + key, "unknown field or wrong type (name, run, timeout)"));
    }
  }
  if (gate.name.empty()) return tl::unexpected(Bad(path, node, field + ".name", "is required"));
  if (gate.argv.empty()) return tl::unexpected(Bad(path, node, field + ".run", "is required"));
  return gate;
}

}  // namespace

Result<RefineryPolicy> LoadPolicy(const std::string& rig_toml) {
  auto t = town::ReadTomlFile(rig_toml);
  if (!t) return tl::unexpected(t.error());
  RefineryPolicy policy;
  if (const toml::node* batch = t->get("batch")) {
    auto n = batch->value<int64_t>();
    if (!n || *n < 1 || *n > 64)
      return tl::unexpected(Bad(rig_toml, *batch, "batch", "must be a number from 1 to 64"));
    policy.batch = static_cast<int>(*n);
  }
  if (const toml::node* strategy = t->get("merge_strategy")) {
    auto s = strategy->value<std::string>();
    if (!s || (*s != "rebase" && *s != "merge"))
      return tl::unexpected(
          Bad(rig_toml, *strategy, "merge_strategy", "must be \"rebase\" or \"merge\""));
    policy.strategy = *s == "merge" ? Strategy::kMerge : Strategy::kRebase;
  }
  if (const toml::node* gates = t->get("gate")) {
    const auto* array = gates->as_array();
    if (!array) return tl::unexpected(Bad(rig_toml, *gates, "gate", "must be [[gate]] tables"));
    for (size_t i = 0; i < array->size(); ++i) {
      auto gate = ParseGate(rig_toml, (*array)[i], i);
      if (!gate) return tl::unexpected(gate.error());
      policy.gates.push_back(std::move(*gate));
    }
  }
  return policy;
}

Status AddGate(const std::string& rig_toml, const GateSpec& gate) {
  auto policy = LoadPolicy(rig_toml);
  if (!policy) return tl::unexpected(policy.error());
  for (const GateSpec& g : policy->gates)
    if (g.name == gate.name)
      return Fail(ErrorKind::kConflict, fmt::format("the rig already has a gate \"{}\"", gate.name),
                  "remove it first (gt rig gate remove), or choose another name");
  auto t = town::ReadTomlFile(rig_toml);
  if (!t) return tl::unexpected(t.error());
  toml::array run;
  for (const std::string& a : gate.argv) run.push_back(a);
  toml::table entry{{"name", gate.name},
                    {"run", std::move(run)},
                    {"timeout", fmt::format("{}s", gate.timeout_ms / 1000)}};
  if (!t->contains("gate")) t->insert("gate", toml::array{});
  t->get("gate")->as_array()->push_back(std::move(entry));
  return town::WriteTomlFile(rig_toml, kRigHeader, *t);
}

Status SetPolicyValue(const std::string& rig_toml, const std::string& key,
                      const std::string& value) {
  auto t = town::ReadTomlFile(rig_toml);
  if (!t) return tl::unexpected(t.error());
  if (key == "batch") {
    char* end = nullptr;
    long n = std::strtol(value.c_str(), &end, 10);
    if (value.empty() || *end || n < 1 || n > 64)
      return Fail(ErrorKind::kInvalidArgument,
                  fmt::format("batch must be a number from 1 to 64, not \"{}\"", value),
                  "e.g. gt rig set RIG batch 4");
    t->insert_or_assign("batch", int64_t(n));
  } else if (key == "merge_strategy") {
    if (value != "rebase" && value != "merge")
      return Fail(ErrorKind::kInvalidArgument,
                  fmt::format("merge_strategy must be rebase or merge, not \"{}\"", value));
    t->insert_or_assign("merge_strategy", value);
  } else {
    return Fail(ErrorKind::kInvalidArgument, fmt::format("unknown rig setting \"{}\"", key),
                "settable: batch, merge_strategy (gates: gt rig gate add)");
  }
  return town::WriteTomlFile(rig_toml, kRigHeader, *t);
}

Status RemoveGate(const std::string& rig_toml, const std::string& name) {
  auto t = town::ReadTomlFile(rig_toml);
  if (!t) return tl::unexpected(t.error());
  auto* gates = t->get("gate") ? t->get("gate")->as_array() : nullptr;
  if (gates)
    for (size_t i = 0; i < gates->size(); ++i) {
      const auto* g = (*gates)[i].as_table();
      if (g && (*g)["name"].value_or(std::string()) == name) {
        gates->erase(gates->begin() + static_cast<std::ptrdiff_t>(i));
        return town::WriteTomlFile(rig_toml, kRigHeader, *t);
      }
    }
  return Fail(ErrorKind::kNotFound, fmt::format("the rig has no gate \"{}\"", name),
              "see gt rig gate list");
}

}  // namespace gt::refinery
