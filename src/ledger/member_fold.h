// Who may write what, as the fold sees it: members.jsonl (the genesis) plus
// member.add / member.revoke / member.policy events signed by admins.
//
// In an "open" ledger every key may write beads, as in beads; in a "members"
// ledger only members may. Either way only admins change membership and only
// validators (and admins) record validations. An event that is not allowed is
// quarantined: kept in the log and the events table, not applied.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/result.h"
#include "ledger/event.h"
#include "ledger/members.h"
#include "ledger/sqlite.h"

namespace gt {

/// Writes the genesis into the index's members table (after a clear).
Status SeedMembers(Database& db, const Membership& genesis);

class MemberFold {
 public:
  explicit MemberFold(Database& db) : db_(db) {}

  /// Why the signer of `event` may not do it ("it is not an admin"), or "".
  Result<std::string> Refusal(const Event& event);
  /// Applies a member.* event (already allowed); a rejection reason or "".
  Result<std::string> Apply(const Event& event);

 private:
  struct Entry {
    std::string role;
    bool revoked = false;
  };
  Status Load();
  std::optional<std::string> RoleOf(const std::string& key);

  Database& db_;
  bool loaded_ = false;
  std::string mode_ = "open";
  std::map<std::string, Entry> members_;
};

inline bool IsMemberOp(std::string_view op) {
  return op.starts_with("member.");
}

}  // namespace gt
