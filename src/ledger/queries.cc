#include "ledger/queries.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>

#include "ledger/chain_file.h"
#include "ledger/event.h"

namespace gt {
namespace {

// Columns read into a Bead, in RowToBead's order.
constexpr const char* kBeadColumns = R"sql(
  b.id, b.title, b.description, b.design, b.acceptance_criteria, b.notes, b.status, b.priority,
  b.issue_type, b.assignee, b.owner, b.created_by, b.created_at, b.updated_at, b.started_at,
  b.closed_at, b.close_reason, b.external_ref, b.defer_until, b.estimated_minutes, b.parent,
  b.blocked, b.deleted,
  (SELECT count(*) FROM deps WHERE issue_id = b.id),
  (SELECT count(*) FROM deps WHERE depends_on_id = b.id),
  (SELECT count(*) FROM comments WHERE issue_id = b.id),
  (SELECT group_concat(label, char(31)) FROM
     (SELECT label FROM labels WHERE issue_id = b.id ORDER BY label)))sql";

Bead RowToBead(const Statement& q) {
  Bead b;
  int c = 0;
  b.id = q.Text(c++);
  b.title = q.Text(c++);
  b.description = q.Text(c++);
  b.design = q.Text(c++);
  b.acceptance_criteria = q.Text(c++);
  b.notes = q.Text(c++);
  b.status = q.Text(c++);
  b.priority = int(q.Int(c++));
  b.issue_type = q.Text(c++);
  b.assignee = q.Text(c++);
  b.owner = q.Text(c++);
  b.created_by = q.Text(c++);
  b.created_at = q.Text(c++);
  b.updated_at = q.Text(c++);
  b.started_at = q.Text(c++);
  b.closed_at = q.Text(c++);
  b.close_reason = q.Text(c++);
  b.external_ref = q.Text(c++);
  b.defer_until = q.Text(c++);
  if (!q.IsNull(c)) b.estimated_minutes = q.Int(c);
  ++c;
  b.parent = q.Text(c++);
  b.blocked = q.Int(c++) != 0;
  b.deleted = q.Int(c++) != 0;
  b.dependency_count = int(q.Int(c++));
  b.dependent_count = int(q.Int(c++));
  b.comment_count = int(q.Int(c++));
  std::string labels = q.Text(c++);
  size_t start = 0;
  while (!labels.empty() && start <= labels.size()) {
    size_t sep = labels.find('\x1f', start);
    b.labels.push_back(labels.substr(start, sep == std::string::npos ? sep : sep - start));
    if (sep == std::string::npos) break;
    start = sep + 1;
  }
  return b;
}

/// A WHERE clause with its bound values, built up filter by filter.
struct Where {
  std::string sql = "b.deleted = 0";
  std::vector<std::string> texts;  // bound in order as ?1, ?2, …
  void Add(const std::string& clause) { sql += " AND " + clause; }
  std::string Param(std::string value) {
    texts.push_back(std::move(value));
    return fmt::format("?{}", texts.size());
  }
};

Result<std::vector<Bead>> RunBeadQuery(Database& db, const std::string& sql,
                                       const std::vector<std::string>& params) {
  auto q = db.Prepare(sql);
  if (!q) return tl::unexpected(q.error());
  for (size_t i = 0; i < params.size(); ++i) q->Bind(int(i + 1), params[i]);
  std::vector<Bead> out;
  while (q->Step()) out.push_back(RowToBead(*q));
  if (!q->status()) return tl::unexpected(q->status().error());
  return out;
}

std::string OrderBy(const std::string& sort, bool reverse) {
  std::string order;
  if (sort == "created" || sort == "oldest")
    order = "b.created_at ASC, b.id ASC";
  else if (sort == "updated")
    order = "b.updated_at DESC, b.id ASC";
  else if (sort == "id")
    order = "b.id ASC";
  else if (sort == "title")
    order = "b.title ASC, b.id ASC";
  else if (sort == "status")
    order = "b.status ASC, b.priority ASC, b.id ASC";
  else
    order = "b.priority ASC, b.created_at DESC, b.id ASC";  // beads' default
  if (reverse) {
    std::string flipped;
    size_t start = 0;
    while (start < order.size()) {
      size_t comma = order.find(", ", start);
      std::string part = order.substr(start, comma == std::string::npos ? comma : comma - start);
      if (part.ends_with(" ASC"))
        part.replace(part.size() - 3, 3, "DESC");
      else if (part.ends_with(" DESC"))
        part.replace(part.size() - 4, 4, "ASC");
      flipped += (flipped.empty() ? "" : ", ") + part;
      if (comma == std::string::npos) break;
      start = comma + 2;
    }
    order = flipped;
  }
  return order;
}

Result<std::vector<Dependency>> Edges(Database& db, const char* sql, const std::string& id) {
  auto q = db.Prepare(sql);
  if (!q) return tl::unexpected(q.error());
  q->Bind(1, id);
  std::vector<Dependency> out;
  while (q->Step()) out.push_back({q->Text(0), q->Text(1), q->Text(2), q->Text(3), q->Text(4)});
  if (!q->status()) return tl::unexpected(q->status().error());
  return out;
}

}  // namespace

