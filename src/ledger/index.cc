#include "ledger/index.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <queue>
#include <sstream>
#include <tuple>

#include <fmt/format.h>

#include "core/parallel.h"
#include "ledger/chain_file.h"
#include "ledger/decode_pipeline.h"
#include "ledger/file_lock.h"
#include "ledger/fold.h"
#include "ledger/index_schema.h"
#include "ledger/member_fold.h"
#include "ledger/members.h"

namespace gt {
namespace fs = std::filesystem;

namespace {

struct FileStat {
  int64_t size = 0;
  int64_t mtime = 0;
};

/// Every chain file: the shared ones in log/ and this machine's in wisp/.
std::map<std::string, std::string> ListChains(const std::string& beads_dir) {
  std::map<std::string, std::string> out;  // keyid → path
  for (const char* dir : {"/log", "/wisp"}) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(beads_dir + dir, ec)) {
      if (entry.path().extension() != ".jsonl") continue;
      out[entry.path().stem().string()] = entry.path().string();
    }
  }
  return out;
}

/// members.jsonl's content hash: the membership genesis the fold started from.
std::string MembersStamp(const std::string& beads_dir) {
  std::ifstream in(beads_dir + "/members.jsonl", std::ios::binary);
  if (!in) return "";
  std::stringstream text;
  text << in.rdbuf();
  return LineHash(text.str());
}

bool StatFile(const std::string& path, FileStat* out) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return false;
  out->size = st.st_size;
  out->mtime = int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return true;
}

struct ChainRow {
  ChainCursor cursor;
  FileStat stat;
  std::string problem;
  int64_t problem_line = 0;
  int64_t seen_seq = 0;
};

Result<std::map<std::string, ChainRow>> LoadChainRows(Database& db) {
  auto q = db.Prepare(
      "SELECT keyid, key, offset, line, seq, lc, last_hash, file_size, file_mtime, problem, "
      "problem_line, last_offset, seen_seq FROM chains");
  if (!q) return tl::unexpected(q.error());
  std::map<std::string, ChainRow> rows;
  while (q->Step()) {
    ChainRow row;
    row.cursor.keyid = q->Text(0);
    row.cursor.key = q->Text(1);
    row.cursor.offset = q->Int(2);
    row.cursor.line = q->Int(3);
    row.cursor.seq = q->Int(4);
    row.cursor.lc = q->Int(5);
    row.cursor.last_hash = q->Text(6);
    row.stat = {q->Int(7), q->Int(8)};
    row.problem = q->Text(9);
    row.problem_line = q->Int(10);
    row.cursor.last_offset = q->Int(11);
    row.seen_seq = q->Int(12);
    rows[row.cursor.keyid] = std::move(row);
  }
  if (!q->status()) return tl::unexpected(q->status().error());
  return rows;
}

Result<std::string> Meta(Database& db, const char* key) {
  auto q = db.Prepare("SELECT value FROM meta WHERE key = ?");
  if (!q) return tl::unexpected(q.error());
  q->Bind(1, std::string_view(key));
  if (q->Step()) return q->Text(0);
  if (!q->status()) return tl::unexpected(q->status().error());
  return std::string();
}

Status SetMeta(Database& db, const char* key, const std::string& value) {
  auto q = db.Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
  if (!q) return tl::unexpected(q.error());
  return q->Bind(1, std::string_view(key)).Bind(2, value).Run();
}

}  // namespace

