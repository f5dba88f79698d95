// keys.h — Ed25519 keys in TUF form (TUF spec §4.2 "KEY"), via libsodium.
//
// A public key is the TUF key object {"keytype":"ed25519","scheme":"ed25519","keyval":{"public":
// HEX}}; its key ID is the lowercase hex sha256 of that object's canonical JSON (TUF spec §4.2).
// Private keys live in files written 0600 (never printed): NAME.key holds
//   {"keytype":"ed25519","scheme":"ed25519","keyval":{"public":HEX,"private":HEX-SEED}}
// and NAME.pub holds the public key object. Seeds are wiped from memory when a PrivateKey dies.
// Invariant: a Key's keyid always matches its (keytype, scheme, public) triple.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gongkai/result.h"
#include "tuf/json.h"

namespace gongkai::tuf {

inline constexpr const char* kEd25519 = "ed25519";

std::string to_hex(const void* data, size_t len);
// Lowercase or uppercase hex → bytes; false when not hex or not exactly `len` bytes.
bool from_hex(std::string_view hex, uint8_t* out, size_t len);

struct Key {
  std::string keytype;     // "ed25519" for keys we can use; others are kept but never count
  std::string scheme;      // "ed25519"; must also be in the root's pinned allow-list to count
  std::string public_hex;  // keyval.public
  std::string keyid;       // sha256 of canonical(to_json())

  Json to_json() const;
  // Parses a TUF key object (unknown keytypes/schemes parse fine and are simply unusable).
  static Result<Key> from_json(const Json& j);
};

std::string compute_keyid(const Key& k);

class PrivateKey {
 public:
  static PrivateKey generate();
  static Result<PrivateKey> load(const std::string& path);  // NAME.key
  ~PrivateKey();
  PrivateKey(PrivateKey&& o) noexcept;
  PrivateKey& operator=(PrivateKey&&) = delete;
  PrivateKey(const PrivateKey&) = delete;
  PrivateKey& operator=(const PrivateKey&) = delete;

  const Key& public_key() const { return pub_; }
  // Detached Ed25519 signature over msg, as lowercase hex (TUF "sig").
  std::string sign_hex(std::string_view msg) const;
  // Writes NAME.key (0600, O_EXCL: never overwrites a key) and NAME.pub.
  Status save(const std::string& base_path) const;

 private:
  PrivateKey() = default;
  std::array<uint8_t, 32> seed_{};
  std::array<uint8_t, 64> sk_{};
  Key pub_;
};

// Loads a public key from NAME.pub, or from NAME.key (public half only), or from NAME with
// either suffix appended.
Result<Key> load_public_key(const std::string& path);

// True when sig_hex is a valid Ed25519 signature of msg by key (keytype ed25519 only; the
// scheme allow-list is the caller's business, see metadata.h).
bool verify_ed25519(const Key& key, std::string_view msg, std::string_view sig_hex);

}  // namespace gongkai::tuf
