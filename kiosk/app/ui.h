// ui.h — the one explicit context the immediate-mode screens draw through (STYLE habit 8):
// `draw_screen(Ui&, const Model&) -> Action`. No retained widget tree: every frame each screen
// lays out and draws what is visible and hit-tests this frame's tap against what it drew.
//
// Input per frame: the draw list, the canvas size, this frame's tap (if any), the finger position
// while pressed (for press feedback), the scroll offset of the screen's scroll view, the time.
// Output: draw commands appended to the ImDrawList; an Action (what the citizen asked for).
//
// All visible text goes through the project's text engine (DESIGN §6; never ImGui's font):
// Ui::text() lays out with gongkai::text::TextEngine (cached by text, width and style) and draws
// with gongkai::text::draw_layout into the glyph atlas.
//
// Invariants:
//  1. A tap is consumed by at most one widget per frame (the first that hits).
//  2. Widgets inside the scroll view only hit-test inside the view's clip rectangle, so a tap on
//     the fixed header never reaches a row scrolled beneath it.
#pragma once

#include <SDL.h>
#include <imgui.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "app/nav.h"
#include "app/qr.h"
#include "app/theme.h"
#include "app/ui_strings.h"
#include "text/atlas.h"
#include "text/text_engine.h"

namespace gongkai::kiosk {

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
  float right() const { return x + w; }
  float bottom() const { return y + h; }
  bool contains(ImVec2 p) const { return p.x >= x && p.x < x + w && p.y >= y && p.y < y + h; }
  bool overlaps_y(float top, float bot) const { return y < bot && y + h > top; }
};

// What a screen asks the app to do after this frame.
struct Action {
  enum class Kind {
    None,
    Push,
    Back,
    Home,
    ToggleElder,
    ToggleContrast,
    SelectTab,
    SelectCategory,
    PinKey,
    PinClear,
    PinSubmit,
    ExitStaff,
    SyncNow  // staff page "立即同步"
  };
  Kind kind = Kind::None;
  Route route;       // Push
  int index = 0;     // SelectTab
  std::string text;  // SelectCategory, PinKey

  static Action push(Route r) {
    Action a;
    a.kind = Kind::Push;
    a.route = std::move(r);
    return a;
  }
  static Action with(Kind k, int index, std::string text = {}) {
    Action a;
    a.kind = k;
    a.index = index;
    a.text = std::move(text);
    return a;
  }
};

// The staff page's sync status row: the last feed cycle, whoever started it (sync_worker.h
// invariant 5: Started, then Cycle or Error).
enum class SyncNowState {
  Idle,       // no cycle since start
  Requested,  // "立即同步" pressed, the worker has not begun yet
  Running,    // a cycle runs
  Applied,    // the last cycle applied a new generation (sync_now_generation)
  UpToDate,   // the last cycle found nothing newer
  Failed,     // the last cycle failed (sync_now_detail)
  NoFeed,     // "立即同步" pressed but no feed_url is configured (USB only)
  NoWorker,   // "立即同步" pressed but no worker runs (scripted run without --sync-worker)
};
const char* sync_now_name(SyncNowState s);  // for `report`: "idle", "running", "applied" …

// Frame-to-frame view state owned by the app (not content): which tab, what PIN was typed …
struct ViewState {
  bool elder = false;
  bool high_contrast = false;
  std::string pin_digits;
  bool pin_wrong = false;
  bool pin_locked = false;                           // no valid hash configured
  int board_page = 0;                                // board: page of the current notice
  int board_notice = 0;                              // board: index into the carousel
  double board_progress = 0;                         // 0..1 of the dwell time
  int board_prev_page = -1, board_prev_notice = -1;  // the page fading out
  double board_fade = 1;                             // 0 → 1 cross-fade progress
  std::vector<std::string> config_problems;          // for the staff page
  std::vector<std::string> runtime_errors;           // for the staff page
  std::string config_path;
  std::string mode_name;
  std::string region;
  // Signed sync (issue #5), for the staff page; `sync_on` false = sync not configured.
  bool sync_on = false;
  std::optional<int64_t> sync_generation;  // active generation; nullopt = bundled/--db content
  std::optional<int64_t> last_sync, last_issued;  // trusted Unix seconds
  bool stale = false;                             // > 48 h since the last signed issued time
  std::string sync_error;                         // last cycle's error ("" = none)
  std::string last_usb;                           // last USB result banner (Chinese)
  uint64_t sync_storage_bytes = 0, sync_free_bytes = 0;
  bool sync_feed = false;  // a feed_url is configured ("立即同步" can do something)
  SyncNowState sync_now = SyncNowState::Idle;
  int64_t sync_now_generation = 0;  // Applied / UpToDate: the active generation after it
  std::string sync_now_detail;      // Failed: the error ("English / 中文")
  std::string usb_banner;           // shown over every screen for a few seconds after an import
};