namespace {

/// Opens the index file with this connection's settings.
Result<Database> OpenIndexFile(const std::string& path) {
  auto db = Database::Open(path);
  if (!db) return db;
  // The index is a cache of log/, so NORMAL durability is enough: a lost
  // index transaction is re-applied from the log by the next command.
  if (auto st = db->Exec("PRAGMA synchronous=NORMAL; PRAGMA cache_size=-131072; "  // <= 128 MiB
                         "PRAGMA journal_size_limit=16777216;");  // a reset WAL shrinks to 16 MiB
      !st)
    return tl::unexpected(st.error());
  return db;
}

/// True when the index is in WAL mode with this version's schema.
bool IsReady(Database& db) {
  auto mode = db.Prepare("PRAGMA journal_mode");
  if (!mode || !mode->Step() || mode->Text(0) != "wal") return false;
  auto version = Meta(db, "schema_version");
  return version && *version == std::to_string(kIndexSchemaVersion);
}

/// Makes the index ready: WAL mode and this version's schema, replacing a
/// damaged file. The caller holds the write lock.
Result<Database> PrepareIndex(const std::string& path) {
  auto db = OpenIndexFile(path);
  Status st = db ? db->Exec("PRAGMA journal_mode=WAL") : Status(tl::unexpected(db.error()));
  if (!st && st.error().kind == ErrorKind::kCorruption) {
    // A damaged cache is thrown away and rebuilt from the log.
    db = tl::unexpected(st.error());  // closes the damaged file first
    for (const char* suffix : {"", "-wal", "-shm"}) unlink((path + suffix).c_str());
    db = OpenIndexFile(path);
    st = db ? db->Exec("PRAGMA journal_mode=WAL") : Status(tl::unexpected(db.error()));
  }
  if (!st) return tl::unexpected(st.error());
  st = db->Exec("BEGIN IMMEDIATE");
  auto version = st ? Meta(*db, "schema_version") : Result<std::string>(std::string());
  // No meta table (a new file) or another version: recreate every table.
  if (st && (!version || *version != std::to_string(kIndexSchemaVersion))) {
    st = DropIndexSchema(*db);
    if (st) st = CreateIndexSchema(*db);
    if (st) st = SetMeta(*db, "schema_version", std::to_string(kIndexSchemaVersion));
  }
  if (st) st = db->Exec("COMMIT");
  if (!st) {
    (void)db->Exec("ROLLBACK");
    return tl::unexpected(st.error());
  }
  return db;
}

}  // namespace

bool IsLocalChainPath(const std::string& path) {
  return fs::path(path).parent_path().filename() == "wisp";
}

Result<Index> Index::Open(const std::string& beads_dir) {
  std::string path = beads_dir + "/beads.db";
  auto db = OpenIndexFile(path);
  if (db && IsReady(*db)) return Index(std::move(*db), beads_dir);
  // Creating, converting or replacing the index happens under the write
  // lock: no two processes convert it at once (SQLite would refuse one), and
  // no writer is using a file that is about to be replaced.
  db = tl::unexpected(Error{});
  auto lock = FileLock::Acquire(beads_dir + "/write.lock");
  if (!lock) return tl::unexpected(lock.error());
  db = PrepareIndex(path);
  if (!db) return tl::unexpected(db.error());
  return Index(std::move(*db), beads_dir);
}

Status Index::Discard(const std::string& beads_dir) {
  auto lock = FileLock::Acquire(beads_dir + "/write.lock");
  if (!lock) return tl::unexpected(lock.error());
  std::string path = beads_dir + "/beads.db";
  for (const char* suffix : {"", "-wal", "-shm"})
    if (unlink((path + suffix).c_str()) != 0 && errno != ENOENT)
      return Fail(ErrorKind::kIo,
                  fmt::format("cannot remove {}{}: {}", path, suffix, std::strerror(errno)));
  return {};
}

Status Index::BeginWrite() {
  return db_.Exec("BEGIN IMMEDIATE");
}
Status Index::Commit() {
  return db_.Exec("COMMIT");
}
void Index::Rollback() {
  (void)db_.Exec("ROLLBACK");
}

Result<int64_t> Index::MaxLamport() {
  auto v = Meta(db_, "fold_lc");
  if (!v) return tl::unexpected(v.error());
  return v->empty() ? 0 : std::stoll(*v);
}

