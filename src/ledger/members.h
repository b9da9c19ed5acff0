// members.jsonl: who may write to a ledger (docs/formats.md, "Members").
//
// The first line is the policy, each further line one member. A ledger whose
// policy is "open" applies every validly signed event, as beads does; a
// "members" ledger applies only members' events (enforced from issue 5 on).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace gt {

inline constexpr const char* kMemberRoles[] = {"admin", "writer", "validator"};

struct Member {
  std::string key;    // "ed25519:<hex>"
  std::string actor;  // display name when admitted
  std::string role;   // admin | writer | validator
  std::string since;  // RFC 3339 time of admission
};

struct Membership {
  std::string mode = "open";  // open | members
  std::vector<Member> members;
};

/// Parses the file's text; errors name the line and what is wrong with it.
Result<Membership> ParseMembers(std::string_view text);
std::string FormatMembers(const Membership& membership);
/// Reads `<beads_dir>/members.jsonl`; a ledger without one is open.
Result<Membership> LoadMembers(const std::string& beads_dir);

}  // namespace gt
