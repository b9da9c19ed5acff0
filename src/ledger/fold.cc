#include "ledger/fold.h"

#include <deque>

#include <fmt/format.h>

#include "core/bead.h"
#include "core/ids.h"

namespace gt {
namespace {

// Columns a bead.create or bead.update may set, with whether they hold text.
struct Column {
  const char* name;
  bool integer;
};
constexpr Column kSettable[] = {
    {"title", false},      {"description", false}, {"design", false},
    {"acceptance_criteria", false}, {"notes", false}, {"status", false},
    {"priority", true},    {"issue_type", false},  {"assignee", false},
    {"owner", false},      {"external_ref", false}, {"defer_until", false},
    {"estimated_minutes", true}, {"started_at", false}, {"closed_at", false},
    {"close_reason", false}, {"created_by", false}};

const Column* FindColumn(const std::string& name) {
  for (const Column& c : kSettable)
    if (name == c.name) return &c;
  return nullptr;
}

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

std::string StringField(const nlohmann::json& data, const char* name) {
  auto it = data.find(name);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Folder::Folder(Database& db) : db_(db) {}
Folder::~Folder() = default;

Result<Statement*> Folder::Cached(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) {
    it->second->Reset();
    return it->second.get();
  }
  auto stmt = db_.Prepare(sql);
  if (!stmt) return tl::unexpected(stmt.error());
  auto owned = std::make_unique<Statement>(std::move(*stmt));
  Statement* raw = owned.get();
  statements_.emplace(sql, std::move(owned));
  return raw;
}

Status Folder::Reject(std::string reason) {
  rejection_ = std::move(reason);
  return {};
}

Status Folder::Touch(const std::string& id, const std::string& ts) {
  auto st = Cached("UPDATE beads SET updated_at = ?2 WHERE id = ?1");
  if (!st) return tl::unexpected(st.error());
  return (*st)->Bind(1, id).Bind(2, ts).Run();
}

Result<bool> Folder::LoadLive(const std::string& id, std::string* status, std::string* assignee) {
  auto st = Cached("SELECT status, assignee FROM beads WHERE id = ? AND deleted = 0");
  if (!st) return tl::unexpected(st.error());
  Statement& q = **st;
  q.Bind(1, id);
  if (!q.Step()) {
    if (!q.status()) return tl::unexpected(q.status().error());
    return false;
  }
  if (status) *status = q.Text(0);
  if (assignee) *assignee = q.Text(1);
  q.Reset();
  return true;
}

Status Folder::Apply(const Event& event, const std::string& keyid, int64_t offset) {
  rejection_.clear();
  Status st;
  const std::string& op = event.op;
  if (op == "bead.create") {
    st = ApplyCreate(event);
  } else if (op == "bead.update") {
    auto fields = event.data.find("fields");
    if (fields == event.data.end() || !fields->is_object())
      st = Reject("bead.update without a \"fields\" object");
    else
      st = ApplyFields(event, *fields);
  } else if (op == "bead.claim") {
    st = ApplyClaim(event);
  } else if (op == "bead.release") {
    st = ApplyFields(event, {{"assignee", ""}, {"status", "open"}});
  } else if (op == "bead.close") {
    st = ApplyClose(event);
  } else if (op == "bead.reopen") {
    st = ApplyReopen(event);
  } else if (op == "bead.delete" || op == "bead.restore") {
    st = ApplyDelete(event, op == "bead.delete");
  } else if (op == "dep.add") {
    st = ApplyDepAdd(event);
  } else if (op == "dep.remove") {
    st = ApplyDepRemove(event);
  } else if (op == "label.add" || op == "label.remove") {
    st = ApplyLabel(event, op == "label.add");
  } else if (op == "comment.add") {
    st = ApplyComment(event);
  } else {
    // Ops this version does not fold (member.*, checkpoint, later features)
    // are kept in the log and the events table.
    st = Reject(fmt::format("op {} has no effect on beads in this version", op));
  }
  if (!st) return st;
  return Record(event, keyid, offset, rejection_.empty());
}

Status Folder::Record(const Event& event, const std::string& keyid, int64_t offset, bool applied) {
  auto st = Cached(
      "INSERT INTO events(keyid, seq, lc, bead, op, actor, ts, offset, applied, note) "
      "VALUES(?,?,?,?,?,?,?,?,?,?)");
  if (!st) return tl::unexpected(st.error());
  Statement& q = **st;
  q.Bind(1, keyid).Bind(2, event.seq).Bind(3, event.lc).BindOptional(4, event.bead);
  q.Bind(5, event.op).Bind(6, event.actor).Bind(7, event.ts).Bind(8, offset);
  q.Bind(9, int64_t(applied ? 1 : 0)).BindOptional(10, rejection_);
  return q.Run();
}

Status Folder::ApplyCreate(const Event& event) {
  const nlohmann::json& d = event.data;
  if (event.bead.empty()) return Reject("bead.create without a bead id");
  std::string title = StringField(d, "title");
  if (title.empty()) return Reject("bead.create without a title");
  std::string created_at = StringField(d, "created_at");
  if (created_at.empty()) created_at = event.ts;
  std::string updated_at = StringField(d, "updated_at");
  if (updated_at.empty()) updated_at = created_at;
  std::string status = StringField(d, "status");
  if (status.empty()) status = "open";
  std::string type = StringField(d, "issue_type");
  if (type.empty()) type = "task";
  int64_t priority = d.contains("priority") && d["priority"].is_number_integer()
                         ? d["priority"].get<int64_t>()
                         : 2;
  std::string created_by = StringField(d, "created_by");
  if (created_by.empty()) created_by = event.actor;

  auto ins = Cached(
      "INSERT OR IGNORE INTO beads(id, title, description, design, acceptance_criteria, notes, status, "
      "priority, issue_type, assignee, owner, created_by, created_at, updated_at, started_at, "
      "closed_at, close_reason, external_ref, defer_until, estimated_minutes) "
      "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!ins) return tl::unexpected(ins.error());
  Statement& q = **ins;
  q.Bind(1, event.bead).Bind(2, title).Bind(3, StringField(d, "description"));
  q.Bind(4, StringField(d, "design")).Bind(5, StringField(d, "acceptance_criteria"));
  q.Bind(6, StringField(d, "notes")).Bind(7, status).Bind(8, priority).Bind(9, type);
  q.Bind(10, StringField(d, "assignee")).Bind(11, StringField(d, "owner")).Bind(12, created_by);
  q.Bind(13, created_at).Bind(14, updated_at).Bind(15, StringField(d, "started_at"));
  std::string closed_at = StringField(d, "closed_at");
  if (status == "closed" && closed_at.empty()) closed_at = updated_at;
  q.Bind(16, status == "closed" ? closed_at : "").Bind(17, StringField(d, "close_reason"));
  q.Bind(18, StringField(d, "external_ref")).Bind(19, StringField(d, "defer_until"));
  if (d.contains("estimated_minutes") && d["estimated_minutes"].is_number_integer())
    q.Bind(20, d["estimated_minutes"].get<int64_t>());
  if (auto r = q.Run(); !r) return r;
  if (db_.Changes() == 0) return Reject(fmt::format("bead {} already exists", event.bead));
  touched_.insert(event.bead);

  if (auto labels = d.find("labels"); labels != d.end() && labels->is_array()) {
    auto add = Cached("INSERT OR IGNORE INTO labels(issue_id, label) VALUES(?, ?)");
    if (!add) return tl::unexpected(add.error());
    for (const auto& label : *labels) {
      if (!label.is_string()) continue;
      if (auto r = (*add)->Bind(1, event.bead).Bind(2, label.get<std::string>()).Run(); !r) return r;
    }
  }
  // A child id "p.N" advances p's counter so the next child gets N+1 on every
  // clone; any other id counts towards the length of new hash ids.
  std::string parent_of_id = ParentOfChildId(event.bead);
  if (parent_of_id.empty()) {
    auto count = Cached(
        "INSERT INTO meta(key, value) VALUES('top_level_ids', 1) "
        "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1");
    if (!count) return tl::unexpected(count.error());
    if (auto r = (*count)->Run(); !r) return r;
  }
  if (!parent_of_id.empty()) {
    std::string n = event.bead.substr(parent_of_id.size() + 1);
    if (!n.empty() && n.size() < 10 && n.find_first_not_of("0123456789") == std::string::npos) {
      auto counter = Cached(
          "INSERT INTO child_counters(parent, last) VALUES(?1, ?2) "
          "ON CONFLICT(parent) DO UPDATE SET last = max(last, ?2)");
      if (!counter) return tl::unexpected(counter.error());
      if (auto r = (*counter)->Bind(1, parent_of_id).Bind(2, int64_t(std::stoll(n))).Run(); !r)
        return r;
    }
  }
  std::string parent = StringField(d, "parent");
  if (!parent.empty()) {
    bool live = false;
    auto found = LoadLive(parent, nullptr, nullptr);
    if (!found) return tl::unexpected(found.error());
    live = *found;
    if (live) return AddDependency(event.bead, parent, "parent-child", event);
  }
  return {};
}

Status Folder::ApplyFields(const Event& event, const nlohmann::json& fields) {
  std::string status;
  auto live = LoadLive(event.bead, &status, nullptr);
  if (!live) return tl::unexpected(live.error());
  if (!*live) return Reject(fmt::format("bead {} does not exist", event.bead));
  return UpdateLive(event, fields, status);
}

Status Folder::UpdateLive(const Event& event, const nlohmann::json& fields,
                          const std::string& status) {
  std::string sql = "UPDATE beads SET updated_at = ?1";
  std::vector<std::pair<const Column*, const nlohmann::json*>> sets;
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    const Column* column = FindColumn(it.key());
    if (!column) return Reject(fmt::format("field {} cannot be updated", it.key()));
    sets.emplace_back(column, &it.value());
  }
  // Status transitions carry their side effects, as in beads.
  nlohmann::json extra = nlohmann::json::object();
  if (auto s = fields.find("status"); s != fields.end() && s->is_string()) {
    std::string next = s->get<std::string>();
    if (next == "closed" && status != "closed") extra["closed_at"] = event.ts;
    if (next != "closed" && status == "closed") {
      extra["closed_at"] = "";
      extra["close_reason"] = "";
    }
    if (next == "in_progress") {
      sql += ", started_at = CASE WHEN started_at = '' THEN ?1 ELSE started_at END";
    }
    if (next != status) touched_.insert(event.bead);
  }
  for (auto it = extra.begin(); it != extra.end(); ++it) {
    if (!fields.contains(it.key())) sets.emplace_back(FindColumn(it.key()), &it.value());
  }
  int index = 2;
  for (auto& [column, value] : sets) sql += fmt::format(", {} = ?{}", column->name, index++);
  sql += fmt::format(" WHERE id = ?{}", index);

  auto st = Cached(sql);
  if (!st) return tl::unexpected(st.error());
  Statement& q = **st;
  q.Bind(1, event.ts);
  index = 2;
  for (auto& [column, value] : sets) {
    if (value->is_null()) {
      q.BindNull(index);
    } else if (column->integer && value->is_number_integer()) {
      q.Bind(index, value->get<int64_t>());
    } else if (!column->integer && value->is_string()) {
      q.Bind(index, value->get<std::string>());
    } else {
      return Reject(fmt::format("field {} has the wrong type", column->name));
    }
    ++index;
  }
  q.Bind(index, event.bead);
  return q.Run();
}

Status Folder::ApplyClaim(const Event& event) {
  std::string status, assignee;
  auto live = LoadLive(event.bead, &status, &assignee);
  if (!live) return tl::unexpected(live.error());
  if (!*live) return Reject(fmt::format("bead {} does not exist", event.bead));
  if (!assignee.empty() && assignee != event.actor)
    return Reject(fmt::format("already claimed by {}", assignee));
  if (status != "open" && !(status == "in_progress" && assignee == event.actor))
    return Reject(fmt::format("not claimable: status {}", status));
  return UpdateLive(event, {{"assignee", event.actor}, {"status", "in_progress"}}, status);
}

Status Folder::ApplyClose(const Event& event) {
  std::string status;
  auto live = LoadLive(event.bead, &status, nullptr);
  if (!live) return tl::unexpected(live.error());
  if (!*live) return Reject(fmt::format("bead {} does not exist", event.bead));
  std::string reason = StringField(event.data, "reason");
  if (reason.empty()) reason = "Closed";
  return UpdateLive(event, {{"status", "closed"}, {"close_reason", reason}}, status);
}

Status Folder::ApplyReopen(const Event& event) {
  std::string status;
  auto live = LoadLive(event.bead, &status, nullptr);
  if (!live) return tl::unexpected(live.error());
  if (!*live) return Reject(fmt::format("bead {} does not exist", event.bead));
  return UpdateLive(event, {{"status", "open"}, {"defer_until", ""}}, status);
}

Status Folder::ApplyDelete(const Event& event, bool deleted) {
  auto st = Cached("UPDATE beads SET deleted = ?2, updated_at = ?3 WHERE id = ?1 AND deleted != ?2");
  if (!st) return tl::unexpected(st.error());
  if (auto r = (*st)->Bind(1, event.bead).Bind(2, int64_t(deleted)).Bind(3, event.ts).Run(); !r)
    return r;
  if (db_.Changes() == 0)
    return Reject(fmt::format("bead {} is not {}", event.bead, deleted ? "live" : "deleted"));
  touched_.insert(event.bead);
  return {};
}

Status Folder::AddDependency(const std::string& from, const std::string& to,
                             const std::string& type, const Event& event) {
  auto ins = Cached(
      "INSERT OR IGNORE INTO deps(issue_id, depends_on_id, type, created_at, created_by) "
      "VALUES(?,?,?,?,?)");
  if (!ins) return tl::unexpected(ins.error());
  std::string created_at = StringField(event.data, "created_at");
  if (created_at.empty()) created_at = event.ts;
  if (auto r = (*ins)->Bind(1, from).Bind(2, to).Bind(3, type).Bind(4, created_at)
                   .Bind(5, event.actor).Run();
      !r)
    return r;
  if (db_.Changes() == 0) {  // the edge exists: the same (a no-op) or another type
    auto existing = Cached("SELECT type FROM deps WHERE issue_id = ? AND depends_on_id = ?");
    if (!existing) return tl::unexpected(existing.error());
    Statement& q = **existing;
    q.Bind(1, from).Bind(2, to);
    std::string have = q.Step() ? q.Text(0) : type;
    q.Reset();
    if (have == type) return {};
    return Reject(fmt::format("dependency {} -> {} already exists with type {}", from, to, have));
  }
  if (type == "parent-child") {
    auto parent = Cached("UPDATE beads SET parent = ? WHERE id = ?");
    if (!parent) return tl::unexpected(parent.error());
    if (auto r = (*parent)->Bind(1, to).Bind(2, from).Run(); !r) return r;
  }
  touched_.insert(from);
  return {};
}

Status Folder::ApplyDepAdd(const Event& event) {
  std::string to = StringField(event.data, "depends_on");
  std::string type = StringField(event.data, "type");
  if (type.empty()) type = "blocks";
  if (event.bead == to) return Reject("a bead cannot depend on itself");
  auto both = Cached("SELECT count(*) FROM beads WHERE id IN (?1, ?2) AND deleted = 0");
  if (!both) return tl::unexpected(both.error());
  (*both)->Bind(1, event.bead).Bind(2, to);
  int64_t live = (*both)->Step() ? (*both)->Int(0) : 0;
  (*both)->Reset();
  if (live != 2) {
    for (const std::string& id : {event.bead, to}) {
      auto one = LoadLive(id, nullptr, nullptr);
      if (!one) return tl::unexpected(one.error());
      if (!*one) return Reject(fmt::format("bead {} does not exist", id));
    }
  }
  if (auto r = AddDependency(event.bead, to, type, event); !r) return r;
  if (rejection_.empty()) return Touch(event.bead, event.ts);
  return {};
}

Status Folder::ApplyDepRemove(const Event& event) {
  std::string to = StringField(event.data, "depends_on");
  auto type = Cached("SELECT type FROM deps WHERE issue_id = ? AND depends_on_id = ?");
  if (!type) return tl::unexpected(type.error());
  (*type)->Bind(1, event.bead).Bind(2, to);
  if (!(*type)->Step()) return Reject(fmt::format("{} does not depend on {}", event.bead, to));
  bool parent_edge = (*type)->Text(0) == "parent-child";
  (*type)->Reset();
  auto del = Cached("DELETE FROM deps WHERE issue_id = ? AND depends_on_id = ?");
  if (!del) return tl::unexpected(del.error());
  if (auto r = (*del)->Bind(1, event.bead).Bind(2, to).Run(); !r) return r;
  if (parent_edge) {
    auto clear = Cached("UPDATE beads SET parent = '' WHERE id = ?");
    if (!clear) return tl::unexpected(clear.error());
    if (auto r = (*clear)->Bind(1, event.bead).Run(); !r) return r;
  }
  touched_.insert(event.bead);
  return Touch(event.bead, event.ts);
}

Status Folder::ApplyLabel(const Event& event, bool add) {
  auto live = LoadLive(event.bead, nullptr, nullptr);
  if (!live) return tl::unexpected(live.error());
  if (!*live) return Reject(fmt::format("bead {} does not exist", event.bead));
  std::string label = StringField(event.data, "label");
  if (label.empty()) return Reject("label is empty");
  auto st = Cached(add ? "INSERT OR IGNORE INTO labels(issue_id, label) VALUES(?, ?)"
                       : "DELETE FROM labels WHERE issue_id = ? AND label = ?");
  if (!st) return tl::unexpected(st.error());
  if (auto r = (*st)->Bind(1, event.bead).Bind(2, label).Run(); !r) return r;
  return Touch(event.bead, event.ts);
}

Status Folder::ApplyComment(const Event& event) {
  auto live = LoadLive(event.bead, nullptr, nullptr);
  if (!live) return tl::unexpected(live.error());
  if (!*live) return Reject(fmt::format("bead {} does not exist", event.bead));
  std::string id = StringField(event.data, "id");
  if (id.empty()) id = event.id.substr(0, 16);
  std::string author = StringField(event.data, "author");
  if (author.empty()) author = event.actor;
  std::string created_at = StringField(event.data, "created_at");
  if (created_at.empty()) created_at = event.ts;
  auto st = Cached(
      "INSERT OR IGNORE INTO comments(id, issue_id, author, text, created_at) VALUES(?,?,?,?,?)");
  if (!st) return tl::unexpected(st.error());
  return (*st)->Bind(1, id).Bind(2, event.bead).Bind(3, author)
      .Bind(4, StringField(event.data, "text")).Bind(5, created_at).Run();
}

Status Folder::RefreshBlocked(bool everything) {
  if (everything) {
    touched_.clear();
    if (auto r = db_.Exec(fmt::format("UPDATE beads AS b SET blocked = 0 WHERE blocked != 0; "
                                      "UPDATE beads AS b SET blocked = 1 WHERE {}",
                                      kBlockedExpr));
        !r)
      return r;
    // Blocking flows down the hierarchy to open descendants.
    return db_.Exec(R"sql(
WITH RECURSIVE down(id) AS (
  SELECT id FROM beads WHERE blocked = 1
  UNION
  SELECT d.issue_id FROM deps d JOIN down ON d.depends_on_id = down.id
    JOIN beads c ON c.id = d.issue_id
  WHERE d.type = 'parent-child' AND c.deleted = 0 AND c.status NOT IN ('closed','pinned'))
UPDATE beads SET blocked = 1 WHERE blocked = 0 AND id IN (SELECT id FROM down))sql");
  }
  if (touched_.empty()) return {};

  // Seeds: the touched beads, whoever they block, and whoever waits on
  // their parents; then re-evaluate down the hierarchy while values change.
  std::deque<std::string> work(touched_.begin(), touched_.end());
  std::set<std::string> seeds(touched_.begin(), touched_.end());
  touched_.clear();
  auto related = Cached(R"sql(
SELECT issue_id FROM deps WHERE depends_on_id = ?1 AND type IN ('blocks','conditional-blocks')
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
  auto children = Cached("SELECT issue_id FROM deps WHERE depends_on_id = ? AND type = 'parent-child'");
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

}  // namespace gt