// Per-frame outputs the app needs besides the Action.
struct FrameReport {
  float content_height = 0;     // of the scroll view, px
  Rect scroll_view;             // where the scroll view is, px
  int board_pages = 1;          // board: pages of the current notice
  uint32_t tofu = 0;            // .notdef glyphs drawn this frame (must stay 0)
  uint32_t missing_glyphs = 0;  // glyphs the atlas could not supply this frame
  uint32_t text_overflows = 0;  // layouts wider than their box (an unbreakable run)
  uint32_t kinsoku = 0;         // lines starting/ending with a clreq 禁则 mark (must stay 0)
  std::vector<std::pair<std::string, Rect>> targets;  // named tap targets (visible part)
};

class ImageCache;  // SDL textures of notice images, by name

class Ui {
 public:
  Ui(ImDrawList* dl, text::TextEngine& engine, text::GlyphAtlas& atlas, SDL_Renderer* renderer,
     ImageCache& images, const UiStrings& strings, ImVec2 size, float display_scale,
     const ViewState& view);

  // ---- context ------------------------------------------------------------------------------
  ImDrawList* dl;
  const Palette& pal;
  const Metrics m;
  const UiStrings& str;
  const ImVec2 size;
  const float scale;
  const ViewState& view;
  bool portrait() const { return size.y > size.x; }

  // ---- input --------------------------------------------------------------------------------
  std::optional<ImVec2> tap;       // set by the app for the frame a tap happened
  std::optional<ImVec2> pressing;  // finger down and not (yet) a drag: press feedback
  double scroll = 0;               // offset of the scroll view this frame
  double time_s = 0;               // app time, for animations
  // True (once) when this frame's tap is inside r (and inside the current clip).
  // `name` registers r as a tap target for --input-script's `tapon NAME` ("domain:18", "back").
  bool tapped(const Rect& r, std::string_view name = {});
  bool pressed(const Rect& r) const;

  // ---- text ---------------------------------------------------------------------------------
  text::TextStyle style(float size_px, text::Align align = text::Align::Start,
                        int max_lines = 0) const;
  std::shared_ptr<const text::Layout> layout(std::string_view s, const text::TextStyle& st,
                                             float w);
  // Draws a laid-out paragraph; returns its height. Skips drawing when outside the clip.
  float draw_text(const text::Layout& l, ImVec2 pos, Rgb color, float alpha = 1);
  // Lays out and draws in one go; returns the height.
  float text(std::string_view s, ImVec2 pos, float size_px, float w, Rgb color,
             text::Align align = text::Align::Start, int max_lines = 0);
  float text_height(std::string_view s, float size_px, float w, int max_lines = 0);
  float text_width(std::string_view s, float size_px);

  // ---- shapes and widgets ---------------------------------------------------------------------
  void fill(const Rect& r, Rgb c, float rounding = 0, float alpha = 1);
  void outline(const Rect& r, Rgb c, float rounding = 0, float thickness = 2);
  // A button with a centred one-line label; true when tapped.
  bool button(const Rect& r, std::string_view label, Rgb bg, Rgb fg, float text_px,
              std::string_view name = {});
  // A chip: rounded label sized to its text; returns its width.
  float chip(ImVec2 pos, std::string_view label, Rgb bg, Rgb fg, float text_px);
  void qr(const QrMatrix& q, const Rect& box);
  // Draws a PNG notice image scaled to width w; returns the height used (0 when unavailable).
  float image(const std::string& key, const std::vector<uint8_t>& png, ImVec2 pos, float w);
  // Height image() would use at width w; 0 when the bytes are not a displayable PNG.
  float image_height(const std::string& key, const std::vector<uint8_t>& png, float w);
  // The fixed top bar with a back button (when `back`) and a title; true when back was tapped.
  bool header(std::string_view title, bool back, std::string_view right_text = {});

  // ---- clipping -----------------------------------------------------------------------------
  void push_clip(const Rect& r);
  void pop_clip();
  Rect clip() const;
  bool visible(float top, float bottom) const;  // vertical band intersects the clip

  FrameReport report;

 private:
  text::TextEngine& engine_;
  text::GlyphAtlas& atlas_;
  SDL_Renderer* renderer_;
  ImageCache& images_;
  std::vector<Rect> clips_;
};

// SDL textures for decoded PNG images, kept across frames, keyed by image name.
class ImageCache {
 public:
  explicit ImageCache(SDL_Renderer* r) : renderer_(r) {}
  // Texture and size, created on first use; nullptr when the bytes are not a PNG.
  SDL_Texture* get(const std::string& key, const std::vector<uint8_t>& png, int* w, int* h);
  void clear() { textures_.clear(); }

 private:
  struct Entry {
    std::unique_ptr<SDL_Texture, void (*)(SDL_Texture*)> tex{nullptr, SDL_DestroyTexture};
    int w = 0, h = 0;
  };
  SDL_Renderer* renderer_;
  std::map<std::string, Entry> textures_;
};

}  // namespace gongkai::kiosk
