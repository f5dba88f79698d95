// ui.cpp — the Ui context: text through the project's text engine, shapes, hit testing (ui.h).
#include "app/ui.h"

#include <algorithm>
#include <cmath>

#include "app/png_io.h"
#include "text/draw.h"

namespace gongkai::kiosk {

const char* sync_now_name(SyncNowState s) {
  switch (s) {
    case SyncNowState::Idle:
      return "idle";
    case SyncNowState::Requested:
      return "requested";
    case SyncNowState::Running:
      return "running";
    case SyncNowState::Applied:
      return "applied";
    case SyncNowState::UpToDate:
      return "up_to_date";
    case SyncNowState::Failed:
      return "failed";
    case SyncNowState::NoFeed:
      return "no_feed";
    case SyncNowState::NoWorker:
      return "no_worker";
  }
  return "?";
}

Ui::Ui(ImDrawList* draw_list, text::TextEngine& engine, text::GlyphAtlas& atlas,
       SDL_Renderer* renderer, ImageCache& images, const UiStrings& strings, ImVec2 canvas,
       float display_scale, const ViewState& v)
    : dl(draw_list),
      pal(palette(v.high_contrast ? PaletteKind::HighContrast : PaletteKind::Standard)),
      m(metrics(v.elder, display_scale)),
      str(strings),
      size(canvas),
      scale(display_scale),
      view(v),
      engine_(engine),
      atlas_(atlas),
      renderer_(renderer),
      images_(images) {
  clips_.push_back({0, 0, canvas.x, canvas.y});
}

// ---- input ------------------------------------------------------------------------------------

bool Ui::tapped(const Rect& r, std::string_view name) {
  if (!name.empty()) {
    const Rect c = clip();
    const float x0 = std::max(c.x, r.x), y0 = std::max(c.y, r.y);
    const float x1 = std::min(c.right(), r.right()), y1 = std::min(c.bottom(), r.bottom());
    if (x1 > x0 && y1 > y0)
      report.targets.emplace_back(std::string(name), Rect{x0, y0, x1 - x0, y1 - y0});
  }
  if (!tap || !r.contains(*tap) || !clip().contains(*tap)) return false;
  tap.reset();  // invariant 1: one widget per tap
  return true;
}

bool Ui::pressed(const Rect& r) const {
  return pressing && r.contains(*pressing) && clip().contains(*pressing);
}

// ---- text -------------------------------------------------------------------------------------

text::TextStyle Ui::style(float size_px, text::Align align, int max_lines) const {
  text::TextStyle st;
  st.size_px = std::round(size_px);
  st.line_height = m.line_height;
  st.align = align;
  st.max_lines = max_lines;
  st.ellipsis = max_lines > 0;
  return st;
}

namespace {

// The code point starting at byte i of s (0 when out of range or malformed).
char32_t code_point_at(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  const auto b = static_cast<unsigned char>(s[i]);
  const int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  if (i + static_cast<size_t>(n) > s.size()) return 0;
  char32_t cp = n == 1 ? b : b & (0x3F >> (n - 1));
  for (int k = 1; k < n; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
  return cp;
}

// The code point ending just before byte e of s.
char32_t code_point_before(std::string_view s, size_t e) {
  if (e == 0 || e > s.size()) return 0;
  size_t i = e - 1;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return code_point_at(s, i);
}

// clreq 禁则 as DESIGN §6.4 lists them: marks that may not start a line, and marks that may not
// end one. The text engine guarantees this (layout.h invariant 4); the UI counts violations in
// what it draws so that the GUI tests can assert there are none on real screens.
constexpr std::u32string_view kNoLineStart = U"，。、；：？！）》」』】〕·～／…";
constexpr std::u32string_view kNoLineEnd = U"（《「『【〔";

uint32_t kinsoku_violations(std::string_view s, const text::Layout& l) {
  uint32_t n = 0;
  for (size_t i = 0; i < l.lines.size(); ++i) {
    const text::LayoutLine& line = l.lines[i];
    if (i > 0 && kNoLineStart.find(code_point_at(s, line.byte_begin)) != std::u32string_view::npos)
      ++n;
    // The end of a line's content: before trailing spaces and the newline.
    size_t e = line.byte_end;
    while (e > line.byte_begin && (s[e - 1] == ' ' || s[e - 1] == '\n')) --e;
    if (i + 1 < l.lines.size() && !l.truncated &&
        kNoLineEnd.find(code_point_before(s, e)) != std::u32string_view::npos)
      ++n;
  }
  return n;
}

}  // namespace

std::shared_ptr<const text::Layout> Ui::layout(std::string_view s, const text::TextStyle& st,
                                               float w) {
  auto l = engine_.layout(s, st, std::max(1.0f, std::floor(w)));
  report.kinsoku += kinsoku_violations(s, *l);
  return l;
}

float Ui::draw_text(const text::Layout& l, ImVec2 pos, Rgb color, float alpha) {
  if (!visible(pos.y, pos.y + l.height)) return l.height;
  const Rect c = clip();
  const ImVec4 clip4(c.x, c.y, c.right(), c.bottom());
  const auto a = static_cast<uint8_t>(std::clamp(alpha, 0.0f, 1.0f) * 255.0f);
  const text::DrawStats st = text::draw_layout(
      dl, atlas_, l, ImVec2(std::round(pos.x), std::round(pos.y)), color.abgr(a), &clip4);
  report.tofu += l.uncovered;
  report.missing_glyphs += st.missing;
  if (l.width > l.max_width + 1.0f) ++report.text_overflows;
  return l.height;
}

float Ui::text(std::string_view s, ImVec2 pos, float size_px, float w, Rgb color, text::Align align,
               int max_lines) {
  if (s.empty()) return 0;
  const auto l = layout(s, style(size_px, align, max_lines), w);
  return draw_text(*l, pos, color);
}

float Ui::text_height(std::string_view s, float size_px, float w, int max_lines) {
  if (s.empty()) return 0;
  return layout(s, style(size_px, text::Align::Start, max_lines), w)->height;
}

float Ui::text_width(std::string_view s, float size_px) {
  if (s.empty()) return 0;
  return layout(s, style(size_px), 1e6f)->width;
}

// ---- shapes and widgets -----------------------------------------------------------------------

void Ui::fill(const Rect& r, Rgb c, float rounding, float alpha) {
  if (!visible(r.y, r.bottom())) return;
  const auto a = static_cast<uint8_t>(std::clamp(alpha, 0.0f, 1.0f) * 255.0f);
  dl->AddRectFilled(ImVec2(r.x, r.y), ImVec2(r.right(), r.bottom()), c.abgr(a), rounding);
}

void Ui::outline(const Rect& r, Rgb c, float rounding, float thickness) {
  if (!visible(r.y, r.bottom())) return;
  dl->AddRect(ImVec2(r.x, r.y), ImVec2(r.right(), r.bottom()), c.abgr(), rounding, 0, thickness);
}

bool Ui::button(const Rect& r, std::string_view label, Rgb bg, Rgb fg, float text_px,
                std::string_view name) {
  fill(r, bg, m.radius, pressed(r) ? 0.75f : 1.0f);
  const auto l = layout(label, style(text_px, text::Align::Center, 1), r.w - m.gap);
  draw_text(*l, ImVec2(r.x + m.gap / 2, r.y + (r.h - l->height) / 2), fg);
  return tapped(r, name);
}

float Ui::chip(ImVec2 pos, std::string_view label, Rgb bg, Rgb fg, float text_px) {
  const auto l = layout(label, style(text_px), size.x);
  const float w = l->width + 2 * m.gap, h = l->height + m.gap / 2;
  fill({pos.x, pos.y, w, h}, bg, h / 2);
  if (view.high_contrast) outline({pos.x, pos.y, w, h}, fg, h / 2, 2);
  draw_text(*l, ImVec2(pos.x + m.gap, pos.y + m.gap / 4), fg);
  return w;
}

void Ui::qr(const QrMatrix& q, const Rect& box) {
  const int total = q.size + 2 * kQrQuietZoneModules;
  const float module = std::floor(std::min(box.w, box.h) / static_cast<float>(total));
  if (module < 1) return;
  const float side = module * static_cast<float>(total);
  const float x0 = box.x + (box.w - side) / 2, y0 = box.y + (box.h - side) / 2;
  // The quiet zone and light modules are white in every theme: scanners expect dark-on-light.
  fill({x0, y0, side, side}, Rgb{255, 255, 255});
  const float ox = x0 + module * kQrQuietZoneModules, oy = y0 + module * kQrQuietZoneModules;
  for (int y = 0; y < q.size; ++y) {
    int run = -1;  // merge horizontal runs of dark modules into one rectangle
    for (int x = 0; x <= q.size; ++x) {
      const bool dark = x < q.size && q.at(x, y);
      if (dark && run < 0) run = x;
      if (!dark && run >= 0) {
        dl->AddRectFilled(
            ImVec2(ox + module * static_cast<float>(run), oy + module * static_cast<float>(y)),
            ImVec2(ox + module * static_cast<float>(x), oy + module * static_cast<float>(y + 1)),
            IM_COL32(0, 0, 0, 255));
        run = -1;
      }
    }
  }
}

float Ui::image_height(const std::string& key, const std::vector<uint8_t>& png, float w) {
  int iw = 0, ih = 0;
  if (!images_.get(key, png, &iw, &ih) || iw <= 0) return 0;
  const float draw_w = std::min(w, static_cast<float>(iw) * scale * 1.5f);
  return draw_w * static_cast<float>(ih) / static_cast<float>(iw);
}

float Ui::image(const std::string& key, const std::vector<uint8_t>& png, ImVec2 pos, float w) {
  int iw = 0, ih = 0;
  SDL_Texture* t = images_.get(key, png, &iw, &ih);
  if (!t || iw <= 0) return 0;
  const float draw_w = std::min(w, static_cast<float>(iw) * scale * 1.5f);
  const float h = draw_w * static_cast<float>(ih) / static_cast<float>(iw);
  if (visible(pos.y, pos.y + h)) {
    const float x = pos.x + (w - draw_w) / 2;
    dl->AddImage(reinterpret_cast<ImTextureID>(t), ImVec2(x, pos.y), ImVec2(x + draw_w, pos.y + h));
  }
  return h;
}

bool Ui::header(std::string_view title, bool back, std::string_view right_text) {
  const Rect bar{0, 0, size.x, m.header_h};
  fill(bar, pal.header);
  float x = m.pad;
  bool went_back = false;
  if (back) {
    // The back button is always at the same place, top left (issue #4).
    const float bw =
        std::max(m.target * 2.2f, text_width(str.get("common.back"), m.body) + 3 * m.gap);
    const Rect b{m.pad / 2, (m.header_h - m.target) / 2, bw, m.target};
    fill(b, pal.header_text, m.radius, pressed(b) ? 0.35f : 0.18f);
    const float cy = b.y + b.h / 2, ax = b.x + m.gap + m.body * 0.35f, arm = m.body * 0.35f;
    const ImVec2 chevron[3] = {ImVec2(ax, cy - arm), ImVec2(ax - arm, cy), ImVec2(ax, cy + arm)};
    dl->AddPolyline(chevron, 3, pal.header_text.abgr(), 0, std::max(2.0f, 3 * scale));
    text(str.get("common.back"),
         ImVec2(ax + m.gap / 2, cy - text_height(str.get("common.back"), m.body, 1e6f) / 2), m.body,
         b.right() - ax, pal.header_text);
    went_back = tapped(b, "back");
    x = b.right() + m.gap;
  }
  float right_w = 0;
  if (!right_text.empty()) {
    const auto l = layout(right_text, style(m.body, text::Align::End, 1), size.x * 0.45f);
    right_w = l->width + m.pad;
    draw_text(*l, ImVec2(size.x - m.pad - l->max_width, (m.header_h - l->height) / 2),
              pal.header_text);
  }
  const auto t =
      layout(title, style(m.heading, text::Align::Start, 1), size.x - x - right_w - m.pad);
  draw_text(*t, ImVec2(x, (m.header_h - t->height) / 2), pal.header_text);
  return went_back;
}

// ---- clipping ---------------------------------------------------------------------------------

void Ui::push_clip(const Rect& r) {
  const Rect c = clip();
  const float x0 = std::max(c.x, r.x), y0 = std::max(c.y, r.y);
  const float x1 = std::min(c.right(), r.right()), y1 = std::min(c.bottom(), r.bottom());
  const Rect n{x0, y0, std::max(0.0f, x1 - x0), std::max(0.0f, y1 - y0)};
  clips_.push_back(n);
  dl->PushClipRect(ImVec2(n.x, n.y), ImVec2(n.right(), n.bottom()), true);
}

void Ui::pop_clip() {
  if (clips_.size() <= 1) return;
  clips_.pop_back();
  dl->PopClipRect();
}

Rect Ui::clip() const { return clips_.back(); }

bool Ui::visible(float top, float bottom) const { return clip().overlaps_y(top, bottom); }

// ---- images -----------------------------------------------------------------------------------

SDL_Texture* ImageCache::get(const std::string& key, const std::vector<uint8_t>& png, int* w,
                             int* h) {
  auto it = textures_.find(key);
  if (it == textures_.end()) {
    Entry e;
    if (const auto img = decode_png(png)) {
      e.tex.reset(SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STATIC,
                                    img->width, img->height));
      if (e.tex) {
        SDL_UpdateTexture(e.tex.get(), nullptr, img->pixels.data(), img->width * 4);
        SDL_SetTextureBlendMode(e.tex.get(), SDL_BLENDMODE_BLEND);
        e.w = img->width;
        e.h = img->height;
      }
    }
    it = textures_.emplace(key, std::move(e)).first;  // failures are cached too: decode once
  }
  *w = it->second.w;
  *h = it->second.h;
  return it->second.tex.get();
}

}  // namespace gongkai::kiosk