Status Index::SetFoldPosition(const FoldKey& last) {
  Status st = SetMeta(db_, "fold_lc", std::to_string(last.lc));
  if (st) st = SetMeta(db_, "fold_keyid", last.keyid);
  if (st) st = SetMeta(db_, "fold_seq", std::to_string(last.seq));
  return st;
}

Result<ChainCursor> Index::Cursor(const std::string& keyid, std::string* problem) {
  auto rows = LoadChainRows(db_);
  if (!rows) return tl::unexpected(rows.error());
  auto it = rows->find(keyid);
  if (it == rows->end()) {
    ChainCursor fresh;
    fresh.keyid = keyid;
    return fresh;
  }
  if (problem) *problem = it->second.problem;
  return it->second.cursor;
}

Status Index::SaveCursor(const std::string& path, const ChainCursor& c, const std::string& problem,
                         int64_t problem_line) {
  FileStat st;
  StatFile(path, &st);
  auto q = db_.Prepare(
      "INSERT INTO chains(keyid, path, key, offset, line, seq, lc, last_hash, file_size, "
      "file_mtime, problem, problem_line, last_offset, seen_seq) "
      "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?6) ON CONFLICT(keyid) DO UPDATE SET "
      "path = ?2, key = ?3, offset = ?4, line = ?5, seq = ?6, lc = ?7, last_hash = ?8, "
      "file_size = ?9, file_mtime = ?10, problem = ?11, problem_line = ?12, last_offset = ?13, "
      "seen_seq = max(seen_seq, ?6)");
  if (!q) return tl::unexpected(q.error());
  q->Bind(1, c.keyid).Bind(2, path).Bind(3, c.key).Bind(4, c.offset).Bind(5, c.line);
  q->Bind(6, c.seq).Bind(7, c.lc).Bind(8, c.last_hash).Bind(9, st.size).Bind(10, st.mtime);
  q->Bind(11, problem).Bind(12, problem_line).Bind(13, c.last_offset);
  if (auto r = q->Run(); !r) return r;
  return FlagLostEvents(c.keyid);
}

Status Index::FlagLostEvents(const std::string& keyid) {
  // Only the index can notice a chain's newest lines disappearing: the
  // chain that remains is a valid chain.
  auto q = db_.Prepare(
      "UPDATE chains SET problem_line = line + 1, problem = 'the chain ends at event ' || seq || "
      "' but this index had applied ' || seen_seq || ' (events were removed or the file was "
      "rewritten; restore it from git, or accept it with `bd doctor --rebuild`)' "
      "WHERE keyid = ? AND problem = '' AND seq < seen_seq");
  if (!q) return tl::unexpected(q.error());
  return q->Bind(1, keyid).Run();
}

Result<bool> Index::Changed() {
  auto stamp = Meta(db_, "members_stamp");
  if (!stamp || *stamp != MembersStamp(beads_dir_)) return true;
  auto rows = LoadChainRows(db_);
  if (!rows) return tl::unexpected(rows.error());
  auto files = ListChains(beads_dir_);
  size_t known_lost = 0;  // rows kept for chains that vanished
  for (const auto& [keyid, row] : *rows)
    known_lost += !files.count(keyid) && row.cursor.offset == 0 && row.seen_seq > 0;
  if (files.size() + known_lost != rows->size()) return true;
  for (const auto& [keyid, path] : files) {
    auto it = rows->find(keyid);
    FileStat st;
    if (it == rows->end() || !StatFile(path, &st)) return true;
    if (st.size != it->second.stat.size || st.mtime != it->second.stat.mtime) return true;
  }
  return false;
}

Result<CatchUpReport> Index::CatchUp() {
  auto changed = Changed();
  if (!changed) return tl::unexpected(changed.error());
  if (!*changed) {
    // Nothing new; still report known problems so commands can warn.
    CatchUpReport report;
    auto rows = LoadChainRows(db_);
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& [keyid, row] : *rows)
      if (!row.problem.empty())
        report.problems.push_back({keyid + ".jsonl", row.problem_line, row.problem});
    return report;
  }
  return CatchUpTransaction(false);
}

