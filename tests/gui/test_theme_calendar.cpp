// test_theme_calendar.cpp — palette contrast and 长辈模式 sizes (DESIGN §7), the China-time
// calendar, PIN hashing and UI string lookup.
#include <gtest/gtest.h>

#include "app/calendar.h"
#include "app/pin.h"
#include "app/theme.h"
#include "app/ui_strings.h"

using namespace gongkai::kiosk;

TEST(Theme, contrast_ratio_matches_wcag_reference_values) {
  EXPECT_NEAR(contrast_ratio({0, 0, 0}, {255, 255, 255}), 21.0, 1e-9);
  EXPECT_NEAR(contrast_ratio({255, 255, 255}, {255, 255, 255}), 1.0, 1e-9);
  EXPECT_NEAR(contrast_ratio({0x76, 0x76, 0x76}, {255, 255, 255}), 4.54, 0.01);  // WCAG's #767676
}

TEST(Theme, every_text_pair_meets_4_5_and_high_contrast_meets_7) {
  for (const PaletteKind k : {PaletteKind::Standard, PaletteKind::HighContrast}) {
    const double need = k == PaletteKind::HighContrast ? 7.0 : 4.5;
    for (const TextPair& p : text_pairs(palette(k)))
      EXPECT_GE(contrast_ratio(p.fg, p.bg), need) << p.name;
  }
}

TEST(Theme, elder_metrics_meet_design_minimums_at_every_scale) {
  for (const float s : {1.0f, 1.5f, 2.0f}) {
    const Metrics e = metrics(true, s);
    EXPECT_GE(e.body, 24 * s);     // 18 pt
    EXPECT_GE(e.small, 24 * s);    // no 长辈模式 text below body minimum
    EXPECT_GE(e.heading, 40 * s);  // 30 pt
    EXPECT_GE(e.line_height, 1.3f);
    EXPECT_GE(e.target, 60 * s);
    EXPECT_GE(metrics(false, s).target, 44 * s);
  }
}

TEST(Calendar, converts_to_china_time_across_midnight_utc) {
  const CivilTime c = china_civil(china_unix(2026, 11, 23, 7, 5, 9));
  EXPECT_EQ(c.year, 2026);
  EXPECT_EQ(c.month, 11);
  EXPECT_EQ(c.day, 23);
  EXPECT_EQ(c.hour, 7);
  EXPECT_EQ(c.minute, 5);
  EXPECT_EQ(c.second, 9);
  EXPECT_EQ(c.weekday_mon0, 0);        // 2026-11-23 is a Monday
  const CivilTime z = china_civil(0);  // 1970-01-01T00:00Z = 08:00 in Beijing, a Thursday
  EXPECT_EQ(z.hour, 8);
  EXPECT_EQ(z.weekday_mon0, 3);
  const CivilTime leap = china_civil(china_unix(2028, 2, 29, 23, 59, 59));
  EXPECT_EQ(leap.month, 2);
  EXPECT_EQ(leap.day, 29);
}

TEST(Calendar, parses_iso8601_with_and_without_zone) {
  EXPECT_EQ(parse_iso8601("2026-11-23T09:30:00+08:00"), china_unix(2026, 11, 23, 9, 30));
  EXPECT_EQ(parse_iso8601("2026-11-23T01:30:00Z"), china_unix(2026, 11, 23, 9, 30));
  EXPECT_EQ(parse_iso8601("2026-11-23T09:30:00"), china_unix(2026, 11, 23, 9, 30));
  EXPECT_EQ(parse_iso8601("2026-11-23"), china_unix(2026, 11, 23));
  EXPECT_FALSE(parse_iso8601("2026-13-01"));
  EXPECT_FALSE(parse_iso8601("yesterday"));
  EXPECT_FALSE(parse_iso8601("2026-11-23T09:30"));
}

TEST(Calendar, remaining_days_round_up_and_stop_at_zero) {
  const int64_t end = china_unix(2026, 11, 30);
  EXPECT_EQ(days_remaining(end - 1, end), 1);
  EXPECT_EQ(days_remaining(end - 86400, end), 1);
  EXPECT_EQ(days_remaining(end - 86401, end), 2);
  EXPECT_EQ(days_remaining(end, end), 0);
  EXPECT_DOUBLE_EQ(period_elapsed(end - 43200, end - 86400, end), 0.5);
}

TEST(StaffPin, a_hash_accepts_its_pin_and_nothing_else) {
  const auto h = hash_pin("240617");
  ASSERT_TRUE(h);
  EXPECT_TRUE(verify_pin(*h, "240617"));
  EXPECT_FALSE(verify_pin(*h, "240618"));
  EXPECT_FALSE(verify_pin(*h, ""));
  EXPECT_FALSE(verify_pin("", "240617"));
  EXPECT_FALSE(verify_pin("$argon2id$garbage", "240617"));
  EXPECT_FALSE(hash_pin("12a4"));
  EXPECT_FALSE(hash_pin("123"));
}

TEST(UiStrings, looks_up_nested_keys_and_fills_placeholders) {
  const UiStrings s = UiStrings::parse("[home]\ncount = \"{0} 项\"\n[a.b]\nc = \"深\"\n", "t");
  EXPECT_EQ(s.format("home.count", {"12"}), "12 项");
  EXPECT_EQ(s.get("a.b.c"), "深");
  EXPECT_EQ(s.get("nope"), "[nope]");
  EXPECT_EQ(s.missing().count("nope"), 1u);
  EXPECT_EQ(fill_placeholders("{1}-{0}-{9}", {"a", "b"}), "b-a-{9}");
}

TEST(UiStrings, shipped_strings_file_parses) {
  const UiStrings s = UiStrings::load(GONGKAI_SOURCE_DIR "/assets/ui/strings.toml");
  EXPECT_EQ(s.error(), "");
  EXPECT_GT(s.size(), 30u);
}
