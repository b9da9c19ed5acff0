#include "ledger/index_schema.h"

namespace gt {

namespace {
constexpr const char* kTables[] = {"meta",   "chains",   "events",         "beads",  "deps",
                                   "labels", "comments", "child_counters", "members"};
}

Status CreateIndexSchema(Database& db) {
  return db
      .Exec(R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

-- How far each chain file has been applied (see Index::CatchUp).
CREATE TABLE IF NOT EXISTS chains(
  keyid TEXT PRIMARY KEY, path TEXT NOT NULL, key TEXT NOT NULL DEFAULT '',
  offset INTEGER NOT NULL DEFAULT 0, line INTEGER NOT NULL DEFAULT 0,
  seq INTEGER NOT NULL DEFAULT 0, lc INTEGER NOT NULL DEFAULT 0,
  last_hash TEXT NOT NULL DEFAULT '', last_offset INTEGER NOT NULL DEFAULT 0,
  file_size INTEGER NOT NULL DEFAULT 0, file_mtime INTEGER NOT NULL DEFAULT 0,
  problem TEXT NOT NULL DEFAULT '', problem_line INTEGER NOT NULL DEFAULT 0,
  -- The highest seq ever applied: a chain that ends before it lost events.
  seen_seq INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;

-- Every accepted event, and whether the fold applied it; rowid order is fold
-- order (appends are cheap). The rest of the event stays in its line, at
-- `offset` in log/<keyid>.jsonl; chain proofs guarantee (keyid, seq) unique.
CREATE TABLE IF NOT EXISTS events(
  keyid TEXT NOT NULL, seq INTEGER NOT NULL, lc INTEGER NOT NULL, bead TEXT,
  offset INTEGER NOT NULL, applied INTEGER NOT NULL, note TEXT);

CREATE TABLE IF NOT EXISTS beads(
  id TEXT PRIMARY KEY, title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
  design TEXT NOT NULL DEFAULT '', acceptance_criteria TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '', status TEXT NOT NULL, priority INTEGER NOT NULL,
  issue_type TEXT NOT NULL, assignee TEXT NOT NULL DEFAULT '', owner TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  started_at TEXT NOT NULL DEFAULT '', closed_at TEXT NOT NULL DEFAULT '',
  close_reason TEXT NOT NULL DEFAULT '', external_ref TEXT NOT NULL DEFAULT '',
  defer_until TEXT NOT NULL DEFAULT '', estimated_minutes INTEGER,
  parent TEXT NOT NULL DEFAULT '', deleted INTEGER NOT NULL DEFAULT 0,
  blocked INTEGER NOT NULL DEFAULT 0,
  -- Imported beads fields the columns do not model, as a JSON object ('' if none).
  extra TEXT NOT NULL DEFAULT '');

CREATE TABLE IF NOT EXISTS deps(
  issue_id TEXT NOT NULL, depends_on_id TEXT NOT NULL, type TEXT NOT NULL,
  created_at TEXT NOT NULL, created_by TEXT NOT NULL DEFAULT '',
  extra TEXT NOT NULL DEFAULT '',
  PRIMARY KEY(issue_id, depends_on_id)) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS labels(issue_id TEXT NOT NULL, label TEXT NOT NULL,
  PRIMARY KEY(issue_id, label)) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS comments(
  id TEXT PRIMARY KEY, issue_id TEXT NOT NULL, author TEXT NOT NULL, text TEXT NOT NULL,
  created_at TEXT NOT NULL, extra TEXT NOT NULL DEFAULT '');

-- Membership as folded: members.jsonl's genesis plus member.* events.
CREATE TABLE IF NOT EXISTS members(key TEXT PRIMARY KEY, role TEXT NOT NULL,
  actor TEXT NOT NULL DEFAULT '', since TEXT NOT NULL DEFAULT '',
  revoked INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS child_counters(parent TEXT PRIMARY KEY, last INTEGER NOT NULL)
  WITHOUT ROWID;

-- Full-text search (FTS5) over beads and comments. External content: the
-- text stays in beads/comments, these hold only the inverted index. They are
-- filled lazily by the first `bd search` (EnsureSearchIndex) and then kept
-- current by triggers; a rebuild empties them and drops the triggers.
CREATE VIRTUAL TABLE IF NOT EXISTS beads_fts USING fts5(title, description, notes,
  content='beads', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE IF NOT EXISTS comments_fts USING fts5(text,
  content='comments', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
)sql")
      .and_then([&] { return CreateSecondaryIndexes(db); });
}

namespace {
// Secondary indexes: built after a bulk load, which is faster than keeping
// them current row by row.
constexpr const char* kSecondaryIndexes = R"sql(
CREATE INDEX IF NOT EXISTS events_by_bead ON events(bead, lc, keyid, seq);
CREATE INDEX IF NOT EXISTS beads_by_status ON beads(status, priority, created_at DESC, id);
-- In `bd ready` order, covering its filters: the query stops after --limit rows.
CREATE INDEX IF NOT EXISTS beads_ready ON beads(status, blocked, priority, created_at DESC, id,
  defer_until, issue_type, parent) WHERE deleted = 0;
CREATE INDEX IF NOT EXISTS beads_by_parent ON beads(parent) WHERE parent != '';
CREATE INDEX IF NOT EXISTS deps_by_target ON deps(depends_on_id, type);
CREATE INDEX IF NOT EXISTS labels_by_label ON labels(label);
CREATE INDEX IF NOT EXISTS comments_by_issue ON comments(issue_id, created_at);
)sql";
constexpr const char* kSecondaryIndexNames[] = {
    "events_by_bead", "beads_by_status", "beads_ready",      "beads_by_parent",
    "deps_by_target", "labels_by_label", "comments_by_issue"};
}  // namespace

Status CreateSecondaryIndexes(Database& db) {
  return db.Exec(kSecondaryIndexes);
}

Status CreateDependencyIndex(Database& db) {
  return db.Exec("CREATE INDEX IF NOT EXISTS deps_by_target ON deps(depends_on_id, type)");
}

Status DropSecondaryIndexes(Database& db) {
  for (const char* name : kSecondaryIndexNames)
    if (auto st = db.Exec(std::string("DROP INDEX IF EXISTS ") + name); !st) return st;
  return {};
}

Status DropIndexSchema(Database& db) {
  for (const char* table : {"beads_fts", "comments_fts"})
    if (auto st = db.Exec(std::string("DROP TABLE IF EXISTS ") + table); !st) return st;
  for (const char* table : kTables) {
    if (auto st = db.Exec(std::string("DROP TABLE IF EXISTS ") + table); !st) return st;
  }
  return {};
}

Status ClearIndex(Database& db) {
  // Without the search triggers, emptying and re-filling the tables costs
  // nothing extra; the next `bd search` builds the search index in bulk.
  if (auto st = DropSearchTriggers(db); !st) return st;
  if (auto st = db.Exec("INSERT INTO beads_fts(beads_fts) VALUES('delete-all'); "
                        "INSERT INTO comments_fts(comments_fts) VALUES('delete-all')");
      !st)
    return st;
  for (const char* table : kTables) {
    if (std::string_view(table) == "meta") continue;
    if (auto st = db.Exec(std::string("DELETE FROM ") + table); !st) return st;
  }
  return db.Exec("DELETE FROM meta WHERE key != 'schema_version'");
}

namespace {
constexpr const char* kSearchTriggers = R"sql(
CREATE TRIGGER IF NOT EXISTS beads_fts_insert AFTER INSERT ON beads BEGIN
  INSERT INTO beads_fts(rowid, title, description, notes)
    VALUES(new.rowid, new.title, new.description, new.notes);
END;
CREATE TRIGGER IF NOT EXISTS beads_fts_update AFTER UPDATE OF title, description, notes ON beads
  WHEN old.title IS NOT new.title OR old.description IS NOT new.description
    OR old.notes IS NOT new.notes BEGIN
  INSERT INTO beads_fts(beads_fts, rowid, title, description, notes)
    VALUES('delete', old.rowid, old.title, old.description, old.notes);
  INSERT INTO beads_fts(rowid, title, description, notes)
    VALUES(new.rowid, new.title, new.description, new.notes);
END;
CREATE TRIGGER IF NOT EXISTS beads_fts_delete AFTER DELETE ON beads BEGIN
  INSERT INTO beads_fts(beads_fts, rowid, title, description, notes)
    VALUES('delete', old.rowid, old.title, old.description, old.notes);
END;
CREATE TRIGGER IF NOT EXISTS comments_fts_insert AFTER INSERT ON comments BEGIN
  INSERT INTO comments_fts(rowid, text) VALUES(new.rowid, new.text);
END;
CREATE TRIGGER IF NOT EXISTS comments_fts_update AFTER UPDATE OF text ON comments
  WHEN old.text IS NOT new.text BEGIN
  INSERT INTO comments_fts(comments_fts, rowid, text) VALUES('delete', old.rowid, old.text);
  INSERT INTO comments_fts(rowid, text) VALUES(new.rowid, new.text);
END;
CREATE TRIGGER IF NOT EXISTS comments_fts_delete AFTER DELETE ON comments BEGIN
  INSERT INTO comments_fts(comments_fts, rowid, text) VALUES('delete', old.rowid, old.text);
END;
)sql";
constexpr const char* kSearchTriggerNames[] = {"beads_fts_insert",    "beads_fts_update",
                                               "beads_fts_delete",    "comments_fts_insert",
                                               "comments_fts_update", "comments_fts_delete"};
}  // namespace

Result<bool> SearchIndexReady(Database& db) {
  auto q = db.Prepare("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?");
  if (!q) return tl::unexpected(q.error());
  q->Bind(1, kSearchTriggerNames[0]);
  bool ready = q->Step();
  if (!q->status()) return tl::unexpected(q->status().error());
  return ready;
}

Status BuildSearchIndex(Database& db) {
  Status st = db.Exec(
      "INSERT INTO beads_fts(beads_fts) VALUES('rebuild'); "
      "INSERT INTO comments_fts(comments_fts) VALUES('rebuild')");
  if (st) st = db.Exec(kSearchTriggers);
  return st;
}

Status DropSearchTriggers(Database& db) {
  for (const char* name : kSearchTriggerNames)
    if (auto st = db.Exec(std::string("DROP TRIGGER IF EXISTS ") + name); !st) return st;
  return {};
}

}  // namespace gt
