#include "ledger/annotations.h"

#include <fmt/format.h>

#include "ledger/queries.h"

namespace gt {

Result<std::vector<Comment>> CommentsOf(Database& db, const std::string& id) {
  auto q = db.Prepare(
      "SELECT id, issue_id, author, text, created_at FROM comments WHERE issue_id = ? "
      "ORDER BY created_at, rowid");
  if (!q) return tl::unexpected(q.error());
  q->Bind(1, id);
  std::vector<Comment> out;
  while (q->Step()) out.push_back({q->Text(0), q->Text(1), q->Text(2), q->Text(3), q->Text(4)});
  if (!q->status()) return tl::unexpected(q->status().error());
  return out;
}

Result<std::vector<LabelCount>> LabelCounts(Database& db) {
  auto q = db.Prepare(
      "SELECT l.label, count(*) FROM labels l JOIN beads b ON b.id = l.issue_id "
      "WHERE b.deleted = 0 GROUP BY l.label ORDER BY l.label");
  if (!q) return tl::unexpected(q.error());
  std::vector<LabelCount> out;
  while (q->Step()) out.push_back({q->Text(0), q->Int(1)});
  if (!q->status()) return tl::unexpected(q->status().error());
  return out;
}

Result<std::vector<Bead>> ChildrenOf(Database& db, const std::string& id) {
  ListFilter filter;
  filter.all = true;
  filter.parent = id;
  filter.limit = 0;
  filter.sort = "id";
  return ListBeads(db, filter);
}

Result<std::vector<EpicProgress>> EpicsProgress(Database& db, bool include_closed) {
  ListFilter filter;
  filter.all = include_closed;
  filter.issue_type = "epic";
  filter.limit = 0;
  auto epics = ListBeads(db, filter);
  if (!epics) return tl::unexpected(epics.error());
  auto q = db.Prepare(R"sql(
SELECT count(*), coalesce(sum(c.status = 'closed'), 0) FROM deps d JOIN beads c ON c.id = d.issue_id
WHERE d.depends_on_id = ? AND d.type = 'parent-child' AND c.deleted = 0)sql");
  if (!q) return tl::unexpected(q.error());
  std::vector<EpicProgress> out;
  for (Bead& epic : *epics) {
    q->Reset();
    q->Bind(1, epic.id);
    if (!q->Step()) return tl::unexpected(q->status().error());
    EpicProgress p{std::move(epic), q->Int(0), q->Int(1), false};
    p.eligible_for_close =
        p.epic.status != "closed" && p.total_children > 0 && p.closed_children == p.total_children;
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::vector<Dependency>> DanglingDependencies(Database& db) {
  auto q = db.Prepare(R"sql(
SELECT d.issue_id, d.depends_on_id, d.type, d.created_at, d.created_by FROM deps d
  LEFT JOIN beads f ON f.id = d.issue_id LEFT JOIN beads t ON t.id = d.depends_on_id
WHERE (f.id IS NULL OR t.id IS NULL OR f.deleted = 1 OR t.deleted = 1)
  AND instr(d.depends_on_id, ':') = 0  -- "external:proj:id" points outside by design
ORDER BY d.issue_id, d.depends_on_id)sql");
  if (!q) return tl::unexpected(q.error());
  std::vector<Dependency> out;
  while (q->Step()) out.push_back({q->Text(0), q->Text(1), q->Text(2), q->Text(3), q->Text(4)});
  if (!q->status()) return tl::unexpected(q->status().error());
  return out;
}

Result<std::string> ResolveDeletedId(Database& db, std::string_view prefix,
                                     std::string_view input) {
  std::string text(input);
  auto q = db.Prepare("SELECT deleted FROM beads WHERE id = ?");
  if (!q) return tl::unexpected(q.error());
  for (const std::string& candidate : {text, fmt::format("{}-{}", prefix, text)}) {
    q->Reset();
    q->Bind(1, candidate);
    if (!q->Step()) continue;
    if (q->Int(0) != 0) return candidate;
    return Fail(ErrorKind::kConflict, fmt::format("issue {} is not deleted", candidate),
                "only deleted issues can be restored");
  }
  if (!q->status()) return tl::unexpected(q->status().error());
  return Fail(ErrorKind::kNotFound, fmt::format("no deleted issue found matching \"{}\"", text),
              "give the full id of the deleted issue (see `bd history ID`)");
}

}  // namespace gt