Result<std::string> ResolveId(Database& db, std::string_view prefix, std::string_view input) {
  std::string text(input);
  if (text.empty())
    return Fail(ErrorKind::kInvalidArgument, "empty issue id", "give an id such as gt-a3f");
  auto live = [&](const std::string& id) -> Result<bool> {
    auto q = db.Prepare("SELECT 1 FROM beads WHERE id = ? AND deleted = 0");
    if (!q) return tl::unexpected(q.error());
    q->Bind(1, id);
    return q->Step();
  };
  for (const std::string& candidate : {text, fmt::format("{}-{}", prefix, text)}) {
    auto found = live(candidate);
    if (!found) return tl::unexpected(found.error());
    if (*found) return candidate;
  }
  // A unique substring of the part after the prefix.
  auto q = db.Prepare(
      "SELECT id FROM beads WHERE deleted = 0 AND instr(substr(id, instr(id, '-') + 1), ?) > 0 "
      "ORDER BY id LIMIT 6");
  if (!q) return tl::unexpected(q.error());
  q->Bind(1, text);
  std::vector<std::string> matches;
  while (q->Step()) matches.push_back(q->Text(0));
  if (matches.size() == 1) return matches[0];
  if (matches.empty())
    return Fail(ErrorKind::kNotFound, fmt::format("no issue found matching \"{}\"", text),
                "check the id with `bd list`");
  std::string shown;
  for (size_t i = 0; i < std::min<size_t>(matches.size(), 5); ++i)
    shown += (i ? ", " : "") + matches[i];
  return Fail(ErrorKind::kAmbiguous,
              fmt::format("ambiguous ID \"{}\" matches {}{} issues: [{}]", text,
                          matches.size() > 5 ? "more than " : "",
                          std::min<size_t>(matches.size(), 5), shown),
              "use more characters to disambiguate");
}

