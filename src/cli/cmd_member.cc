// bd member add|revoke|list|policy.
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "ledger/keys.h"
#include "ledger/member_ops.h"

namespace gt::cli {

void AddMemberCommands(CLI::App& app, Context& ctx) {
  auto* member = app.add_subcommand("member", "Who may write to this ledger, and with what role");
  member->require_subcommand(1);
  member->footer(
      "Examples:\n  bd member list\n  bd member add ed25519:3f…9a --role writer --name bob\n  bd "
      "member add bob --role validator      (a local actor's key)\n  bd member revoke "
      "8084187d160f4d1e\n  bd "
      "member policy members\n\nMembership changes are events signed by an admin (the first key "
      "of a\nledger is its admin). In an open ledger every key may write beads; with\npolicy "
      "\"members\" only members may. Events that are not allowed are\nquarantined: kept in the "
      "log, not applied, listed by `bd doctor` and `bd verify`.");

  struct AddOpts {
    std::string key, role = "writer", name;
  };
  auto a = std::make_shared<AddOpts>();
  auto* add = member->add_subcommand("add", "Admit a key (or change its role)");
  add->add_option("key", a->key, "ed25519:KEY, a keyid, or a local actor's name")->required();
  add->add_option("--role", a->role, "writer, validator or admin (default writer)");
  add->add_option("--name", a->name, "The member's display name");
  add->callback([a, &ctx] {
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto key = ResolveMemberKey(ledger->db(), DefaultKeyDirectory(), a->key);
    if (!key) return ctx.Fail(key.error());
    std::string name = a->name;
    if (name.empty() && !a->key.starts_with("ed25519:") && a->key.size() != 16 &&
        a->key.size() != 64)
      name = a->key;  // an actor's name
    auto changed = AddMember(*ledger, *key, a->role, name);
    if (!changed) return ctx.Fail(changed.error());
    if (ctx.json) return ctx.PrintJson({{"key", *key}, {"role", a->role}, {"changed", *changed}});
    if (!ctx.quiet)
      std::cout << (*changed ? fmt::format("✓ Added {} as {}\n", *key, a->role)
                             : fmt::format("{} is already a {}\n", *key, a->role));
  });

  auto r = std::make_shared<std::string>();
  auto* revoke = member->add_subcommand("revoke", "Revoke a member's key");
  revoke->add_option("key", *r, "ed25519:KEY, a keyid, or a local actor's name")->required();
  revoke->callback([r, &ctx] {
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto key = ResolveMemberKey(ledger->db(), DefaultKeyDirectory(), *r);
    if (!key) return ctx.Fail(key.error());
    auto changed = RevokeMember(*ledger, *key);
    if (!changed) return ctx.Fail(changed.error());
    if (ctx.json) return ctx.PrintJson({{"key", *key}, {"revoked", true}, {"changed", *changed}});
    if (!ctx.quiet)
      std::cout << (*changed ? fmt::format("✓ Revoked {}\n", *key)
                             : fmt::format("{} was already revoked\n", *key));
  });

  auto* list = member->add_subcommand("list", "List members and the ledger's policy");
  list->callback([&ctx] {
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto members = ListMembers(ledger->db());
    auto policy = LedgerPolicy(ledger->db());
    if (!members) return ctx.Fail(members.error());
    if (!policy) return ctx.Fail(policy.error());
    if (ctx.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const MemberInfo& m : *members)
        out.push_back({{"key", m.key},
                       {"keyid", m.keyid},
                       {"role", m.role},
                       {"actor", m.actor},
                       {"since", m.since},
                       {"revoked", m.revoked}});
      return ctx.PrintJson({{"policy", *policy}, {"members", out}});
    }
    std::cout << fmt::format(
        "Policy: {} ({})\n", *policy,
        *policy == "open" ? "every key may write beads" : "only members may write");
    for (const MemberInfo& m : *members)
      std::cout << fmt::format("  {:<9} {:<16} {:<12} since {}{}\n", m.role, m.keyid,
                               m.actor.empty() ? "-" : m.actor, m.since.substr(0, 10),
                               m.revoked ? "  (revoked)" : "");
  });

  auto mode = std::make_shared<std::string>();
  auto* policy = member->add_subcommand("policy", "Set who may write: open or members");
  policy->add_option("mode", *mode, "open or members")->required();
  policy->callback([mode, &ctx] {
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto changed = SetLedgerPolicy(*ledger, *mode);
    if (!changed) return ctx.Fail(changed.error());
    if (ctx.json) return ctx.PrintJson({{"policy", *mode}, {"changed", *changed}});
    if (!ctx.quiet)
      std::cout << (*changed ? fmt::format("✓ Policy is now {}\n", *mode)
                             : fmt::format("Policy is already {}\n", *mode));
  });
}

}  // namespace gt::cli
