// layout_test.cpp — paragraph layout behaviour (issue #3) and stage traces (STYLE habit 4).
//
// Traces: every tests/text/traces/NAME.case (key: value lines: size, width, lang, justify, text)
// is run through each stage — runs (itemize+bidi), break opportunities, lines with their text,
// glyph ids per line — and the printout must equal NAME.trace. To accept an intended change, run
// with GONGKAI_UPDATE_TRACES=1 and review the diff of the .trace files.
#include <hb.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "text/bidi.h"
#include "text/itemize.h"
#include "text/linebreak.h"
#include "text/shape.h"
#include "text/utf8.h"
#include "text_test_util.h"

namespace gongkai::text {
namespace {

using testing::engine;

TextStyle style_px(float px) {
  TextStyle s;
  s.size_px = px;
  return s;
}

// UTF-8 of a line's source range, for readable failures.
std::string line_text(std::string_view src, const LayoutLine& l) {
  return std::string(src.substr(l.byte_begin, l.byte_end - l.byte_begin));
}

TEST(Layout, WrapsChineseParagraphWithinWidthAndCoversTheText) {
  const std::string text =
      "各位村民：根据《村民委员会组织法》和县民政局的统一部署，本村将于2024年3月15日上午9时在村委会"
      "会议室召开村民代表会议，审议2023年度村务收支情况，请各位代表准时参加。";
  auto l = engine().layout(text, style_px(24), 300);
  ASSERT_GT(l->lines.size(), 3u);
  uint32_t expect = 0;
  float y = 0;
  for (const auto& line : l->lines) {
    EXPECT_EQ(line.byte_begin, expect);
    EXPECT_LE(line.width, 300.5f) << line_text(text, line);
    EXPECT_FLOAT_EQ(line.top, y);
    y += line.height;
    expect = line.byte_end;
  }
  EXPECT_EQ(expect, text.size());
  EXPECT_FLOAT_EQ(l->height, y);
  EXPECT_EQ(l->uncovered, 0u);
  EXPECT_FALSE(l->truncated);
}

TEST(Layout, DrawnGlyphsStayInsideTheMeasuredLine) {
  // What layout measures (line.x, line.width) is where it draws: every glyph's advance box lies
  // within [x, x + width] (hanging trailing spaces aside), justified or not, at many widths.
  auto& fonts = engine().fonts();
  const auto corpus = testing::data_lines(testing::data_path("data/notice_corpus.txt"));
  ASSERT_GE(corpus.size(), 60u);
  for (bool justify : {false, true}) {
    TextStyle st = style_px(20);
    st.justify = justify;
    for (size_t p = 0; p < 60; ++p) {
      for (float w : {300.0f, 417.0f, 555.0f, 800.0f}) {
        auto l = engine().layout(corpus[p], st, w);
        for (const auto& line : l->lines) {
          const float end = line.x + line.width;
          for (uint32_t g = line.glyph_begin; g < line.glyph_end; ++g) {
            const auto& pg = l->glyphs[g];
            const float adv = static_cast<float>(hb_font_get_glyph_h_advance(
                                  fonts.hb_font(pg.font_id), pg.glyph_id)) *
                              st.size_px /
                              static_cast<float>(fonts.info(pg.font_id).metrics.units_per_em);
            EXPECT_GE(pg.x, line.x - 0.01f);
            // The line's last glyph may be a mark set half-width at the line end (its nominal
            // advance is still a full em); every other glyph box ends inside the line.
            const float slack = g + 1 == line.glyph_end ? st.size_px * 0.5f : 0.0f;
            EXPECT_LE(pg.x + adv, end + slack + 0.01f) << corpus[p];
          }
          EXPECT_LE(line.x + line.width, w + 0.01f) << corpus[p];
        }
      }
    }
  }
}

TEST(Layout, SameArgumentsReturnTheCachedLayout) {
  auto a = engine().layout("公示期为七天。", style_px(20), 400);
  auto b = engine().layout("公示期为七天。", style_px(20), 400);
  auto c = engine().layout("公示期为七天。", style_px(20), 401);
  EXPECT_EQ(a.get(), b.get());
  EXPECT_NE(a.get(), c.get());
}

TEST(Layout, ElderModeLineHeightIsAtLeast1_3Em) {
  TextStyle s = style_px(30);
  s.line_height = 1.3f;
  auto l = engine().layout("长辈模式行高不小于一点三倍。第二行文字。", s, 200);
  ASSERT_GE(l->lines.size(), 2u);
  for (const auto& line : l->lines) EXPECT_GE(line.height, 1.3f * 30 - 0.01f);
}

TEST(Layout, EllipsisCutsSingleLineLabelToWidth) {
  TextStyle s = style_px(20);
  s.max_lines = 1;
  s.ellipsis = true;
  const std::string text = "关于二〇二四年度农村低保对象资格复核结果的公示";
  auto l = engine().layout(text, s, 200);
  ASSERT_EQ(l->lines.size(), 1u);
  EXPECT_TRUE(l->truncated);
  EXPECT_LE(l->lines[0].width, 200.5f);
  const uint32_t ell = engine().fonts().nominal_glyph(l->glyphs.back().font_id, 0x2026);
  EXPECT_NE(ell, 0u);
  EXPECT_EQ(l->glyphs.back().glyph_id, ell);
  auto full = engine().layout(text, s, 2000);
  EXPECT_FALSE(full->truncated);
}

TEST(Layout, EllipsizedLineNeverExceedsItsWidth) {
  // Every width from 3 to 20 em, with closing marks that may end up just before the "…".
  TextStyle s = style_px(20);
  s.max_lines = 1;
  s.ellipsis = true;
  const std::string text = "关于（二〇二四）年度“低保”资格复核结果的公示。请相互转告！";
  for (int w = 60; w <= 400; w += 3) {
    auto l = engine().layout(text, s, static_cast<float>(w));
    ASSERT_EQ(l->lines.size(), 1u);
    const auto& line = l->lines[0];
    EXPECT_LE(line.width, static_cast<float>(w) + 0.01f) << w;
    // Drawn extent: the "…" (one em in the SC face) ends inside the width too.
    const auto& last = l->glyphs.back();
    EXPECT_LE(last.x + 20.0f, static_cast<float>(w) + 0.01f) << w;
  }
}

TEST(Layout, EllipsisDoesNotFollowADashOrOpeningMark) {
  TextStyle s = style_px(20);
  s.max_lines = 1;
  s.ellipsis = true;
  // At 150 px "关于2026—" would fit before the "…"; the dangling dash is dropped with the cut.
  const std::string text = "关于2026—2027年度森林防火期的通告";
  for (float w : {140.0f, 150.0f, 160.0f, 170.0f}) {
    auto l = engine().layout(text, s, w);
    ASSERT_TRUE(l->truncated);
    const std::string shown = text.substr(l->lines[0].byte_begin, l->lines[0].byte_end);
    EXPECT_NE(shown.substr(shown.size() - 3), "—") << shown;
    EXPECT_LE(l->lines[0].width, w + 0.01f);
  }
}

TEST(Layout, JustifiedLinesFillTheWidthExceptTheLast) {
  TextStyle s = style_px(20);
  s.justify = true;
  const std::string text =
      "为进一步做好农村人居环境整治工作，村委会决定开展为期一个月的环境卫生大扫除活动，"
      "请各户清理房前屋后的杂物，共建美丽乡村 Beautiful Village 2024。";
  auto l = engine().layout(text, s, 330);
  ASSERT_GE(l->lines.size(), 3u);
  for (size_t i = 0; i + 1 < l->lines.size(); ++i)
    EXPECT_NEAR(l->lines[i].width, 330, 0.5) << line_text(text, l->lines[i]);
  EXPECT_LT(l->lines.back().width, 330);
}

TEST(Layout, LineEndCommaIsSqueezedBeforeAnythingIsPushed) {
  // Ten ideographs fill 200 px at 20 px; the comma only fits if it is set half-width (halt).
  const std::string text = "一二三四五六七八九十，甲乙丙丁。";
  auto l = engine().layout(text, style_px(20), 210);
  ASSERT_GE(l->lines.size(), 2u);
  EXPECT_EQ(line_text(text, l->lines[0]), "一二三四五六七八九十，");
  EXPECT_LE(l->lines[0].width, 210.01f);
  // Without room for the half-width comma, the last ideograph is pushed down with it (推出).
  auto pushed = engine().layout(text, style_px(20), 205);
  EXPECT_EQ(line_text(text, pushed->lines[0]), "一二三四五六七八九");
}

TEST(Layout, AdjacentFullWidthMarksTakeOneAndAHalfEm) {
  // clreq: two adjacent full-width marks shrink from 2 em to 1.5 em (the closing one's blank half,
  // else the opening one's); a lone mark keeps its full em.
  TextStyle s = style_px(20);
  s.autospace = false;
  EXPECT_NEAR(engine().layout("好：“好", s, 0)->width, 20 * 3.5, 0.01);
  EXPECT_NEAR(engine().layout("好。」好", s, 0)->width, 20 * 3.5, 0.01);
  EXPECT_NEAR(engine().layout("好）（好", s, 0)->width, 20 * 3.5, 0.01);
  EXPECT_NEAR(engine().layout("好，好", s, 0)->width, 20 * 3, 0.01);
}

TEST(Layout, LastLineNeverHoldsASingleHanCharacter) {
  // At 10 em per line, greedy filling would leave "字。" alone on the last line (孤字不成行).
  const std::string text = "一二三四五六七八九十一二三四五六七八九字。";
  auto l = engine().layout(text, style_px(20), 200);
  ASSERT_EQ(l->lines.size(), 3u);
  std::string last = line_text(text, l->lines.back());
  EXPECT_EQ(last, "九字。");
}

TEST(Layout, RareCharacterFallbackKeepsLineHeightsEven) {
  // 𪚥 and 𫝀 come from HanaMinA/B (taller hhea metrics); the lines must not jump.
  auto l = engine().layout("王𪚥、赵𫝀、钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张",
                           style_px(24), 200);
  ASSERT_GE(l->lines.size(), 3u);
  for (const auto& line : l->lines) EXPECT_FLOAT_EQ(line.height, l->lines[0].height);
}

TEST(Layout, TibetanLinesAreTallerThanChineseLines) {
  auto zh = engine().layout("中文", style_px(24), 500);
  auto bo = engine().layout("中文 བོད་ཡིག་སྒྲིག་", style_px(24), 500);
  ASSERT_EQ(zh->lines.size(), 1u);
  ASSERT_EQ(bo->lines.size(), 1u);
  EXPECT_GT(bo->lines[0].height, zh->lines[0].height);
  EXPECT_EQ(bo->uncovered, 0u);
}

TEST(Layout, UyghurRunIsPlacedRightToLeftInsideAChineseLine) {
  const std::string text = "通知 ئۇيغۇرچە 结束";
  auto l = engine().layout(text, style_px(24), 1000);
  ASSERT_EQ(l->lines.size(), 1u);
  EXPECT_FALSE(l->lines[0].rtl);  // the first strong character is Han (UBA P2)
  // Glyphs are in visual order: x never decreases, and the Arabic glyphs sit between 通知 and 结束.
  const auto& g = l->glyphs;
  const uint16_t han = g.front().font_id;
  for (size_t i = 1; i < g.size(); ++i) EXPECT_GE(g[i].x + 0.01f, g[i - 1].x);
  size_t arabic = 0;
  for (const auto& pg : g) arabic += pg.font_id != han;
  EXPECT_GE(arabic, 6u);
  EXPECT_EQ(l->uncovered, 0u);
}

// Index of `word` (shaped alone, as HarfBuzz's visual glyph sequence) inside the layout's glyphs.
long find_word(const Layout& l, const std::string& word, bool rtl, const char* lang) {
  auto& fonts = engine().fonts();
  Paragraph p;
  decode_utf8(word, p);
  text::Run run{0,
                static_cast<uint32_t>(p.cps.size()),
                HB_SCRIPT_ARABIC,
                ScriptClass::Arabic,
                static_cast<uint8_t>(rtl ? 1 : 2),
                fonts.chain(ScriptClass::Arabic).front(),
                false};
  Shaper shaper(4);
  auto g = shaper.shape(fonts, p.cps, run, lang);
  for (size_t i = 0; i + g->size() <= l.glyphs.size(); ++i) {
    bool same = true;
    for (size_t k = 0; k < g->size() && same; ++k)
      same = l.glyphs[i + k].glyph_id == (*g)[k].glyph_id;
    if (same) return static_cast<long>(i);
  }
  return -1;
}

TEST(Layout, NumbersInsideUyghurFollowUbaLevels) {
  // "ئۇقتۇرۇش 2026-يىلى" in a Chinese (LTR) line: the Arabic letters get level 1, the number AN
  // level 2 (UBA W2, I1), so L2 shows, left to right: يىلى, -, 2026, ئۇقتۇرۇش.
  const std::string text = "通知：ئۇقتۇرۇش 2026-يىلى";
  auto l = engine().layout(text, style_px(24), 1000);
  ASSERT_EQ(l->lines.size(), 1u);
  const long first = find_word(*l, "ئۇقتۇرۇش", true, "ug");
  const long year = find_word(*l, "2026", false, "ug");
  const long last = find_word(*l, "يىلى", true, "ug");
  ASSERT_GE(first, 0);
  ASSERT_GE(year, 0);
  ASSERT_GE(last, 0);
  EXPECT_LT(last, year);
  EXPECT_LT(year, first);
}

TEST(Layout, NewlineStartsANewLineAndEmptyLinesKeepTheirHeight) {
  auto l = engine().layout("第一段\n\n第三段", style_px(20), 500);
  ASSERT_EQ(l->lines.size(), 3u);
  EXPECT_TRUE(l->lines[0].hard_break);
  EXPECT_GT(l->lines[1].height, 0);
  EXPECT_EQ(l->lines[1].glyph_begin, l->lines[1].glyph_end);
}

TEST(Layout, ControlCharactersDrawNoTofu) {
  // A TAB from a word processor is a space; other controls and U+2028 draw nothing (no .notdef).
  auto l = engine().layout("姓名\t张三\x07\u2028备注\r\n下一段", style_px(20), 1000);
  EXPECT_EQ(l->uncovered, 0u);
  for (const auto& g : l->glyphs) EXPECT_NE(g.glyph_id, 0u);
  ASSERT_EQ(l->lines.size(), 3u);  // U+2028 is a mandatory break (UAX #14 LB4), then the newline
  EXPECT_TRUE(l->lines[0].hard_break);
}

TEST(Layout, CenterAndEndAlignmentOffsetTheLine) {
  TextStyle s = style_px(20);
  s.align = Align::Center;
  auto c = engine().layout("居中", s, 200);
  s.align = Align::End;
  auto e = engine().layout("居中", s, 200);
  EXPECT_NEAR(c->lines[0].x, (200 - c->lines[0].width) / 2, 0.01);
  EXPECT_NEAR(e->lines[0].x, 200 - e->lines[0].width, 0.01);
}

TEST(Layout, UncoveredCharacterIsCountedNotDropped) {
  auto l = engine().layout("姓名：\u2FFC", style_px(20), 500);  // U+2FFC: no installed font
  EXPECT_EQ(l->uncovered, 1u);
  EXPECT_EQ(l->lines[0].byte_end, std::string("姓名：\u2FFC").size());
}

TEST(Layout, ArbitraryInputKeepsTheInvariants) {
  // Notices come from outside: invalid UTF-8, lone marks, controls, bidi controls, mixed scripts
  // must lay out without crashing, with contiguous source ranges (layout.h invariants 2–3).
  const char32_t pool[] = {
      U'中', U'，', U'。',     U'“',      U'”',      U'（',     U'a',          U'5',
      U' ',  U'\t', U'\u0301', U'\u200D', U'\uFE0F', U'\u202E', U'\u2067',     U'ئ',
      U'ۇ',  U'ب',  U'ཀ',      U'\u0F7A', U'ᠮ',      U'\u180B', U'\U00020BB7', U'\u2FFC',
      U'\n', U'\r', U'\u3000', U'\u2014', U'\u2026', U'\uFFFD', U'0'};
  uint32_t seed = 12345;
  auto next = [&] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 8) & 0xFFFF;
  };
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const int n = static_cast<int>(next() % 60);
    for (int i = 0; i < n; ++i) {
      if (next() % 17 == 0)
        text += static_cast<char>(0x80 + next() % 0x7F);  // stray byte
      else
        append_utf8(text, pool[next() % (sizeof pool / sizeof pool[0])]);
    }
    TextStyle st = style_px(16 + static_cast<float>(next() % 20));
    st.justify = next() % 2;
    st.max_lines = static_cast<int>(next() % 3);
    st.ellipsis = next() % 2;
    const float width = static_cast<float>(next() % 400);
    auto l = engine().layout(text, st, width);
    ASSERT_FALSE(l->lines.empty());
    uint32_t byte = 0, glyph = 0;
    for (const auto& line : l->lines) {
      EXPECT_EQ(line.byte_begin, byte);
      EXPECT_EQ(line.glyph_begin, glyph);
      EXPECT_LE(line.byte_begin, line.byte_end);
      byte = line.byte_end;
      glyph = line.glyph_end;
    }
    EXPECT_EQ(glyph, l->glyphs.size());
    if (!l->truncated) {
      EXPECT_EQ(byte, text.size());
    }
    if (st.max_lines > 0) {
      EXPECT_LE(l->lines.size(), static_cast<size_t>(st.max_lines));
    }
  }
}

