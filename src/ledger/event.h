// One ledger event and its line format (docs/formats.md, "Event lines").
//
// A line is the canonical JSON body (keys sorted, no spaces) with "id" (the
// BLAKE2b-256 of the body bytes) and "sig" (Ed25519 over the id) appended as
// its last two members. The suffix has a fixed length, so a verifier recovers
// the signed bytes by cutting it off; JSON is never re-serialised to verify.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "ledger/keys.h"

namespace gt {

inline constexpr int kEventVersion = 1;

struct Event {
  std::string op;     // "bead.create", "bead.update", …
  std::string bead;   // the bead it is about; empty for ledger-wide ops
  std::string actor;  // who, as a name (BD_ACTOR) or entity URI
  std::string key;    // "ed25519:<hex>" of the signer
  int64_t lc = 0;     // Lamport clock
  int64_t seq = 0;    // 1-based position in the signer's chain
  std::string prev;   // LineHash of the previous line in the chain; "" for seq 1
  std::string ts;     // wall time, informational
  nlohmann::json data = nlohmann::json::object();
  std::string id;   // hex BLAKE2b-256 of the body
  std::string sig;  // hex Ed25519 signature
  std::array<unsigned char, 32> id_bytes{};
  std::array<unsigned char, 64> sig_bytes{};
};

/// The members of an event line that chain verification needs, decoded
/// without building a JSON tree of `data`.
struct EventHeader {
  int64_t lc = 0;
  int64_t seq = 0;
  std::array<unsigned char, 32> key{};   // signer's public key
  std::array<unsigned char, 32> prev{};  // all zero when the line has prev ""
  bool has_prev = false;
  std::array<unsigned char, 32> id{};
  std::array<unsigned char, 64> sig{};
};

/// Serialises `event` canonically, fills in its id and signature, and returns
/// the line to append (without the trailing newline).
std::string EncodeEvent(Event& event, const KeyPair& key);

/// Parses a line, checks its shape and that its id is the hash of its body.
/// Does not check the signature (see VerifyEventSignature) or the chain.
/// The error message is the reason, suitable for "file:line: reason".
Result<Event> DecodeEvent(std::string_view line);
/// DecodeEvent for a line whose id a chain walk has already proven.
Result<Event> DecodeProvenEvent(std::string_view line);

/// Hex BLAKE2b-256 of a whole line (without its newline). The next event's
/// `prev` holds it, so one signature on a chain's newest event vouches for
/// every byte before it, the earlier signatures included.
std::string LineHash(std::string_view line);

/// Like DecodeEvent, but leaves `data` undecoded: checks the line's shape and
/// id, and returns what chain verification needs.
Result<EventHeader> DecodeEventHeader(std::string_view line);
bool VerifyHeaderSignature(const EventHeader& header);

/// True when `event.sig` is a valid signature of `event.id` by `event.key`.
bool VerifyEventSignature(const Event& event);

/// Total order of the fold: (lc, keyid, seq).
struct FoldKey {
  int64_t lc = 0;
  std::string keyid;
  int64_t seq = 0;
  auto operator<=>(const FoldKey&) const = default;
};

}  // namespace gt
