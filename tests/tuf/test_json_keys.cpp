// test_json_keys.cpp — canonical JSON (TUF spec §4.2, securesystemslib encode_canonical), bounded
// parsing, Ed25519 keys, key IDs and threshold counting (issue #5).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "test_repo.h"
#include "tuf/json.h"
#include "tuf/keys.h"
#include "tuf/metadata.h"

namespace gongkai::tuf {
namespace {

using testing::TempDir;

std::string canon(const Json& j) { return *encode_canonical(j); }

// Vectors: the outputs securesystemslib.formats.encode_canonical gives for the same values.
TEST(CanonicalJson, SortsKeysRecursivelyWithoutWhitespace) {
  Json j = Json::parse(R"({"b": 1, "a": {"d": true, "c": null}, "A": [3, 2, {"z": 0, "y": -1}]})");
  EXPECT_EQ(canon(j), R"({"A":[3,2,{"y":-1,"z":0}],"a":{"c":null,"d":true},"b":1})");
}

TEST(CanonicalJson, EscapesOnlyQuoteAndBackslash) {
  // Control characters and non-ASCII are written raw, unlike RFC 8259 JSON.
  Json j = std::string("say \"hi\"\\ \n\t中文 \x01");
  EXPECT_EQ(canon(j), std::string("\"say \\\"hi\\\"\\\\ \n\t中文 \x01\""));
}

TEST(CanonicalJson, SortsKeysByByteOrder) {
  Json j = Json::parse(R"({"a": 1, "B": 2, "é": 3, "z": 4, "_": 5})");
  EXPECT_EQ(canon(j), "{\"B\":2,\"_\":5,\"a\":1,\"z\":4,\"é\":3}");
}

TEST(CanonicalJson, WritesIntegersAndEmptyContainers) {
  Json j = Json::parse(
      R"({"big": 18446744073709551615, "neg": -9223372036854775808, "o": {}, "l": []})");
  EXPECT_EQ(canon(j), R"({"big":18446744073709551615,"l":[],"neg":-9223372036854775808,"o":{}})");
}

TEST(CanonicalJson, RefusesFloats) {
  auto r = encode_canonical(Json::parse(R"({"x": 1.5})"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "json.not_canonical");
}

TEST(BoundedParse, RefusesInputOverTheCapBeforeParsing) {
  std::string big = "[" + std::string(100, ' ') + "]";
  auto r = parse_bounded(big, 50);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "json.too_large");
  EXPECT_TRUE(parse_bounded(big, 200).ok());
}

TEST(BoundedParse, RefusesDeepNesting) {
  std::string deep = std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']');
  auto r = parse_bounded(deep, 1 << 20);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "json.too_deep");
  // Brackets inside strings do not count.
  EXPECT_TRUE(parse_bounded("[\"" + std::string(100, '[') + "\"]", 1 << 20).ok());
}

TEST(BoundedParse, RefusesInvalidUtf8AndTrailingGarbage) {
  EXPECT_FALSE(parse_bounded("\"\xff\"", 100).ok());
  EXPECT_FALSE(parse_bounded("{} {}", 100).ok());
}

// Key ID = sha256 of the canonical key object (TUF spec §4.2); expected value computed
// independently with python3 json.dumps(sort_keys=True, separators=(',', ':')) + hashlib.
TEST(Keys, KeyIdIsSha256OfCanonicalKeyObject) {
  Key k{"ed25519", "ed25519", "edcd0a32a07dce33f7c7873aaffbff36d20ea30787574ead335eefd337e4dacd",
        ""};
  EXPECT_EQ(compute_keyid(k), "2345a90ad8d76f3677f9ad6695b0ba0b5c7b7fbf27fb0ed35fbdf7b71264a679");
}

// RFC 8032 §7.1 TEST 1 (empty message).
TEST(Keys, VerifiesRfc8032Vector) {
  Key k{"ed25519", "ed25519", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        ""};
  const std::string sig =
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9"
      "b46"
      "bd25bf5f0595bbe24655141438e7a100b";
  EXPECT_TRUE(verify_ed25519(k, "", sig));
  std::string flipped = sig;
  flipped[10] = flipped[10] == '0' ? '1' : '0';
  EXPECT_FALSE(verify_ed25519(k, "", flipped));
  EXPECT_FALSE(verify_ed25519(k, "x", sig));
}

