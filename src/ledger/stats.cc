#include "ledger/stats.h"

#include <fmt/format.h>

namespace gt {
namespace {

Result<int64_t> Scalar(Database& db, const std::string& sql) {
  auto q = db.Prepare(sql);
  if (!q) return tl::unexpected(q.error());
  int64_t value = q->Step() ? q->Int(0) : 0;
  if (!q->status()) return tl::unexpected(q->status().error());
  return value;
}

}  // namespace

Result<LedgerStats> ComputeStats(Database& db, const std::string& now) {
  LedgerStats s;
  {
    auto q = db.Prepare(
        "SELECT status, issue_type, priority, count(*) FROM beads WHERE deleted = 0 "
        "GROUP BY status, issue_type, priority");
    if (!q) return tl::unexpected(q.error());
    while (q->Step()) {
      int64_t n = q->Int(3);
      s.by_status[q->Text(0)] += n;
      s.by_type[q->Text(1)] += n;
      s.by_priority[int(q->Int(2))] += n;
      s.total += n;
    }
    if (!q->status()) return tl::unexpected(q->status().error());
  }
  auto status = [&](const char* name) {
    auto it = s.by_status.find(name);
    return it == s.by_status.end() ? int64_t(0) : it->second;
  };
  s.open = status("open");
  s.in_progress = status("in_progress");
  s.closed = status("closed");
  s.deferred = status("deferred");
  s.pinned = status("pinned");

  auto blocked = Scalar(db,
                        "SELECT count(*) FROM beads WHERE deleted = 0 AND status NOT IN "
                        "('closed','pinned') AND (blocked = 1 OR status = 'blocked')");
  if (!blocked) return tl::unexpected(blocked.error());
  s.blocked = *blocked;

  ReadyFilter ready;
  ready.limit = 1;
  ready.now = now;
  auto first = ReadyBeads(db, ready, &s.ready);
  if (!first) return tl::unexpected(first.error());

  auto epics = Scalar(db, R"sql(
SELECT count(*) FROM beads e WHERE e.deleted = 0 AND e.issue_type = 'epic'
  AND e.status NOT IN ('closed','pinned')
  -- "parent != ''" lets SQLite use the partial index beads_by_parent.
  AND EXISTS(SELECT 1 FROM beads c WHERE c.parent = e.id AND c.parent != '' AND c.deleted = 0)
  AND NOT EXISTS(SELECT 1 FROM beads c WHERE c.parent = e.id AND c.parent != ''
                 AND c.deleted = 0 AND c.status != 'closed'))sql");
  if (!epics) return tl::unexpected(epics.error());
  s.epics_eligible_for_closure = *epics;

  auto q = db.Prepare(
      // In thousandths of an hour: Statement reads integers.
      "SELECT CAST(round(avg((julianday(closed_at) - julianday(created_at)) * 24000.0)) AS "
      "INTEGER) FROM beads "
      "WHERE deleted = 0 AND status = 'closed' AND closed_at != ''");  // avg skips NULLs
  if (!q) return tl::unexpected(q.error());
  if (q->Step() && !q->IsNull(0)) s.average_lead_time_hours = double(q->Int(0)) / 1000.0;
  if (!q->status()) return tl::unexpected(q->status().error());
  return s;
}

Result<CountResult> CountBeads(Database& db, const ListFilter& filter,
                               const std::string& group_by) {
  std::vector<std::string> params;
  std::string where = ListFilterClause(filter, &params);
  std::string column;
  if (group_by == "status")
    column = "b.status";
  else if (group_by == "type")
    column = "b.issue_type";
  else if (group_by == "priority")
    column = "b.priority";
  else if (group_by == "assignee")
    column = "b.assignee";
  else if (!group_by.empty())
    return Fail(ErrorKind::kInvalidArgument, fmt::format("cannot group by '{}'", group_by),
                "group by status, type, priority or assignee");
  std::string sql = column.empty() ? fmt::format("SELECT '', count(*) FROM beads b WHERE {}", where)
                                   : fmt::format(
                                         "SELECT {0}, count(*) FROM beads b WHERE {1} GROUP BY {0} "
                                         "ORDER BY count(*) DESC, {0}",
                                         column, where);
  auto q = db.Prepare(sql);
  if (!q) return tl::unexpected(q.error());
  for (size_t i = 0; i < params.size(); ++i) q->Bind(int(i + 1), params[i]);
  CountResult out;
  while (q->Step()) {
    out.total += q->Int(1);
    if (!column.empty()) out.groups.emplace_back(q->Text(0), q->Int(1));
  }
  if (!q->status()) return tl::unexpected(q->status().error());
  return out;
}

}  // namespace gt
