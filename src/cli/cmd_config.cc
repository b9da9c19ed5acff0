// bd config get|set|list|unset: settings in .beads/config.toml.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "ledger/config_store.h"
#include "ledger/ledger_branch.h"

namespace gt::cli {

void AddConfigCommand(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("config", "Read and change the ledger's settings (config.toml)");
  cmd->require_subcommand(1);
  std::string keys;
  for (const ConfigKeyInfo& k : KnownConfigKeys())
    keys += fmt::format("  {:<22}{:<8}{}\n", k.key, k.type, k.help);
  cmd->footer(
      "Examples:\n  bd config set export.auto true\n  bd config get issue_prefix\n  bd "
      "config list --json\n  bd config unset sync.branch\n\nKeys:\n" +
      keys);

  auto key = std::make_shared<std::string>();
  auto value = std::make_shared<std::string>();

  auto* set = cmd->add_subcommand("set", "Set a key (validated)");
  set->add_option("key", *key, "The key, e.g. export.auto")->required();
  set->add_option("value", *value, "The value")->required();
  set->callback([key, value, &ctx] {
    auto dir = ctx.BeadsDir();
    if (!dir) return ctx.Fail(dir.error());
    auto canonical = CanonicalConfigKey(*key);
    if (!canonical) return ctx.Fail(canonical.error());
    bool on_branch = std::filesystem::path(*dir).parent_path().filename() == "bd-ledger";
    if (*canonical == "sync.branch" && !value->empty() && !on_branch) {
      // Setting the branch moves the ledger there (docs/sync.md).
      if (auto valid = ValidateConfigValue(*canonical, *value); !valid)
        return ctx.Fail(valid.error());
      auto moved = MoveLedgerToBranch(*dir, *value);
      if (!moved) return ctx.Fail(moved.error());
      if (ctx.json)
        return ctx.PrintJson({{"key", *canonical}, {"value", *value}, {"path", *moved}});
      std::cout << fmt::format(
          "Set {} = {}\n✓ The ledger moved to branch {}, checked out in {}.\n  Code branches no "
          "longer carry .beads/; `bd sync` pushes the ledger branch.\n  Push this branch too "
          "(git push), so that new clones find the ledger on its branch.\n",
          *canonical, *value, *value, std::filesystem::path(*moved).parent_path().string());
      return;
    }
    if (*canonical == "sync.branch" && on_branch)
      return ctx.Fail({ErrorKind::kConflict, "the ledger is already on its own branch",
                       "moving it to another branch (or back) is not supported yet"});
    auto stored = SetConfigValue(*dir, *canonical, *value);
    if (!stored) return ctx.Fail(stored.error());
    if (ctx.json) return ctx.PrintJson({{"key", *canonical}, {"value", *stored}});
    std::cout << fmt::format("Set {} = {}\n", *canonical, *stored);
  });

  auto* get = cmd->add_subcommand("get", "Print a key's value");
  get->add_option("key", *key, "The key")->required();
  get->callback([key, &ctx] {
    auto dir = ctx.BeadsDir();
    if (!dir) return ctx.Fail(dir.error());
    auto canonical = CanonicalConfigKey(*key);
    if (!canonical) return ctx.Fail(canonical.error());
    auto got = GetConfigValue(*dir, *canonical);
    if (!got) return ctx.Fail(got.error());
    if (ctx.json) {
      nlohmann::json j = {{"key", *canonical}, {"value", *got ? nlohmann::json(**got) : nullptr}};
      return ctx.PrintJson(j);
    }
    if (*got)
      std::cout << **got << "\n";
    else
      std::cout << fmt::format("{} (not set)\n", *canonical);
  });

  auto* list = cmd->add_subcommand("list", "Print every key that is set");
  list->callback([&ctx] {
    auto dir = ctx.BeadsDir();
    if (!dir) return ctx.Fail(dir.error());
    auto all = ListConfigValues(*dir);
    if (!all) return ctx.Fail(all.error());
    if (ctx.json) {
      nlohmann::json j = nlohmann::json::object();
      for (auto& [k, v] : *all) j[k] = v;
      return ctx.PrintJson(j);
    }
    std::cout << "Configuration:\n";
    for (auto& [k, v] : *all) std::cout << fmt::format("  {} = {}\n", k, v);
  });

  auto* unset = cmd->add_subcommand("unset", "Remove a key");
  unset->add_option("key", *key, "The key")->required();
  unset->callback([key, &ctx] {
    auto dir = ctx.BeadsDir();
    if (!dir) return ctx.Fail(dir.error());
    auto canonical = CanonicalConfigKey(*key);
    if (!canonical) return ctx.Fail(canonical.error());
    if (*canonical == "sync.branch" &&
        std::filesystem::path(*dir).parent_path().filename() == "bd-ledger")
      return ctx.Fail({ErrorKind::kConflict, "the ledger is on its own branch",
                       "moving it back to the code branch is not supported yet"});
    auto removed = UnsetConfigValue(*dir, *canonical);
    if (!removed) return ctx.Fail(removed.error());
    if (ctx.json) return ctx.PrintJson({{"key", *canonical}, {"unset", *removed}});
    std::cout << fmt::format("Unset {}\n", *canonical);
  });
}

}  // namespace gt::cli
