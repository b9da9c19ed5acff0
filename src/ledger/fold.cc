#include "ledger/fold.h"

#include <array>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "core/bead.h"
#include "core/ids.h"
#include "core/json_fields.h"

namespace gt {

// Text columns of `beads` that the fold owns, in one order for reads and writes.
enum TextColumn {
  kTitle,
  kDescription,
  kDesign,
  kAcceptance,
  kNotes,
  kStatus,
  kIssueType,
  kAssignee,
  kOwner,
  kCreatedBy,
  kCreatedAt,
  kUpdatedAt,
  kStartedAt,
  kClosedAt,
  kCloseReason,
  kExternalRef,
  kDeferUntil,
  kParent,
  kExtra,  // imported beads fields without a column, as a JSON object
  kTextColumns
};
constexpr const char* kTextNames[kTextColumns] = {
    "title",      "description", "design",       "acceptance_criteria", "notes",       "status",
    "issue_type", "assignee",    "owner",        "created_by",          "created_at",  "updated_at",
    "started_at", "closed_at",   "close_reason", "external_ref",        "defer_until", "parent",
    "extra"};

struct Folder::Row {
  std::string id;
  std::array<std::string, kTextColumns> text;
  int64_t priority = 2;
  std::optional<int64_t> estimated_minutes;
  bool deleted = false;
  bool in_db = false;  // false: created in this batch, not yet inserted
  bool dirty = false;
  std::string& operator[](TextColumn c) { return text[c]; }
};

namespace {

// Fields a bead.update may set: a text column, or priority / estimated_minutes.
std::optional<int> SettableText(const std::string& name) {
  for (int c = 0; c < kTextColumns; ++c)
    if (name == kTextNames[c])
      return c == kParent || c == kCreatedAt || c == kUpdatedAt || c == kExtra
                 ? std::nullopt
                 : std::optional<int>(c);
  return std::nullopt;
}

// Keys of a beads record that have a column (or a table) of their own; the
// rest are kept verbatim in `extra`.
bool IsModeledKey(const std::string& key) {
  static const std::set<std::string> kModeled = {
      "id",        "title",        "description",  "design",      "acceptance_criteria",
      "notes",     "status",       "priority",     "issue_type",  "assignee",
      "owner",     "created_by",   "created_at",   "updated_at",  "started_at",
      "closed_at", "close_reason", "external_ref", "defer_until", "estimated_minutes",
      "labels",    "dependencies", "comments"};
  return kModeled.count(key) > 0;
}

std::string ExtraOf(const nlohmann::json& object, std::initializer_list<const char*> modeled) {
  nlohmann::json extra = nlohmann::json::object();
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool known = false;
    for (const char* m : modeled) known |= it.key() == m;
    if (!known) extra[it.key()] = *it;
  }
  return extra.empty() ? std::string() : extra.dump();
}

std::string ColumnList() {
  std::string out = "id";
  for (const char* name : kTextNames) out += fmt::format(", {}", name);
  return out + ", priority, estimated_minutes, deleted";
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

Result<Folder::Row*> Folder::Load(const std::string& id) {
  if (auto it = rows_.find(id); it != rows_.end()) return it->second.get();
  static const std::string sql = fmt::format("SELECT {} FROM beads WHERE id = ?", ColumnList());
  auto st = Cached(sql);
  if (!st) return tl::unexpected(st.error());
  Statement& q = **st;
  q.Bind(1, id);
  if (!q.Step()) {
    if (!q.status()) return tl::unexpected(q.status().error());
    return nullptr;
  }
  auto row = std::make_unique<Row>();
  row->id = id;
  for (int c = 0; c < kTextColumns; ++c) row->text[c] = q.Text(c + 1);
  row->priority = q.Int(kTextColumns + 1);
  if (!q.IsNull(kTextColumns + 2)) row->estimated_minutes = q.Int(kTextColumns + 2);
  row->deleted = q.Int(kTextColumns + 3) != 0;
  row->in_db = true;
  q.Reset();
  Row* raw = row.get();
  rows_.emplace(id, std::move(row));
  return raw;
}

Result<Folder::Row*> Folder::LoadLive(const std::string& id) {
  auto row = Load(id);
  if (!row) return row;
  if (!*row || (*row)->deleted) {
    rejection_ = fmt::format("bead {} does not exist", id);
    return nullptr;
  }
  return row;
}

Status Folder::Flush() {
  static const std::string insert = [] {
    std::string marks = "?";
    for (int c = 0; c < kTextColumns + 3; ++c) marks += ",?";
    return fmt::format("INSERT INTO beads({}) VALUES({})", ColumnList(), marks);
  }();
  static const std::string update = [] {
    std::string sets;
    for (int c = 0; c < kTextColumns; ++c) sets += fmt::format("{} = ?{}, ", kTextNames[c], c + 2);
    return fmt::format(
        "UPDATE beads SET {}priority = ?{}, estimated_minutes = ?{}, deleted = ?{} "
        "WHERE id = ?1",
        sets, kTextColumns + 2, kTextColumns + 3, kTextColumns + 4);
  }();
  for (auto& [id, row] : rows_) {
    if (!row->dirty) continue;
    auto st = Cached(row->in_db ? update : insert);
    if (!st) return tl::unexpected(st.error());
    Statement& q = **st;
    q.Bind(1, id);
    for (int c = 0; c < kTextColumns; ++c) q.Bind(c + 2, row->text[c]);
    q.Bind(kTextColumns + 2, row->priority);
    if (row->estimated_minutes) q.Bind(kTextColumns + 3, *row->estimated_minutes);
    q.Bind(kTextColumns + 4, int64_t(row->deleted));
    if (auto r = q.Run(); !r) return r;
    row->in_db = true;
    row->dirty = false;
  }
  return {};
}

Status Folder::Finish(bool everything) {
  if (auto st = Flush(); !st) return st;
  return RefreshBlocked(everything);
}

Status Folder::Apply(const Event& event, const std::string& keyid, int64_t offset) {
  rejection_.clear();
  bool local = local_chains_.count(keyid) > 0;
  if (local && IsMemberOp(event.op)) {
    rejection_ = "membership cannot change in a local chain";
    return Record(event, keyid, offset, false);
  }
  auto refusal = local ? Result<std::string>() : members_.Refusal(event);
  if (!refusal) return tl::unexpected(refusal.error());
  if (!refusal->empty()) {
    rejection_ = fmt::format("quarantined: {} signed by {}…: {}", event.op, event.key.substr(0, 24),
                             *refusal);
    return Record(event, keyid, offset, false);
  }
  Status st;
  const std::string& op = event.op;
  if (IsMemberOp(op)) {
    auto outcome = members_.Apply(event);
    if (!outcome) return tl::unexpected(outcome.error());
    rejection_ = std::move(*outcome);
    return Record(event, keyid, offset, rejection_.empty());
  }
  if (op == "bead.create")
    st = ApplyCreate(event);
  else if (op == "bead.update")
    st = ApplyUpdate(event);
  else if (op == "bead.claim")
    st = ApplyClaim(event);
  else if (op == "bead.release")
    st = ApplyRelease(event);
  else if (op == "bead.close")
    st = ApplyClose(event);
  else if (op == "bead.reopen")
    st = ApplyReopen(event);
  else if (op == "bead.delete" || op == "bead.restore")
    st = ApplyDelete(event, op == "bead.delete");
  else if (op == "dep.add")
    st = ApplyDepAdd(event);
  else if (op == "dep.remove")
    st = ApplyDepRemove(event);
  else if (op == "label.add" || op == "label.remove")
    st = ApplyLabel(event, op == "label.add");
  else if (op == "comment.add")
    st = ApplyComment(event);
  else if (op == "bead.import")
    st = ApplyImport(event);
  else if (op == "check.run")
    st = ApplyCheckRun(event);
  // A validator's decision on record (the refinery's): it changes no bead
  // itself; the closes and comments that follow it do.
  else if (op == "validation.record")
    st = {};
  // Ops this version does not fold (member.*, checkpoint, later features)
  // are kept in the log and the events table.
  else
    st = Reject(fmt::format("op {} has no effect on beads in this version", op));
  if (!st) return st;
  return Record(event, keyid, offset, rejection_.empty());
}

Status Folder::Record(const Event& event, const std::string& keyid, int64_t offset, bool applied) {
  auto st = Cached(
      "INSERT INTO events(keyid, seq, lc, bead, offset, applied, note) VALUES(?,?,?,?,?,?,?)");
  if (!st) return tl::unexpected(st.error());
  Statement& q = **st;
  q.Bind(1, keyid).Bind(2, event.seq).Bind(3, event.lc).BindOptional(4, event.bead);
  q.Bind(5, offset).Bind(6, int64_t(applied ? 1 : 0)).BindOptional(7, rejection_);
  return q.Run();
}

Status Folder::CountNewId(const std::string& id) {
  // A child id "p.N" advances p's counter so the next child gets N+1 on every
  // clone; any other id counts towards the length of new hash ids.
  std::string parent_of_id = ParentOfChildId(id);
  if (parent_of_id.empty()) {
    auto count = Cached(
        "INSERT INTO meta(key, value) VALUES('top_level_ids', 1) "
        "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1");
    if (!count) return tl::unexpected(count.error());
    if (auto st = (*count)->Run(); !st) return st;
  } else {
    std::string n = id.substr(parent_of_id.size() + 1);
    if (!n.empty() && n.size() < 10 && n.find_first_not_of("0123456789") == std::string::npos) {
      auto counter = Cached(
          "INSERT INTO child_counters(parent, last) VALUES(?1, ?2) "
          "ON CONFLICT(parent) DO UPDATE SET last = max(last, ?2)");
      if (!counter) return tl::unexpected(counter.error());
      if (auto st = (*counter)->Bind(1, parent_of_id).Bind(2, int64_t(std::stoll(n))).Run(); !st)
        return st;
    }
  }
  return {};
}

Status Folder::ApplyCreate(const Event& event) {
  const nlohmann::json& d = event.data;
  if (event.bead.empty()) return Reject("bead.create without a bead id");
  std::string title = JsonString(d, "title");
  if (title.empty()) return Reject("bead.create without a title");
  auto existing = Load(event.bead);
  if (!existing) return tl::unexpected(existing.error());
  if (*existing) return Reject(fmt::format("bead {} already exists", event.bead));

  auto row = std::make_unique<Row>();
  Row& r = *row;
  r.id = event.bead;
  for (int c = 0; c < kTextColumns; ++c)
    if (c != kParent && c != kExtra) r.text[c] = JsonString(d, kTextNames[c]);
  if (r[kCreatedAt].empty()) r[kCreatedAt] = event.ts;
  if (r[kUpdatedAt].empty()) r[kUpdatedAt] = r[kCreatedAt];
  if (r[kStatus].empty()) r[kStatus] = "open";
  if (r[kIssueType].empty()) r[kIssueType] = "task";
  if (r[kCreatedBy].empty()) r[kCreatedBy] = event.actor;
  if (r[kStatus] == "closed" && r[kClosedAt].empty()) r[kClosedAt] = r[kUpdatedAt];
  if (r[kStatus] != "closed") r[kClosedAt].clear();
  if (auto p = d.find("priority"); p != d.end() && p->is_number_integer())
    r.priority = p->get<int64_t>();
  // Fields without a column (a gate's or a check's `metadata`, beads'
  // `await_type` …) are kept verbatim, as an import keeps them.
  nlohmann::json extra = nlohmann::json::object();
  for (auto it = d.begin(); it != d.end(); ++it)
    if (it.key() != "parent" && !IsModeledKey(it.key())) extra[it.key()] = *it;
  if (!extra.empty()) r[kExtra] = extra.dump();
  if (auto e = d.find("estimated_minutes"); e != d.end() && e->is_number_integer())
    r.estimated_minutes = e->get<int64_t>();
  r.dirty = true;
  rows_[event.bead] = std::move(row);
  touched_.insert(event.bead);

  if (auto labels = d.find("labels"); labels != d.end() && labels->is_array()) {
    auto add = Cached("INSERT OR IGNORE INTO labels(issue_id, label) VALUES(?, ?)");
    if (!add) return tl::unexpected(add.error());
    for (const auto& label : *labels) {
      if (!label.is_string()) continue;
      if (auto st = (*add)->Bind(1, event.bead).Bind(2, label.get<std::string>()).Run(); !st)
        return st;
    }
  }
  if (auto st = CountNewId(event.bead); !st) return st;
  std::string parent = JsonString(d, "parent");
  if (!parent.empty()) {
    auto p = Load(parent);
    if (!p) return tl::unexpected(p.error());
    if (*p && !(*p)->deleted) return AddDependency(event.bead, parent, "parent-child", event);
  }
  return {};
}

Status Folder::SetFields(const Event& event, Row& row, const nlohmann::json& fields) {
  // Check every field first, so a bad one changes nothing.
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    const std::string& name = it.key();
    bool integer = name == "priority" || name == "estimated_minutes";
    if (!integer && !SettableText(name))
      return Reject(fmt::format("field {} cannot be updated", name));
    bool ok = integer ? (it->is_number_integer() || (name == "estimated_minutes" && it->is_null()))
                      : it->is_string();
    if (!ok) return Reject(fmt::format("field {} has the wrong type", name));
  }
  std::string before = row[kStatus];
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    const std::string& name = it.key();
    if (name == "priority")
      row.priority = it->get<int64_t>();
    else if (name == "estimated_minutes")
      row.estimated_minutes =
          it->is_null() ? std::nullopt : std::optional<int64_t>(it->get<int64_t>());
    else
      row.text[*SettableText(name)] = it->get<std::string>();
  }
  // Status transitions carry their side effects, as in beads.
  const std::string& after = row[kStatus];
  if (after != before) {
    touched_.insert(row.id);
    if (after == "closed" && !fields.contains("closed_at")) row[kClosedAt] = event.ts;
    if (after != "closed") {
      row[kClosedAt].clear();
      if (before == "closed" && !fields.contains("close_reason")) row[kCloseReason].clear();
    }
    if (after == "in_progress" && row[kStartedAt].empty()) row[kStartedAt] = event.ts;
  }
  row[kUpdatedAt] = event.ts;
  row.dirty = true;
  return {};
}

