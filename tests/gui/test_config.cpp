// test_config.cpp — kiosk.toml parsing (issue #4 "Configuration"): every key is read, a bad value
// falls back to its default and is reported for the staff page, nothing throws.
#include <gtest/gtest.h>

#include "app/config.h"

using namespace gongkai::kiosk;

namespace {

bool has_problem(const LoadedConfig& c, const std::string& key) {
  for (const auto& p : c.problems)
    if (p.key == key) return true;
  return false;
}

}  // namespace

TEST(KioskConfig, reads_every_key_of_a_valid_file) {
  const auto c = parse_config(R"(
mode = "board"
region = "340123101002"
channel = "board"
orientation = "portrait"
display_scale = 1.5
idle_timeout_s = 120
carousel_dwell_s = 15
staff_pin_hash = "$argon2id$v=19$m=65536,t=2,p=1$abc$def"
content_db = "/tmp/x.db"
[screen_on]
mon = ["07:00-12:00", "13:30-21:00"]
sun = []
)",
                              "test");
  EXPECT_TRUE(c.problems.empty()) << c.problems[0].key << ": " << c.problems[0].message;
  EXPECT_EQ(c.config.mode, KioskMode::Board);
  EXPECT_EQ(c.config.region, "340123101002");
  EXPECT_EQ(c.config.channel, "board");
  EXPECT_EQ(c.config.orientation, Orientation::Portrait);
  EXPECT_DOUBLE_EQ(c.config.display_scale, 1.5);
  EXPECT_EQ(c.config.idle_timeout_s, 120);
  EXPECT_EQ(c.config.carousel_dwell_s, 15);
  EXPECT_EQ(c.config.content_db, "/tmp/x.db");
  EXPECT_EQ(c.config.staff_pin_hash.rfind("$argon2id$", 0), 0u);
  ASSERT_EQ(c.config.screen_on[0].size(), 2u);
  EXPECT_EQ(c.config.screen_on[0][1].begin_min, 13 * 60 + 30);
  EXPECT_TRUE(c.config.screen_on[6].empty());
  EXPECT_EQ(c.config.screen_on[2].size(), 1u);  // untouched weekday keeps the default
}

TEST(KioskConfig, syntax_error_yields_defaults_and_one_problem_with_line) {
  const auto c = parse_config("mode = \"board\"\nidle_timeout_s = = 3\n", "bad.toml");
  EXPECT_EQ(c.config.mode, KioskMode::Terminal);
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_NE(c.problems[0].message.find("line 2"), std::string::npos) << c.problems[0].message;
}

TEST(KioskConfig, wrong_values_fall_back_to_defaults_and_are_reported_per_key) {
  const auto c = parse_config(R"(
mode = "kiosk"
orientation = 3
display_scale = 40.0
idle_timeout_s = 1
carousel_dwell_s = "long"
region = "34012"
staff_pin_hash = "123456"
)",
                              "t");
  const KioskConfig d;
  EXPECT_EQ(c.config.mode, d.mode);
  EXPECT_EQ(c.config.orientation, d.orientation);
  EXPECT_DOUBLE_EQ(c.config.display_scale, d.display_scale);
  EXPECT_EQ(c.config.idle_timeout_s, d.idle_timeout_s);
  EXPECT_EQ(c.config.carousel_dwell_s, d.carousel_dwell_s);
  EXPECT_EQ(c.config.region, "");
  EXPECT_EQ(c.config.staff_pin_hash, "");  // a plain PIN is refused: the page stays locked
  for (const char* key : {"mode", "orientation", "display_scale", "idle_timeout_s",
                          "carousel_dwell_s", "region", "staff_pin_hash"})
    EXPECT_TRUE(has_problem(c, key)) << key;
}

TEST(KioskConfig, unknown_keys_and_bad_screen_hours_are_reported) {
  const auto c = parse_config(R"(
idle_timeout = 30
[screen_on]
mon = ["21:00-07:00"]
tue = "all day"
funday = ["07:00-08:00"]
wed = ["08:00-24:00"]
)",
                              "t");
  EXPECT_TRUE(has_problem(c, "idle_timeout"));
  EXPECT_TRUE(has_problem(c, "screen_on.mon"));
  EXPECT_TRUE(has_problem(c, "screen_on.tue"));
  EXPECT_TRUE(has_problem(c, "screen_on.funday"));
  EXPECT_FALSE(has_problem(c, "screen_on.wed"));
  EXPECT_EQ(c.config.screen_on[2][0].end_min, 24 * 60);
  EXPECT_EQ(c.config.screen_on[0][0].begin_min, 7 * 60);  // default kept for the bad Monday
}

