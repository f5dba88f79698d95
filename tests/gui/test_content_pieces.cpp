// test_content_pieces.cpp — the SDL-free pieces behind the notice and item screens: the notice
// Markdown subset, QR codes, PNG round trips and the input-script timeline.
#include <gtest/gtest.h>

#include <cstdio>

#include "app/kinetic.h"
#include "app/notice_body.h"
#include "app/png_io.h"
#include "app/qr.h"
#include "app/script_player.h"

using namespace gongkai::kiosk;
using BK = BodyBlock::Kind;

TEST(NoticeBody, splits_headings_paragraphs_lists_tables_and_images) {
  const auto b = parse_notice_body(
      "为切实做好工作，\n现通告如下：\n\n## 一、防火期\n\n1. 烧荒；\n2. **上坟**烧纸；\n- 其他\n\n"
      "| 姓名 | 金额 |\n|---|---:|\n| 张三 | 100 |\n| 李四 |\n\n![示意图](images/a.png)\n\n# "
      "\n尾段");
  ASSERT_EQ(b.size(), 8u);
  EXPECT_EQ(b[0].kind, BK::Paragraph);
  EXPECT_EQ(b[0].text, "为切实做好工作，现通告如下：");  // lines joined without a space (Chinese)
  EXPECT_EQ(b[1].kind, BK::Heading);
  EXPECT_EQ(b[1].level, 2);
  EXPECT_EQ(b[1].text, "一、防火期");
  EXPECT_EQ(b[2].marker, "1.");
  EXPECT_EQ(b[3].text, "上坟烧纸；");  // emphasis markers dropped, words kept
  EXPECT_EQ(b[4].marker, "•");
  EXPECT_EQ(b[5].kind, BK::Table);
  ASSERT_EQ(b[5].rows.size(), 3u);     // the |---| rule is not a row
  EXPECT_EQ(b[5].rows[2].size(), 2u);  // short rows are padded
  EXPECT_EQ(b[5].rows[2][1], "");
  EXPECT_EQ(b[6].kind, BK::Image);
  EXPECT_EQ(b[6].image, "images/a.png");
  EXPECT_EQ(b[6].text, "示意图");
  EXPECT_EQ(b[7].text, "尾段");  // an empty heading is dropped
}

TEST(NoticeBody, keeps_the_asterisks_of_masked_numbers_and_names) {
  // privacy.h masks 139****5678 and 341799********1235; notices write names as 张*华 or 李**.
  // None of these is emphasis (CommonMark flanking rules): the stars must reach the screen.
  EXPECT_EQ(strip_emphasis("联系电话139****5678。"), "联系电话139****5678。");
  EXPECT_EQ(strip_emphasis("身份证号341799********1235"), "身份证号341799********1235");
  EXPECT_EQ(strip_emphasis("张*华、李**、王**"), "张*华、李**、王**");
  EXPECT_EQ(strip_emphasis("李** 王**"), "李** 王**");
  EXPECT_EQ(strip_emphasis("**上坟**烧纸，**严禁**野炊"), "上坟烧纸，严禁野炊");
  EXPECT_EQ(strip_emphasis("__注意__：139****5678"), "注意：139****5678");
  const auto b = parse_notice_body("| 姓名 | 电话 |\n|---|---|\n| 李** | 139****2207 |");
  ASSERT_EQ(b.size(), 1u);
  ASSERT_EQ(b[0].rows.size(), 2u);
  EXPECT_EQ(b[0].rows[1][0], "李**");
  EXPECT_EQ(b[0].rows[1][1], "139****2207");
}

TEST(NoticeBody, never_normalizes_text) {
  // U+F9F1 (a CJK compatibility ideograph used in names) must survive as written.
  const std::string name = "\xEF\xA7\xB1";
  const auto b = parse_notice_body("村民" + name + "同志");
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].text, "村民" + name + "同志");
}

