// gt sling, gt prime, gt done.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/gt_context.h"
#include "core/bead_json.h"
#include "ledger/queries.h"
#include "town/convoy.h"
#include "town/rig.h"
#include "town/work.h"

namespace gt::cli {

namespace {

std::string Cwd() {
  return std::filesystem::current_path().string();
}

/// `gt sling CONVOY`: each open, unassigned bead to a free worker.
void SlingAConvoy(GtContext& ctx, town::Town& t, const town::SlingRequest& r) {
  auto out = town::SlingConvoy(t, r.bead, r);
  if (!out) return ctx.Fail(out.error());
  if (ctx.json) {
    nlohmann::json slung = nlohmann::json::array();
    for (const auto& s : out->slung)
      slung.push_back({{"bead", s.bead.id}, {"agent", s.agent}, {"worktree", s.session.worktree}});
    return ctx.PrintJson({{"convoy", r.bead}, {"slung", slung}, {"skipped", out->skipped}});
  }
  for (const auto& s : out->slung)
    std::cout << fmt::format("✓ Slung {} to {}\n", s.bead.id, s.agent);
  for (const auto& why : out->skipped) std::cout << "  not slung: " << why << "\n";
}

void AddSling(CLI::App& app, GtContext& ctx) {
  auto r = std::make_shared<town::SlingRequest>();
  auto* sling = app.add_subcommand("sling", "Hand a bead to a worker: claim, worktree, start");
  sling->add_option("bead", r->bead, "The bead (its prefix names the rig), or a convoy")
      ->required();
  sling->add_option("rig", r->rig, "The rig (optional; checked against the bead's prefix)");
  sling->add_option("--agent", r->agent, "The worker (default: the first free one)");
  sling->add_option("--runtime", r->runtime, "Runtime of a worker made on the fly (script)");
  sling->footer(
      "Examples:\n  gt sling app-12 --agent ann\n"
      "  gt sling app-13 --agent bob -- ./agent.sh   (creates worker bob on first use)\n"
      "  gt sling hq-7                               (a convoy: its open beads to free workers)\n\n"
      "Claims the bead for the worker (signed with its key; refused if someone else\n"
      "holds it), makes rigs/RIG/polecats/NAME on branch polecat/NAME/BEAD from main,\n"
      "sets the bead hooked, and starts the worker with GT_PROMPT saying what to do.");
  sling->callback([r, &ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    r->command = ctx.command;
    if (auto rig = t->RigForBead(r->bead); rig && rig->empty()) return SlingAConvoy(ctx, *t, *r);
    auto out = town::Sling(*t, *r);
    if (!out) return ctx.Fail(out.error());
    if (ctx.json)
      return ctx.PrintJson({{"bead", out->bead.id},
                            {"rig", out->rig},
                            {"agent", out->agent},
                            {"agent_created", out->agent_created},
                            {"resumed", out->resumed},
                            {"status", out->bead.status},
                            {"worktree", out->session.worktree},
                            {"branch", out->session.branch},
                            {"pid", out->session.session.pid},
                            {"log", out->session.session.log_path}});
    std::cout << fmt::format("✓ {} {} to {} ({}){}\n  worktree: {} (branch {})\n  log:      {}\n",
                             out->resumed ? "Resumed" : "Slung", out->bead.id, out->agent,
                             t->config.agents.at(out->agent).uri,
                             out->agent_created ? ", a new worker" : "",
                             TownRelative(*t, out->session.worktree), out->session.branch,
                             TownRelative(*t, out->session.session.log_path));
  });
}

void AddPrime(CLI::App& app, GtContext& ctx) {
  auto* prime = app.add_subcommand("prime", "Print a worker's identity, its bead and commands");
  prime->footer("Example (in a worker's worktree, or with GT_AGENT and GT_RIG set):\n  gt prime");
  prime->callback([&ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    auto w = town::CurrentWorker(*t, Cwd());
    if (!w) return ctx.Fail(w.error());
    auto ledger = town::OpenLedgerAs(*t, t->RigBeadsDir(w->rig), w->agent);
    if (!ledger) return ctx.Fail(ledger.error());
    auto bead = LoadBead(ledger->db(), w->bead);
    if (!bead) return ctx.Fail(bead.error());
    bool hooked = bead->status == "hooked" && bead->assignee == w->agent;
    if (ctx.json)
      return ctx.PrintJson({{"agent", w->agent},
                            {"uri", t->EntityUri(w->agent)},
                            {"rig", w->rig},
                            {"worktree", w->worktree},
                            {"hooked", hooked},
                            {"bead", BeadToJson(*bead)},
                            {"commands",
                             {"gt done [--notes TEXT]", "gt done --blocked REASON", "gt mail inbox",
                              "bd show " + bead->id}}});
    std::cout << town::WorkPrompt(*t, w->agent, w->rig, *bead);
    if (!hooked)
      std::cout << fmt::format("\nNote: {} is no longer on your hook (status {}).\n", bead->id,
                               bead->status);
  });
}

void AddDone(CLI::App& app, GtContext& ctx) {
  struct Opts {
    std::string notes, blocked;
  };
  auto o = std::make_shared<Opts>();
  auto* done = app.add_subcommand("done", "Finish the hooked bead: push, file a merge request");
  done->add_option("--notes", o->notes, "Notes for the merge request");
  auto* blocked =
      done->add_option("--blocked", o->blocked, "Hand the bead back instead, with this reason");
  done->footer(
      "Examples (in the worker's worktree):\n  git commit -am 'Fix login' && gt done --notes "
      "'tests pass'\n  gt done --blocked 'needs the API key'\n\n"
      "Refuses uncommitted changes. Pushes polecat/NAME/BEAD to the rig's origin,\n"
      "files a merge-request bead, and puts the work bead in review: in_progress,\n"
      "label gt:in-review, blocked by the merge request. --blocked makes the bead\n"
      "open and unassigned again, the reason as a comment; the worktree stays.");
  done->callback([o, blocked, &ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    auto w = town::CurrentWorker(*t, Cwd());
    if (!w) return ctx.Fail(w.error());
    if (blocked->count() > 0) {
      auto bead = town::HandBack(*t, *w, o->blocked);
      if (!bead) return ctx.Fail(bead.error());
      if (ctx.json)
        return ctx.PrintJson({{"bead", bead->id},
                              {"status", bead->status},
                              {"handed_back", true},
                              {"reason", o->blocked},
                              {"worktree", w->worktree}});
      std::cout << fmt::format("✓ Handed {} back ({}); your work stays in {}\n", bead->id,
                               o->blocked, TownRelative(*t, w->worktree));
      return;
    }
    auto out = town::Done(*t, *w, o->notes);
    if (!out) return ctx.Fail(out.error());
    if (ctx.json)
      return ctx.PrintJson({{"bead", out->work.id},
                            {"status", out->work.status},
                            {"merge_request", out->merge_request.id},
                            {"branch", out->branch},
                            {"commit", out->commit},
                            {"commits", out->commits}});
    std::cout << fmt::format("✓ {} in review: pushed {} ({} commit(s)), merge request {}\n",
                             out->work.id, out->branch, out->commits, out->merge_request.id);
  });
}

void AddHandoff(CLI::App& app, GtContext& ctx) {
  struct Opts {
    std::string agent, summary;
  };
  auto o = std::make_shared<Opts>();
  auto* handoff =
      app.add_subcommand("handoff", "Restart a worker's session on the same hook and worktree");
  handoff->add_option("name", o->agent, "The worker (default: you, in a worker's session)");
  handoff->add_option("-s,--summary", o->summary, "What the new session should know");
  handoff->footer(
      "Examples:\n  gt handoff --summary 'tests written; make them pass'   (in the session)\n"
      "  gt handoff ann -s 'context was full'\n\n"
      "Starts a new session first, then stops the old one (which may be the caller).\n"
      "The summary goes into the new GT_PROMPT and onto the bead as a comment.");
  handoff->callback([o, &ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    std::string agent = o->agent;
    if (agent.empty()) {
      auto w = town::CurrentWorker(*t, Cwd());
      if (!w) return ctx.Fail(w.error());
      agent = w->agent;
    }
    auto out = town::Handoff(*t, agent, o->summary);
    if (!out) return ctx.Fail(out.error());
    if (ctx.json)
      ctx.PrintJson({{"agent", agent},
                     {"bead", out->session.bead},
                     {"pid", out->session.session.pid},
                     {"previous_pid", out->previous.pid},
                     {"previous_stopped", out->previous_alive}});
    else
      std::cout << fmt::format("✓ Handed {} over to a new session of {} (pid {})\n",
                               out->session.bead, agent, out->session.session.pid);
    std::cout.flush();
    if (out->previous_alive)
      if (auto st = town::StopSession(out->previous); !st) return ctx.Fail(st.error());
  });
}

}  // namespace

void AddWorkCommands(CLI::App& app, GtContext& ctx) {
  AddHandoff(app, ctx);
  AddSling(app, ctx);
  AddPrime(app, ctx);
  AddDone(app, ctx);
}

}  // namespace gt::cli
