#include "daemon/timers.h"

#include <fmt/format.h>

#include "core/clock.h"
#include "ledger/formula.h"
#include "ledger/molecule.h"
#include "ledger/ops.h"
#include "ledger/queries.h"

namespace gt::daemon {
namespace {

Status WakeDeferred(const std::string& rig, Ledger& ledger, int64_t now,
                    std::vector<town::FeedEvent>& events) {
  ListFilter f;
  f.statuses = {"deferred"};
  f.limit = 0;
  auto beads = ListBeads(ledger.db(), f);
  if (!beads) return tl::unexpected(beads.error());
  for (const Bead& b : *beads) {
    if (b.defer_until.empty()) continue;
    auto until = ParseTimestamp(b.defer_until);
    if (!until || *until > now) continue;
    auto woken = UndeferBead(ledger, b.id);
    if (!woken) return tl::unexpected(woken.error());
    events.push_back(
        {"", "wake", rig, b.id, "",
         fmt::format("woke {} (deferred until {}): {}", b.id, b.defer_until, b.title)});
  }
  return {};
}

Status Pour(town::Town& town, const Schedule& s, int64_t due,
            std::vector<town::FeedEvent>& events) {
  if (!town.config.rigs.count(s.rig))
    return Fail(ErrorKind::kNotFound,
                fmt::format("schedule {}: the town has no rig {}", s.name, s.rig),
                "gt schedule remove " + s.name);
  auto ledger = town::OpenLedgerAs(town, town.RigBeadsDir(s.rig), town::kAdminActor);
  if (!ledger) return tl::unexpected(ledger.error());
  auto formula = FindFormula(FormulaSearchPath(town.RigBeadsDir(s.rig)), s.formula);
  if (!formula) return tl::unexpected(formula.error());
  auto cooked = CookFormula(*formula, s.vars);
  if (!cooked) return tl::unexpected(cooked.error());
  auto poured =
      PourMolecule(*ledger, *cooked, ScheduleKey(s, due), town.RigDir(s.rig) + "/refinery");
  if (!poured) return tl::unexpected(poured.error());
  if (auto l = AddLabel(*ledger, poured->epic_id, kDispatchLabel); !l)
    return tl::unexpected(l.error());
  if (!poured->existing)
    events.push_back(
        {"", "pour", s.rig, poured->epic_id, "",
         fmt::format("schedule {}: poured {} as {} ({} beads) for {}", s.name, s.formula,
                     poured->epic_id, poured->created, FormatTimestamp(due))});
  return {};
}

}  // namespace

std::string ScheduleKey(const Schedule& schedule, int64_t due_ns) {
  return fmt::format("schedule:{}:{}", schedule.name, FormatTimestamp(due_ns));
}

Status RunTimers(town::Town& town, const DaemonConfig& config, TimerState& state, int64_t now,
                 std::vector<town::FeedEvent>& events) {
  for (const auto& [rig, prefix] : town.config.rigs) {
    auto ledger = town::OpenLedgerAs(town, town.RigBeadsDir(rig), town::kAdminActor);
    if (!ledger) return tl::unexpected(ledger.error());
    if (auto st = WakeDeferred(rig, *ledger, now, events); !st) return st;
  }
  std::map<std::string, int64_t> kept;
  for (const Schedule& s : config.schedules) {
    int64_t due = LatestDue(s, now);
    auto last = state.last_due.find(s.name);
    if (last == state.last_due.end()) {
      kept[s.name] = due;  // first sight: wait for the next due time
      continue;
    }
    kept[s.name] = last->second;
    if (due <= last->second) continue;  // not due, or the clock went back
    auto st = Pour(town, s, due, events);
    if (!st) {
      events.push_back({"", "schedule-failed", s.rig, "", "",
                        fmt::format("schedule {}: {}", s.name, st.error().message)});
    }
    kept[s.name] = due;  // a failed run is reported once, not retried every tick
  }
  state.last_due = kept;
  return {};
}

}  // namespace gt::daemon
