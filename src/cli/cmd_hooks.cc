// bd hooks install|uninstall|status.
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "ledger/git_hooks.h"

namespace gt::cli {
namespace {

nlohmann::json StatusJson(const HookStatus& s) {
  return {{"path", s.path}, {"installed", s.installed}, {"foreign", s.foreign}};
}

/// This program's own path, for the hook to fall back on.
std::string SelfPath() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("bd") : self.string();
}

}  // namespace

void AddHooksCommands(CLI::App& app, Context& ctx) {
  auto* hooks = app.add_subcommand("hooks", "Git hooks that protect the ledger");
  hooks->require_subcommand(1);
  hooks->footer(
      "Examples:\n  bd hooks install\n  bd hooks status --json\n  bd hooks uninstall\n\nThe "
      "pre-push hook runs `bd verify` and refuses the push when a chain is\ndamaged, so a broken "
      "ledger never leaves this clone.");

  auto force = std::make_shared<bool>(false);
  auto* install = hooks->add_subcommand("install", "Install the pre-push hook");
  install->add_flag("--force", *force, "Replace another pre-push hook (kept as a backup)");
  install->callback([force, &ctx] {
    auto dir = ctx.BeadsDir();
    if (!dir) return ctx.Fail(dir.error());
    auto status = InstallPrePushHook(*dir, SelfPath(), *force);
    if (!status) return ctx.Fail(status.error());
    if (ctx.json) return ctx.PrintJson(StatusJson(*status));
    if (!ctx.quiet) std::cout << fmt::format("✓ Installed the pre-push hook: {}\n", status->path);
  });

  auto* uninstall = hooks->add_subcommand("uninstall", "Remove bd's pre-push hook");
  uninstall->callback([&ctx] {
    auto dir = ctx.BeadsDir();
    if (!dir) return ctx.Fail(dir.error());
    auto removed = UninstallPrePushHook(*dir);
    if (!removed) return ctx.Fail(removed.error());
    if (ctx.json) return ctx.PrintJson({{"removed", *removed}});
    if (!ctx.quiet)
      std::cout << (*removed ? "✓ Removed the pre-push hook\n" : "No bd hook installed\n");
  });

  auto* status = hooks->add_subcommand("status", "Show whether the hook is installed");
  status->alias("list");
  status->callback([&ctx] {
    auto dir = ctx.BeadsDir();
    if (!dir) return ctx.Fail(dir.error());
    auto s = PrePushHookStatus(*dir);
    if (!s) return ctx.Fail(s.error());
    if (ctx.json) return ctx.PrintJson(StatusJson(*s));
    std::cout << fmt::format("pre-push: {} ({})\n",
                             s->installed ? "installed"
                             : s->foreign ? "another program's hook"
                                          : "not installed",
                             s->path);
  });
}

}  // namespace gt::cli
