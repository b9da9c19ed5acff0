#include "ledger/member_ops.h"

#include <algorithm>

#include <fmt/format.h>

#include "ledger/keys.h"
#include "ledger/members.h"

namespace gt {
namespace {

std::string KeyIdOf(const std::string& key) {
  auto bytes = ParsePublicKeyText(key);
  return bytes ? KeyId(*bytes) : "";
}

/// The writer's key must be a current admin's.
Status RequireAdmin(Ledger& ledger, Database& db) {
  auto me = ledger.Key();
  if (!me) return tl::unexpected(me.error());
  std::string key = PublicKeyText(me->public_key);
  auto members = ListMembers(db);
  if (!members) return tl::unexpected(members.error());
  for (const MemberInfo& m : *members)
    if (m.key == key && m.role == "admin" && !m.revoked) return {};
  return Fail(ErrorKind::kConflict,
              fmt::format("only an admin can change members, and {} (key {}) is not one",
                          ledger.actor(), KeyId(me->public_key)),
              "ask an admin (see `bd member list`), or use --actor with an admin's name");
}

}  // namespace

Result<std::vector<MemberInfo>> ListMembers(Database& db) {
  auto q = db.Prepare(
      "SELECT key, role, actor, since, revoked FROM members "
      "ORDER BY revoked, CASE role WHEN 'admin' THEN 0 WHEN 'validator' THEN 1 ELSE 2 END, "
      "actor, key");
  if (!q) return tl::unexpected(q.error());
  std::vector<MemberInfo> out;
  while (q->Step())
    out.push_back(
        {q->Text(0), KeyIdOf(q->Text(0)), q->Text(1), q->Text(2), q->Text(3), q->Int(4) != 0});
  if (!q->status()) return tl::unexpected(q->status().error());
  return out;
}

Result<std::string> LedgerPolicy(Database& db) {
  auto q = db.Prepare("SELECT value FROM meta WHERE key = 'policy'");
  if (!q) return tl::unexpected(q.error());
  return q->Step() ? q->Text(0) : std::string("open");
}

Result<std::vector<QuarantinedEvent>> QuarantinedEvents(Database& db) {
  auto q = db.Prepare(
      "SELECT keyid, seq, coalesce(bead, ''), note FROM events "
      "WHERE applied = 0 AND note LIKE 'quarantined:%' ORDER BY rowid");
  if (!q) return tl::unexpected(q.error());
  std::vector<QuarantinedEvent> out;
  while (q->Step()) out.push_back({q->Text(0), q->Int(1), q->Text(2), q->Text(3)});
  if (!q->status()) return tl::unexpected(q->status().error());
  return out;
}

Result<std::string> ResolveMemberKey(Database& db, const std::string& key_dir,
                                     std::string_view input) {
  std::string text(input);
  auto hex = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return isxdigit((unsigned char)c); });
  };
  if (text.starts_with("ed25519:")) {
    if (!ParsePublicKeyText(text))
      return Fail(ErrorKind::kInvalidArgument, fmt::format("invalid key \"{}\"", text),
                  "a key is ed25519: and 64 hex digits (see `bd whoami`)");
    return text;
  }
  if (text.size() == 64 && hex(text)) return "ed25519:" + text;
  if (text.size() == 16 && hex(text)) {
    auto q = db.Prepare("SELECT key FROM chains WHERE keyid = ? AND key != ''");
    if (!q) return tl::unexpected(q.error());
    q->Bind(1, text);
    if (q->Step()) return q->Text(0);
  }
  if (!text.empty())
    if (auto key = LoadKey(key_dir, text)) return PublicKeyText(key->public_key);
  return Fail(ErrorKind::kNotFound, fmt::format("no key found for \"{}\"", text),
              "give the key (ed25519:…, from `bd whoami` on the member's machine), a keyid "
              "this ledger has seen, or the name of a local actor");
}

Result<bool> AddMember(Ledger& ledger, const std::string& key, const std::string& role,
                       const std::string& actor) {
  if (std::none_of(std::begin(kMemberRoles), std::end(kMemberRoles),
                   [&](const char* r) { return role == r; }))
    return Fail(ErrorKind::kInvalidArgument, fmt::format("invalid role \"{}\"", role),
                "roles: writer, validator, admin");
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    if (auto st = RequireAdmin(ledger, db); !st) return tl::unexpected(st.error());
    auto members = ListMembers(db);
    if (!members) return tl::unexpected(members.error());
    for (const MemberInfo& m : *members)
      if (m.key == key && m.role == role && !m.revoked) return std::vector<EventDraft>{};
    nlohmann::json data = {{"key", key}, {"role", role}};
    if (!actor.empty()) data["actor"] = actor;
    return std::vector<EventDraft>{{"member.add", "", std::move(data)}};
  });
  if (!events) return tl::unexpected(events.error());
  return !events->empty();
}

Result<bool> RevokeMember(Ledger& ledger, const std::string& key) {
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    if (auto st = RequireAdmin(ledger, db); !st) return tl::unexpected(st.error());
    auto members = ListMembers(db);
    if (!members) return tl::unexpected(members.error());
    auto it = std::find_if(members->begin(), members->end(),
                           [&](const MemberInfo& m) { return m.key == key; });
    if (it == members->end())
      return Fail(ErrorKind::kNotFound, fmt::format("{} is not a member", key),
                  "see `bd member list`");
    if (it->revoked) return std::vector<EventDraft>{};
    int admins = 0;
    for (const MemberInfo& m : *members) admins += m.role == "admin" && !m.revoked;
    if (it->role == "admin" && admins == 1)
      return Fail(ErrorKind::kConflict, "cannot revoke the last admin",
                  "add another admin first with `bd member add KEY --role admin`");
    return std::vector<EventDraft>{{"member.revoke", "", {{"key", key}}}};
  });
  if (!events) return tl::unexpected(events.error());
  return !events->empty();
}

Result<bool> SetLedgerPolicy(Ledger& ledger, const std::string& mode) {
  if (mode != "open" && mode != "members")
    return Fail(ErrorKind::kInvalidArgument, fmt::format("invalid policy \"{}\"", mode),
                "open (every key may write) or members (only members may)");
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    if (auto st = RequireAdmin(ledger, db); !st) return tl::unexpected(st.error());
    auto current = LedgerPolicy(db);
    if (!current) return tl::unexpected(current.error());
    if (*current == mode) return std::vector<EventDraft>{};
    return std::vector<EventDraft>{{"member.policy", "", {{"mode", mode}}}};
  });
  if (!events) return tl::unexpected(events.error());
  return !events->empty();
}

}  // namespace gt
