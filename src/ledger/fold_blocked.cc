// The fold's `blocked` bookkeeping: which beads wait on open work.
#include <deque>
#include <map>
#include <set>

#include <fmt/format.h>

#include "ledger/fold.h"

namespace gt {
namespace {

// A bead is directly blocked by an open `blocks`/`conditional-blocks` target,
// by a `waits-for` spawner with open children, or by a blocked parent.
constexpr const char* kBlockedExpr = R"sql(
CASE WHEN b.deleted = 1 OR b.status IN ('closed','pinned') THEN 0 ELSE (
  EXISTS(SELECT 1 FROM deps d JOIN beads t ON t.id = d.depends_on_id
         WHERE d.issue_id = b.id AND d.type IN ('blocks','conditional-blocks')
           AND t.deleted = 0 AND t.status NOT IN ('closed','pinned'))
  OR EXISTS(SELECT 1 FROM deps w JOIN deps pc ON pc.depends_on_id = w.depends_on_id
              AND pc.type = 'parent-child' JOIN beads c ON c.id = pc.issue_id
            WHERE w.issue_id = b.id AND w.type = 'waits-for'
              AND c.deleted = 0 AND c.status NOT IN ('closed','pinned'))
  OR EXISTS(SELECT 1 FROM deps p JOIN beads t ON t.id = p.depends_on_id
            WHERE p.issue_id = b.id AND p.type = 'parent-child'
              AND t.deleted = 0 AND t.blocked = 1)) END)sql";

// Blocking flows down the hierarchy to open descendants: marks every open
// descendant of a blocked bead (of a blocked bead in `scope`, SQL naming
// beads, when given).
std::string PropagateBlockedSql(const std::string& scope = "") {
  return fmt::format(R"sql(
WITH RECURSIVE down(id) AS (
  SELECT id FROM beads WHERE blocked = 1{0}
  UNION
  SELECT d.issue_id FROM deps d JOIN down ON d.depends_on_id = down.id
    JOIN beads c ON c.id = d.issue_id
  WHERE d.type = 'parent-child' AND c.deleted = 0 AND c.status NOT IN ('closed','pinned'))
UPDATE beads SET blocked = 1 WHERE blocked = 0 AND id IN (SELECT id FROM down))sql",
                     scope.empty() ? "" : " AND id IN (" + scope + ")");
}
}  // namespace

Status Folder::RefreshBlocked(bool everything) {
  // Past a few thousand touched beads (an import), statements over sets are
  // cheaper than following each bead's edges; when the batch is most of
  // the table, one pass over all of it is cheaper still.
  if (!everything && touched_.size() > 4000) {
    auto count = Cached("SELECT count(*) FROM beads");
    if (!count) return tl::unexpected(count.error());
    int64_t rows = (*count)->Step() ? (*count)->Int(0) : 0;
    if (!(*count)->status()) return (*count)->status();
    (*count)->Reset();
    if (int64_t(touched_.size()) * 2 >= rows)
      everything = true;
    else
      return RefreshBlockedOf();
  }
  if (everything) {
    touched_.clear();
    if (auto r = db_.Exec(fmt::format("UPDATE beads AS b SET blocked = 0 WHERE blocked != 0; "
                                      "UPDATE beads AS b SET blocked = 1 WHERE {}",
                                      kBlockedExpr));
        !r)
      return r;
    return db_.Exec(PropagateBlockedSql());
  }
  if (touched_.empty()) return {};

  // Seeds: the touched beads, whoever they block, and whoever waits on
  // their parents; then re-evaluate down the hierarchy while values change.
  std::deque<std::string> work(touched_.begin(), touched_.end());
  std::set<std::string> seeds(touched_.begin(), touched_.end());
  touched_.clear();
  auto related = Cached(R"sql(
SELECT issue_id FROM deps WHERE depends_on_id = ?1
  AND type IN ('blocks','conditional-blocks','waits-for')
UNION SELECT w.issue_id FROM deps w JOIN deps pc ON pc.depends_on_id = w.depends_on_id
  WHERE pc.issue_id = ?1 AND pc.type = 'parent-child' AND w.type = 'waits-for')sql");
  if (!related) return tl::unexpected(related.error());
  for (const std::string& id : std::vector<std::string>(work.begin(), work.end())) {
    Statement& q = **related;
    q.Bind(1, id);
    while (q.Step())
      if (seeds.insert(q.Text(0)).second) work.push_back(q.Text(0));
    if (!q.status()) return q.status();
    q.Reset();
  }

  auto eval = Cached(fmt::format("SELECT b.blocked, {} FROM beads b WHERE b.id = ?", kBlockedExpr));
  auto set = Cached("UPDATE beads SET blocked = ? WHERE id = ?");
  auto children =
      Cached("SELECT issue_id FROM deps WHERE depends_on_id = ? AND type = 'parent-child'");
  if (!eval || !set || !children) return tl::unexpected(Error{ErrorKind::kIo, "index error"});
  std::map<std::string, int> visits;
  while (!work.empty()) {
    std::string id = std::move(work.front());
    work.pop_front();
    if (++visits[id] > 64) continue;  // a parent-child cycle; cannot recur forever
    Statement& e = **eval;
    e.Reset();
    e.Bind(1, id);
    if (!e.Step()) {
      if (!e.status()) return e.status();
      continue;
    }
    int64_t was = e.Int(0), now = e.Int(1);
    e.Reset();
    if (was == now) continue;
    if (auto r = (*set)->Bind(1, now).Bind(2, id).Run(); !r) return r;
    Statement& c = **children;
    c.Reset();
    c.Bind(1, id);
    while (c.Step()) work.push_back(c.Text(0));
    if (!c.status()) return c.status();
    c.Reset();
  }
  return {};
}