Status Folder::ApplyUpdate(const Event& event) {
  auto fields = event.data.find("fields");
  if (fields == event.data.end() || !fields->is_object())
    return Reject("bead.update without a \"fields\" object");
  auto row = LoadLive(event.bead);
  if (!row || !*row) return row ? Status{} : Status(tl::unexpected(row.error()));
  return SetFields(event, **row, *fields);
}

Status Folder::ApplyClaim(const Event& event) {
  auto row = LoadLive(event.bead);
  if (!row || !*row) return row ? Status{} : Status(tl::unexpected(row.error()));
  Row& r = **row;
  if (!r[kAssignee].empty() && r[kAssignee] != event.actor)
    return Reject(fmt::format("already claimed by {}", r[kAssignee]));
  if (r[kStatus] != "open" && !(r[kStatus] == "in_progress" && r[kAssignee] == event.actor))
    return Reject(fmt::format("not claimable: status {}", r[kStatus]));
  return SetFields(event, r, {{"assignee", event.actor}, {"status", "in_progress"}});
}

Status Folder::ApplyRelease(const Event& event) {
  auto row = LoadLive(event.bead);
  if (!row || !*row) return row ? Status{} : Status(tl::unexpected(row.error()));
  return SetFields(event, **row, {{"assignee", ""}, {"status", "open"}});
}