Result<Bead> LoadBead(Database& db, const std::string& id) {
  auto rows = RunBeadQuery(
      db, fmt::format("SELECT {} FROM beads b WHERE b.id = ?1 AND b.deleted = 0", kBeadColumns),
      {id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty())
    return Fail(ErrorKind::kNotFound, fmt::format("no issue found matching \"{}\"", id),
                "check the id with `bd list`");
  return std::move(rows->front());
}

Result<bool> IdExists(Database& db, const std::string& id) {
  auto q = db.Prepare("SELECT 1 FROM beads WHERE id = ?");
  if (!q) return tl::unexpected(q.error());
  q->Bind(1, id);
  bool found = q->Step();
  if (!q->status()) return tl::unexpected(q->status().error());
  return found;
}

Result<int64_t> CountTopLevelIds(Database& db) {
  // Kept by the fold, so a create never scans the table.
  auto q = db.Prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'top_level_ids'");
  if (!q) return tl::unexpected(q.error());
  int64_t count = q->Step() ? q->Int(0) : 0;
  if (!q->status()) return tl::unexpected(q->status().error());
  return count;
}

Result<int64_t> NextChildNumber(Database& db, const std::string& parent) {
  auto q = db.Prepare("SELECT last FROM child_counters WHERE parent = ?");
  if (!q) return tl::unexpected(q.error());
  q->Bind(1, parent);
  int64_t last = q->Step() ? q->Int(0) : 0;
  if (!q->status()) return tl::unexpected(q->status().error());
  return last + 1;
}

Result<std::vector<Bead>> ListBeads(Database& db, const ListFilter& f) {
  std::vector<std::string> params;
  std::string where = ListFilterClause(f, &params);
  std::string sql = fmt::format("SELECT {} FROM beads b WHERE {} ORDER BY {}", kBeadColumns, where,
                                OrderBy(f.sort, f.reverse));
  if (f.limit > 0) sql += fmt::format(" LIMIT {}", f.limit);
  return RunBeadQuery(db, sql, params);
}

Result<std::vector<Bead>> ReadyBeads(Database& db, const ReadyFilter& f, int64_t* total) {
  Where w;
  std::string now = w.Param(f.now);
  w.Add("b.blocked = 0");
  w.Add(fmt::format(
      "NOT EXISTS(SELECT 1 FROM beads p WHERE p.id = b.parent AND p.defer_until > {})", now));
  if (f.issue_type.empty())
    w.Add("b.issue_type NOT IN ('merge-request','gate','molecule','message','agent','role','rig')");
  else
    w.Add("b.issue_type = " + w.Param(f.issue_type));
  if (f.priority) w.Add(fmt::format("b.priority = {}", *f.priority));
  if (!f.assignee.empty()) w.Add("b.assignee = " + w.Param(f.assignee));
  if (f.unassigned) w.Add("b.assignee = ''");
  for (const auto& label : f.labels)
    w.Add(fmt::format("EXISTS(SELECT 1 FROM labels l WHERE l.issue_id = b.id AND l.label = {})",
                      w.Param(label)));
  if (!f.include_wisps) w.Add("b.id NOT GLOB '*-wisp-*'");
  // Open beads not deferred past now, and deferred ones whose time has come:
  // two scans of the ready index, merged in order, so LIMIT stops early.
  std::string open = fmt::format(
      "SELECT {} FROM beads b WHERE {} AND b.status = 'open' AND (b.defer_until = '' OR "
      "b.defer_until <= {})",
      kBeadColumns, w.sql, now);
  std::string woken = fmt::format(
      "SELECT {} FROM beads b WHERE {} AND b.status = 'deferred' AND b.defer_until != '' AND "
      "b.defer_until <= {}",
      kBeadColumns, w.sql, now);
  std::string order = OrderBy(f.sort, false);
  for (size_t at; (at = order.find("b.")) != std::string::npos;) order.erase(at, 2);
  std::string sql = fmt::format("{} UNION ALL {} ORDER BY {}", open, woken, order);
  if (f.limit > 0) sql += fmt::format(" LIMIT {}", f.limit);
  auto rows = RunBeadQuery(db, sql, w.texts);
  if (!rows) return rows;
  if (total) {
    *total = int64_t(rows->size());
    if (f.limit > 0 && int64_t(rows->size()) == f.limit) {
      auto q = db.Prepare(fmt::format("SELECT count(*) FROM ({} UNION ALL {})", open, woken));
      if (!q) return tl::unexpected(q.error());
      for (size_t i = 0; i < w.texts.size(); ++i) q->Bind(int(i + 1), w.texts[i]);
      if (q->Step()) *total = q->Int(0);
    }
  }
  return rows;
}

Result<std::vector<BlockedBead>> BlockedBeads(Database& db) {
  auto rows = RunBeadQuery(
      db,
      fmt::format(
          "SELECT {} FROM beads b WHERE b.deleted = 0 AND b.blocked = 1 AND b.status NOT IN "
          "('closed','pinned') ORDER BY b.priority ASC, b.created_at DESC, b.id ASC",
          kBeadColumns),
      {});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<BlockedBead> out;
  for (Bead& b : *rows) {
    auto blockers = OpenBlockers(db, b.id);
    if (!blockers) return tl::unexpected(blockers.error());
    out.push_back({std::move(b), std::move(*blockers)});
  }
  return out;
}

Result<std::vector<Dependency>> DependenciesOf(Database& db, const std::string& id) {
  return Edges(db,
               "SELECT issue_id, depends_on_id, type, created_at, created_by FROM deps "
               "WHERE issue_id = ? ORDER BY depends_on_id",
               id);
}

Result<std::vector<Dependency>> DependentsOf(Database& db, const std::string& id) {
  return Edges(db,
               "SELECT issue_id, depends_on_id, type, created_at, created_by FROM deps "
               "WHERE depends_on_id = ? ORDER BY issue_id",
               id);
}

Result<std::vector<std::string>> OpenBlockers(Database& db, const std::string& id) {
  auto q = db.Prepare(R"sql(
SELECT d.depends_on_id FROM deps d JOIN beads t ON t.id = d.depends_on_id
WHERE d.issue_id = ? AND d.type IN ('blocks','conditional-blocks','waits-for')
  AND t.deleted = 0 AND t.status NOT IN ('closed','pinned') ORDER BY d.depends_on_id)sql");
  if (!q) return tl::unexpected(q.error());
  q->Bind(1, id);
  std::vector<std::string> out;
  while (q->Step()) out.push_back(q->Text(0));
  if (!q->status()) return tl::unexpected(q->status().error());
  return out;
}

Result<int64_t> CountOpenChildren(Database& db, const std::string& id) {
  auto q = db.Prepare(R"sql(
SELECT count(*) FROM deps d JOIN beads c ON c.id = d.issue_id
WHERE d.depends_on_id = ? AND d.type = 'parent-child' AND c.deleted = 0
  AND c.status NOT IN ('closed','pinned'))sql");
  if (!q) return tl::unexpected(q.error());
  q->Bind(1, id);
  if (!q->Step()) return tl::unexpected(q->status().error());
  return q->Int(0);
}

Result<std::vector<std::string>> CyclePath(Database& db, const std::string& from,
                                           const std::string& to) {
  // Adding from→to closes a cycle when `from` is reachable from `to`.
  auto q = db.Prepare(
      "SELECT depends_on_id FROM deps WHERE issue_id = ? "
      "AND type IN ('blocks','conditional-blocks','parent-child')");
  if (!q) return tl::unexpected(q.error());
  std::map<std::string, std::string> came_from{{to, ""}};
  std::vector<std::string> frontier{to};
  while (!frontier.empty()) {
    std::vector<std::string> next;
    for (const std::string& id : frontier) {
      q->Reset();
      q->Bind(1, id);
      while (q->Step()) {
        std::string target = q->Text(0);
        if (!came_from.emplace(target, id).second) continue;
        if (target == from) {
          // Walk back from `id` to `to`, then read it forwards: from → to → … → id → from.
          std::vector<std::string> back;
          for (std::string at = id; !at.empty(); at = came_from[at]) back.push_back(at);
          std::vector<std::string> cycle{from};
          cycle.insert(cycle.end(), back.rbegin(), back.rend());
          cycle.push_back(from);
          return cycle;
        }
        next.push_back(target);
      }
    }
    frontier = std::move(next);
  }
  return std::vector<std::string>{};
}

Result<std::vector<std::vector<std::string>>> FindCycles(Database& db) {
  auto q = db.Prepare(
      "SELECT d.issue_id, d.depends_on_id FROM deps d JOIN beads a ON a.id = d.issue_id "
      "JOIN beads b ON b.id = d.depends_on_id WHERE a.deleted = 0 AND b.deleted = 0 "
      "AND d.type IN ('blocks','conditional-blocks') ORDER BY d.issue_id, d.depends_on_id");
  if (!q) return tl::unexpected(q.error());
  std::map<std::string, std::vector<std::string>> graph;
  while (q->Step()) graph[q->Text(0)].push_back(q->Text(1));
  if (!q->status()) return tl::unexpected(q->status().error());

  // Iterative DFS; a back edge to a node on the stack is a cycle.
  std::map<std::string, int> state;  // 0 new, 1 on stack, 2 done
  std::set<std::vector<std::string>> seen;
  std::vector<std::vector<std::string>> cycles;
  for (const auto& [root, _] : graph) {
    if (state[root]) continue;
    std::vector<std::pair<std::string, size_t>> stack{{root, 0}};
    state[root] = 1;
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      const auto& edges = graph[node];
      if (next == edges.size()) {
        state[node] = 2;
        stack.pop_back();
        continue;
      }
      std::string target = edges[next++];
      if (state[target] == 0) {
        state[target] = 1;
        stack.push_back({target, 0});
      } else if (state[target] == 1) {
        std::vector<std::string> cycle;
        size_t i = stack.size();
        while (i > 0 && stack[i - 1].first != target) --i;
        for (size_t j = i - 1; j < stack.size(); ++j) cycle.push_back(stack[j].first);
        auto smallest = std::min_element(cycle.begin(), cycle.end());
        std::rotate(cycle.begin(), smallest, cycle.end());
        if (seen.insert(cycle).second) cycles.push_back(cycle);
      }
    }
  }
  return cycles;
}

