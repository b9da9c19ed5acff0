#include "ledger/keys.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <sodium.h>
#include <nlohmann/json.hpp>

#include "core/encoding.h"

namespace gt {
namespace fs = std::filesystem;

namespace {
// Binds signatures to this format so they cannot be replayed elsewhere.
constexpr char kDomain[] = "gastown/event/v1";

struct SodiumInit {
  SodiumInit() {
    if (sodium_init() < 0) std::abort();  // no usable randomness: nothing safe to do
  }
};
void EnsureSodium() {
  static SodiumInit init;
}

std::string KeyPath(const std::string& dir, std::string_view actor) {
  return dir + "/" + FileSafeName(actor) + ".key";
}

Result<KeyPair> ReadKeyFile(const std::string& path, std::string_view actor) {
  std::ifstream in(path);
  if (!in) return Fail(ErrorKind::kNotFound, fmt::format("no key for actor \"{}\"", actor));
  std::stringstream text;
  text << in.rdbuf();
  auto doc = nlohmann::json::parse(text.str(), nullptr, false);
  auto bad = [&] {
    return Fail(ErrorKind::kCorruption, fmt::format("key file {} is damaged", path),
                "restore it from a backup; a new key would be a different writer");
  };
  if (!doc.is_object() || !doc.contains("secret") || !doc["secret"].is_string()) return bad();
  auto secret = FromHex(doc["secret"].get<std::string>());
  if (!secret || secret->size() != 64) return bad();
  KeyPair key;
  std::memcpy(key.secret_key.data(), secret->data(), 64);
  crypto_sign_ed25519_sk_to_pk(key.public_key.data(), key.secret_key.data());
  return key;
}
}  // namespace

std::string PublicKeyText(const std::array<unsigned char, 32>& public_key) {
  return "ed25519:" + ToHex(public_key.data(), public_key.size());
}

Result<std::array<unsigned char, 32>> ParsePublicKeyText(std::string_view text) {
  constexpr std::string_view kScheme = "ed25519:";
  if (text.substr(0, kScheme.size()) == kScheme) {
    auto bytes = FromHex(text.substr(kScheme.size()));
    if (bytes && bytes->size() == 32) {
      std::array<unsigned char, 32> out;
      std::memcpy(out.data(), bytes->data(), 32);
      return out;
    }
  }
  return Fail(ErrorKind::kInvalidArgument, fmt::format("invalid public key \"{}\"", text),
              "expected ed25519:<64 hex digits>");
}

KeyPair DeriveLocalKey(const KeyPair& key) {
  EnsureSodium();
  // seed' = BLAKE2b-256(seed) keyed by a domain string: unlinkable to the
  // key without its secret, and never equal to it.
  static constexpr char kLocalDomain[] = "gastown/local-key/v1";
  unsigned char seed[32];
  crypto_generichash(seed, sizeof seed, key.secret_key.data(), 32,
                     reinterpret_cast<const unsigned char*>(kLocalDomain), sizeof kLocalDomain - 1);
  KeyPair local;
  crypto_sign_seed_keypair(local.public_key.data(), local.secret_key.data(), seed);
  sodium_memzero(seed, sizeof seed);
  return local;
}

std::string KeyId(const std::array<unsigned char, 32>& public_key) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, public_key.data(), public_key.size(), nullptr, 0);
  return ToHex(digest, 8);
}

std::string DefaultKeyDirectory() {
  if (const char* dir = std::getenv("GT_KEY_DIR"); dir && *dir) return dir;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    return std::string(xdg) + "/gastown/keys";
  const char* home = std::getenv("HOME");
  return std::string(home ? home : ".") + "/.config/gastown/keys";
}

Result<KeyPair> LoadKey(const std::string& key_dir, std::string_view actor) {
  EnsureSodium();
  return ReadKeyFile(KeyPath(key_dir, actor), actor);
}

Result<KeyPair> LoadOrCreateKey(const std::string& key_dir, std::string_view actor) {
  EnsureSodium();
  std::string path = KeyPath(key_dir, actor);
  if (fs::exists(path)) return ReadKeyFile(path, actor);

  std::error_code ec;
  fs::create_directories(key_dir, ec);
  if (ec)
    return Fail(ErrorKind::kIo,
                fmt::format("cannot create key directory {}: {}", key_dir, ec.message()),
                "set XDG_CONFIG_HOME or GT_KEY_DIR to a writable directory");
  chmod(key_dir.c_str(), 0700);

  KeyPair key;
  crypto_sign_keypair(key.public_key.data(), key.secret_key.data());
  nlohmann::json doc = {{"v", 1},
                        {"actor", std::string(actor)},
                        {"public", PublicKeyText(key.public_key)},
                        {"secret", ToHex(key.secret_key.data(), key.secret_key.size())}};
  std::string text = doc.dump() + "\n";

  // Write a private temp file, then link() it into place: link fails if
  // another process won the race, and then its key is the actor's key.
  std::string tmp = fmt::format("{}.tmp.{}", path, getpid());
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return Fail(ErrorKind::kIo, fmt::format("cannot write key {}: {}", tmp, strerror(errno)));
  bool ok =
      write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && fsync(fd) == 0;
  close(fd);
  if (!ok) {
    unlink(tmp.c_str());
    return Fail(ErrorKind::kIo, fmt::format("cannot write key {}: {}", tmp, strerror(errno)));
  }
  int linked = link(tmp.c_str(), path.c_str());
  int link_errno = errno;
  unlink(tmp.c_str());
  if (linked != 0) {
    if (link_errno == EEXIST) return ReadKeyFile(path, actor);
    return Fail(ErrorKind::kIo,
                fmt::format("cannot install key {}: {}", path, strerror(link_errno)));
  }
  return key;
}

std::array<unsigned char, 64> SignEventId(const KeyPair& key, const unsigned char* id32) {
  EnsureSodium();
  unsigned char message[sizeof kDomain + 32];
  std::memcpy(message, kDomain, sizeof kDomain);  // includes the terminating NUL
  std::memcpy(message + sizeof kDomain, id32, 32);
  std::array<unsigned char, 64> sig;
  crypto_sign_detached(sig.data(), nullptr, message, sizeof message, key.secret_key.data());
  return sig;
}

bool VerifyEventId(const unsigned char* public_key32, const unsigned char* id32,
                   const unsigned char* signature64) {
  EnsureSodium();
  unsigned char message[sizeof kDomain + 32];
  std::memcpy(message, kDomain, sizeof kDomain);
  std::memcpy(message + sizeof kDomain, id32, 32);
  return crypto_sign_verify_detached(signature64, message, sizeof message, public_key32) == 0;
}

}  // namespace gt
