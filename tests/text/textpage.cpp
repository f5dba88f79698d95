// textpage.cpp — gongkai-textpage: the text engine's test page (issue #3 "A screenshot of a test
// page"), drawn by the real stack: SDL window + SDL_Renderer, ImGui 1.86 with its SDL backends,
// our TextEngine layouts, GlyphAtlas and draw_layout.
//
//   gongkai-textpage --out page.png [--manifest fonts/manifest.toml] [--frames N]
//
// Output: page.png (the last frame, read back with SDL_RenderReadPixels from the render target)
// and page.png.tsv, one line per section: name, x, y, w, h of its text box in px. Exit status 0 on
// success; 1 when any layout has tofu (Layout::uncovered), a line starts with a clreq 禁则
// line-start mark or ends with a line-end mark, a line is wider than its box, the atlas could not
// supply a glyph, or SDL/PNG fail.
//
// Sections: a notice paragraph justified at three widths (clreq 禁则, numbers kept whole), rare
// characters of CJK Ext B–G, names with compatibility ideographs (never NFC-normalized), Uyghur
// with Chinese (RTL, joining), Tibetan with Chinese (stacks), 长辈模式 large text with line height
// 1.6, and a one-line label cut with an ellipsis.
#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "png_io.h"
#include "text/draw.h"
#include "text/text_engine.h"