Status Folder::ApplyClose(const Event& event) {
  auto row = LoadLive(event.bead);
  if (!row || !*row) return row ? Status{} : Status(tl::unexpected(row.error()));
  std::string reason = JsonString(event.data, "reason");
  if (reason.empty()) reason = "Closed";
  return SetFields(event, **row, {{"status", "closed"}, {"close_reason", reason}});
}

Status Folder::ApplyReopen(const Event& event) {
  auto row = LoadLive(event.bead);
  if (!row || !*row) return row ? Status{} : Status(tl::unexpected(row.error()));
  return SetFields(event, **row, {{"status", "open"}, {"defer_until", ""}});
}

Status Folder::ApplyDelete(const Event& event, bool deleted) {
  auto row = Load(event.bead);
  if (!row) return tl::unexpected(row.error());
  if (!*row || (*row)->deleted == deleted)
    return Reject(fmt::format("bead {} is not {}", event.bead, deleted ? "live" : "deleted"));
  (*row)->deleted = deleted;
  (*row)->text[kUpdatedAt] = event.ts;
  (*row)->dirty = true;
  touched_.insert(event.bead);
  return {};
}

Status Folder::AddDependency(const std::string& from, const std::string& to,
                             const std::string& type, const Event& event) {
  auto ins = Cached(
      "INSERT OR IGNORE INTO deps(issue_id, depends_on_id, type, created_at, created_by) "
      "VALUES(?,?,?,?,?)");
  if (!ins) return tl::unexpected(ins.error());
  std::string created_at = JsonString(event.data, "created_at");
  if (created_at.empty()) created_at = event.ts;
  if (auto st = (*ins)
                    ->Bind(1, from)
                    .Bind(2, to)
                    .Bind(3, type)
                    .Bind(4, created_at)
                    .Bind(5, event.actor)
                    .Run();
      !st)
    return st;
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
    auto row = Load(from);
    if (!row) return tl::unexpected(row.error());
    if (*row) {
      (**row)[kParent] = to;
      (*row)->dirty = true;
    }
  }
  touched_.insert(from);
  return {};
}