Status Folder::RefreshBlockedOf() {
  // The beads whose `blocked` the touched ones can change: themselves,
  // whoever they block or who waits on them, whoever waits on their parents,
  // and all their descendants. Everything else keeps its (correct) value.
  if (auto r = db_.Exec(
          "CREATE TEMP TABLE IF NOT EXISTS blocked_touched(id TEXT PRIMARY KEY) WITHOUT ROWID; "
          "CREATE TEMP TABLE IF NOT EXISTS blocked_scope(id TEXT PRIMARY KEY) WITHOUT ROWID; "
          "DELETE FROM blocked_touched; DELETE FROM blocked_scope");
      !r)
    return r;
  auto add = Cached("INSERT OR IGNORE INTO blocked_touched(id) VALUES(?)");
  if (!add) return tl::unexpected(add.error());
  for (const std::string& id : touched_)
    if (auto r = (*add)->Bind(1, id).Run(); !r) return r;
  touched_.clear();
  if (auto r =
          db_.Exec(fmt::format(R"sql(
INSERT OR IGNORE INTO blocked_scope(id)
WITH RECURSIVE seed(id) AS (
  SELECT id FROM blocked_touched
  UNION SELECT d.issue_id FROM deps d JOIN blocked_touched t ON d.depends_on_id = t.id
    WHERE d.type IN ('blocks','conditional-blocks','waits-for')
  UNION SELECT w.issue_id FROM blocked_touched t
    JOIN deps pc ON pc.issue_id = t.id AND pc.type = 'parent-child'
    JOIN deps w ON w.depends_on_id = pc.depends_on_id AND w.type = 'waits-for'),
down(id) AS (
  SELECT id FROM seed
  UNION SELECT d.issue_id FROM deps d JOIN down ON d.depends_on_id = down.id
    WHERE d.type = 'parent-child')
SELECT id FROM down;
UPDATE beads SET blocked = 0 WHERE blocked != 0 AND id IN (SELECT id FROM blocked_scope);
UPDATE beads AS b SET blocked = 1 WHERE b.id IN (SELECT id FROM blocked_scope) AND {};
{})sql",
                               kBlockedExpr, PropagateBlockedSql("SELECT id FROM blocked_scope")));
      !r)
    return r;
  return db_.Exec("DELETE FROM blocked_touched; DELETE FROM blocked_scope");
}

}  // namespace gt
