// sha256.cpp — content addresses (attachments, item uids) via libsodium's SHA-256.
#include <sodium.h>

#include <string>

#include "gongkai/store.h"

namespace gongkai {

std::string sha256_hex(const void* data, size_t len) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, static_cast<const unsigned char*>(data), len);
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::string make_item_uid(const CatalogItem& item) {
  // Unit separator (U+001F) cannot occur in cell text after import, so fields cannot run together.
  std::string key = item.region + '\x1f' + item.domain + '\x1f' + item.level1 + '\x1f' +
                    item.level2 + '\x1f' + item.level3;
  return sha256_hex(key.data(), key.size()).substr(0, 16);
}

}  // namespace gongkai