// ---- Stage traces ----------------------------------------------------------------------------

std::map<std::string, std::string> read_case(const std::string& path) {
  std::map<std::string, std::string> kv;
  for (const auto& line : testing::data_lines(path)) {
    auto colon = line.find(": ");
    if (colon != std::string::npos) kv[line.substr(0, colon)] = line.substr(colon + 2);
  }
  return kv;
}

std::string unescape(const std::string& s) {  // "\n" in case files
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else
      out += s[i];
  }
  return out;
}

std::string trace(const std::map<std::string, std::string>& c) {
  TextStyle st;
  st.size_px = std::stof(c.at("size"));
  st.justify = c.count("justify") && c.at("justify") == "yes";
  const std::string lang = c.count("lang") ? c.at("lang") : "zh-Hans";
  st.lang = lang.c_str();
  const float width = std::stof(c.at("width"));
  const std::string text = unescape(c.at("text"));
  std::ostringstream out;
  FontRegistry& fonts = engine().fonts();
  Paragraph p;
  decode_utf8(text, p);
  uint32_t n = static_cast<uint32_t>(p.cps.size()), end = 0;
  while (end < n && p.cps[end] != U'\n') ++end;  // traces show the first paragraph's stages
  BidiLevels bidi;
  compute_bidi(p.cps, 0, end, bidi);
  out << "bidi: base " << (bidi.base_rtl ? "rtl" : "ltr") << (bidi.any_rtl ? ", mixed" : "")
      << "\n";
  std::vector<Run> runs;
  itemize(fonts, p.cps, 0, end, bidi, class_for_lang(st.lang), runs);
  for (const Run& r : runs) {
    char tag[5] = {};
    hb_tag_to_string(hb_script_to_iso15924_tag(r.script), tag);
    out << "run " << r.begin << ".." << r.end << " " << tag << " level " << int(r.level) << " "
        << fonts.info(r.font_id).family << (r.tofu ? " TOFU" : "") << " \""
        << text.substr(p.byte_of[r.begin], p.byte_of[r.end] - p.byte_of[r.begin]) << "\"\n";
  }
  auto lb = LineBreaker::create("zh");
  std::vector<Break> br;
  (*lb)->find(text, p, 0, end, br);
  out << "breaks:";
  for (uint32_t i = 1; i < end; ++i) {
    std::string ch;
    append_utf8(ch, p.cps[i]);
    if (br[i] == Break::Allowed) out << " |" << ch;
  }
  out << "\n";
  auto l = engine().layout(text, st, width);
  for (const auto& line : l->lines) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "line y=%.1f h=%.1f base=%.1f x=%.1f w=%.1f: ", line.top,
                  line.height, line.baseline, line.x, line.width);
    out << buf << "\"" << line_text(text, line) << "\"\n  glyphs";
    for (uint32_t g = line.glyph_begin; g < line.glyph_end; ++g)
      out << " " << l->glyphs[g].font_id << ":" << l->glyphs[g].glyph_id << "@"
          << std::lround(l->glyphs[g].x);
    out << "\n";
  }
  return out.str();
}

TEST(Layout, StageTracesMatchTheRecordedTraces) {
  namespace fs = std::filesystem;
  const bool update = std::getenv("GONGKAI_UPDATE_TRACES") != nullptr;
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(testing::data_path("traces"))) {
    if (entry.path().extension() != ".case") continue;
    ++cases;
    const std::string got = trace(read_case(entry.path()));
    fs::path expected = entry.path();
    expected.replace_extension(".trace");
    if (update) {
      std::ofstream(expected) << got;
      continue;
    }
    EXPECT_EQ(got, testing::read_all(expected)) << "trace of " << entry.path().filename();
  }
  EXPECT_GE(cases, 5);
}

}  // namespace
}  // namespace gongkai::text
