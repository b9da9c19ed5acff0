#include "ledger/export.h"

#include <sys/stat.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/ids.h"
#include "ledger/file_lock.h"
#include "ledger/jsonl_record.h"
#include "ledger/workspace.h"

namespace gt {
namespace {

using json = nlohmann::json;

constexpr const char* kBeadSql = R"sql(
SELECT id, title, description, design, acceptance_criteria, notes, status, priority, issue_type,
  assignee, owner, created_by, created_at, updated_at, started_at, closed_at, close_reason,
  external_ref, defer_until, estimated_minutes, extra
FROM beads WHERE deleted = 0 {} ORDER BY id)sql";
constexpr const char* kLabelSql = "SELECT issue_id, label FROM labels {} ORDER BY issue_id, label";
constexpr const char* kDepSql =
    "SELECT issue_id, depends_on_id, type, created_at, created_by, extra FROM deps {} "
    "ORDER BY issue_id, depends_on_id";
constexpr const char* kCommentSql =
    "SELECT issue_id, id, author, text, created_at, extra FROM comments {} "
    "ORDER BY issue_id, created_at, id";

void MergeExtra(json& object, const std::string& extra) {
  if (extra.empty()) return;
  json e = json::parse(extra, nullptr, false);
  if (!e.is_object()) return;
  for (auto it = e.begin(); it != e.end(); ++it) object[it.key()] = *it;
}

/// A query over rows sorted by issue id (column 0), read alongside the beads.
class Cursor {
 public:
  explicit Cursor(Statement& q) : q_(q) { has_ = q_.Step(); }
  /// Calls `take` for each row of `id`, skipping rows of ids before it.
  template <class F>
  void Collect(const std::string& id, F take) {
    while (has_) {
      std::string at = q_.Text(0);
      if (at > id) return;
      if (at == id) take(q_);
      has_ = q_.Step();
    }
  }
  Status status() const { return q_.status(); }

 private:
  Statement& q_;
  bool has_ = false;
};

/// The queries a scan reads: all rows, or (prepared with an id filter, ?1)
/// one bead's rows.
struct ScanQueries {
  std::optional<Statement> beads, labels, deps, comments, dependents;

  static Result<ScanQueries> Prepare(Database& db, bool one) {
    ScanQueries out;
    auto prepare = [&](std::optional<Statement>& slot, const char* sql,
                       const char* where) -> Status {
      auto q = db.Prepare(fmt::format(fmt::runtime(sql), one ? where : ""));
      if (!q) return tl::unexpected(q.error());
      slot.emplace(std::move(*q));
      return {};
    };
    Status st = prepare(out.beads, kBeadSql, "AND id = ?1");
    if (st) st = prepare(out.labels, kLabelSql, "WHERE issue_id = ?1");
    if (st) st = prepare(out.deps, kDepSql, "WHERE issue_id = ?1");
    if (st) st = prepare(out.comments, kCommentSql, "WHERE issue_id = ?1");
    if (st)
      st = prepare(out.dependents,
                   one ? "SELECT depends_on_id, count(*) FROM deps {}"
                       : "SELECT depends_on_id, count(*) FROM deps GROUP BY depends_on_id {}",
                   "WHERE depends_on_id = ?1");
    if (!st) return tl::unexpected(st.error());
    return out;
  }
  void Bind(const std::string& id) {
    for (auto* q : {&beads, &labels, &deps, &comments, &dependents}) {
      (*q)->Reset();
      (*q)->Bind(1, id);
    }
  }
};

/// Reads the records the queries select and hands each, with its counts, to `emit`.
Status ScanRecords(ScanQueries& queries,
                   const std::function<void(json&, const RecordCounts&)>& emit) {
  Statement& dependents = *queries.dependents;
  std::unordered_map<std::string, int64_t> dependent_counts;
  while (dependents.Step())
    if (!dependents.IsNull(0)) dependent_counts[dependents.Text(0)] = dependents.Int(1);
  if (!dependents.status()) return dependents.status();

  Cursor label_rows(*queries.labels), dep_rows(*queries.deps), comment_rows(*queries.comments);
  Statement& b = *queries.beads;
  static constexpr const char* kText[] = {
      "title",        "description", "design",     "acceptance_criteria",
      "notes",        "status",      nullptr,      "issue_type",
      "assignee",     "owner",       "created_by", "created_at",
      "updated_at",   "started_at",  "closed_at",  "close_reason",
      "external_ref", "defer_until"};
  while (b.Step()) {
    std::string id = b.Text(0);
    json r = json::object();
    r["id"] = id;
    for (int c = 0; c < int(std::size(kText)); ++c) {
      if (!kText[c]) continue;
      std::string value = b.Text(c + 1);
      if (!value.empty() || c == 0) r[kText[c]] = std::move(value);
    }
    r["priority"] = b.Int(7);
    if (!b.IsNull(19)) r["estimated_minutes"] = b.Int(19);
    MergeExtra(r, b.Text(20));
    if (IsWispId(id)) r["ephemeral"] = true;  // kept on this machine: not exported by default
    RecordCounts counts;
    json label_list = json::array();
    label_rows.Collect(id, [&](Statement& q) { label_list.push_back(q.Text(1)); });
    if (!label_list.empty()) r["labels"] = std::move(label_list);
    json dep_list = json::array();
    dep_rows.Collect(id, [&](Statement& q) {
      json d = {{"issue_id", id},
                {"depends_on_id", q.Text(1)},
                {"type", q.Text(2)},
                {"created_at", q.Text(3)}};
      if (std::string by = q.Text(4); !by.empty()) d["created_by"] = by;
      MergeExtra(d, q.Text(5));
      dep_list.push_back(std::move(d));
    });
    counts.dependencies = int64_t(dep_list.size());
    if (!dep_list.empty()) r["dependencies"] = std::move(dep_list);
    json comment_list = json::array();
    comment_rows.Collect(id, [&](Statement& q) {
      json c = {{"id", q.Text(1)},
                {"issue_id", id},
                {"author", q.Text(2)},
                {"text", q.Text(3)},
                {"created_at", q.Text(4)}};
      MergeExtra(c, q.Text(5));
      comment_list.push_back(std::move(c));
    });
    counts.comments = int64_t(comment_list.size());
    if (!comment_list.empty()) r["comments"] = std::move(comment_list);
    if (auto it = dependent_counts.find(id); it != dependent_counts.end())
      counts.dependents = it->second;
    emit(r, counts);
  }
  if (!b.status()) return b.status();
  for (Cursor* c : {&label_rows, &dep_rows, &comment_rows})
    if (!c->status()) return c->status();
  return {};
}

// What the auto-export has seen of log/: each chain's size and mtime.
std::string LogFingerprint(const std::string& beads_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::set<std::string> parts;
  for (const auto& entry : fs::directory_iterator(beads_dir + "/log", ec)) {
    struct stat st;
    if (stat(entry.path().c_str(), &st) != 0) continue;
    parts.insert(fmt::format("{}:{}:{}.{}", entry.path().filename().string(), st.st_size,
                             st.st_mtim.tv_sec, st.st_mtim.tv_nsec));
  }
  std::string out;
  for (const std::string& p : parts) out += p + ";";
  return out;
}

}  // namespace

