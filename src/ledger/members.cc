#include "ledger/members.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ledger/keys.h"

namespace gt {

Result<Membership> ParseMembers(std::string_view text) {
  Membership out;
  int number = 0;
  bool seen_policy = false;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? nl : nl - start);
    start = nl == std::string_view::npos ? text.size() : nl + 1;
    ++number;
    if (line.empty()) continue;
    auto bad = [&](std::string why) {
      return Fail(ErrorKind::kCorruption, fmt::format("members.jsonl:{}: {}", number, why),
                  "fix the line or restore the file from git");
    };
    auto doc = nlohmann::json::parse(line, nullptr, false);
    if (!doc.is_object()) return bad("not a JSON object");
    if (doc.value("v", 0) != 1) return bad("unsupported version (expected \"v\":1)");
    std::string type = doc.value("type", "");
    if (type == "policy") {
      if (seen_policy) return bad("a second policy line");
      out.mode = doc.value("mode", "");
      if (out.mode != "open" && out.mode != "members") return bad("mode must be open or members");
      seen_policy = true;
    } else if (type == "member") {
      Member m{doc.value("key", ""), doc.value("actor", ""), doc.value("role", ""),
               doc.value("since", "")};
      if (!ParsePublicKeyText(m.key)) return bad("key must be ed25519:<64 hex digits>");
      bool known_role = false;
      for (const char* role : kMemberRoles) known_role |= m.role == role;
      if (!known_role) return bad("role must be admin, writer or validator");
      out.members.push_back(std::move(m));
    } else {
      return bad("type must be policy or member");
    }
  }
  return out;
}

std::string FormatMembers(const Membership& membership) {
  std::string out =
      nlohmann::json{{"v", 1}, {"type", "policy"}, {"mode", membership.mode}}.dump() + "\n";
  for (const Member& m : membership.members) {
    out += nlohmann::json{{"v", 1},           {"type", "member"}, {"key", m.key},
                          {"actor", m.actor}, {"role", m.role},   {"since", m.since}}
               .dump() +
           "\n";
  }
  return out;
}

Result<Membership> LoadMembers(const std::string& beads_dir) {
  std::ifstream in(beads_dir + "/members.jsonl");
  if (!in) return Membership{};
  std::stringstream text;
  text << in.rdbuf();
  return ParseMembers(text.str());
}

}  // namespace gt
