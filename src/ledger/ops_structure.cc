// Deferral and the edges that retire a bead: duplicates and supersedes.
#include <fmt/format.h>

#include "ledger/ops.h"
#include "ledger/queries.h"

namespace gt {
namespace {

/// One write: the `type` edge from `from` to `to`, then `closing` is closed.
Result<Bead> LinkAndClose(Ledger& ledger, const std::string& from, const std::string& to,
                          const std::string& type, const std::string& closing,
                          const std::string& reason) {
  if (from == to)
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("an issue cannot be marked as {} itself",
                            type == "duplicates" ? "a duplicate of" : "superseded by"));
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    for (const std::string& id : {from, to})
      if (auto bead = LoadBead(db, id); !bead) return tl::unexpected(bead.error());
    std::vector<EventDraft> drafts;
    auto deps = DependenciesOf(db, from);
    if (!deps) return tl::unexpected(deps.error());
    bool have = false;
    for (const Dependency& d : *deps) {
      if (d.depends_on_id != to) continue;
      if (d.type != type)
        return Fail(ErrorKind::kConflict,
                    fmt::format("{} already depends on {} with type \"{}\"", from, to, d.type),
                    "remove it first with `bd dep remove`");
      have = true;
    }
    if (!have) drafts.push_back({"dep.add", from, {{"depends_on", to}, {"type", type}}});
    auto closing_bead = LoadBead(db, closing);
    if (!closing_bead) return tl::unexpected(closing_bead.error());
    if (closing_bead->status != "closed")
      drafts.push_back({"bead.close", closing, {{"reason", reason}, {"force", true}}});
    return drafts;
  });
  if (!events) return tl::unexpected(events.error());
  return LoadBead(ledger.db(), closing);
}

}  // namespace

Result<Bead> DeferBead(Ledger& ledger, const std::string& id, const std::string& until) {
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    auto bead = LoadBead(db, id);
    if (!bead) return tl::unexpected(bead.error());
    if (bead->status == "closed")
      return Fail(ErrorKind::kConflict, fmt::format("cannot defer closed issue {}", id),
                  "reopen it first with `bd reopen`");
    nlohmann::json fields = nlohmann::json::object();
    if (bead->status != "deferred") fields["status"] = "deferred";
    if (bead->defer_until != until) fields["defer_until"] = until;
    if (fields.empty()) return std::vector<EventDraft>{};
    return std::vector<EventDraft>{{"bead.update", id, {{"fields", fields}}}};
  });
  if (!events) return tl::unexpected(events.error());
  return LoadBead(ledger.db(), id);
}

Result<std::pair<Bead, bool>> UndeferBead(Ledger& ledger, const std::string& id) {
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    auto bead = LoadBead(db, id);
    if (!bead) return tl::unexpected(bead.error());
    nlohmann::json fields = nlohmann::json::object();
    if (bead->status == "deferred") fields["status"] = "open";
    if (!bead->defer_until.empty()) fields["defer_until"] = "";
    if (fields.empty()) return std::vector<EventDraft>{};
    return std::vector<EventDraft>{{"bead.update", id, {{"fields", fields}}}};
  });
  if (!events) return tl::unexpected(events.error());
  auto bead = LoadBead(ledger.db(), id);
  if (!bead) return tl::unexpected(bead.error());
  return std::pair<Bead, bool>{std::move(*bead), !events->empty()};
}

Result<Bead> MarkDuplicate(Ledger& ledger, const std::string& id, const std::string& canonical) {
  return LinkAndClose(ledger, id, canonical, "duplicates", id,
                      fmt::format("Duplicate of {}", canonical));
}

Result<Bead> MarkSuperseded(Ledger& ledger, const std::string& id, const std::string& replacement) {
  return LinkAndClose(ledger, replacement, id, "supersedes", id,
                      fmt::format("Superseded by {}", replacement));
}

}  // namespace gt
