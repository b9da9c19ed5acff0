#include "ledger/search.h"

#include <fmt/format.h>

#include "ledger/file_lock.h"
#include "ledger/index_schema.h"

namespace gt {
namespace {

/// Letters and digits are what the unicode61 tokenizer indexes; any byte of a
/// multi-byte UTF-8 character is taken as a letter.
bool HasWordCharacter(std::string_view term) {
  for (unsigned char c : term)
    if (isalnum(c) || c >= 0x80) return true;
  return false;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t start = i;
    while (i < text.size() && !isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) out.emplace_back(text.substr(start, i - start));
  }
  return out;
}

}  // namespace

Result<std::string> SanitizeSearchQuery(std::string_view text) {
  std::string out;
  std::vector<std::string> words = Words(text);
  std::vector<std::string> kept;
  for (const std::string& word : words)
    if (HasWordCharacter(word)) kept.push_back(word);
  if (kept.empty())
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("search query '{}' has no words to search for", text),
                "search for letters or digits, e.g. bd search login");
  for (size_t i = 0; i < kept.size(); ++i) {
    std::string quoted = "\"";
    for (char c : kept[i]) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    quoted += '"';
    if (i + 1 == kept.size()) quoted += '*';
    out += (out.empty() ? "" : " ") + quoted;
  }
  return out;
}

Status EnsureSearchIndex(Index& index) {
  auto ready = SearchIndexReady(index.db());
  if (!ready) return tl::unexpected(ready.error());
  if (*ready) return {};
  auto lock = FileLock::Acquire(index.WriteLockPath());
  if (!lock) return tl::unexpected(lock.error());
  if (auto st = index.BeginWrite(); !st) return st;
  ready = SearchIndexReady(index.db());  // another process may have built it meanwhile
  Status st = ready ? Status() : Status(tl::unexpected(ready.error()));
  if (st && !*ready) st = BuildSearchIndex(index.db());
  if (st) st = index.Commit();
  if (!st) index.Rollback();
  return st;
}

Result<std::vector<Bead>> SearchBeads(Database& db, const SearchFilter& f) {
  auto match = SanitizeSearchQuery(f.query);
  if (!match) return tl::unexpected(match.error());
  // An id fragment: the query when it is one word ("a3f", "gt-a3f"); LIKE is
  // case-insensitive for ASCII, and faster here than lower() + instr().
  std::vector<std::string> words = Words(f.query);
  std::string id_like;
  if (words.size() == 1) {
    id_like = "%";
    for (char c : words[0]) {
      if (c == '%' || c == '_' || c == '\\') id_like += '\\';
      id_like += c;
    }
    id_like += "%";
  }
  std::vector<std::string> params = {*match, id_like};
  std::string where = ListFilterClause(f.list, &params);
  std::string limit = f.list.limit > 0 ? fmt::format("LIMIT {}", f.list.limit) : "";
  // Title counts ten times a description or notes word; a comment's rank is
  // its own bm25; an id match goes first. Lower bm25 is better. The inner
  // query ranks and cuts to the limit, so the bead columns (and their count
  // subqueries) are computed only for the beads shown.
  std::string tail = fmt::format(R"sql(
FROM (SELECT hit.r AS r, hit.score AS score FROM (
    SELECT r, min(score) AS score FROM (
      SELECT rowid AS r, bm25(beads_fts, 10.0, 1.0, 1.0) AS score FROM beads_fts
        WHERE beads_fts MATCH ?1
      UNION ALL
      SELECT b.rowid, bm25(comments_fts) FROM comments_fts
        JOIN comments c ON c.rowid = comments_fts.rowid JOIN beads b ON b.id = c.issue_id
        WHERE comments_fts MATCH ?1
      UNION ALL
      SELECT rowid, -1e9 FROM beads WHERE ?2 != '' AND id LIKE ?2 ESCAPE '\')
    GROUP BY r) AS hit
  JOIN beads b ON b.rowid = hit.r
  WHERE {}
  ORDER BY hit.score, b.priority, b.created_at DESC, b.id {}) AS top
JOIN beads b ON b.rowid = top.r
ORDER BY top.score, b.priority, b.created_at DESC, b.id)sql",
                                 where, limit);
  return SelectBeads(db, tail, params);
}

}  // namespace gt
