#include "ledger/event.h"

#include <cstring>

#include <fmt/format.h>
#include <simdjson.h>
#include <sodium.h>

#include "core/encoding.h"

namespace gt {
namespace {

// ,"id":"<64 hex>","sig":"<128 hex>"}
constexpr size_t kIdHex = 64, kSigHex = 128;
constexpr std::string_view kIdOpen = ",\"id\":\"", kSigOpen = "\",\"sig\":\"", kClose = "\"}";
constexpr size_t kSuffixSize = kIdOpen.size() + kIdHex + kSigOpen.size() + kSigHex + kClose.size();

void HashBytes(std::string_view bytes, unsigned char* out32) {
  crypto_generichash(out32, 32, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                     nullptr, 0);
}

Error Malformed(std::string reason) {
  return Error{ErrorKind::kCorruption, std::move(reason), ""};
}

// Lowercase hex digit values; -1 elsewhere (uppercase is not canonical).
constexpr std::array<signed char, 256> kHexDigit = [] {
  std::array<signed char, 256> table{};
  table.fill(-1);
  for (int c = '0'; c <= '9'; ++c) table[c] = static_cast<signed char>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) table[c] = static_cast<signed char>(c - 'a' + 10);
  return table;
}();

int HexDigit(char c) {
  return kHexDigit[static_cast<unsigned char>(c)];
}

/// Lowercase hex of exactly 2*N digits into `out`.
template <size_t N>
bool ParseHex(std::string_view hex, std::array<unsigned char, N>* out) {
  if (hex.size() != 2 * N) return false;
  for (size_t i = 0; i < N; ++i) {
    int hi = HexDigit(hex[2 * i]), lo = HexDigit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    (*out)[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return true;
}

/// Cuts the fixed suffix off, checks the id against the body's hash, and
/// fills id and sig.
std::optional<Error> CheckSuffixAndHash(std::string_view line, std::array<unsigned char, 32>* id,
                                        std::array<unsigned char, 64>* sig) {
  if (line.size() < kSuffixSize + 2 || line.front() != '{')
    return Malformed("not an event line (too short or not a JSON object)");
  std::string_view suffix = line.substr(line.size() - kSuffixSize);
  if (suffix.substr(0, kIdOpen.size()) != kIdOpen ||
      suffix.substr(kIdOpen.size() + kIdHex, kSigOpen.size()) != kSigOpen ||
      suffix.substr(suffix.size() - kClose.size()) != kClose)
    return Malformed("line does not end with the \"id\" and \"sig\" members");
  if (!ParseHex(suffix.substr(kIdOpen.size(), kIdHex), id) ||
      !ParseHex(suffix.substr(kIdOpen.size() + kIdHex + kSigOpen.size(), kSigHex), sig))
    return Malformed("id or sig is not lowercase hex");
  // The signed body is the line without the suffix, closed again.
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, 32);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(line.data()),
                            line.size() - kSuffixSize);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>("}"), 1);
  unsigned char digest[32];
  crypto_generichash_final(&state, digest, 32);
  if (std::memcmp(digest, id->data(), 32) != 0)
    return Malformed("id does not match the hash of the event (the line was changed)");
  return std::nullopt;
}

/// The members every event has, read from a parsed line.
struct Members {
  std::string_view op, actor, key, prev, ts, bead;
  int64_t v = 0, lc = 0, seq = 0;
  simdjson::dom::element data;
  bool has_bead = false;
};

std::optional<Error> ReadMembers(const simdjson::dom::element& doc, Members* m) {
  simdjson::dom::object object;
  if (doc.get_object().get(object)) return Malformed("event is not a JSON object");
  int seen = 0;
  for (auto [name, value] : object) {
    auto text = [&](std::string_view* out) { return !value.get_string().get(*out); };
    auto number = [&](int64_t* out) { return !value.get_int64().get(*out); };
    bool ok = true;
    if (name == "op")
      ok = text(&m->op), seen |= 1;
    else if (name == "actor")
      ok = text(&m->actor), seen |= 2;
    else if (name == "key")
      ok = text(&m->key), seen |= 4;
    else if (name == "prev")
      ok = text(&m->prev), seen |= 8;
    else if (name == "ts")
      ok = text(&m->ts), seen |= 16;
    else if (name == "lc")
      ok = number(&m->lc), seen |= 32;
    else if (name == "seq")
      ok = number(&m->seq), seen |= 64;
    else if (name == "v")
      ok = number(&m->v), seen |= 128;
    else if (name == "data")
      ok = value.is_object(), m->data = value, seen |= 256;
    else if (name == "bead")
      ok = text(&m->bead), m->has_bead = true;
    else if (name == "id" || name == "sig")
      ok = value.is_string();
    else
      return Malformed(fmt::format("unknown member \"{}\"", std::string(name)));
    if (!ok) return Malformed(fmt::format("member \"{}\" has the wrong type", std::string(name)));
  }
  if (seen != 511) return Malformed("missing member (v, op, actor, key, lc, seq, prev, ts, data)");
  if (m->v != kEventVersion)
    return Malformed(
        fmt::format("unsupported event version {} (this bd reads {})", m->v, kEventVersion));
  if (m->op.empty()) return Malformed("empty \"op\"");
  if (m->lc < 1 || m->seq < 1) return Malformed("lc and seq must be positive");
  return std::nullopt;
}

simdjson::dom::parser& DomParser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