namespace {

using namespace gongkai::text;

constexpr int kPageW = 1600;  // px; fits the 1920×1080 Xvfb screen of scripts/test
constexpr int kPageH = 1040;
constexpr ImU32 kInk = IM_COL32(25, 25, 25, 255);
constexpr ImU32 kLabel = IM_COL32(150, 40, 40, 255);

struct Section {
  std::string name;   // for the regions file
  std::string label;  // Chinese caption drawn above the text
  std::string text;
  TextStyle style;
  float x, y, width;
};

const char* kNotice =
    "为切实做好秋冬季森林防火工作，根据《中华人民共和国森林法》《森林防火条例》等规定，现通告如下："
    "一、2026年10月1日至2027年4月30日为全县森林防火期（其中11月1日起为高火险期）。"
    "二、严禁烧荒、上坟烧纸、燃放烟花爆竹、野炊、吸烟等野外用火行为；违者处200元以上3000元以下罚款"
    "。"
    "三、发现火情请立即拨打“12119”或县林业局值班电话0557-12345678，火险等级上升5.2%时启动预案。"
    "特此通告！";

std::vector<Section> sections() {
  std::vector<Section> s;
  TextStyle body;
  body.size_px = 20;
  body.line_height = 1.5f;
  body.justify = true;
  const float top = 80;
  s.push_back({"justify_300", "两端对齐 · 宽 300", kNotice, body, 24, top, 300});
  s.push_back({"justify_420", "两端对齐 · 宽 420", kNotice, body, 364, top, 420});
  s.push_back({"justify_600", "两端对齐 · 宽 600", kNotice, body, 824, top, 600});

  TextStyle rare;
  rare.size_px = 34;
  rare.line_height = 1.4f;
  const float row2 = 580;
  s.push_back({"rare", "生僻字 扩展B–G",
               "𠀀 𪚥 𠮷 𪜀 𫝀 𫠠 𬺰 𰀀 𰻞 𱍐 𬌗 𡘙 𨭎 𩽾 𩾌", rare,
               24, row2, 520});
  TextStyle name;
  name.size_px = 28;
  name.line_height = 1.5f;
  // U+F9E1 李 and U+F9F4 林 are CJK compatibility ideographs: names keep them (never NFC).
  s.push_back({"compat_name", "人名 · 兼容表意字",
               "低保公示：\uF9E1秀英、\uF9F4建国、张𰻞、王𪚥明", name, 24,
               row2 + 170, 520});

  TextStyle mixed;
  mixed.size_px = 26;
  mixed.line_height = 1.6f;
  s.push_back({"uyghur", "维吾尔文与汉字混排",
               "乌鲁木齐市 ئۈرۈمچى شەھەرلىك خەلق ھۆكۈمىتى 人民政府通知：ئۇقتۇرۇش 2026-يىلى", mixed,
               580, row2, 520});
  s.push_back({"tibetan", "藏文与汉字混排",
               "拉萨市 ལྷ་ས་གྲོང་ཁྱེར། 人民政府公告 མི་དམངས་སྲིད་གཞུང་གི་གསལ་བསྒྲགས། 第3号", mixed, 580,
               row2 + 170, 520});

  TextStyle elder;
  elder.size_px = 40;
  elder.line_height = 1.6f;
  s.push_back({"elder", "长辈模式 · 40 px · 行高 1.6",
               "今天下午三点在村委会召开村民代表大会，请各位准时参加。", elder, 1124, row2, 440});
  TextStyle label;
  label.size_px = 24;
  label.max_lines = 1;
  label.ellipsis = true;
  s.push_back({"ellipsis", "单行标签 · 省略",
               "青禾县人民政府关于2026—2027年度森林防火期禁止野外用火的通告", label, 24, row2 + 350,
               360});
  TextStyle label2 = label;
  label2.size_px = 30;
  s.push_back({"ellipsis_large", "单行标签 · 省略 · 大字",
               "关于公布2026年度农村最低生活保障对象名单的公示", label2, 580, row2 + 350, 420});
  return s;
}

// clreq 禁则 (shared/data/clreq.md): marks that may not start / end a line.
bool forbidden_at_start(char32_t c) {
  static const std::u32string set = U"、，。：；！？．”’」』）】〕〗］｝》〉–～~·‧・/／";
  return set.find(c) != std::u32string::npos;
}
bool forbidden_at_end(char32_t c) {
  static const std::u32string set = U"“‘「『（【〔〖［｛《〈";
  return set.find(c) != std::u32string::npos;
}

char32_t decode_at(std::string_view s, size_t i, size_t* len) {
  const auto b = static_cast<unsigned char>(s[i]);
  int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  char32_t c = n == 1 ? b : b & (0x3F >> (n - 1));
  for (int k = 1; k < n && i + k < s.size(); ++k) c = (c << 6) | (s[i + k] & 0x3F);
  *len = static_cast<size_t>(n);
  return c;
}

// Code points of [begin, end) of s without trailing spaces / newline.
std::u32string code_points(std::string_view s, size_t begin, size_t end) {
  std::u32string out;
  for (size_t i = begin, n = 0; i < end && i < s.size(); i += n) out += decode_at(s, i, &n);
  while (!out.empty() && (out.back() == U' ' || out.back() == U'\n')) out.pop_back();
  return out;
}

// Checks what the page promises: no tofu, no 禁则 violation. Prints each problem; true when none.
bool check_layout(const Section& sec, const Layout& layout) {
  bool ok = true;
  if (layout.uncovered != 0) {
    std::fprintf(stderr, "%s: %u clusters drawn as tofu / 有 %u 处缺字\n", sec.name.c_str(),
                 layout.uncovered, layout.uncovered);
    ok = false;
  }
  // Nothing clipped: every line fits the width it was laid out for (layout.h invariant 5).
  if (layout.width > sec.width + 0.5f) {
    std::fprintf(stderr, "%s: %.1f px wide in a %.0f px box / 文字超出宽度\n", sec.name.c_str(),
                 layout.width, sec.width);
    ok = false;
  }
  for (size_t i = 0; i < layout.lines.size(); ++i) {
    const LayoutLine& line = layout.lines[i];
    const std::u32string cps = code_points(sec.text, line.byte_begin, line.byte_end);
    if (cps.empty()) continue;
    if (i > 0 && forbidden_at_start(cps.front())) {
      std::fprintf(stderr, "%s: line %zu starts with U+%04X / 行首禁则\n", sec.name.c_str(), i + 1,
                   static_cast<unsigned>(cps.front()));
      ok = false;
    }
    if (i + 1 < layout.lines.size() && forbidden_at_end(cps.back())) {
      std::fprintf(stderr, "%s: line %zu ends with U+%04X / 行尾禁则\n", sec.name.c_str(), i + 1,
                   static_cast<unsigned>(cps.back()));
      ok = false;
    }
  }
  return ok;
}

struct Sdl {
  SDL_Window* window = nullptr;
  SDL_Renderer* renderer = nullptr;
  SDL_Texture* target = nullptr;
  ~Sdl() {
    if (target) SDL_DestroyTexture(target);
    if (renderer) SDL_DestroyRenderer(renderer);
    if (window) SDL_DestroyWindow(window);
    SDL_Quit();
  }
};

int run(const std::string& out, const std::string& manifest, int frames) {
  auto engine_or = TextEngine::create(EngineConfig{manifest, 512, 8192});
  if (!engine_or.ok()) {
    std::fprintf(stderr, "%s\n", engine_or.error().message.c_str());
    return 1;
  }
  TextEngine& engine = *engine_or.value();

  Sdl sdl;
  if (SDL_Init(SDL_INIT_VIDEO) != 0) {
    std::fprintf(stderr, "SDL_Init: %s / 无法初始化显示\n", SDL_GetError());
    return 1;
  }
  sdl.window = SDL_CreateWindow("gongkai text page", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                kPageW, kPageH, SDL_WINDOW_SHOWN);
  if (sdl.window) sdl.renderer = SDL_CreateRenderer(sdl.window, -1, SDL_RENDERER_TARGETTEXTURE);
  if (sdl.renderer) {
    sdl.target = SDL_CreateTexture(sdl.renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET,
                                   kPageW, kPageH);
  }
  if (!sdl.target) {
    std::fprintf(stderr, "SDL window/renderer: %s / 无法创建窗口\n", SDL_GetError());
    return 1;
  }
  SDL_RendererInfo info;
  SDL_GetRendererInfo(sdl.renderer, &info);
  std::printf("renderer: %s\n", info.name);

  IMGUI_CHECKVERSION();
  ImGuiContext* imgui = ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui_ImplSDL2_InitForSDLRenderer(sdl.window);
  ImGui_ImplSDLRenderer_Init(sdl.renderer);

  bool ok = true;
  std::vector<Uint32> pixels(static_cast<size_t>(kPageW) * kPageH);
  std::ofstream regions(out + ".tsv");
  {
    GlyphAtlas atlas(sdl.renderer, face_lookup(engine.fonts()));
    const std::vector<Section> secs = sections();
    TextStyle caption;
    caption.size_px = 17;
    for (int frame = 0; frame < frames; ++frame) {
      for (SDL_Event e; SDL_PollEvent(&e);) ImGui_ImplSDL2_ProcessEvent(&e);
      atlas.begin_frame();
      ImGui_ImplSDLRenderer_NewFrame();
      ImGui_ImplSDL2_NewFrame();
      ImGui::NewFrame();
      ImDrawList* dl = ImGui::GetBackgroundDrawList();
      dl->AddRectFilled(ImVec2(0, 0), ImVec2(kPageW, kPageH), IM_COL32(255, 255, 255, 255));
      auto title = engine.layout(
          "gongkai 文字引擎测试页 · Noto Sans CJK SC + 花园明朝 + BabelStone Han + UKIJ + Noto "
          "Serif Tibetan",
          caption, kPageW);
      draw_layout(dl, atlas, *title, ImVec2(24, 10), IM_COL32(90, 90, 90, 255));
      uint32_t missing = 0;
      for (const Section& sec : secs) {
        auto cap = engine.layout(sec.label, caption, sec.width);
        draw_layout(dl, atlas, *cap, ImVec2(sec.x, sec.y - 28), kLabel);
        auto layout = engine.layout(sec.text, sec.style, sec.width);
        // The text box: its width as laid out for, a faint frame so clipping would show.
        dl->AddRect(ImVec2(sec.x - 2, sec.y - 2),
                    ImVec2(sec.x + sec.width + 2, sec.y + layout->height + 2),
                    IM_COL32(200, 210, 230, 255));
        const DrawStats ds = draw_layout(dl, atlas, *layout, ImVec2(sec.x, sec.y), kInk);
        missing += ds.missing + cap->uncovered;
        if (frame == frames - 1) {
          ok = check_layout(sec, *layout) && ok;
          regions << sec.name << '\t' << sec.x << '\t' << sec.y << '\t' << sec.width << '\t'
                  << layout->height << '\n';
          std::printf("%-15s %2zu lines, %4zu glyphs, height %.0f, uncovered %u\n",
                      sec.name.c_str(), layout->lines.size(), layout->glyphs.size(), layout->height,
                      layout->uncovered);
        }
      }
      if (missing != 0) {
        std::fprintf(stderr, "frame %d: %u glyphs missing / 字形缺失\n", frame, missing);
        ok = false;
      }
      ImGui::Render();
      SDL_SetRenderTarget(sdl.renderer, sdl.target);
      SDL_SetRenderDrawColor(sdl.renderer, 255, 255, 255, 255);
      SDL_RenderClear(sdl.renderer);
      ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
      if (frame == frames - 1) {
        SDL_RenderReadPixels(sdl.renderer, nullptr, SDL_PIXELFORMAT_ARGB8888, pixels.data(),
                             kPageW * 4);
      }
      SDL_SetRenderTarget(sdl.renderer, nullptr);
      SDL_RenderCopy(sdl.renderer, sdl.target, nullptr, nullptr);  // also on screen (Xvfb)
      SDL_RenderPresent(sdl.renderer);
    }
    const AtlasStats& st = atlas.stats();
    std::printf("atlas: %zu bytes in %d pages, %zu glyphs, %llu hits, %llu misses, %llu failed\n",
                st.texture_bytes, st.pages, st.glyphs, static_cast<unsigned long long>(st.hits),
                static_cast<unsigned long long>(st.misses),
                static_cast<unsigned long long>(st.failed_requests));
  }
  ImGui_ImplSDLRenderer_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext(imgui);

  gongkai::text::testing::Image image{kPageW, kPageH, std::move(pixels)};
  if (const std::string err = gongkai::text::testing::write_png(out, image); !err.empty()) {
    std::fprintf(stderr, "%s\n", err.c_str());
    return 1;
  }
  std::printf("wrote %s\n", out.c_str());
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string out = "textpage.png";
  std::string manifest = default_manifest_path();
  int frames = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--out") == 0)
      out = argv[i + 1];
    else if (std::strcmp(argv[i], "--manifest") == 0)
      manifest = argv[i + 1];
    else if (std::strcmp(argv[i], "--frames") == 0)
      frames = std::max(1, std::atoi(argv[i + 1]));
    else {
      std::fprintf(stderr, "usage: %s --out FILE.png [--manifest PATH] [--frames N]\n", argv[0]);
      return 2;
    }
  }
  return run(out, manifest, frames);
}
