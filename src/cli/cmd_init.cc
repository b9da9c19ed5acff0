// bd init, bd whoami.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "core/clock.h"
#include "core/ids.h"
#include "ledger/keys.h"
#include "ledger/ledger.h"
#include "ledger/ledger_branch.h"
#include "ledger/workspace.h"

namespace gt::cli {

namespace {

/// A ledger this directory's clone already has but has not opened: one in
/// the working tree without an index, or one on its own branch.
Result<std::optional<std::string>> ExistingLedger(const std::string& dir) {
  namespace fs = std::filesystem;
  fs::path beads = fs::path(dir) / ".beads";
  if (fs::exists(beads / "config.toml"))
    return fs::exists(beads / "beads.db") ? std::optional<std::string>()
                                          : std::optional<std::string>(beads.string());
  if (!fs::exists(fs::path(dir) / ".git")) return std::optional<std::string>();
  if (std::string on_branch = LedgerBranchBeadsDir(dir); !on_branch.empty())
    return gt::Fail(ErrorKind::kConflict,
                    fmt::format("this workspace is already initialized ({})", on_branch),
                    "use the existing ledger (it is on its own branch)");
  return AttachLedgerBranch(dir);
}

void PickedUp(Context& ctx, const std::string& beads, const std::string& prefix) {
  auto ledger = ctx.Open();
  if (!ledger) return ctx.Fail(ledger.error());
  auto wanted = NormalizePrefix(prefix);
  if (!prefix.empty() && (!wanted || *wanted != ledger->config().prefix))
    return ctx.Fail({ErrorKind::kConflict,
                     fmt::format("this repository already has a ledger with prefix {}",
                                 ledger->config().prefix),
                     "drop --prefix to use it"});
  int64_t events = 0;
  if (auto q = ledger->db().Prepare("SELECT count(*) FROM events"); q && q->Step())
    events = q->Int(0);
  if (ctx.json)
    return ctx.PrintJson({{"path", beads},
                          {"prefix", ledger->config().prefix},
                          {"existing", true},
                          {"events", events}});
  if (ctx.quiet) return;
  std::cout << fmt::format(
      "✓ Found an existing ledger: {}\n  Issue prefix: {}\n  Index built from {} event(s)\n", beads,
      ledger->config().prefix, events);
}

}  // namespace

void AddInitCommand(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string prefix;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("init", "Create a ledger (.beads/) in the current directory");
  cmd->add_option("-p,--prefix", o->prefix, "Id prefix (default: the directory's name)");
  cmd->footer(
      "Example:\n  bd init --prefix gt\n\nCreates .beads/config.toml, members.jsonl, log/ and "
      "a\n.gitignore for the index. Commit .beads/ with your code.");
  cmd->callback([o, &ctx] {
    std::string actor = ctx.Actor();
    auto key = LoadOrCreateKey(DefaultKeyDirectory(), actor);
    if (!key) return ctx.Fail(key.error());
    InitOptions options{o->prefix, PublicKeyText(key->public_key), actor,
                        FormatTimestamp(DefaultClock().NowNanos())};
    // --db or BEADS_DIR name the .beads directory to create; else ./.beads.
    std::string target = ctx.db_flag;
    if (const char* env = std::getenv("BEADS_DIR"); target.empty() && env && *env) target = env;
    std::string dir = std::filesystem::current_path().string();
    if (!target.empty()) {
      options.beads_dir = target;
      dir = std::filesystem::absolute(target).parent_path().string();
    }
    // A fresh clone of a repository that has a ledger: pick it up, from the
    // working tree (no index built yet) or from its own branch.
    if (target.empty()) {
      auto existing = ExistingLedger(dir);
      if (!existing) return ctx.Fail(existing.error());
      if (*existing) return PickedUp(ctx, **existing, o->prefix);
    }
    auto beads = InitLedger(dir, options);
    if (!beads) return ctx.Fail(beads.error());
    auto ledger = Ledger::Open({*beads, actor, DefaultKeyDirectory()});
    if (!ledger) return ctx.Fail(ledger.error());
    if (ctx.json) {
      ctx.PrintJson({{"path", *beads},
                     {"prefix", ledger->config().prefix},
                     {"actor", actor},
                     {"key", PublicKeyText(key->public_key)}});
      return;
    }
    if (ctx.quiet) return;
    std::cout << fmt::format(
        "✓ bd initialized successfully!\n\n  Ledger: {}\n  Issue prefix: {}\n  Writer: {} (key "
        "{})\n\n"
        "Next: bd create \"My first issue\"  (then commit .beads/ with git)\n",
        *beads, ledger->config().prefix, actor, KeyId(key->public_key));
  });
}

void AddWhoamiCommand(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("whoami", "Show who bd writes as, and with which signing key");
  cmd->footer(
      "Example:\n  BD_ACTOR=alice bd whoami\n\nThe key is created on first use in "
      "$XDG_CONFIG_HOME/gastown/keys (mode 0600).");
  cmd->callback([&ctx] {
    std::string actor = ctx.Actor();
    auto key = LoadOrCreateKey(DefaultKeyDirectory(), actor);
    if (!key) return ctx.Fail(key.error());
    std::string pub = PublicKeyText(key->public_key);
    std::string keyid = KeyId(key->public_key);
    if (ctx.json) {
      ctx.PrintJson({{"actor", actor},
                     {"key", pub},
                     {"keyid", keyid},
                     {"key_dir", DefaultKeyDirectory()},
                     {"chain", fmt::format("log/{}.jsonl", keyid)}});
      return;
    }
    std::cout << fmt::format("{}\n  key:   {}\n  chain: .beads/log/{}.jsonl\n", actor, pub, keyid);
  });
}

}  // namespace gt::cli