TEST(Keys, SavedPrivateKeyIsOwnerOnlyAndReloads) {
  TempDir tmp;
  auto k = PrivateKey::generate();
  ASSERT_TRUE(k.save(tmp.path() + "/county").ok());
  struct stat st {};
  ASSERT_EQ(::stat((tmp.path() + "/county.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto loaded = PrivateKey::load(tmp.path() + "/county.key");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->public_key().keyid, k.public_key().keyid);
  EXPECT_TRUE(verify_ed25519(k.public_key(), "msg", loaded->sign_hex("msg")));
  auto pub = load_public_key(tmp.path() + "/county");
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(pub->keyid, k.public_key().keyid);
  // The public file carries no private half.
  EXPECT_EQ(testing::read_file(tmp.path() + "/county.pub").find("private"), std::string::npos);
  // keygen never overwrites a key.
  EXPECT_FALSE(k.save(tmp.path() + "/county").ok());
}

// --- threshold counting (TUF spec §5.3.4 and §5.4.2) ------------------------------------------
struct ThresholdCase : ::testing::Test {
  PrivateKey a = PrivateKey::generate(), b = PrivateKey::generate(), c = PrivateKey::generate();
  std::map<std::string, Key> keys{{a.public_key().keyid, a.public_key()},
                                  {b.public_key().keyid, b.public_key()}};
  RoleKeys role{{a.public_key().keyid, b.public_key().keyid}, 2};
  Json signed_part = Json{{"_type", "timestamp"}, {"version", 1}};
  Envelope envelope(const std::vector<const PrivateKey*>& signers) {
    return *parse_envelope(*sign_metadata(signed_part, signers), 1 << 20);
  }
};

TEST_F(ThresholdCase, AcceptsTwoDistinctListedKeys) {
  EXPECT_TRUE(verify_threshold(envelope({&a, &b}), keys, role, {kEd25519}, "t").ok());
}

TEST_F(ThresholdCase, CountsTheSameSignatureListedTwiceOnce) {
  Envelope e = envelope({&a});
  e.signatures.push_back(e.signatures[0]);
  auto s = verify_threshold(e, keys, role, {kEd25519}, "t");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "tuf.threshold");
}

TEST_F(ThresholdCase, IgnoresSignaturesOfUnlistedKeys) {
  EXPECT_FALSE(verify_threshold(envelope({&a, &c}), keys, role, {kEd25519}, "t").ok());
}

TEST_F(ThresholdCase, IgnoresAFlippedBitSignature) {
  Envelope e = envelope({&a, &b});
  std::string& sig = e.signatures[1].sig;
  sig[0] = sig[0] == 'f' ? 'e' : 'f';
  EXPECT_FALSE(verify_threshold(e, keys, role, {kEd25519}, "t").ok());
}

TEST_F(ThresholdCase, CountsOnlySchemesPinnedInRoot) {
  // DESIGN §5: schemes come only from the allow-list pinned in root.
  EXPECT_FALSE(verify_threshold(envelope({&a, &b}), keys, role, {"sm2"}, "t").ok());
  auto renamed = keys;
  for (auto& [id, k] : renamed) k.scheme = "ed25519ph";  // a scheme the root did not pin
  EXPECT_FALSE(verify_threshold(envelope({&a, &b}), renamed, role, {kEd25519}, "t").ok());
}

TEST(Metadata, RoundTripsEveryRole) {
  Targets t;
  t.version = 3;
  t.expires = 1800000000;
  t.issued = 1790000000;
  t.targets["county/340100000000/catalog-3f.zst"] =
      TargetFile{10, std::string(64, 'a'), Json{{"gongkai", {{"kind", "x"}}}}};
  t.delegations = Delegations{};
  DelegatedRole d;
  d.name = "county-340100000000-bin-3";
  d.keys = RoleKeys{{"abc"}, 1};
  d.hash_prefixes = {"3"};
  d.terminating = true;
  t.delegations->roles.push_back(d);
  auto back = Targets::from_json(t.to_json());
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->to_json(), t.to_json());
  EXPECT_EQ(format_time(*parse_time("2026-11-30T10:00:00Z")), "2026-11-30T10:00:00Z");
  EXPECT_FALSE(parse_time("2026-11-30 10:00:00").has_value());
}

TEST(Metadata, RefusesUnsafeTargetPathsAndRoleNames) {
  for (const char* p : {"../x", "a//b", "/abs", "a/./b", "a/..", "", "a\\b", "sp ace"}) {
    EXPECT_FALSE(valid_target_path(p)) << p;
  }
  EXPECT_TRUE(valid_target_path("county/340100000000/catalog-3f.zst"));
  for (const char* r : {"a/b", "", ".hidden", "x y"}) EXPECT_FALSE(valid_role_name(r)) << r;
  EXPECT_TRUE(valid_role_name("county-340100000000-bin-f"));
}

TEST(Metadata, PathPatternsMatchSegmentBySegment) {
  DelegatedRole d;
  d.paths = {"county/340100000000/*"};
  EXPECT_TRUE(d.covers("county/340100000000/catalog-00.zst"));
  EXPECT_FALSE(d.covers("county/340100000000/sub/x"));  // '*' never crosses '/'
  EXPECT_FALSE(d.covers("county/340200000000/catalog-00.zst"));
}

}  // namespace
}  // namespace gongkai::tuf