Result<JsonlExport> ExportJsonl(Database& db, const ExportOptions& options) {
  JsonlExport out;
  auto queries = ScanQueries::Prepare(db, false);
  if (!queries) return tl::unexpected(queries.error());
  auto st = ScanRecords(*queries, [&](json& record, const RecordCounts& counts) {
    if (!options.all && IsExcludedByDefault(record)) return;
    out.text += FormatRecordLine(record, counts);
    out.text += '\n';
    ++out.count;
  });
  if (!st) return tl::unexpected(st.error());
  return out;
}

Status ForEachRecord(Database& db, const std::function<void(const json&)>& visit) {
  auto queries = ScanQueries::Prepare(db, false);
  if (!queries) return tl::unexpected(queries.error());
  return ScanRecords(*queries, [&](json& record, const RecordCounts&) { visit(record); });
}

Result<std::map<std::string, json>> LoadRecords(Database& db, const std::vector<std::string>& ids) {
  std::map<std::string, json> out;
  auto keep = [&](json& record, const RecordCounts&) {
    std::string id = record["id"].get<std::string>();
    out.emplace(std::move(id), std::move(record));
  };
  auto queries = ScanQueries::Prepare(db, true);
  if (!queries) return tl::unexpected(queries.error());
  for (const std::string& id : ids) {
    queries->Bind(id);
    if (auto st = ScanRecords(*queries, keep); !st) return tl::unexpected(st.error());
  }
  return out;
}

bool AutoExportEnabled(const std::string& beads_dir) {
  toml::table t;
  try {
    t = toml::parse_file(beads_dir + "/config.toml");
  } catch (const toml::parse_error&) {
    return false;  // commands that read the config report it
  }
  for (toml::node* node : {t.at_path("export.auto").node(), t.get("export.auto")}) {
    if (!node) continue;
    if (auto b = node->value<bool>()) return *b;
    if (auto s = node->value<std::string>()) return *s == "true" || *s == "1" || *s == "yes";
  }
  return false;
}

Result<bool> RefreshAutoExport(Ledger& ledger) {
  const std::string dir = ledger.beads_dir();
  const std::string path = dir + "/issues.jsonl";
  // The log as last exported is kept in the index (a cache: losing it only
  // costs one more export).
  auto current = [&]() {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return false;
    auto q = ledger.db().Prepare("SELECT value FROM meta WHERE key = 'auto_export_log'");
    return q && q->Step() && q->Text(0) == LogFingerprint(dir);
  };
  if (current()) return false;
  // Under the write lock, so a slower exporter cannot replace a newer file
  // with an older one.
  auto lock = FileLock::Acquire(ledger.index().WriteLockPath());
  if (!lock) return tl::unexpected(lock.error());
  Index& index = ledger.index();
  if (auto st = index.BeginWrite(); !st) return tl::unexpected(st.error());
  auto fail = [&](Error e) -> Result<bool> {
    index.Rollback();
    return tl::unexpected(std::move(e));
  };
  auto caught_up = index.CatchUpLocked(false);
  if (!caught_up) return fail(caught_up.error());
  if (current()) {
    index.Rollback();
    return false;
  }
  std::string fingerprint = LogFingerprint(dir);
  auto exported = ExportJsonl(ledger.db(), {});
  if (!exported) return fail(exported.error());
  if (auto st = WriteFileAtomically(path, exported->text); !st) return fail(st.error());
  auto save = ledger.db().Prepare(
      "INSERT INTO meta(key, value) VALUES('auto_export_log', ?) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!save) return fail(save.error());
  if (auto st = save->Bind(1, fingerprint).Run(); !st) return fail(st.error());
  if (auto st = index.Commit(); !st) return tl::unexpected(st.error());
  return true;
}

}  // namespace gt