Status Folder::ApplyDepAdd(const Event& event) {
  std::string to = JsonString(event.data, "depends_on");
  std::string type = JsonString(event.data, "type");
  if (type.empty()) type = "blocks";
  if (event.bead == to) return Reject("a bead cannot depend on itself");
  auto from_row = LoadLive(event.bead);
  if (!from_row || !*from_row)
    return from_row ? Status{} : Status(tl::unexpected(from_row.error()));
  auto to_row = LoadLive(to);
  if (!to_row || !*to_row) return to_row ? Status{} : Status(tl::unexpected(to_row.error()));
  if (auto st = AddDependency(event.bead, to, type, event); !st) return st;
  if (rejection_.empty()) {
    (**from_row)[kUpdatedAt] = event.ts;
    (*from_row)->dirty = true;
  }
  return {};
}

Status Folder::ApplyDepRemove(const Event& event) {
  std::string to = JsonString(event.data, "depends_on");
  auto type = Cached("SELECT type FROM deps WHERE issue_id = ? AND depends_on_id = ?");
  if (!type) return tl::unexpected(type.error());
  (*type)->Bind(1, event.bead).Bind(2, to);
  if (!(*type)->Step()) return Reject(fmt::format("{} does not depend on {}", event.bead, to));
  bool parent_edge = (*type)->Text(0) == "parent-child";
  (*type)->Reset();
  auto del = Cached("DELETE FROM deps WHERE issue_id = ? AND depends_on_id = ?");
  if (!del) return tl::unexpected(del.error());
  if (auto st = (*del)->Bind(1, event.bead).Bind(2, to).Run(); !st) return st;
  touched_.insert(event.bead);
  // Beads waiting for the old parent's children may be free now.
  if (parent_edge) touched_.insert(to);
  auto row = Load(event.bead);
  if (!row) return tl::unexpected(row.error());
  if (*row) {
    if (parent_edge) (**row)[kParent].clear();
    (**row)[kUpdatedAt] = event.ts;
    (*row)->dirty = true;
  }
  return {};
}

