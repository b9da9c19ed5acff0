// gt resource add|list|remove, gt schedule add|list|remove, gt town
// set|show (daemon.toml) and gt feed (logs/feed.jsonl).
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/gt_context.h"
#include "cli/gt_stop.h"
#include "core/clock.h"
#include "daemon/config.h"
#include "town/feed.h"
#include "town/rig.h"

namespace gt::cli {
namespace {

nlohmann::json ScheduleJson(const daemon::Schedule& s, int64_t now) {
  nlohmann::json j = {{"name", s.name}, {"formula", s.formula}, {"rig", s.rig}};
  j["when"] = daemon::DescribeWhen(s);
  j["every_seconds"] = s.every_ns > 0 ? nlohmann::json(s.every_ns / 1000000000) : nlohmann::json();
  j["at"] = s.at_minute >= 0
                ? nlohmann::json(fmt::format("{:02}:{:02}", s.at_minute / 60, s.at_minute % 60))
                : nlohmann::json();
  j["vars"] = s.vars;
  j["next"] = FormatTimestamp(daemon::NextDue(s, now));
  return j;
}

void AddResourceCommands(CLI::App& app, GtContext& ctx) {
  auto* resource = app.add_subcommand(
      "resource", "Limited things beads share (a GPU, a test database): the daemon's semaphores");
  resource->require_subcommand(1);
  resource->footer(
      "Examples:\n  gt resource add gpu --capacity 2\n  gt resource list\n  gt resource remove "
      "gpu\n\nA bead labelled resource:NAME needs one unit of NAME: the daemon starts no\nmore "
      "such beads at once than the capacity. Kept in daemon.toml.");

  struct AddOpts {
    std::string name;
    int capacity = 1;
  };
  auto a = std::make_shared<AddOpts>();
  auto* add = resource->add_subcommand("add", "Add a resource, or set a new capacity");
  add->add_option("name", a->name, "The resource's name (lower case)")->required();
  auto* capacity =
      add->add_option("-c,--capacity", a->capacity,
                      "Units beads may hold at once (1-1000; default 1, or the current capacity)");
  add->footer("Examples:\n  gt resource add gpu\n  gt resource add db --capacity 4");
  add->callback([a, capacity, &ctx] {
    auto town = ctx.OpenTown();
    if (!town) return ctx.Fail(town.error());
    if (capacity->count() == 0) {  // not given: a known resource keeps its capacity
      auto config = daemon::LoadDaemonConfig(*town);
      if (!config) return ctx.Fail(config.error());
      auto known = config->resources.find(a->name);
      a->capacity = known == config->resources.end() ? 1 : known->second;
    }
    if (auto st = daemon::SetResource(*town, a->name, a->capacity); !st)
      return ctx.Fail(st.error());
    if (ctx.json) return ctx.PrintJson({{"name", a->name}, {"capacity", a->capacity}});
    ctx.Say(fmt::format("✓ Resource {}: capacity {} (beads need label {}{})\n", a->name,
                        a->capacity, daemon::kResourceLabelPrefix, a->name));
  });

  auto* list = resource->add_subcommand("list", "The town's resources and their capacities");
  list->footer("Example:\n  gt resource list --json");
  list->callback([&ctx] {
    auto town = ctx.OpenTown();
    if (!town) return ctx.Fail(town.error());
    auto config = daemon::LoadDaemonConfig(*town);
    if (!config) return ctx.Fail(config.error());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [name, capacity] : config->resources)
      out.push_back({{"name", name}, {"capacity", capacity}});
    if (ctx.json) return ctx.PrintJson(out);
    if (config->resources.empty()) std::cout << "No resources (add one with gt resource add)\n";
    for (const auto& [name, capacity] : config->resources)
      std::cout << fmt::format("{:<16} {}\n", name, capacity);
  });