Result<CatchUpReport> Index::Rebuild() {
  return CatchUpTransaction(true);
}

Result<CatchUpReport> Index::CatchUpTransaction(bool rebuild) {
  // A bulk load needs a cache that holds the whole index, or pages spill to
  // the WAL again and again (about 1 KiB per event at most).
  auto lock = FileLock::Acquire(WriteLockPath());
  if (!lock) return tl::unexpected(lock.error());
  (void)db_.Exec("PRAGMA cache_size=-1048576");
  if (auto st = BeginWrite(); !st) return tl::unexpected(st.error());
  auto report = CatchUpLocked(rebuild);
  if (report) {
    if (auto st = Commit(); !st) report = tl::unexpected(st.error());
  } else {
    Rollback();
  }
  (void)db_.Exec("PRAGMA cache_size=-131072");
  // After a big transaction, fold the WAL into the database and truncate
  // it: bd processes are short-lived, and each would otherwise re-read a
  // large WAL when it opens the index. Best effort: busy readers may defer it.
  if (report && (report->rebuilt || report->events_applied > 10000))
    (void)db_.Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return report;
}

Result<CatchUpReport> Index::Refold() {
  auto rows = LoadChainRows(db_);
  if (!rows) return tl::unexpected(rows.error());
  auto seen = db_.Prepare("SELECT keyid, path, max(seq, seen_seq) FROM chains");
  if (!seen) return tl::unexpected(seen.error());
  std::vector<std::tuple<std::string, std::string, int64_t>> applied;
  while (seen->Step()) applied.emplace_back(seen->Text(0), seen->Text(1), seen->Int(2));
  if (!seen->status()) return tl::unexpected(seen->status().error());

  auto report = CatchUpLocked(true);
  if (!report) return report;
  for (const auto& [keyid, path, seq] : applied) {
    // A vanished chain keeps a row with nothing applied, so it is reported.
    auto keep = db_.Prepare(
        "INSERT INTO chains(keyid, path, seen_seq) VALUES(?1, ?2, ?3) "
        "ON CONFLICT(keyid) DO UPDATE SET seen_seq = max(seen_seq, ?3)");
    if (!keep) return tl::unexpected(keep.error());
    if (auto st = keep->Bind(1, keyid).Bind(2, path).Bind(3, seq).Run(); !st)
      return tl::unexpected(st.error());
    if (auto st = FlagLostEvents(keyid); !st) return tl::unexpected(st.error());
  }
  // Each chain's first problem, structural or lost events, once.
  auto problems = db_.Prepare(
      "SELECT keyid, problem_line, problem FROM chains WHERE problem != '' ORDER BY keyid");
  if (!problems) return tl::unexpected(problems.error());
  report->problems.clear();
  while (problems->Step())
    report->problems.push_back({problems->Text(0) + ".jsonl", problems->Int(1), problems->Text(2)});
  return report;
}

Result<std::vector<ChainProblem>> Index::LostEvents() {
  auto q = db_.Prepare(
      "SELECT keyid, line, seq, seen_seq FROM chains WHERE seq < seen_seq ORDER BY keyid");
  if (!q) return tl::unexpected(q.error());
  std::vector<ChainProblem> out;
  while (q->Step())
    out.push_back({q->Text(0) + ".jsonl", q->Int(1) + 1,
                   fmt::format("the chain ends at event {} but this index had applied {} (events "
                               "were removed or the file was rewritten; restore it from git, or "
                               "accept it with `bd doctor --rebuild`)",
                               q->Int(2), q->Int(3))});
  if (!q->status()) return tl::unexpected(q->status().error());
  return out;
}