Status Folder::ApplyLabel(const Event& event, bool add) {
  auto row = LoadLive(event.bead);
  if (!row || !*row) return row ? Status{} : Status(tl::unexpected(row.error()));
  std::string label = JsonString(event.data, "label");
  if (label.empty()) return Reject("label is empty");
  auto st = Cached(add ? "INSERT OR IGNORE INTO labels(issue_id, label) VALUES(?, ?)"
                       : "DELETE FROM labels WHERE issue_id = ? AND label = ?");
  if (!st) return tl::unexpected(st.error());
  if (auto r = (*st)->Bind(1, event.bead).Bind(2, label).Run(); !r) return r;
  (**row)[kUpdatedAt] = event.ts;
  (*row)->dirty = true;
  return {};
}

Status Folder::ApplyComment(const Event& event) {
  auto row = LoadLive(event.bead);
  if (!row || !*row) return row ? Status{} : Status(tl::unexpected(row.error()));
  std::string id = JsonString(event.data, "id");
  if (id.empty()) id = event.id.substr(0, 16);
  std::string author = JsonString(event.data, "author");
  if (author.empty()) author = event.actor;
  std::string created_at = JsonString(event.data, "created_at");
  if (created_at.empty()) created_at = event.ts;
  auto st = Cached(
      "INSERT OR IGNORE INTO comments(id, issue_id, author, text, created_at) VALUES(?,?,?,?,?)");
  if (!st) return tl::unexpected(st.error());
  return (*st)
      ->Bind(1, id)
      .Bind(2, event.bead)
      .Bind(3, author)
      .Bind(4, JsonString(event.data, "text"))
      .Bind(5, created_at)
      .Run();
}