  auto name = std::make_shared<std::string>();
  auto* remove = resource->add_subcommand("remove", "Remove a resource");
  remove->add_option("name", *name, "The resource")->required();
  remove->footer("Example:\n  gt resource remove gpu");
  remove->callback([name, &ctx] {
    auto town = ctx.OpenTown();
    if (!town) return ctx.Fail(town.error());
    if (auto st = daemon::RemoveResource(*town, *name); !st) return ctx.Fail(st.error());
    if (ctx.json) return ctx.PrintJson({{"removed", *name}});
    ctx.Say(fmt::format("✓ Resource {} removed\n", *name));
  });
}

void AddScheduleCommands(CLI::App& app, GtContext& ctx) {
  auto* schedule = app.add_subcommand(
      "schedule", "Formulas the daemon pours on a timer (every 30m, or at 02:00 UTC)");
  schedule->require_subcommand(1);
  schedule->footer(
      "Examples:\n  gt schedule add nightly --formula release --rig app --at 02:00 --var "
      "version=1.0\n  gt schedule add sweep --formula triage --rig app --every 30m\n  gt schedule "
      "list\n  gt schedule remove nightly\n\nKept in daemon.toml. A daemon that was down runs a "
      "missed schedule once, not once per missed time.");

  struct AddOpts {
    std::string name, formula, rig, every, at;
    std::vector<std::string> vars;
  };
  auto a = std::make_shared<AddOpts>();
  auto* add = schedule->add_subcommand("add", "Add a schedule");
  add->add_option("name", a->name, "The schedule's name (lower case)")->required();
  add->add_option("-f,--formula", a->formula, "The formula to pour")->required();
  add->add_option("-r,--rig", a->rig, "The rig whose ledger gets the molecule")->required();
  auto* every = add->add_option("--every", a->every, "A period: 30m, 6h, 1d (at least 1m)");
  auto* at = add->add_option("--at", a->at, "A time of day, HH:MM (UTC)");
  every->excludes(at);
  add->add_option("--var", a->vars, "A formula variable, KEY=VALUE (repeatable)");
  add->footer(
      "Examples:\n  gt schedule add nightly --formula release --rig app --at 02:00 --var "
      "version=1.0\n  gt schedule add sweep --formula triage --rig app --every 30m");
  add->callback([a, &ctx] {
    auto town = ctx.OpenTown();
    if (!town) return ctx.Fail(town.error());
    daemon::Schedule s{a->name, a->formula, a->rig, 0, -1, {}};
    if (a->every.empty() == a->at.empty())
      return ctx.Fail({ErrorKind::kInvalidArgument, "a schedule needs --every or --at",
                       "e.g. --every 30m, or --at 02:00 (UTC)"});
    if (!a->every.empty()) {
      auto ns = ParseDuration(a->every);
      if (!ns) return ctx.Fail(ns.error());
      s.every_ns = *ns;
    } else {
      auto minute = daemon::ParseTimeOfDay(a->at);
      if (!minute) return ctx.Fail(minute.error());
      s.at_minute = *minute;
    }
    for (const std::string& kv : a->vars) {
      size_t eq = kv.find('=');
      if (eq == std::string::npos || eq == 0)
        return ctx.Fail({ErrorKind::kInvalidArgument,
                         fmt::format("--var must be KEY=VALUE, not \"{}\"", kv),
                         "e.g. --var version=1.0"});
      s.vars[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    if (auto rig = town::LoadRig(*town, a->rig); !rig) return ctx.Fail(rig.error());
    if (auto st = daemon::AddSchedule(*town, s); !st) return ctx.Fail(st.error());
    if (ctx.json) return ctx.PrintJson(ScheduleJson(s, DefaultClock().NowNanos()));
    ctx.Say(fmt::format("✓ Schedule {}: {} in {} {}\n", s.name, s.formula, s.rig,
                        daemon::DescribeWhen(s)));
  });

  auto* list = schedule->add_subcommand("list", "The town's schedules and when each runs next");
  list->footer("Example:\n  gt schedule list --json");
  list->callback([&ctx] {
    auto town = ctx.OpenTown();
    if (!town) return ctx.Fail(town.error());
    auto config = daemon::LoadDaemonConfig(*town);
    if (!config) return ctx.Fail(config.error());
    int64_t now = DefaultClock().NowNanos();
    nlohmann::json out = nlohmann::json::array();
    for (const daemon::Schedule& s : config->schedules) out.push_back(ScheduleJson(s, now));
    if (ctx.json) return ctx.PrintJson(out);
    if (config->schedules.empty()) std::cout << "No schedules (add one with gt schedule add)\n";
    for (const daemon::Schedule& s : config->schedules) {
      std::string vars;
      for (const auto& [k, v] : s.vars) vars += fmt::format(" {}={}", k, v);
      std::cout << fmt::format("{:<12} {} in {}, {} (next {}){}\n", s.name, s.formula, s.rig,
                               daemon::DescribeWhen(s),
                               FormatTimestamp(daemon::NextDue(s, now)).substr(0, 16) + "Z", vars);
    }
  });

  auto name = std::make_shared<std::string>();
  auto* remove = schedule->add_subcommand("remove", "Remove a schedule");
  remove->add_option("name", *name, "The schedule")->required();
  remove->footer("Example:\n  gt schedule remove nightly");
  remove->callback([name, &ctx] {
    auto town = ctx.OpenTown();
    if (!town) return ctx.Fail(town.error());
    if (auto st = daemon::RemoveSchedule(*town, *name); !st) return ctx.Fail(st.error());
    if (ctx.json) return ctx.PrintJson({{"removed", *name}});
    ctx.Say(fmt::format("✓ Schedule {} removed\n", *name));
  });
}

void AddTownSettings(CLI::App& app, GtContext& ctx) {
  auto* town_cmd = app.add_subcommand("town", "The town's daemon settings (daemon.toml)");
  town_cmd->require_subcommand(1);
  town_cmd->footer(
      "Examples:\n  gt town set max_workers 8\n  gt town set tick 500ms\n  gt town set overseer "
      "mayor\n  gt town show");

  struct SetOpts {
    std::string key, value;
  };
  auto o = std::make_shared<SetOpts>();
  auto* set = town_cmd->add_subcommand("set", "Set a daemon setting of the whole town");
  set->add_option("key", o->key, "max_workers, tick or overseer")->required();
  set->add_option("value", o->value, "The value")->required();
  set->footer(
      "Examples:\n  gt town set max_workers 8   # workers of the whole town at once (1-64)\n"
      "  gt town set tick 500ms      # how often the daemon looks (100ms-1m)\n"
      "  gt town set overseer ann    # who gets escalations (a worker or mayor)");
  set->callback([o, &ctx] {
    auto town = ctx.OpenTown();
    if (!town) return ctx.Fail(town.error());
    if (auto st = daemon::SetDaemonValue(*town, o->key, o->value); !st) return ctx.Fail(st.error());
    if (ctx.json) return ctx.PrintJson({{"key", o->key}, {"value", o->value}});
    ctx.Say(fmt::format("✓ town: {} = {}\n", o->key, o->value));
  });

  auto* show = town_cmd->add_subcommand("show", "The town's daemon settings, resources, schedules");
  show->footer("Example:\n  gt town show --json");
  show->callback([&ctx] {
    auto town = ctx.OpenTown();
    if (!town) return ctx.Fail(town.error());
    auto c = daemon::LoadDaemonConfig(*town);
    if (!c) return ctx.Fail(c.error());
    if (ctx.json) {
      nlohmann::json schedules = nlohmann::json::array();
      int64_t now = DefaultClock().NowNanos();
      for (const daemon::Schedule& s : c->schedules) schedules.push_back(ScheduleJson(s, now));
      return ctx.PrintJson({{"max_workers", c->max_workers},
                            {"tick_ms", c->tick_ns / 1000000},
                            {"overseer", c->overseer},
                            {"resources", c->resources},
                            {"schedules", schedules}});
    }
    std::cout << fmt::format(
        "Town {}\n  max_workers: {}\n  tick:        {} ms\n  overseer:    {}\n  resources:   {}\n"
        "  schedules:   {}\n",
        town->config.name, c->max_workers, c->tick_ns / 1000000, c->overseer, c->resources.size(),
        c->schedules.size());
  });
}

std::string Colour(const std::string& kind) {
  if (kind == "done" || kind == "merge") return "\033[32m";
  if (kind == "bounce" || kind == "escalate" || kind == "blocked") return "\033[31m";
  if (kind == "sling" || kind == "resume") return "\033[36m";
  return "\033[33m";
}

std::string FeedLine(const town::FeedEvent& e, bool colour) {
  std::string time = e.at.size() >= 19 ? e.at.substr(11, 8) : e.at;
  std::string kind = fmt::format("{:<6}", e.kind);
  if (colour) kind = Colour(e.kind) + kind + "\033[0m";
  std::string who;
  if (!e.bead.empty() && !e.agent.empty())
    who = fmt::format("{} → {}: ", e.bead, e.agent);
  else if (!e.bead.empty() || !e.agent.empty())
    who = (e.bead.empty() ? e.agent : e.bead) + ": ";
  return fmt::format("{} {} {}{}", time, kind, who, e.text);
}

void AddFeed(CLI::App& app, GtContext& ctx) {
  struct Opts {
    int last = 20;
    bool follow = false;
    std::vector<std::string> kinds;
  };
  auto o = std::make_shared<Opts>();
  auto* feed = app.add_subcommand("feed", "What happened in the town: slings, dones, merges, ...");
  feed->add_option("-n,--lines", o->last, "How many past events to show (default 20)");
  feed->add_flag("-f,--follow", o->follow, "Keep printing new events until Ctrl-C");
  feed->add_option("--kind", o->kinds, "Only these kinds (repeatable: sling, done, merge, ...)")
      ->delimiter(',');
  feed->footer(
      "Examples:\n  gt feed\n  gt feed -n 50 --kind merge,bounce\n  gt feed -f\n  gt feed -f "
      "--json | jq .text\n\nThe feed is logs/feed.jsonl, one JSON object per line (at, kind, rig, "
      "bead,\nagent, text); --json prints those objects, one per line.");
  feed->callback([o, &ctx] {
    auto town = ctx.OpenTown();
    if (!town) return ctx.Fail(town.error());
    if (o->last < 0)
      return ctx.Fail({ErrorKind::kInvalidArgument, "-n must be 0 or more", "e.g. gt feed -n 50"});
    const char* no_color = std::getenv("NO_COLOR");
    bool colour = !ctx.json && isatty(STDOUT_FILENO) && !(no_color && *no_color);
    auto wanted = [&](const town::FeedEvent& e) {
      return o->kinds.empty() ||
             std::find(o->kinds.begin(), o->kinds.end(), e.kind) != o->kinds.end();
    };
    auto print = [&](const town::FeedEvent& e) {
      std::cout << (ctx.json ? town::FeedEventJson(e).dump() : FeedLine(e, colour)) << "\n";
    };
    uint64_t offset = 0;
    auto events = town::ReadFeed(*town, offset);
    if (!events) return ctx.Fail(events.error());
    std::deque<town::FeedEvent> last;
    for (town::FeedEvent& e : *events)
      if (wanted(e)) {
        last.push_back(std::move(e));
        if (static_cast<int>(last.size()) > o->last) last.pop_front();
      }
    for (const town::FeedEvent& e : last) print(e);
    if (last.empty() && !o->follow && !ctx.json)
      std::cout << (events->empty()
                        ? "Nothing in the feed yet (slings, dones and merges appear here)\n"
                        : "No events of that kind (gt feed without --kind shows all)\n");
    std::cout.flush();
    if (!o->follow) return;
    CatchStopSignals();
    while (!g_stop) {
      usleep(200 * 1000);
      auto more = town::ReadFeed(*town, offset);
      if (!more) return ctx.Fail(more.error());
      for (const town::FeedEvent& e : *more)
        if (wanted(e)) print(e);
      std::cout.flush();
    }
  });
}

}  // namespace

void AddDaemonConfigCommands(CLI::App& app, GtContext& ctx) {
  AddResourceCommands(app, ctx);
  AddScheduleCommands(app, ctx);
  AddTownSettings(app, ctx);
  AddFeed(app, ctx);
}

}  // namespace gt::cli