Result<std::vector<HistoryEntry>> BeadHistory(Database& db, const std::string& log_dir,
                                              const std::string& id) {
  auto q = db.Prepare(
      "SELECT e.lc, e.keyid, e.seq, e.applied, coalesce(e.note, ''), e.offset, c.path "
      "FROM events e LEFT JOIN chains c ON c.keyid = e.keyid "
      "WHERE e.bead = ? ORDER BY e.lc, e.keyid, e.seq");
  if (!q) return tl::unexpected(q.error());
  q->Bind(1, id);
  std::vector<HistoryEntry> out;
  while (q->Step()) {
    HistoryEntry h;
    h.lc = q->Int(0);
    h.keyid = q->Text(1);
    h.seq = q->Int(2);
    h.applied = q->Int(3) != 0;
    h.note = q->Text(4);
    // The chain's file: log/ for shared chains, wisp/ for local ones.
    std::string path = q->IsNull(6) || q->Text(6).empty()
                           ? fmt::format("{}/{}.jsonl", log_dir, h.keyid)
                           : q->Text(6);
    int64_t offset = q->Int(5);
    // Read the line: grow the window until it holds the newline.
    for (int64_t window = 4096;; window *= 4) {
      auto bytes = ReadRange(path, offset, offset + window);
      if (!bytes) return tl::unexpected(bytes.error());
      size_t nl = bytes->find('\n');
      if (nl == std::string::npos && int64_t(bytes->size()) == window) continue;
      auto event = DecodeEvent(std::string_view(*bytes).substr(0, nl));
      if (!event)
        return Fail(ErrorKind::kCorruption,
                    fmt::format("log/{}.jsonl changed since it was indexed: {}", h.keyid,
                                event.error().message),
                    "run `bd verify`, then `bd doctor --rebuild`");
      h.op = event->op;
      h.actor = event->actor;
      h.ts = event->ts;
      h.key = event->key;
      h.event_id = event->id;
      h.data = std::move(event->data);
      break;
    }
    out.push_back(std::move(h));
  }
  if (!q->status()) return tl::unexpected(q->status().error());
  return out;
}

}  // namespace gt