Status Folder::ApplyImport(const Event& event) {
  const nlohmann::json& d = event.data;
  if (event.bead.empty() || JsonString(d, "id") != event.bead)
    return Reject("bead.import whose record id is not the event's bead");
  if (JsonString(d, "title").empty()) return Reject("bead.import without a title");
  auto existing = Load(event.bead);
  if (!existing) return tl::unexpected(existing.error());
  if (*existing && (*existing)->deleted)
    return Reject(fmt::format("bead {} is deleted; a deleted bead never comes back", event.bead));
  Row* r = *existing;
  if (!r) {
    auto row = std::make_unique<Row>();
    row->id = event.bead;
    r = row.get();
    rows_[event.bead] = std::move(row);
    if (auto st = CountNewId(event.bead); !st) return st;
  } else {
    // Its old parent's waiters may change when the parent-child edge goes.
    auto parents =
        Cached("SELECT depends_on_id FROM deps WHERE issue_id = ? AND type = 'parent-child'");
    if (!parents) return tl::unexpected(parents.error());
    (*parents)->Bind(1, event.bead);
    while ((*parents)->Step()) touched_.insert((*parents)->Text(0));
    if (!(*parents)->status()) return (*parents)->status();
    (*parents)->Reset();
    for (const char* sql :
         {"DELETE FROM labels WHERE issue_id = ?", "DELETE FROM deps WHERE issue_id = ?",
          "DELETE FROM comments WHERE issue_id = ?"}) {
      auto del = Cached(sql);
      if (!del) return tl::unexpected(del.error());
      if (auto st = (*del)->Bind(1, event.bead).Run(); !st) return st;
    }
  }
  Row& row = *r;
  for (int c = 0; c < kTextColumns; ++c)
    if (c != kParent && c != kExtra) row.text[c] = JsonString(d, kTextNames[c]);
  if (row[kCreatedAt].empty()) row[kCreatedAt] = event.ts;
  if (row[kUpdatedAt].empty()) row[kUpdatedAt] = row[kCreatedAt];
  if (row[kStatus].empty()) row[kStatus] = "open";
  if (row[kIssueType].empty()) row[kIssueType] = "task";
  row.priority = 0;  // beads: a record without priority imports as P0
  if (auto p = d.find("priority"); p != d.end() && p->is_number_integer())
    row.priority = p->get<int64_t>();
  row.estimated_minutes.reset();
  if (auto e = d.find("estimated_minutes"); e != d.end() && e->is_number_integer())
    row.estimated_minutes = e->get<int64_t>();
  nlohmann::json extra = nlohmann::json::object();
  for (auto it = d.begin(); it != d.end(); ++it)
    if (!IsModeledKey(it.key())) extra[it.key()] = *it;
  row[kExtra] = extra.empty() ? std::string() : extra.dump();
  row[kParent].clear();
  row.dirty = true;
  touched_.insert(event.bead);

  if (auto labels = d.find("labels"); labels != d.end() && labels->is_array()) {
    auto add = Cached("INSERT OR IGNORE INTO labels(issue_id, label) VALUES(?, ?)");
    if (!add) return tl::unexpected(add.error());
    for (const auto& label : *labels)
      if (label.is_string())
        if (auto st = (*add)->Bind(1, event.bead).Bind(2, label.get<std::string>()).Run(); !st)
          return st;
  }
  // Edges may name beads later in the file, or beads that never arrive:
  // they are kept as given (a missing target blocks nothing).
  if (auto deps = d.find("dependencies"); deps != d.end() && deps->is_array()) {
    auto add = Cached(
        "INSERT OR IGNORE INTO deps(issue_id, depends_on_id, type, created_at, created_by, "
        "extra) VALUES(?,?,?,?,?,?)");
    if (!add) return tl::unexpected(add.error());
    for (const auto& dep : *deps) {
      if (!dep.is_object()) continue;
      std::string to = JsonString(dep, "depends_on_id");
      std::string type = JsonString(dep, "type");
      if (to.empty() || to == event.bead) continue;
      if (type.empty()) type = "blocks";
      std::string created_at = JsonString(dep, "created_at");
      if (created_at.empty()) created_at = row[kCreatedAt];
      if (auto st = (*add)
                        ->Bind(1, event.bead)
                        .Bind(2, to)
                        .Bind(3, type)
                        .Bind(4, created_at)
                        .Bind(5, JsonString(dep, "created_by"))
                        .Bind(6, ExtraOf(dep, {"issue_id", "depends_on_id", "type", "created_at",
                                               "created_by"}))
                        .Run();
          !st)
        return st;
      if (type == "parent-child" && row[kParent].empty()) row[kParent] = to;
    }
  }
  if (auto comments = d.find("comments"); comments != d.end() && comments->is_array()) {
    auto add = Cached(
        "INSERT OR IGNORE INTO comments(id, issue_id, author, text, created_at, extra) "
        "VALUES(?,?,?,?,?,?)");
    if (!add) return tl::unexpected(add.error());
    int n = 0;
    for (const auto& comment : *comments) {
      ++n;
      if (!comment.is_object()) continue;
      auto id_it = comment.find("id");
      std::string id;
      if (id_it != comment.end() && id_it->is_string()) id = id_it->get<std::string>();
      if (id_it != comment.end() && id_it->is_number_integer()) id = id_it->dump();
      if (id.empty()) id = fmt::format("{}-c{}", event.bead, n);
      // A numeric id (beads before 1.0) is kept in extra so it comes back a number.
      std::string extra_text = ExtraOf(comment, {"issue_id", "author", "text", "created_at", "id"});
      if (id_it != comment.end() && !id_it->is_string()) {
        nlohmann::json e =
            extra_text.empty() ? nlohmann::json::object() : nlohmann::json::parse(extra_text);
        e["id"] = *id_it;
        extra_text = e.dump();
      }
      std::string created_at = JsonString(comment, "created_at");
      if (created_at.empty()) created_at = row[kCreatedAt];
      if (auto st = (*add)
                        ->Bind(1, id)
                        .Bind(2, event.bead)
                        .Bind(3, JsonString(comment, "author"))
                        .Bind(4, JsonString(comment, "text"))
                        .Bind(5, created_at)
                        .Bind(6, extra_text)
                        .Run();
          !st)
        return st;
    }
  }
  return {};
}

}  // namespace gt
