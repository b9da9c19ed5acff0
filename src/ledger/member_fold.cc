#include "ledger/member_fold.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/json_fields.h"

namespace gt {
namespace {

bool KnownRole(const std::string& role) {
  return std::any_of(std::begin(kMemberRoles), std::end(kMemberRoles),
                     [&](const char* r) { return role == r; });
}

Status SetPolicy(Database& db, const std::string& mode) {
  auto q = db.Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES('policy', ?)");
  if (!q) return tl::unexpected(q.error());
  return q->Bind(1, mode).Run();
}

}  // namespace

Status SeedMembers(Database& db, const Membership& genesis) {
  if (auto st = db.Exec("DELETE FROM members"); !st) return st;
  auto q = db.Prepare(
      "INSERT OR REPLACE INTO members(key, role, actor, since, revoked) VALUES(?,?,?,?,0)");
  if (!q) return tl::unexpected(q.error());
  for (const Member& m : genesis.members)
    if (auto st = q->Bind(1, m.key).Bind(2, m.role).Bind(3, m.actor).Bind(4, m.since).Run(); !st)
      return st;
  return SetPolicy(db, genesis.mode);
}

Status MemberFold::Load() {
  if (loaded_) return {};
  auto policy = db_.Prepare("SELECT value FROM meta WHERE key = 'policy'");
  if (!policy) return tl::unexpected(policy.error());
  if (policy->Step()) mode_ = policy->Text(0);
  auto q = db_.Prepare("SELECT key, role, revoked FROM members");
  if (!q) return tl::unexpected(q.error());
  while (q->Step()) members_[q->Text(0)] = {q->Text(1), q->Int(2) != 0};
  if (!q->status()) return q->status();
  loaded_ = true;
  return {};
}

std::optional<std::string> MemberFold::RoleOf(const std::string& key) {
  auto it = members_.find(key);
  if (it == members_.end() || it->second.revoked) return std::nullopt;
  return it->second.role;
}

Result<std::string> MemberFold::Refusal(const Event& event) {
  if (auto st = Load(); !st) return tl::unexpected(st.error());
  auto role = RoleOf(event.key);
  if (IsMemberOp(event.op)) return role == "admin" ? "" : "it is not an admin";
  if (event.op == "validation.record")
    return role == "validator" || role == "admin" ? "" : "it is not a validator";
  if (mode_ == "members" && !role) return std::string("it is not a member of this ledger");
  return std::string();
}

Result<std::string> MemberFold::Apply(const Event& event) {
  if (auto st = Load(); !st) return tl::unexpected(st.error());
  const nlohmann::json& d = event.data;
  if (event.op == "member.policy") {
    std::string mode = JsonString(d, "mode");
    if (mode != "open" && mode != "members") return fmt::format("unknown policy \"{}\"", mode);
    if (auto st = SetPolicy(db_, mode); !st) return tl::unexpected(st.error());
    mode_ = mode;
    return std::string();
  }
  std::string key = JsonString(d, "key");
  if (key.empty()) return std::string(fmt::format("{} without a key", event.op));
  if (event.op == "member.add") {
    std::string role = JsonString(d, "role");
    if (!KnownRole(role)) return fmt::format("unknown role \"{}\"", role);
    auto q = db_.Prepare(
        "INSERT OR REPLACE INTO members(key, role, actor, since, revoked) VALUES(?,?,?,?,0)");
    if (!q) return tl::unexpected(q.error());
    if (auto st =
            q->Bind(1, key).Bind(2, role).Bind(3, JsonString(d, "actor")).Bind(4, event.ts).Run();
        !st)
      return tl::unexpected(st.error());
    members_[key] = {role, false};
    return std::string();
  }
  if (event.op == "member.revoke") {
    auto it = members_.find(key);
    if (it == members_.end() || it->second.revoked) return fmt::format("{} is not a member", key);
    if (key == event.key && it->second.role == "admin") {
      int admins = 0;
      for (const auto& [k, e] : members_) admins += e.role == "admin" && !e.revoked;
      if (admins == 1) return std::string("the last admin cannot revoke itself");
    }
    auto q = db_.Prepare("UPDATE members SET revoked = 1 WHERE key = ?");
    if (!q) return tl::unexpected(q.error());
    if (auto st = q->Bind(1, key).Run(); !st) return tl::unexpected(st.error());
    it->second.revoked = true;
    return std::string();
  }
  return fmt::format("op {} has no effect in this version", event.op);
}

}  // namespace gt