TEST(Qr, encodes_a_url_into_a_square_matrix_with_finder_patterns) {
  const auto q = make_qr("https://www.example.gov.cn/qinghe/item/42");
  ASSERT_TRUE(q);
  EXPECT_GE(q->size, 21);
  EXPECT_EQ((q->size - 21) % 4, 0);  // QR versions grow by 4 modules
  // The top-left finder pattern: a dark 7×7 ring around a light ring around a dark 3×3 core.
  for (int i = 0; i < 7; ++i) {
    EXPECT_TRUE(q->at(i, 0));
    EXPECT_TRUE(q->at(0, i));
  }
  EXPECT_FALSE(q->at(1, 1));
  EXPECT_TRUE(q->at(3, 3));
  EXPECT_FALSE(make_qr(""));
}

TEST(PngIo, round_trips_rgba_and_rejects_garbage) {
  RgbaImage img;
  img.width = 3;
  img.height = 2;
  img.pixels = {255, 0, 0, 255, 0, 255, 0, 255, 0,   0,   255, 255,
                1,   2, 3, 128, 9, 9,   9, 0,   200, 100, 50,  255};
  const std::string path = ::testing::TempDir() + "gongkai-png-roundtrip.png";
  std::string err;
  ASSERT_TRUE(write_png(path, img, &err)) << err;
  FILE* f = std::fopen(path.c_str(), "rb");
  ASSERT_NE(f, nullptr);
  std::vector<uint8_t> bytes;
  for (int c; (c = std::fgetc(f)) != EOF;) bytes.push_back(static_cast<uint8_t>(c));
  std::fclose(f);
  std::remove(path.c_str());
  const auto back = decode_png(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->width, 3);
  EXPECT_EQ(back->pixels[0], 255);
  EXPECT_EQ(back->pixels[12 + 3], 128);  // alpha preserved
  EXPECT_EQ(back->pixels, img.pixels);
  EXPECT_FALSE(decode_png({0x89, 'P', 'N', 'G', 1, 2, 3}));
  EXPECT_FALSE(decode_png({}));
}

TEST(ScriptPlayer, a_drag_moves_every_frame_rests_and_lifts_in_order) {
  ScriptStep d;
  d.kind = ScriptStep::Kind::Drag;
  d.x1 = d.x2 = 100;
  d.y1 = 900;
  d.y2 = 300;
  d.ms = 100;
  ScriptStep shot;
  shot.kind = ScriptStep::Kind::Screenshot;
  shot.text = "x.png";
  ScriptPlayer p({d, shot}, 1.0, {});
  const auto all = p.due(100);
  ASSERT_GE(all.size(), 4u);
  EXPECT_EQ(all.front().kind, TimedEvent::Kind::Down);
  EXPECT_DOUBLE_EQ(all.front().t, 1.0);
  double last_t = 0;
  for (const auto& e : all) {
    EXPECT_GE(e.t, last_t);  // timeline order
    last_t = e.t;
  }
  EXPECT_EQ(all[all.size() - 2].kind, TimedEvent::Kind::Up);
  EXPECT_EQ(all[all.size() - 2].y, 300);
  // The finger rests before lifting, so the drag does not fling (kinetic.h velocity window).
  EXPECT_GE(all[all.size() - 2].t - all[all.size() - 4].t, kVelocityWindowS);
  EXPECT_EQ(all.back().kind, TimedEvent::Kind::Screenshot);
  EXPECT_TRUE(p.done());
}

TEST(ScriptPlayer, events_are_released_only_when_due) {
  ScriptStep w;
  w.kind = ScriptStep::Kind::Wait;
  w.ms = 2000;
  ScriptStep r;
  r.kind = ScriptStep::Kind::Report;
  ScriptPlayer p({w, r}, 0.0, {});
  EXPECT_TRUE(p.due(1.99).empty());
  EXPECT_DOUBLE_EQ(p.next_time(), 2.0);
  EXPECT_EQ(p.due(2.0).size(), 1u);
}
