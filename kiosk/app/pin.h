// pin.h — the staff PIN (issue #4 "Staff page"): stored only as a libsodium crypto_pwhash_str
// hash (Argon2id), verified in constant time by libsodium. Input: the hash from kiosk.toml and the
// digits a person typed. Output: yes/no. The PIN itself is never stored or logged.
#pragma once

#include <optional>
#include <string>

namespace gongkai::kiosk {

inline constexpr size_t kMinPinDigits = 4;
inline constexpr size_t kMaxPinDigits = 12;

// True only when `hash` is a valid crypto_pwhash_str string and `pin` matches it.
bool verify_pin(const std::string& hash, const std::string& pin);
// A crypto_pwhash_str hash (interactive limits) of `pin`, for `gongkai-kiosk --hash-pin`;
// nullopt when libsodium fails (out of memory) or the PIN is not 4–12 ASCII digits.
std::optional<std::string> hash_pin(const std::string& pin);

}  // namespace gongkai::kiosk
