// Membership changes (bd member): events signed by an admin.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "ledger/ledger.h"

namespace gt {

struct MemberInfo {
  std::string key;  // "ed25519:<hex>"
  std::string keyid;
  std::string role;
  std::string actor;
  std::string since;
  bool revoked = false;
};

/// Members as folded (genesis plus member.* events), by role then actor.
Result<std::vector<MemberInfo>> ListMembers(Database& db);
/// "open" or "members".
Result<std::string> LedgerPolicy(Database& db);

struct QuarantinedEvent {
  std::string keyid;
  int64_t seq = 0;  // also its line in log/<keyid>.jsonl
  std::string bead;
  std::string note;
};
/// Events the fold kept out because their signer was not allowed.
Result<std::vector<QuarantinedEvent>> QuarantinedEvents(Database& db);

/// What a user typed for a key: "ed25519:<hex>", the 64 hex digits, a keyid
/// (16 hex digits) of a writer this ledger has seen, or the name of an actor
/// with a key in `key_dir`.
Result<std::string> ResolveMemberKey(Database& db, const std::string& key_dir,
                                     std::string_view input);

/// Each returns false when nothing had to change (no event written).
Result<bool> AddMember(Ledger& ledger, const std::string& key, const std::string& role,
                       const std::string& actor);
Result<bool> RevokeMember(Ledger& ledger, const std::string& key);
Result<bool> SetLedgerPolicy(Ledger& ledger, const std::string& mode);

}  // namespace gt
