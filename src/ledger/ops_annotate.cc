// Labels and comments: the annotations a bead collects.
#include <algorithm>

#include <fmt/format.h>

#include "ledger/ops.h"
#include "ledger/queries.h"

namespace gt {
namespace {

Result<bool> ChangeLabel(Ledger& ledger, const std::string& id, const std::string& label,
                         bool add) {
  if (auto st = ValidateLabel(label); !st) return tl::unexpected(st.error());
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    auto bead = LoadBead(db, id);
    if (!bead) return tl::unexpected(bead.error());
    bool has = std::find(bead->labels.begin(), bead->labels.end(), label) != bead->labels.end();
    if (has == add) return std::vector<EventDraft>{};
    return std::vector<EventDraft>{{add ? "label.add" : "label.remove", id, {{"label", label}}}};
  });
  if (!events) return tl::unexpected(events.error());
  return !events->empty();
}

}  // namespace

Result<bool> AddLabel(Ledger& ledger, const std::string& id, const std::string& label) {
  return ChangeLabel(ledger, id, label, true);
}

Result<bool> RemoveLabel(Ledger& ledger, const std::string& id, const std::string& label) {
  return ChangeLabel(ledger, id, label, false);
}

Result<Comment> AddComment(Ledger& ledger, const std::string& id, const std::string& text,
                           const std::string& author) {
  bool blank = std::all_of(text.begin(), text.end(),
                           [](char c) { return isspace(static_cast<unsigned char>(c)); });
  if (blank) return Fail(ErrorKind::kInvalidArgument, "comment text cannot be empty");
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    if (auto bead = LoadBead(db, id); !bead) return tl::unexpected(bead.error());
    nlohmann::json data = {{"text", text}};
    if (!author.empty()) data["author"] = author;
    return std::vector<EventDraft>{{"comment.add", id, std::move(data)}};
  });
  if (!events) return tl::unexpected(events.error());
  const Event& written = events->front();
  // The fold names a comment by its event's id (docs/formats.md).
  return Comment{written.id.substr(0, 16), id, author.empty() ? written.actor : author, text,
                 written.ts};
}

}  // namespace gt