TEST(KioskConfig, unreadable_file_yields_defaults_and_a_problem) {
  const auto c = load_config("/nonexistent/kiosk.toml");
  EXPECT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.config.mode, KioskMode::Terminal);
}

TEST(KioskConfig, shipped_default_config_parses_without_problems) {
  const auto c = load_config(GONGKAI_SOURCE_DIR "/config/kiosk.toml");
  for (const auto& p : c.problems) ADD_FAILURE() << p.key << ": " << p.message;
}

TEST(KioskConfig, screen_on_hours_are_half_open_per_weekday) {
  KioskConfig c;
  c.screen_on[0] = {{7 * 60, 21 * 60}};
  c.screen_on[6] = {};
  EXPECT_FALSE(screen_on_at(c, 0, 7 * 60 - 1));
  EXPECT_TRUE(screen_on_at(c, 0, 7 * 60));
  EXPECT_TRUE(screen_on_at(c, 0, 21 * 60 - 1));
  EXPECT_FALSE(screen_on_at(c, 0, 21 * 60));
  EXPECT_FALSE(screen_on_at(c, 6, 12 * 60));
}

// [sync] (issue #5): every key read; defaults when absent.
TEST(KioskConfig, sync_keys_are_read_and_default_when_absent) {
  const auto d = parse_config("", "test");
  EXPECT_EQ(d.config.sync.feed_url, "");
  EXPECT_EQ(d.config.sync.data_dir, "/var/lib/gongkai");
  EXPECT_EQ(d.config.sync.trust_root, "/etc/gongkai/1.root.json");
  EXPECT_EQ(d.config.sync.usb_mount_roots, (std::vector<std::string>{"/media", "/run/media"}));
  const auto c = parse_config(R"(
[sync]
feed_url = "https://gk.example.cn/feed/341799/"
data_dir = "/srv/gk"
trust_root = "/srv/root/1.root.json"
usb_mount_roots = ["/mnt/usb"]
ca_file = "/etc/ssl/county.pem"
proxy = "http://10.0.0.1:3128"
)",
                              "test");
  EXPECT_TRUE(c.problems.empty()) << c.problems.front().key << ": " << c.problems.front().message;
  EXPECT_EQ(c.config.sync.feed_url, "https://gk.example.cn/feed/341799/");
  EXPECT_EQ(c.config.sync.data_dir, "/srv/gk");
  EXPECT_EQ(c.config.sync.trust_root, "/srv/root/1.root.json");
  EXPECT_EQ(c.config.sync.usb_mount_roots, std::vector<std::string>{"/mnt/usb"});
  EXPECT_EQ(c.config.sync.ca_file, "/etc/ssl/county.pem");
  EXPECT_EQ(c.config.sync.proxy, "http://10.0.0.1:3128");
}

TEST(KioskConfig, bad_sync_values_fall_back_to_defaults_and_are_reported_per_key) {
  const auto c = parse_config(R"(
[sync]
feed_url = "ftp://x/"
data_dir = "relative/dir"
trust_root = 7
usb_mount_roots = ["/media", "usb"]
proxy = 3
colour = "red"
)",
                              "test");
  for (const char* k : {"sync.feed_url", "sync.data_dir", "sync.trust_root", "sync.usb_mount_roots",
                        "sync.proxy", "sync.colour"})
    EXPECT_TRUE(has_problem(c, k)) << k;
  EXPECT_EQ(c.config.sync.feed_url, "");
  EXPECT_EQ(c.config.sync.data_dir, "/var/lib/gongkai");
  EXPECT_EQ(c.config.sync.trust_root, "/etc/gongkai/1.root.json");
  EXPECT_EQ(c.config.sync.usb_mount_roots, (std::vector<std::string>{"/media", "/run/media"}));
  EXPECT_EQ(c.config.sync.proxy, "");
  EXPECT_TRUE(has_problem(parse_config("sync = 3\n", "test"), "sync"));
}
