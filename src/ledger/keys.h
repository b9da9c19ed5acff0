// Ed25519 signing keys, one per actor, kept outside the ledger.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/result.h"

namespace gt {

/// A writer's key pair. The secret never leaves the key directory.
struct KeyPair {
  std::array<unsigned char, 32> public_key{};
  std::array<unsigned char, 64> secret_key{};  // libsodium layout: seed ‖ public key
};

/// "ed25519:<64 hex>", the form events carry in their `key` member.
std::string PublicKeyText(const std::array<unsigned char, 32>& public_key);
Result<std::array<unsigned char, 32>> ParsePublicKeyText(std::string_view text);

/// The short id naming a key's chain file: the first 16 hex digits of the
/// BLAKE2b-256 hash of the public key.
std::string KeyId(const std::array<unsigned char, 32>& public_key);

/// Where keys live: $GT_KEY_DIR, else $XDG_CONFIG_HOME/gastown/keys, else
/// ~/.config/gastown/keys.
std::string DefaultKeyDirectory();

/// Loads the actor's key from `key_dir`, creating it (mode 0600, atomically,
/// safe against a racing creator) on first use.
Result<KeyPair> LoadOrCreateKey(const std::string& key_dir, std::string_view actor);
/// Loads an existing key; kNotFound when the actor has none.
Result<KeyPair> LoadKey(const std::string& key_dir, std::string_view actor);

/// The writer's local key: derived from its key, so it needs no file and is
/// the same on every run, yet it names its own chain (.beads/wisp/), whose
/// events never leave this machine.
KeyPair DeriveLocalKey(const KeyPair& key);

/// Signs / verifies the 32-byte event id under the ledger's domain separator.
std::array<unsigned char, 64> SignEventId(const KeyPair& key, const unsigned char* id32);
bool VerifyEventId(const unsigned char* public_key32, const unsigned char* id32,
                   const unsigned char* signature64);

}  // namespace gt
