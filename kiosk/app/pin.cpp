// pin.cpp — staff PIN hashing and checking with libsodium's crypto_pwhash_str (Argon2id).
#include "app/pin.h"

#include <sodium.h>

namespace gongkai::kiosk {
namespace {

bool digits_only(const std::string& s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool sodium_ready() { return sodium_init() >= 0; }  // idempotent; safe to call every time

}  // namespace

bool verify_pin(const std::string& hash, const std::string& pin) {
  if (hash.empty() || pin.empty() || !sodium_ready()) return false;
  if (hash.size() >= crypto_pwhash_STRBYTES)
    return false;  // libsodium reads a C string of this cap
  return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

std::optional<std::string> hash_pin(const std::string& pin) {
  if (pin.size() < kMinPinDigits || pin.size() > kMaxPinDigits || !digits_only(pin))
    return std::nullopt;
  if (!sodium_ready()) return std::nullopt;
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return std::nullopt;
  return std::string(out);
}

}  // namespace gongkai::kiosk
