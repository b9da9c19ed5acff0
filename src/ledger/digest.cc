#include "ledger/digest.h"

#include <sodium.h>

#include <fmt/format.h>

#include "core/encoding.h"

namespace gt {

Result<std::string> StateDigest(Database& db) {
  // table, order, the bead it belongs to (wisps are this machine's own:
  // left out, so that clones with the same shared events agree).
  static constexpr const char* kTables[][3] = {
      {"beads", "id", "id"},
      {"deps", "issue_id, depends_on_id", "issue_id || ' ' || depends_on_id"},
      {"labels", "issue_id, label", "issue_id"},
      {"comments", "id", "issue_id"},
      {"child_counters", "parent", "parent"},
  };
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, 32);
  auto feed = [&](std::string_view bytes) {
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(bytes.data()),
                              bytes.size());
  };
  for (const auto& [table, order, owner] : kTables) {
    // Columns by name, so a column added later changes every digest alike.
    auto q = db.Prepare(fmt::format("SELECT * FROM {} WHERE ({}) NOT GLOB '*-wisp-*' ORDER BY {}",
                                    table, owner, order));
    if (!q) return tl::unexpected(q.error());
    feed(fmt::format("table {}\n", table));
    while (q->Step()) {
      for (int c = 0; c < q->ColumnCount(); ++c) {
        // Length-prefixed, so no value can imitate a separator.
        std::string value = q->IsNull(c) ? "" : q->Text(c);
        feed(q->IsNull(c) ? std::string("N;") : fmt::format("{}:", value.size()));
        feed(value);
      }
      feed("\n");
    }
    if (!q->status()) return tl::unexpected(q->status().error());
  }
  unsigned char digest[32];
  crypto_generichash_final(&state, digest, 32);
  return ToHex(digest, 32);
}

}  // namespace gt