nlohmann::json ToJson(const simdjson::dom::element& e) {
  using simdjson::dom::element_type;
  switch (e.type()) {
    case element_type::OBJECT: {
      nlohmann::json out = nlohmann::json::object();
      simdjson::dom::object object = e.get_object().value_unsafe();
      for (auto [k, v] : object) out[std::string(k)] = ToJson(v);
      return out;
    }
    case element_type::ARRAY: {
      nlohmann::json out = nlohmann::json::array();
      simdjson::dom::array array = e.get_array().value_unsafe();
      for (auto v : array) out.push_back(ToJson(v));
      return out;
    }
    case element_type::STRING:
      return std::string(e.get_string().value_unsafe());
    case element_type::INT64:
      return e.get_int64().value_unsafe();
    case element_type::UINT64:
      return e.get_uint64().value_unsafe();
    case element_type::DOUBLE:
      return e.get_double().value_unsafe();
    case element_type::BOOL:
      return e.get_bool().value_unsafe();
    case element_type::NULL_VALUE:
      return nullptr;
  }
  return nullptr;
}

}  // namespace

std::string EncodeEvent(Event& event, const KeyPair& key) {
  if (event.data.is_null()) event.data = nlohmann::json::object();  // `{}` in C++ is null
  nlohmann::json body = {{"v", kEventVersion}, {"op", event.op}, {"actor", event.actor},
                         {"key", event.key},   {"lc", event.lc}, {"seq", event.seq},
                         {"prev", event.prev}, {"ts", event.ts}, {"data", event.data}};
  if (!event.bead.empty()) body["bead"] = event.bead;
  std::string text = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  HashBytes(text, event.id_bytes.data());
  event.sig_bytes = SignEventId(key, event.id_bytes.data());
  event.id = ToHex(event.id_bytes.data(), 32);
  event.sig = ToHex(event.sig_bytes.data(), 64);
  text.pop_back();  // the closing brace moves after the appended members
  text.reserve(text.size() + kSuffixSize);
  text.append(kIdOpen).append(event.id).append(kSigOpen).append(event.sig).append(kClose);
  return text;
}

Result<EventHeader> DecodeEventHeader(std::string_view line) {
  EventHeader h;
  if (auto bad = CheckSuffixAndHash(line, &h.id, &h.sig)) return tl::unexpected(*bad);
  simdjson::dom::element doc;
  if (DomParser().parse(line.data(), line.size()).get(doc))
    return tl::unexpected(Malformed("event is not valid JSON"));
  Members m;
  if (auto bad = ReadMembers(doc, &m)) return tl::unexpected(*bad);
  constexpr std::string_view kScheme = "ed25519:";
  if (m.key.substr(0, kScheme.size()) != kScheme || !ParseHex(m.key.substr(kScheme.size()), &h.key))
    return tl::unexpected(Malformed("\"key\" is not ed25519:<64 lowercase hex>"));
  h.has_prev = !m.prev.empty();
  if (h.has_prev && !ParseHex(m.prev, &h.prev))
    return tl::unexpected(Malformed("\"prev\" is not 64 lowercase hex digits"));
  h.lc = m.lc;
  h.seq = m.seq;
  return h;
}

namespace {
Result<Event> Decode(std::string_view line, bool check_hash) {
  Event event;
  if (check_hash) {
    if (auto bad = CheckSuffixAndHash(line, &event.id_bytes, &event.sig_bytes))
      return tl::unexpected(*bad);
  } else {
    std::string_view suffix = line.substr(line.size() - kSuffixSize);
    event.id = suffix.substr(kIdOpen.size(), kIdHex);
    event.sig = suffix.substr(kIdOpen.size() + kIdHex + kSigOpen.size(), kSigHex);
    ParseHex(event.id, &event.id_bytes);
    ParseHex(event.sig, &event.sig_bytes);
  }
  simdjson::dom::element doc;
  if (DomParser().parse(line.data(), line.size()).get(doc))
    return tl::unexpected(Malformed("event is not valid JSON"));
  Members m;
  if (auto bad = ReadMembers(doc, &m)) return tl::unexpected(*bad);
  if (!ParsePublicKeyText(m.key)) return tl::unexpected(Malformed("\"key\" is not ed25519:<hex>"));
  event.op = m.op;
  event.bead = m.bead;
  event.actor = m.actor;
  event.key = m.key;
  event.prev = m.prev;
  event.ts = m.ts;
  event.lc = m.lc;
  event.seq = m.seq;
  event.data = ToJson(m.data);
  if (check_hash) {
    event.id = ToHex(event.id_bytes.data(), 32);
    event.sig = ToHex(event.sig_bytes.data(), 64);
  }
  return event;
}
}  // namespace

Result<Event> DecodeEvent(std::string_view line) {
  return Decode(line, true);
}
Result<Event> DecodeProvenEvent(std::string_view line) {
  return Decode(line, false);
}

std::string LineHash(std::string_view line) {
  unsigned char digest[32];
  HashBytes(line, digest);
  return ToHex(digest, 32);
}

bool VerifyHeaderSignature(const EventHeader& h) {
  return VerifyEventId(h.key.data(), h.id.data(), h.sig.data());
}

bool VerifyEventSignature(const Event& event) {
  auto key = ParsePublicKeyText(event.key);
  if (!key) return false;
  return VerifyEventId(key->data(), event.id_bytes.data(), event.sig_bytes.data());
}

}  // namespace gt