Result<CatchUpReport> Index::CatchUpLocked(bool rebuild) {
  CatchUpReport report;
  report.rebuilt = rebuild;
  std::string stamp = MembersStamp(beads_dir_);
  if (rebuild) {
    Status st = ClearIndex(db_);
    if (st) st = DropSecondaryIndexes(db_);
    // The fold starts from members.jsonl; a damaged file starts it open
    // (`bd verify` reports the damage).
    auto genesis = LoadMembers(beads_dir_);
    if (st) st = SeedMembers(db_, genesis ? *genesis : Membership{});
    if (st) st = SetMeta(db_, "members_stamp", stamp);
    if (!st) return tl::unexpected(st.error());
  }
  auto rows = LoadChainRows(db_);
  if (!rows) return tl::unexpected(rows.error());
  // An empty index (a fresh clone, a new schema) is filled like a rebuild.
  if (rows->empty() && !rebuild) return CatchUpLocked(true);
  // Another genesis (members.jsonl pulled or edited): fold again from it.
  if (!rebuild) {
    auto known = Meta(db_, "members_stamp");
    if (!known) return tl::unexpected(known.error());
    if (*known != stamp) return Refold();
  }
  auto files = ListChains(beads_dir_);

  // A chain that vanished or shrank, or whose applied part changed, means
  // history was rewritten: the only safe answer is a full re-fold.
  for (const auto& [keyid, row] : *rows) {
    auto file = files.find(keyid);
    FileStat st;
    bool vanished = file == files.end() || !StatFile(file->second, &st);
    if (vanished && row.cursor.offset == 0) {
      if (row.seen_seq == 0) {  // it never held an applied event: forget it
        auto forget = db_.Prepare("DELETE FROM chains WHERE keyid = ?");
        if (!forget) return tl::unexpected(forget.error());
        if (auto st = forget->Bind(1, keyid).Run(); !st) return tl::unexpected(st.error());
      } else {  // known lost; reported, nothing to re-fold
        report.problems.push_back({keyid + ".jsonl", 0, row.problem});
      }
      continue;
    }
    if (vanished || st.size < row.cursor.offset) return rebuild ? report : Refold();
  }

  // Which chains have something new, and from where.
  std::vector<std::pair<std::string, ChainCursor>> to_read;  // path, cursor
  for (const auto& [keyid, path] : files) {
    ChainCursor from;
    from.keyid = keyid;
    auto row = rows->find(keyid);
    if (row != rows->end()) {
      FileStat st;
      StatFile(path, &st);
      if (st.size == row->second.stat.size && st.mtime == row->second.stat.mtime) {
        if (!row->second.problem.empty())
          report.problems.push_back(
              {keyid + ".jsonl", row->second.problem_line, row->second.problem});
        continue;
      }
      from = row->second.cursor;
      if (from.seq > 0) {
        // The applied part must be intact: re-hash its last line.
        auto last = ReadRange(path, from.last_offset, from.offset);
        if (!last) return tl::unexpected(last.error());
        if (last->empty() || last->back() != '\n' ||
            LineHash(std::string_view(*last).substr(0, last->size() - 1)) != from.last_hash)
          return rebuild ? report : Refold();
        // Same size but rewritten: an in-place edit, never an append. Prove
        // the whole chain again from its start.
        if (st.size == row->second.stat.size) from = ChainCursor{keyid};
      }
    }
    to_read.emplace_back(path, from);
  }

  // Read and prove the chains, several at once.
  std::vector<Result<ChainBatch>> batches(to_read.size(), Fail(ErrorKind::kIo, "not read"));
  ParallelFor(to_read.size(), [&](size_t i) {
    batches[i] = ReadVerifiedChain(to_read[i].first, to_read[i].second, false);
  });
  for (size_t i = 0; i < batches.size(); ++i) {
    if (!batches[i]) return tl::unexpected(batches[i].error());
    const ChainCursor& from = to_read[i].second;
    // A full re-proof (see above) that does not end where the index did.
    auto row = rows->find(from.keyid);
    if (row != rows->end() && from.seq == 0 && row->second.cursor.seq > 0) {
      const ChainCursor& end = batches[i]->end;
      if (!batches[i]->problems.empty() || end.last_hash != row->second.cursor.last_hash ||
          end.offset != row->second.cursor.offset)
        return rebuild ? report : Refold();
      batches[i]->lines.clear();  // nothing new: the chain only got rewritten in place
    }
  }

  // Merge the chains in fold order; each chain is already in lc order.
  struct Cursor {
    size_t batch;
    size_t next;
  };
  auto key_of = [&](const Cursor& c) {
    const AcceptedLine& line = batches[c.batch]->lines[c.next];
    return FoldKey{line.lc, batches[c.batch]->end.keyid, line.seq};
  };
  auto later = [&](const Cursor& a, const Cursor& b) { return key_of(b) < key_of(a); };
  std::priority_queue<Cursor, std::vector<Cursor>, decltype(later)> heads(later);
  for (size_t i = 0; i < batches.size(); ++i)
    if (!batches[i]->lines.empty()) heads.push({i, 0});

  if (!heads.empty() && !rebuild) {
    auto lc = Meta(db_, "fold_lc");
    auto kid = Meta(db_, "fold_keyid");
    auto seq = Meta(db_, "fold_seq");
    if (!lc || !kid || !seq) return tl::unexpected(Error{ErrorKind::kIo, "cannot read index meta"});
    // Events from the past (another clone's, after a pull): re-fold.
    if (!lc->empty() && key_of(heads.top()) < FoldKey{std::stoll(*lc), *kid, std::stoll(*seq)})
      return Refold();
  }

  std::vector<Cursor> order;
  while (!heads.empty()) {
    Cursor c = heads.top();
    heads.pop();
    order.push_back(c);
    if (++c.next < batches[c.batch]->lines.size()) heads.push(c);
  }
  std::vector<std::string_view> texts;
  texts.reserve(order.size());
  for (const Cursor& c : order) texts.push_back(batches[c.batch]->lines[c.next].text);

  Folder folder(db_);
  for (size_t i = 0; i < batches.size(); ++i)
    if (IsLocalChainPath(to_read[i].first)) folder.TrustLocalChain(batches[i]->end.keyid);
  auto applied = ForEachDecoded(texts, [&](size_t i, const Event& event) {
    const Cursor& c = order[i];
    return folder.Apply(event, batches[c.batch]->end.keyid, batches[c.batch]->lines[c.next].offset);
  });
  if (!applied) return tl::unexpected(applied.error());
  report.events_applied = int64_t(order.size());
  FoldKey last = order.empty() ? FoldKey{} : key_of(order.back());
  if (rebuild) {
    // Bulk load: rows first, then `blocked`, then the indexes, so that no
    // index is maintained row by row.
    Status st = folder.Flush();
    if (st) st = CreateDependencyIndex(db_);
    if (st) st = folder.RefreshBlocked(true);
    if (st) st = CreateSecondaryIndexes(db_);
    if (!st) return tl::unexpected(st.error());
  }
  if (!rebuild)
    if (auto st = folder.Finish(); !st) return tl::unexpected(st.error());
  if (report.events_applied > 0)
    if (auto st = SetFoldPosition(last); !st) return tl::unexpected(st.error());

  for (size_t i = 0; i < batches.size(); ++i) {
    const ChainBatch& batch = *batches[i];
    std::string problem = batch.problems.empty() ? "" : batch.problems.front().reason;
    int64_t problem_line = batch.problems.empty() ? 0 : batch.problems.front().line;
    if (!problem.empty()) report.problems.push_back(batch.problems.front());
    if (batch.torn_tail) report.torn.push_back(to_read[i].first);
    if (auto st = SaveCursor(to_read[i].first, batch.end, problem, problem_line); !st)
      return tl::unexpected(st.error());
  }
  return report;
}

}  // namespace gt
