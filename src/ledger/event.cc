#include "ledger/event.h"

#include <cstring>

#include <fmt/format.h>
#include <sodium.h>

#include "core/encoding.h"

namespace gt {
namespace {

// ,"id":"<64 hex>","sig":"<128 hex>"}
constexpr size_t kIdHex = 64, kSigHex = 128;
constexpr std::string_view kIdOpen = ",\"id\":\"", kSigOpen = "\",\"sig\":\"", kClose = "\"}";
constexpr size_t kSuffixSize = kIdOpen.size() + kIdHex + kSigOpen.size() + kSigHex + kClose.size();

void HashBody(std::string_view body, unsigned char* out32) {
  crypto_generichash(out32, 32, reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                     nullptr, 0);
}

Result<Event> Malformed(std::string reason) {
  return Fail(ErrorKind::kCorruption, std::move(reason));
}

}  // namespace

std::string EncodeEvent(Event& event, const KeyPair& key) {
  if (event.data.is_null()) event.data = nlohmann::json::object();  // `{}` in C++ is null
  nlohmann::json body = {{"v", kEventVersion}, {"op", event.op},   {"actor", event.actor},
                         {"key", event.key},    {"lc", event.lc},   {"seq", event.seq},
                         {"prev", event.prev},  {"ts", event.ts},   {"data", event.data}};
  if (!event.bead.empty()) body["bead"] = event.bead;
  std::string text = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  HashBody(text, event.id_bytes.data());
  event.sig_bytes = SignEventId(key, event.id_bytes.data());
  event.id = ToHex(event.id_bytes.data(), 32);
  event.sig = ToHex(event.sig_bytes.data(), 64);
  text.pop_back();  // the closing brace moves after the appended members
  text.reserve(text.size() + kSuffixSize);
  text.append(kIdOpen).append(event.id).append(kSigOpen).append(event.sig).append(kClose);
  return text;
}

Result<Event> DecodeEvent(std::string_view line) {
  if (line.size() < kSuffixSize + 2 || line.front() != '{')
    return Malformed("not an event line (too short or not a JSON object)");
  std::string_view suffix = line.substr(line.size() - kSuffixSize);
  if (suffix.substr(0, kIdOpen.size()) != kIdOpen ||
      suffix.substr(kIdOpen.size() + kIdHex, kSigOpen.size()) != kSigOpen ||
      suffix.substr(suffix.size() - kClose.size()) != kClose)
    return Malformed("line does not end with the \"id\" and \"sig\" members");
  std::string_view id_hex = suffix.substr(kIdOpen.size(), kIdHex);
  std::string_view sig_hex = suffix.substr(kIdOpen.size() + kIdHex + kSigOpen.size(), kSigHex);

  Event event;
  auto id = FromHex(id_hex);
  auto sig = FromHex(sig_hex);
  if (!id || !sig || ToHex(*id) != id_hex || ToHex(*sig) != sig_hex)
    return Malformed("id or sig is not lowercase hex");
  std::memcpy(event.id_bytes.data(), id->data(), 32);
  std::memcpy(event.sig_bytes.data(), sig->data(), 64);

  // The signed body is the line without the suffix, closed again.
  std::string body(line.substr(0, line.size() - kSuffixSize));
  body += '}';
  unsigned char digest[32];
  HashBody(body, digest);
  if (std::memcmp(digest, event.id_bytes.data(), 32) != 0)
    return Malformed("id does not match the hash of the event (the line was changed)");

  auto doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return Malformed("event body is not valid JSON");
  auto str = [&](const char* name, std::string* out, bool required) -> bool {
    auto it = doc.find(name);
    if (it == doc.end()) return !required;
    if (!it->is_string()) return false;
    *out = it->get<std::string>();
    return true;
  };
  auto num = [&](const char* name, int64_t* out) -> bool {
    auto it = doc.find(name);
    if (it == doc.end() || !it->is_number_integer()) return false;
    *out = it->get<int64_t>();
    return true;
  };
  int64_t version = 0;
  if (!num("v", &version)) return Malformed("missing or bad \"v\"");
  if (version != kEventVersion)
    return Malformed(fmt::format("unsupported event version {} (this bd reads {})", version,
                                 kEventVersion));
  if (!str("op", &event.op, true) || !str("actor", &event.actor, true) ||
      !str("key", &event.key, true) || !str("prev", &event.prev, true) ||
      !str("ts", &event.ts, true) || !str("bead", &event.bead, false) || !num("lc", &event.lc) ||
      !num("seq", &event.seq))
    return Malformed("missing or mistyped member (op, actor, key, lc, seq, prev, ts)");
  auto data = doc.find("data");
  if (data == doc.end() || !data->is_object()) return Malformed("missing \"data\" object");
  event.data = std::move(*data);
  if (event.op.empty()) return Malformed("empty \"op\"");
  if (event.lc < 1 || event.seq < 1) return Malformed("lc and seq must be positive");
  if (!ParsePublicKeyText(event.key)) return Malformed("\"key\" is not ed25519:<hex>");
  event.id = std::string(id_hex);
  event.sig = std::string(sig_hex);
  return event;
}

std::string LineHash(std::string_view line) {
  unsigned char digest[32];
  HashBody(line, digest);
  return ToHex(digest, 32);
}

bool VerifyEventSignature(const Event& event) {
  auto key = ParsePublicKeyText(event.key);
  if (!key) return false;
  return VerifyEventId(key->data(), event.id_bytes.data(), event.sig_bytes.data());
}

}  // namespace gt