namespace gt {

std::string ListFilterClause(const ListFilter& f, std::vector<std::string>* params) {
  Where w;
  w.texts = *params;
  if (!f.statuses.empty()) {
    std::string in;
    for (const auto& s : f.statuses) in += (in.empty() ? "" : ",") + w.Param(s);
    w.Add(fmt::format("b.status IN ({})", in));
  } else if (!f.all) {
    w.Add("b.status NOT IN ('closed','pinned')");  // beads' default view
  }
  if (f.issue_type.empty() && !f.all)
    w.Add("b.issue_type NOT IN ('gate','message','agent','role','rig')");
  if (f.priority) w.Add(fmt::format("b.priority = {}", *f.priority));
  if (!f.issue_type.empty()) w.Add("b.issue_type = " + w.Param(f.issue_type));
  if (!f.assignee.empty()) w.Add("b.assignee = " + w.Param(f.assignee));
  if (f.unassigned) w.Add("b.assignee = ''");
  // `parent != ''` lets SQLite use the partial index beads_by_parent.
  if (!f.parent.empty()) w.Add("b.parent = " + w.Param(f.parent) + " AND b.parent != ''");
  for (const auto& label : f.labels)
    w.Add(fmt::format("EXISTS(SELECT 1 FROM labels l WHERE l.issue_id = b.id AND l.label = {})",
                      w.Param(label)));
  *params = std::move(w.texts);
  return w.sql;
}

Result<std::vector<Bead>> SelectBeads(Database& db, const std::string& tail,
                                      const std::vector<std::string>& params) {
  return RunBeadQuery(db, fmt::format("SELECT {} {}", kBeadColumns, tail), params);
}

}  // namespace gt
