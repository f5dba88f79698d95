// keys.cpp — Ed25519 keys and key IDs; see keys.h for the file formats.
#include "tuf/keys.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "tuf/fsutil.h"

namespace gongkai::tuf {

namespace {

bool sodium_ready() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

constexpr size_t kMaxKeyFileBytes = 4096;

Status write_new_file(const std::string& path, const std::string& bytes, unsigned mode) {
  // O_EXCL: keygen never replaces an existing key (losing a root key is not recoverable).
  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode));
  if (!fd.valid()) {
    return Error{"keys.write", "cannot create " + path + ": " + std::strerror(errno) +
                                   " / 无法创建密钥文件（已存在？）"};
  }
  ::fchmod(fd.get(), mode);
  if (::write(fd.get(), bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size()) ||
      ::fsync(fd.get()) != 0) {
    return Error{"keys.write", "cannot write " + path + " / 无法写入密钥文件"};
  }
  return ok_status();
}

}  // namespace

std::string to_hex(const void* data, size_t len) {
  static const char* digits = "0123456789abcdef";
  const auto* p = static_cast<const uint8_t*>(data);
  std::string out(len * 2, '0');
  for (size_t i = 0; i < len; ++i) {
    out[2 * i] = digits[p[i] >> 4];
    out[2 * i + 1] = digits[p[i] & 15];
  }
  return out;
}

bool from_hex(std::string_view hex, uint8_t* out, size_t len) {
  if (hex.size() != 2 * len) return false;
  auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < len; ++i) {
    int hi = nib(hex[2 * i]), lo = nib(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return true;
}

Json Key::to_json() const {
  return Json{{"keytype", keytype}, {"scheme", scheme}, {"keyval", {{"public", public_hex}}}};
}

std::string compute_keyid(const Key& k) {
  auto canon = encode_canonical(k.to_json());  // strings only: cannot fail
  uint8_t digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(canon->data()), canon->size());
  return to_hex(digest, sizeof digest);
}

Result<Key> Key::from_json(const Json& j) {
  if (!j.is_object() || !j.contains("keytype") || !j["keytype"].is_string() ||
      !j.contains("scheme") || !j["scheme"].is_string() || !j.contains("keyval") ||
      !j["keyval"].is_object() || !j["keyval"].contains("public") ||
      !j["keyval"]["public"].is_string()) {
    return Error{"tuf.bad_key", "malformed key object / 密钥格式错误"};
  }
  Key k;
  k.keytype = j["keytype"].get<std::string>();
  k.scheme = j["scheme"].get<std::string>();
  k.public_hex = j["keyval"]["public"].get<std::string>();
  k.keyid = compute_keyid(k);
  return k;
}

PrivateKey PrivateKey::generate() {
  sodium_ready();
  PrivateKey k;
  randombytes_buf(k.seed_.data(), k.seed_.size());
  uint8_t pk[crypto_sign_PUBLICKEYBYTES];
  crypto_sign_seed_keypair(pk, k.sk_.data(), k.seed_.data());
  k.pub_ = Key{kEd25519, kEd25519, to_hex(pk, sizeof pk), ""};
  k.pub_.keyid = compute_keyid(k.pub_);
  return k;
}

PrivateKey::~PrivateKey() {
  sodium_memzero(seed_.data(), seed_.size());
  sodium_memzero(sk_.data(), sk_.size());
}

PrivateKey::PrivateKey(PrivateKey&& o) noexcept : seed_(o.seed_), sk_(o.sk_), pub_(o.pub_) {
  sodium_memzero(o.seed_.data(), o.seed_.size());
  sodium_memzero(o.sk_.data(), o.sk_.size());
}

Result<PrivateKey> PrivateKey::load(const std::string& path) {
  sodium_ready();
  auto bytes = read_file_capped(path, kMaxKeyFileBytes);
  if (!bytes) return bytes.error();
  auto j = parse_bounded(*bytes, kMaxKeyFileBytes);
  if (!j) return Error{"keys.bad_file", path + ": " + j.error().message};
  auto pub = Key::from_json(*j);
  if (!pub || pub->keytype != kEd25519 || !(*j)["keyval"].contains("private") ||
      !(*j)["keyval"]["private"].is_string()) {
    return Error{"keys.bad_file", path + " is not an ed25519 private key file / 不是私钥文件"};
  }
  PrivateKey k;
  if (!from_hex((*j)["keyval"]["private"].get_ref<const std::string&>(), k.seed_.data(), 32)) {
    return Error{"keys.bad_file", path + ": private key is not 32 hex bytes / 私钥格式错误"};
  }
  uint8_t pk[crypto_sign_PUBLICKEYBYTES];
  crypto_sign_seed_keypair(pk, k.sk_.data(), k.seed_.data());
  if (to_hex(pk, sizeof pk) != pub->public_hex) {
    return Error{"keys.bad_file", path + ": public and private halves differ / 公私钥不匹配"};
  }
  k.pub_ = *pub;
  return k;
}

std::string PrivateKey::sign_hex(std::string_view msg) const {
  uint8_t sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
                       sk_.data());
  return to_hex(sig, sizeof sig);
}

Status PrivateKey::save(const std::string& base_path) const {
  Json priv = pub_.to_json();
  priv["keyval"]["private"] = to_hex(seed_.data(), seed_.size());
  std::string priv_text = *encode_canonical(priv) + "\n";
  Status s = write_new_file(base_path + ".key", priv_text, 0600);
  sodium_memzero(priv_text.data(), priv_text.size());
  if (!s) return s;
  return write_new_file(base_path + ".pub", *encode_canonical(pub_.to_json()) + "\n", 0644);
}

Result<Key> load_public_key(const std::string& path) {
  std::vector<std::string> candidates{path};
  if (path.size() < 4 || (path.compare(path.size() - 4, 4, ".pub") != 0 &&
                          path.compare(path.size() - 4, 4, ".key") != 0)) {
    candidates = {path + ".pub", path + ".key", path};
  }
  for (const auto& p : candidates) {
    auto bytes = read_file_capped(p, kMaxKeyFileBytes);
    if (!bytes) {
      if (bytes.error().code == "mirror.not_found") continue;
      return bytes.error();
    }
    auto j = parse_bounded(*bytes, kMaxKeyFileBytes);
    if (!j) return Error{"keys.bad_file", p + ": " + j.error().message};
    if (j->contains("keyval") && (*j)["keyval"].is_object()) (*j)["keyval"].erase("private");
    auto k = Key::from_json(*j);
    if (!k) return Error{"keys.bad_file", p + ": " + k.error().message};
    return k;
  }
  return Error{"keys.not_found", "no key file " + path + "(.pub|.key) / 找不到密钥文件"};
}

bool verify_ed25519(const Key& key, std::string_view msg, std::string_view sig_hex) {
  sodium_ready();
  if (key.keytype != kEd25519) return false;
  uint8_t pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
  if (!from_hex(key.public_hex, pk, sizeof pk) || !from_hex(sig_hex, sig, sizeof sig)) return false;
  return crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(msg.data()),
                                     msg.size(), pk) == 0;
}

}  // namespace gongkai::tuf
