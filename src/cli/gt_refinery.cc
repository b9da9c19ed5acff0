// gt refinery run|status|queue, gt rig gate add|list|remove and gt rig set.
#include <unistd.h>

#include <iostream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>

#include "cli/gt_context.h"
#include "cli/gt_stop.h"
#include "core/clock.h"
#include "daemon/config.h"
#include "refinery/policy.h"
#include "refinery/refinery.h"
#include "town/agent.h"

namespace gt::cli {
namespace {

nlohmann::json RequestJson(const refinery::Request& r) {
  return {{"id", r.mr.id},      {"title", r.mr.title},     {"priority", r.mr.priority},
          {"branch", r.branch}, {"bead", r.work_bead},     {"worker", r.worker},
          {"commit", r.commit}, {"filed", r.mr.created_at}};
}

nlohmann::json OutcomeJson(const refinery::Outcome& o) {
  nlohmann::json gates = nlohmann::json::array();
  for (const refinery::GateRun& g : o.runs)
    gates.push_back({{"name", g.name},
                     {"exit_code", g.exit_code},
                     {"timed_out", g.timed_out},
                     {"duration_ms", g.duration_ms}});
  return {{"id", o.candidate.id},
          {"branch", o.candidate.branch},
          {"result", refinery::VerdictName(o.verdict)},
          {"commit", o.commit},
          {"gates", gates},
          {"message", o.message}};
}

std::string OutcomeLine(const refinery::Outcome& o) {
  switch (o.verdict) {
    case refinery::Verdict::kMerged:
      return fmt::format("✓ {} merged ({}) at {}", o.candidate.id, o.candidate.branch,
                         o.commit.substr(0, 12));
    case refinery::Verdict::kAlreadyMerged:
      return fmt::format("✓ {} was already on main: recorded", o.candidate.id);
    case refinery::Verdict::kConflict:
      return fmt::format("✗ {} bounced: conflict ({})", o.candidate.id,
                         o.message.substr(0, o.message.find('\n')));
    case refinery::Verdict::kFailed:
      return fmt::format("✗ {} bounced: {}", o.candidate.id,
                         o.message.substr(0, o.message.find('\n')));
  }
  return "";
}

void AddRun(CLI::App& refinery, GtContext& ctx) {
  struct Opts {
    std::string rig;
    bool once = false;
    double poll = 2;
  };
  auto o = std::make_shared<Opts>();
  auto* run = refinery.add_subcommand("run", "Test and merge the rig's merge requests");
  run->add_option("rig", o->rig, "The rig")->required();
  run->add_flag("--once", o->once, "Decide what is queued now, then exit");
  run->add_option("--poll", o->poll, "Seconds between looks at an empty queue (default 2)");
  run->footer(
      "Examples:\n  gt refinery run gx --once\n  gt refinery run gx          # until stopped "
      "(Ctrl-C)\n\nEach round takes up to the rig's `batch` requests (priority, then age), "
      "stacks\nthem on main in rigs/RIG/refinery, runs the rig's gates, and merges or "
      "bounces.\nEvery decision is a signed validation.record. Safe to kill at any moment.");
  run->callback([o, &ctx] {
    auto town = ctx.OpenTown();
    if (!town) return ctx.Fail(town.error());
    CatchStopSignals();
    nlohmann::json decided = nlohmann::json::array();
    int tests = 0, gate_runs = 0, rounds = 0;
    while (!g_stop) {
      auto round = refinery::RunOnce(*town, o->rig);
      if (!round) return ctx.Fail(round.error());
      ++rounds;
      tests += round->tests;
      gate_runs += round->gate_runs;
      for (const refinery::Outcome& out : round->outcomes) {
        decided.push_back(OutcomeJson(out));
        ctx.Say(OutcomeLine(out) + "\n");
      }
      if (round->outcomes.empty()) {
        if (o->once) break;
        usleep(static_cast<useconds_t>(o->poll * 1e6));
      }
    }
    if (ctx.json)
      return ctx.PrintJson({{"rig", o->rig},
                            {"decided", decided},
                            {"tests", tests},
                            {"gate_runs", gate_runs},
                            {"rounds", rounds}});
    ctx.Say(fmt::format("{} request(s) decided in {} test(s), {} gate run(s)\n", decided.size(),
                        tests, gate_runs));
  });
}

void AddStatus(CLI::App& refinery, GtContext& ctx) {
  auto rig = std::make_shared<std::string>();
  auto* status = refinery.add_subcommand(
      "status", "The rig's merge queue, last results, pass rate and mean time to merge");
  status->add_option("rig", *rig, "The rig")->required();
  status->footer("Examples:\n  gt refinery status gx\n  gt refinery status gx --json");
  status->callback([rig, &ctx] {
    auto town = ctx.OpenTown();
    if (!town) return ctx.Fail(town.error());
    auto s = refinery::LoadStatus(*town, *rig);
    if (!s) return ctx.Fail(s.error());
    int decided = s->merged + s->bounced;
    double pass_rate = decided ? double(s->merged) / decided : 0;
    nlohmann::json queue = nlohmann::json::array(), recent = nlohmann::json::array();
    for (const refinery::Request& r : s->queue) queue.push_back(RequestJson(r));
    for (const refinery::Decision& d : s->recent)
      recent.push_back({{"id", d.mr},
                        {"bead", d.work_bead},
                        {"worker", d.worker},
                        {"result", d.verdict},
                        {"commit", d.commit},
                        {"at", d.at},
                        {"revision", d.revision},
                        {"duration_ms", d.duration_ms}});
    if (ctx.json)
      return ctx.PrintJson({{"rig", *rig},
                            {"queue", queue},
                            {"testing", s->testing},
                            {"testing_since", s->testing_since},
                            {"recent", recent},
                            {"merged", s->merged},
                            {"bounced", s->bounced},
                            {"pass_rate", pass_rate},
                            {"mean_seconds_to_merge", s->mean_ms_to_merge / 1000}});
    std::cout << fmt::format("Refinery of {}: {} queued, {} merged, {} bounced", *rig,
                             s->queue.size(), s->merged, s->bounced);
    if (decided)
      std::cout << fmt::format(" (pass rate {:.0f}%, mean time to merge {:.1f} s)", pass_rate * 100,
                               s->mean_ms_to_merge / 1000);
    std::cout << "\n";
    if (!s->testing.empty())
      std::cout << fmt::format("  testing since {}: {}\n", s->testing_since,
                               fmt::format("{}", fmt::join(s->testing, ", ")));
    for (const refinery::Request& r : s->queue)
      std::cout << fmt::format("  queued: {} P{} {} ({})\n", r.mr.id, r.mr.priority, r.branch,
                               r.worker);
    for (size_t i = 0; i < s->recent.size() && i < 10; ++i) {
      const refinery::Decision& d = s->recent[i];
      std::cout << fmt::format("  {} {} {} for {} by {}{}\n", d.at, d.verdict, d.mr, d.work_bead,
                               d.worker,
                               d.revision ? fmt::format(" (revision {})", d.revision) : "");
    }
  });

  auto queue_rig = std::make_shared<std::string>();
  auto* queue = refinery.add_subcommand("queue", "The rig's open merge requests, in order");
  queue->add_option("rig", *queue_rig, "The rig")->required();
  queue->footer("Examples:\n  gt refinery queue gx --json\n\nOrder: priority, then oldest first.");
  queue->callback([queue_rig, &ctx] {
    auto town = ctx.OpenTown();
    if (!town) return ctx.Fail(town.error());
    auto s = refinery::LoadStatus(*town, *queue_rig);
    if (!s) return ctx.Fail(s.error());
    nlohmann::json out = nlohmann::json::array();
    for (const refinery::Request& r : s->queue) out.push_back(RequestJson(r));
    if (ctx.json) return ctx.PrintJson(out);
    if (s->queue.empty()) std::cout << "The merge queue of " << *queue_rig << " is empty\n";
    for (const refinery::Request& r : s->queue)
      std::cout << fmt::format("{} P{} {} {} ({})\n", r.mr.id, r.mr.priority, r.branch, r.work_bead,
                               r.worker);
  });
}

void AddGateCommands(CLI::App& rig_cmd, GtContext& ctx) {
  auto* gate = rig_cmd.add_subcommand("gate", "A rig's gates: what the refinery runs on main");
  gate->require_subcommand(1);
  gate->footer(
      "Examples:\n  gt rig gate add gx test -- make test\n  gt rig gate list gx\n  gt rig gate "
      "remove gx test");
  struct Opts {
    std::string rig, name, timeout = "10m";
  };
  auto o = std::make_shared<Opts>();
  auto* add = gate->add_subcommand("add", "Add a gate (a command that must exit 0)");
  add->add_option("rig", o->rig, "The rig")->required();
  add->add_option("name", o->name, "The gate's name")->required();
  add->add_option("--timeout", o->timeout, "How long it may run (default 10m)");
  add->footer(
      "Examples:\n  gt rig gate add gx test -- make test\n  gt rig gate add gx lint --timeout 2m "
      "-- ./lint.sh --strict\n\nThe command comes after --, as an argument vector (no shell).");
  add->callback([o, &ctx] {
    auto town = ctx.OpenTown();
    if (!town) return ctx.Fail(town.error());
    if (ctx.command.empty())
      return ctx.Fail({ErrorKind::kInvalidArgument, "a gate needs a command after --",
                       "e.g. gt rig gate add " + o->rig + " test -- make test"});
    auto timeout = ParseDuration(o->timeout);
    if (!timeout) return ctx.Fail(timeout.error());
    if (!town->config.rigs.count(o->rig))
      return ctx.Fail(
          {ErrorKind::kNotFound, fmt::format("no rig named \"{}\"", o->rig), "see gt rig list"});
    refinery::GateSpec spec{o->name, ctx.command, *timeout / 1000000};
    if (auto st = refinery::AddGate(town->RigDir(o->rig) + "/rig.toml", spec); !st)
      return ctx.Fail(st.error());
    if (ctx.json)
      return ctx.PrintJson({{"rig", o->rig},
                            {"name", o->name},
                            {"run", ctx.command},
                            {"timeout_seconds", spec.timeout_ms / 1000}});
    ctx.Say(fmt::format("✓ Gate {} added to {}: {}\n", o->name, o->rig,
                        nlohmann::json(ctx.command).dump()));
  });

  auto list_rig = std::make_shared<std::string>();
  auto* list = gate->add_subcommand("list", "The rig's gates, in the order they run");
  list->add_option("rig", *list_rig, "The rig")->required();
  list->callback([list_rig, &ctx] {
    auto town = ctx.OpenTown();
    if (!town) return ctx.Fail(town.error());
    if (!town->config.rigs.count(*list_rig))
      return ctx.Fail(
          {ErrorKind::kNotFound, fmt::format("no rig named \"{}\"", *list_rig), "see gt rig list"});
    auto policy = refinery::LoadPolicy(town->RigDir(*list_rig) + "/rig.toml");
    if (!policy) return ctx.Fail(policy.error());
    nlohmann::json out = nlohmann::json::array();
    for (const refinery::GateSpec& g : policy->gates)
      out.push_back({{"name", g.name}, {"run", g.argv}, {"timeout_seconds", g.timeout_ms / 1000}});
    if (ctx.json)
      return ctx.PrintJson({{"gates", out},
                            {"batch", policy->batch},
                            {"merge_strategy",
                             policy->strategy == refinery::Strategy::kMerge ? "merge" : "rebase"}});
    if (policy->gates.empty()) std::cout << "No gates: every request that applies is merged\n";
    for (const refinery::GateSpec& g : policy->gates)
      std::cout << fmt::format("{:<12} {}  (timeout {} s)\n", g.name, nlohmann::json(g.argv).dump(),
                               g.timeout_ms / 1000);
  });

  auto r = std::make_shared<std::pair<std::string, std::string>>();
  auto* remove = gate->add_subcommand("remove", "Remove a gate");
  remove->add_option("rig", r->first, "The rig")->required();
  remove->add_option("name", r->second, "The gate's name")->required();
  remove->callback([r, &ctx] {
    auto town = ctx.OpenTown();
    if (!town) return ctx.Fail(town.error());
    if (!town->config.rigs.count(r->first))
      return ctx.Fail(
          {ErrorKind::kNotFound, fmt::format("no rig named \"{}\"", r->first), "see gt rig list"});
    if (auto st = refinery::RemoveGate(town->RigDir(r->first) + "/rig.toml", r->second); !st)
      return ctx.Fail(st.error());
    if (ctx.json) return ctx.PrintJson({{"rig", r->first}, {"removed", r->second}});
    ctx.Say(fmt::format("✓ Gate {} removed from {}\n", r->second, r->first));
  });
}

void AddRigSet(CLI::App& rig_cmd, GtContext& ctx) {
  struct Opts {
    std::string rig, key, value;
  };
  auto o = std::make_shared<Opts>();
  auto* set = rig_cmd.add_subcommand("set", "Set a rig setting in rig.toml");
  set->add_option("rig", o->rig, "The rig")->required();
  set->add_option("key", o->key,
                  "batch, merge_strategy, dispatch, max_workers, stall_after, max_restarts, "
                  "worker.runtime or worker.command")
      ->required();
  set->add_option("value", o->value, "The value (worker.command: its argument vector after --)");
  set->footer(
      "Examples:\n"
      "  gt rig set gx batch 4              # test up to 4 requests together\n"
      "  gt rig set gx merge_strategy merge # merge commits instead of rebasing\n"
      "  gt rig set gx dispatch auto        # the daemon slings every ready bead (label, off)\n"
      "  gt rig set gx max_workers 4        # workers of this rig at once (1-64)\n"
      "  gt rig set gx stall_after 10m      # silence before the daemon nudges a worker\n"
      "  gt rig set gx max_restarts 3       # restarts of a bead's worker before escalating\n"
      "  gt rig set gx worker.runtime script\n"
      "  gt rig set gx worker.command -- ./agent.sh --fast\n\n"
      "The dispatch keys tell the daemon what to do; see docs/daemon.md.");
  set->callback([o, &ctx] {
    auto town = ctx.OpenTown();
    if (!town) return ctx.Fail(town.error());
    if (!town->config.rigs.count(o->rig))
      return ctx.Fail(
          {ErrorKind::kNotFound, fmt::format("no rig named \"{}\"", o->rig), "see gt rig list"});
    std::string rig_toml = town->RigDir(o->rig) + "/rig.toml";
    bool vector = o->key == "worker.command";
    if (o->key != "batch" && o->key != "merge_strategy" && !daemon::IsDispatchKey(o->key))
      return ctx.Fail({ErrorKind::kInvalidArgument,
                       fmt::format("unknown rig setting \"{}\"", o->key),
                       "settable: batch, merge_strategy, dispatch, max_workers, stall_after, "
                       "max_restarts, worker.runtime, worker.command (gates: gt rig gate add)"});
    if (vector && !o->value.empty())
      return ctx.Fail(
          {ErrorKind::kInvalidArgument, "worker.command must be an argument vector, given after --",
           fmt::format("e.g. gt rig set {} worker.command -- ./agent.sh --fast", o->rig)});
    if (!vector && !ctx.command.empty())
      return ctx.Fail({ErrorKind::kInvalidArgument,
                       fmt::format("{} takes one value, not a command after --", o->key),
                       fmt::format("e.g. gt rig set {} {} VALUE", o->rig, o->key)});
    if (!vector && o->value.empty())
      return ctx.Fail({ErrorKind::kInvalidArgument, fmt::format("{} needs a value", o->key),
                       fmt::format("e.g. gt rig set {} {} VALUE", o->rig, o->key)});
    // The worker the daemon would start must be one the town can run.
    if (o->key == "worker.runtime" || vector) {
      auto policy = daemon::LoadDispatchPolicy(rig_toml);
      if (!policy) return ctx.Fail(policy.error());
      std::string runtime = vector ? policy->worker_runtime : o->value;
      std::vector<std::string> command = vector ? ctx.command : policy->worker_command;
      bool known = runtime == "script" || runtime == "tmux" || runtime == "headless" ||
                   town->AdapterFor(runtime).has_value();
      if (!known)
        return ctx.Fail({ErrorKind::kInvalidArgument,
                         fmt::format("unknown runtime \"{}\"", runtime),
                         "see gt runtime list (script, tmux, headless, or an adapter)"});
      if (!command.empty() || town->AdapterFor(runtime))
        if (auto st = town::ValidateRuntime(*town, runtime, command); !st)
          return ctx.Fail(st.error());
    }
    Status st =
        daemon::IsDispatchKey(o->key)
            ? daemon::SetDispatchValue(rig_toml, o->key,
                                       vector ? ctx.command : std::vector<std::string>{o->value})
            : refinery::SetPolicyValue(rig_toml, o->key, o->value);
    if (!st) return ctx.Fail(st.error());
    nlohmann::json value = vector ? nlohmann::json(ctx.command) : nlohmann::json(o->value);
    if (ctx.json) return ctx.PrintJson({{"rig", o->rig}, {"key", o->key}, {"value", value}});
    ctx.Say(fmt::format("✓ {}: {} = {}\n", o->rig, o->key, vector ? value.dump() : o->value));
  });
}

}  // namespace

void AddRefineryCommands(CLI::App& app, GtContext& ctx) {
  auto* refinery = app.add_subcommand(
      "refinery", "The merge queue: test requests on main with the rig's gates, merge or bounce");
  refinery->require_subcommand(1);
  refinery->footer(
      "Examples:\n  gt rig gate add gx test -- make test\n  gt refinery queue gx\n  gt refinery "
      "run gx --once\n  gt refinery status gx\n\nSee docs/refinery.md.");
  AddRun(*refinery, ctx);
  AddStatus(*refinery, ctx);
  // `gt rig gate …` joins the rig command that gt_town.cc defines.
  for (CLI::App* sub : app.get_subcommands([](CLI::App* s) { return s->get_name() == "rig"; })) {
    AddGateCommands(*sub, ctx);
    AddRigSet(*sub, ctx);
  }
}

}  // namespace gt::cli
