// app.cpp — gongkai-kiosk: window, frame loop, input, navigation and screenshots (issue #4).
//
// One readable frame (STYLE habit 10):
//     events → sync inbox → update → render → present
//   events       SDL events (real or injected by --input-script) → gestures → scroll / taps
//   sync inbox   messages of the sync worker thread (sync_worker.h: new generation, USB banner,
//                status), then GenerationWatch::changed(): a flip asks the content loader
//                (content_loader.h) to open the new generation and read this screen's model on
//                its own thread; so does the periodic re-read by which notices enter and leave
//                公示. A finished load is swapped in here, between two frames (a pointer move:
//                store, model, status), so a frame shows the old generation or the new one, never
//                a mix (DESIGN §2), and the frame never waits for SQLite to open or read a
//                generation. The old store and model are freed on the loader thread.
//   update       kinetic scrolling, idle timeout, board carousel, screen-on hours
//   render       draw_screen(Ui&, Model) into ImGui's background draw list; act on its Action
//   present      SDL_RenderPresent (after a screenshot, if one is due)
//
// Clock: real time normally; a simulated clock advancing kFrameS per frame under --screenshot or
// --input-script, so tests are deterministic and never sleep. The trusted time shown and used for
// 公示 states is --now (advanced by the same clock), else, when sync is configured, the
// TrustedClock (max(system clock, persisted floor): a clock rolled back resurrects nothing,
// DESIGN §5), else the system clock.
//
// Content: the active generation of [sync] data_dir (GenerationWatch, read-only) when one was
// applied, else --db / content_db. The first frame loads it synchronously (nothing to show
// before); navigation reads the UI's own store synchronously (the tapped screen must show at
// once); everything that follows a flip or the clock goes through the loader. Thread ownership:
// store_ and watch_ are the UI thread's only; the loader opens its own connections and hands a
// Store over once, under its mutex (content_loader.h invariant 1). Sync is configured when data_dir
// holds a state DB or trust_root is readable; the worker thread runs then, except in scripted runs
// (--screenshot,
// --input-script), which read the active generation but start no worker so they stay
// deterministic (unless --sync-worker; the script's `settle` then waits for worker and loader).
// The network is never waited for: the worker owns every blocking call.
#include "app/app.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <deque>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/calendar.h"
#include "app/config.h"
#include "app/content_loader.h"
#include "app/gesture.h"
#include "app/kinetic.h"
#include "app/model.h"
#include "app/nav.h"
#include "app/pin.h"
#include "app/png_io.h"
#include "app/screens.h"
#include "app/script_player.h"
#include "app/sync_worker.h"
#include "app/ui.h"
#include "app/ui_strings.h"
#include "apply/clock.h"
#include "apply/state.h"
#include "gongkai/store.h"
#include "text/atlas.h"
#include "text/draw.h"
#include "text/text_engine.h"

#ifndef GONGKAI_DATA_DIR
#define GONGKAI_DATA_DIR "/usr/share/gongkai"
#endif

namespace gongkai::kiosk {
namespace {

// ---- limits, with units -------------------------------------------------------------------------
constexpr double kModelRefreshS =
    30.0;                             // re-read the store this often (公示 states move with time)
constexpr double kUsbBannerS = 8.0;   // a USB result banner stays on screen this long
constexpr double kMaxFrameDtS = 0.1;  // a stalled frame does not make scrolling jump
constexpr double kIdleFadeS = 0.35;   // idle timeout → home: fade-in of the home screen
constexpr double kCrossFadeS = 0.6;   // board: cross-fade between pages
constexpr Uint32 kIdleWaitMs = 250;   // nothing moving: wait for events at most this long
constexpr Uint32 kBlankWaitMs = 1000;        // board outside screen-on hours
constexpr float kStaffCornerTargets = 2.0f;  // staff long-press area: top-right, in touch targets
constexpr int kWarmupFrames = 2;
constexpr size_t kFrameTimeWindow = 600;  // frames kept for the frame-time quantiles
constexpr double kSettleTimeoutS = 60.0;  // script `settle`: real seconds before giving up

// ---- RAII for SDL and ImGui ---------------------------------------------------------------------
struct SdlDeleter {
  void operator()(SDL_Window* w) const { SDL_DestroyWindow(w); }
  void operator()(SDL_Renderer* r) const { SDL_DestroyRenderer(r); }
};
struct SdlSession {
  bool ok = SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) == 0;
  ~SdlSession() { SDL_Quit(); }
};
struct ImGuiSession {
  explicit ImGuiSession(SDL_Renderer* r) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini on a kiosk
    ImGui_ImplSDLRenderer_Init(r);
  }
  ~ImGuiSession() {
    ImGui_ImplSDLRenderer_Shutdown();
    ImGui::DestroyContext();
  }
};

bool parse_size(const std::string& s, int* w, int* h) {
  return std::sscanf(s.c_str(), "%dx%d", w, h) == 2 && *w >= 320 && *h >= 320 && *w <= 8192 &&
         *h <= 8192;
}

void usage() {
  std::cerr
      << "usage: gongkai-kiosk [--config FILE] [--db FILE] [--data-dir DIR] [--windowed]\n"
         "       [--size WxH] [--portrait] [--elder] [--high-contrast] [--now ISO8601]\n"
         "       [--screenshot FILE.png --screen ROUTE] [--input-script FILE]\n"
         "       [--frame-log FILE] [--sync-after SECONDS] [--sync-worker] [--load-in-frame]\n"
         "       | --hash-pin\n"
         "ROUTE: home | domain:<code> | item:<id> | notices | notice:<id> | board | staff | pin\n"
         "用法见 docs/ui.md\n";
}

std::string json_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    o += c;
  }
  return o;
}

class App {
 public:
  explicit App(const Options& o) : opt_(o) {}
  int run();

 private:
  bool init();
  bool frame();
  void handle_event(const SDL_Event& e);
  void on_gesture(const Gesture& g);
  void drain_sync_inbox();
  void update(double dt);
  void update_board(double dt);
  void render();
  void apply(const Action& a);
  void go(const Route& r);
  void reload();
  void adopt_model(Model m);
  ContentRequest content_request(bool reopen) const;
  void request_content(bool reopen);
  void adopt_content(LoadedContent c);
  ModelInputs model_inputs() const;
  void setup_sync();
  void refresh_sync_status();
  void sync_now();
  void log_event(const std::string& what);
  double since_start_ms() const;
  void on_sync_message(const SyncMessage& m);
  void draw_usb_banner(Ui& ui);
  void after_render();
  bool capture(const std::string& path);
  void report();
  bool resolve_target(TimedEvent& e);
  void reset_textures();
  void record_frame_time(Uint64 start);
  double frame_ms_quantile(double q) const;
  bool scripted() const { return !opt_.input_script.empty() || !opt_.screenshot.empty(); }
  int64_t now() const;
  void canvas_size(int* w, int* h) const;
  bool screen_on() const;
  int home_items() const {
    int n = 0;
    for (const auto& d : model_.home.domains) n += d.item_count;
    return n;
  }

  Options opt_;
  LoadedConfig cfg_;
  UiStrings strings_;
  std::unique_ptr<Store> store_;
  std::string store_error_;
  // Sync (issue #5). The inbox outlives the worker (members are destroyed in reverse order).
  SyncInbox inbox_;
  ContentLoader loader_;  // stopped in run() before the store it may still be closing matters
  std::unique_ptr<SyncWorker> worker_;
  std::optional<apply::GenerationWatch> watch_;
  std::optional<apply::TrustedClock> trusted_;
  double usb_banner_until_ = 0;
  std::unique_ptr<SdlSession> sdl_;
  std::unique_ptr<SDL_Window, SdlDeleter> window_;
  std::unique_ptr<SDL_Renderer, SdlDeleter> renderer_;
  std::unique_ptr<ImGuiSession> imgui_;
  // Scripted runs draw into a texture of exactly the requested size: a hidden X window may be
  // resized by the X server to fit its screen (a portrait 1080×1920 on a 1920×1080 Xvfb).
  std::unique_ptr<SDL_Texture, void (*)(SDL_Texture*)> canvas_{nullptr, SDL_DestroyTexture};
  std::unique_ptr<text::TextEngine> engine_;
  std::unique_ptr<text::GlyphAtlas> atlas_;
  std::unique_ptr<ImageCache> images_;
  std::unique_ptr<ScriptPlayer> player_;

  Navigator nav_;
  KineticScroll scroll_;
  std::optional<double> pending_scroll_;  // restore after "back" once the extent is known
  GestureTracker gestures_;
  IdleTimer idle_{90};
  ViewState view_;
  Model model_;
  FrameReport last_report_;
  int notices_tab_ = 0;
  std::string notices_category_;
  std::optional<ImVec2> tap_, pressing_;
  double t_ = 0, last_reload_t_ = 0, idle_fade_ = 0, board_page_t_ = 0;
  int64_t fixed_now_ = 0;
  bool quit_ = false, failed_ = false;
  bool blanked_ = false;  // board outside screen-on hours
  std::vector<TimedEvent> captures_;
  // CPU time of update + render (the draw data submitted, not the present), ms, last frames only:
  // what the benchmark asks for (median and p99 while kinetic-scrolling).
  std::deque<double> frame_ms_;
  Uint64 start_counter_ = 0;
  double first_frame_ms_ = 0;         // cold start: config, store, window, fonts, first frame drawn
  std::optional<ImVec2> target_pos_;  // where the current `tapon` pressed
  int frames_ = 0;
  Uint64 last_counter_ = 0;
  // --frame-log: one line per frame and per sync/content event (bench/apply/kiosk_loop.sh).
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> frame_log_{nullptr, std::fclose};
  // Script `settle`: frames run with the clock stopped until worker and loader are idle.
  bool settling_ = false;
  Uint64 settle_start_ = 0;
  bool drained_any_ = false;  // this frame drained a message from the sync inbox
};

void App::canvas_size(int* w, int* h) const {
  if (canvas_) {
    SDL_QueryTexture(canvas_.get(), nullptr, nullptr, w, h);
  } else {
    SDL_GetRendererOutputSize(renderer_.get(), w, h);
  }
}

int64_t App::now() const {
  if (!opt_.now_iso.empty()) return fixed_now_ + static_cast<int64_t>(t_);
  if (trusted_) return trusted_->now();
  return static_cast<int64_t>(std::time(nullptr));
}

bool App::screen_on() const {
  if (cfg_.config.mode != KioskMode::Board) return true;
  const CivilTime c = china_civil(now());
  return screen_on_at(cfg_.config, c.weekday_mon0, c.hour * 60 + c.minute);
}

bool App::init() {
  cfg_ = load_config(opt_.config_path);
  KioskConfig& c = cfg_.config;
  for (const auto& p : cfg_.problems) {
    view_.config_problems.push_back((p.key.empty() ? "" : p.key + ": ") + p.message);
    std::cerr << "config: " << (p.key.empty() ? "" : p.key + ": ") << p.message << "\n";
  }
  view_.config_path = cfg_.path;
  view_.mode_name = mode_name(c.mode);
  view_.region = c.region;
  view_.elder = opt_.elder;
  view_.high_contrast = opt_.high_contrast;
  view_.pin_locked = c.staff_pin_hash.empty();
  idle_ = IdleTimer(c.idle_timeout_s);
  gestures_ = GestureTracker(static_cast<float>(c.display_scale));
  if (!opt_.now_iso.empty()) {
    const auto t = parse_iso8601(opt_.now_iso);
    if (!t) {
      std::cerr << "--now: not an ISO 8601 time / 不是 ISO 8601 时间: " << opt_.now_iso << "\n";
      return false;
    }
    fixed_now_ = *t;
  }
  const std::string data = opt_.data_dir.empty() ? GONGKAI_DATA_DIR : opt_.data_dir;
  strings_ = UiStrings::load(data + "/assets/ui/strings.toml");
  if (!strings_.error().empty()) {
    view_.runtime_errors.push_back(strings_.error());
    std::cerr << strings_.error() << "\n";
  }
  if (!opt_.frame_log.empty()) {
    frame_log_.reset(std::fopen(opt_.frame_log.c_str(), "w"));
    if (!frame_log_) {
      std::cerr << "--frame-log: cannot write / 无法写入: " << opt_.frame_log << "\n";
      return false;
    }
    std::fputs("# gongkai-kiosk frame log: F <ms since start> <frame ms>; E <ms> <event>\n",
               frame_log_.get());
  }
  setup_sync();
  loader_.start();

  sdl_ = std::make_unique<SdlSession>();
  if (!sdl_->ok) {
    std::cerr << "SDL_Init: " << SDL_GetError() << "\n";
    return false;
  }
  int w = opt_.portrait || c.orientation == Orientation::Portrait ? 1080 : 1920;
  int h = opt_.portrait || c.orientation == Orientation::Portrait ? 1920 : 1080;
  if (opt_.width > 0) w = opt_.width, h = opt_.height;
  Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
  if (scripted())
    flags |= SDL_WINDOW_HIDDEN;
  else if (!opt_.windowed && opt_.width == 0)
    flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
  window_.reset(SDL_CreateWindow("gongkai-kiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w,
                                 h, flags));
  if (!window_) {
    std::cerr << "SDL_CreateWindow: " << SDL_GetError() << "\n";
    return false;
  }
  // Tests use the software renderer (works under Xvfb, pixel-exact); kiosks try the GPU first.
  if (!scripted())
    renderer_.reset(SDL_CreateRenderer(window_.get(), -1,
                                       SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC));
  if (!renderer_) renderer_.reset(SDL_CreateRenderer(window_.get(), -1, SDL_RENDERER_SOFTWARE));
  if (!renderer_) {
    std::cerr << "SDL_CreateRenderer: " << SDL_GetError() << "\n";
    return false;
  }
  if (scripted()) {
    canvas_.reset(SDL_CreateTexture(renderer_.get(), SDL_PIXELFORMAT_ABGR8888,
                                    SDL_TEXTUREACCESS_TARGET, w, h));
    if (!canvas_ || SDL_SetRenderTarget(renderer_.get(), canvas_.get()) != 0) {
      std::cerr << "render target: " << SDL_GetError() << "\n";
      return false;
    }
  }
  if (SDL_RendererInfo info; frame_log_ && SDL_GetRendererInfo(renderer_.get(), &info) == 0)
    log_event(std::string("renderer ") + info.name +
              (info.flags & SDL_RENDERER_PRESENTVSYNC ? " vsync" : ""));
  SDL_ShowCursor(scripted() || opt_.windowed ? SDL_ENABLE : SDL_DISABLE);
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");  // one code path: fingers arrive as the mouse
  imgui_ = std::make_unique<ImGuiSession>(renderer_.get());

  text::EngineConfig ec;
  ec.manifest_path = data + "/fonts/manifest.toml";
  auto engine = text::TextEngine::create(ec);
  if (!engine.ok()) {
    std::cerr << "text engine: " << engine.error().message << "\n";
    return false;
  }
  engine_ = std::move(engine).value();
  atlas_ = std::make_unique<text::GlyphAtlas>(renderer_.get(), text::face_lookup(engine_->fonts()));
  images_ = std::make_unique<ImageCache>(renderer_.get());

  // Where to start: the mode's root, then the requested screen on top of it.
  const Route root{c.mode == KioskMode::Board ? ScreenKind::Board : ScreenKind::Home, ""};
  nav_ = Navigator(root);
  if (!opt_.screen.empty()) {
    const auto r = parse_route(opt_.screen);
    if (!r) {
      std::cerr << "--screen: unknown screen / 未知页面: " << opt_.screen << "\n";
      usage();
      return false;
    }
    if (r->kind == ScreenKind::Board || r->kind == ScreenKind::Home)
      nav_ = Navigator(*r);
    else if (!(*r == root))
      nav_.push(*r, 0);
  }
  if (!opt_.input_script.empty()) {
    std::ifstream in(opt_.input_script);
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = parse_input_script(text.str());
    if (!in || std::holds_alternative<ScriptError>(parsed)) {
      const ScriptError e =
          in ? std::get<ScriptError>(parsed) : ScriptError{0, "cannot read / 无法读取"};
      std::cerr << opt_.input_script << ":" << e.line << ": " << e.message << "\n";
      return false;
    }
    std::vector<std::pair<double, double>> keys;
    int ow = 0, oh = 0;
    canvas_size(&ow, &oh);
    const Metrics m = metrics(view_.elder, static_cast<float>(c.display_scale));
    for (const Rect& k : pin_key_rects(ImVec2(static_cast<float>(ow), static_cast<float>(oh)), m,
                                       static_cast<float>(c.display_scale)))
      keys.emplace_back(k.x + k.w / 2, k.y + k.h / 2);
    player_ =
        std::make_unique<ScriptPlayer>(std::get<std::vector<ScriptStep>>(parsed), kStartS, keys);
  }
  // The first content, synchronously: the first frame has nothing else to show. The watch was
  // primed in setup_sync(), so a flip from now on is seen by changed().
  adopt_content(load_content(content_request(true)));
  return true;
}

// ---- content and sync ---------------------------------------------------------------------------

// Decides whether sync is configured (module comment) and starts the worker thread.
void App::setup_sync() {
  const SyncSettings& s = cfg_.config.sync;
  auto w = apply::GenerationWatch::open(s.data_dir);
  if (w) {
    watch_.emplace(std::move(*w));
    (void)watch_->changed();  // primes it: the first call only records the flip count
  }
  std::ifstream root_in(s.trust_root, std::ios::binary);
  std::stringstream root;
  if (root_in) root << root_in.rdbuf();
  view_.sync_on = watch_.has_value() || !root.str().empty();
  view_.sync_feed = !s.feed_url.empty();
  if (!view_.sync_on || (scripted() && !opt_.sync_worker)) return;
  SyncWorkerConfig wc;
  wc.engine.data_dir = s.data_dir;
  wc.engine.region = cfg_.config.region;
  wc.engine.bootstrap_root = root.str();
  wc.engine.usb_roots = s.usb_mount_roots;
  wc.feed_url = s.feed_url;
  wc.http.proxy = s.proxy;
  wc.http.ca_file = s.ca_file;
  if (opt_.sync_after_s >= 0) {
    wc.policy.first_poll_window_ms = 0;
    wc.first_poll_delay_ms = static_cast<int64_t>(opt_.sync_after_s * 1000);
  }
  worker_ = std::make_unique<SyncWorker>(std::move(wc), inbox_);
  worker_->start();
}

ModelInputs App::model_inputs() const {
  ModelInputs in;
  in.scope = {cfg_.config.region, cfg_.config.channel};
  in.now = now();
  in.notices_tab = notices_tab_;
  in.notices_category = notices_category_;
  return in;
}

// What the loader is to read for the current screen. `reopen`: resolve the active generation
// again (after a flip); otherwise re-read the file shown now (the periodic re-read).
ContentRequest App::content_request(bool reopen) const {
  const KioskConfig& c = cfg_.config;
  ContentRequest r;
  if (view_.sync_on) r.data_dir = c.sync.data_dir;
  r.fallback_db = opt_.db_path.empty() ? c.content_db : opt_.db_path;
  if (!reopen && store_) r.path = store_->path();
  r.sync_status = view_.sync_on;
  r.route = nav_.current();
  r.inputs = model_inputs();
  return r;
}

void App::request_content(bool reopen) {
  loader_.request(content_request(reopen));
  last_reload_t_ = t_;
}

// Swaps a finished load in, between two frames: pointer moves and small copies only. A
// generation that failed to open leaves the current store in place (the previous generation file
// is kept until the next apply, apply.md §4); a Model read for another screen than the one shown
// now (the user navigated meanwhile) is not shown: the same load is asked for again.
void App::adopt_content(LoadedContent c) {
  for (const auto& e : c.errors) {
    view_.runtime_errors.push_back(e);
    std::cerr << "content: " << e << "\n";
  }
  // The UI's own TrustedClock (apply.md §4): its floor only rises, even across reopenings.
  if (c.time_floor && opt_.now_iso.empty()) {
    const int64_t floor = trusted_ ? std::max(trusted_->floor_now(), *c.time_floor) : *c.time_floor;
    trusted_.emplace(apply::real_clock(), floor);
  }
  if (c.status)
    on_sync_message({SyncMessage::Kind::Status, 0, "", std::move(c.status), std::nullopt});
  if (c.store) {
    if (c.generation) view_.sync_generation = c.generation;
    loader_.retire(std::move(store_));
    store_ = std::move(c.store);
    store_error_.clear();
  } else {
    view_.runtime_errors.push_back(c.store_error);
    std::cerr << "store: " << c.store_error << "\n";
    if (store_) return;            // keep showing what we have
    store_error_ = c.store_error;  // no content is not fatal: staff can still get in
  }
  if (same_screen(c.request, content_request(true))) {
    adopt_model(std::move(c.model));
  } else {
    request_content(c.request.path.empty());
  }
}

// Staff-page status without the worker (scripted runs, and before its first snapshot).
void App::refresh_sync_status() {
  if (!view_.sync_on || !watch_) return;
  auto st = apply::peek_status(cfg_.config.sync.data_dir, apply::real_clock());
  if (st) on_sync_message({SyncMessage::Kind::Status, 0, "", std::move(*st), std::nullopt});
}

void App::on_sync_message(const SyncMessage& m) {
  using K = SyncMessage::Kind;
  using S = SyncNowState;
  switch (m.kind) {
    case K::Generation:
      std::cerr << "sync: generation " << m.value << " is active / 内容版本已更新\n";
      log_event("generation " + std::to_string(m.value));
      break;
    case K::Started:
      view_.sync_now = S::Running;  // a scheduled cycle shows the same way as one staff asked for
      view_.sync_now_detail.clear();
      log_event("started");
      break;
    case K::Cycle:
      std::cerr << m.text << "\n";
      view_.sync_now = m.outcome == apply::CycleResult::Outcome::Applied ? S::Applied : S::UpToDate;
      view_.sync_now_generation = m.value;
      log_event(std::string("cycle ") + (view_.sync_now == S::Applied ? "applied" : "up-to-date"));
      break;
    case K::Error:
      std::cerr << "sync: " << m.text << "\n";
      // Invariant 5 of sync_worker.h: an error right after Started is that cycle's result.
      if (view_.sync_now == S::Running || view_.sync_now == S::Requested) {
        view_.sync_now = S::Failed;
        view_.sync_now_detail = m.text;
      }
      log_event("error");
      break;
    case K::Usb:
      std::cerr << "usb: " << m.text << "\n";
      view_.last_usb = m.text;
      view_.usb_banner = usb_banner_is_public(m.text) ? m.text : strings_.get("sync.usb_refused");
      usb_banner_until_ = t_ + kUsbBannerS;
      break;
    case K::Status:
      if (!m.status) break;
      view_.sync_generation = m.status->generation;
      view_.last_sync = m.status->last_sync;
      view_.last_issued = m.status->last_issued;
      view_.stale = m.status->stale;
      view_.sync_error = m.status->last_error;
      if (!m.status->last_usb.empty()) view_.last_usb = m.status->last_usb;
      view_.sync_storage_bytes = m.status->storage_bytes;
      view_.sync_free_bytes = m.status->free_bytes;
      break;
  }
}

// A few seconds after an import, over every screen (issue #5 "Staff see a result banner").
void App::draw_usb_banner(Ui& ui) {
  if (view_.usb_banner.empty() || t_ >= usb_banner_until_) return;
  const float pad = ui.m.pad, w = ui.size.x - 2 * pad;
  const float h = ui.text_height(view_.usb_banner, ui.m.body, w - 2 * pad) + 2 * pad;
  const Rect r{pad, ui.size.y - h - pad, w, h};
  ui.fill(r, ui.pal.accent, ui.m.pad / 2);
  ui.text(view_.usb_banner, ImVec2(r.x + pad, r.y + pad), ui.m.body, w - 2 * pad,
          ui.pal.accent_text);
}

// ---- events -------------------------------------------------------------------------------------

void App::handle_event(const SDL_Event& e) {
  switch (e.type) {
    case SDL_QUIT:
      // Only a signal or the window manager sends this; there is no way to quit by touch.
      quit_ = true;
      break;
    case SDL_MOUSEBUTTONDOWN:
      if (e.button.button == SDL_BUTTON_LEFT)
        on_gesture(gestures_.press(e.button.x, e.button.y, t_));
      break;
    case SDL_MOUSEMOTION:
      on_gesture(gestures_.move(e.motion.x, e.motion.y, t_));
      break;
    case SDL_MOUSEBUTTONUP:
      if (e.button.button == SDL_BUTTON_LEFT)
        on_gesture(gestures_.release(e.button.x, e.button.y, t_));
      break;
    case SDL_WINDOWEVENT:
      // Display hot-plug or a TV that comes back at another resolution: the next frame reads the
      // new output size; the layouts adapt, nothing restarts.
      if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) scroll_.stop();
      break;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
      // A GPU renderer lost its textures (driver reset, display unplugged and back): rebuild
      // every texture we own; the next frame re-rasterizes the glyphs it needs.
      reset_textures();
      break;
    default:
      break;
  }
  if (e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_MOUSEMOTION || e.type == SDL_MOUSEBUTTONUP) {
    if (e.type != SDL_MOUSEMOTION || gestures_.down()) idle_.touch(t_);
    pressing_ = gestures_.down() && !gestures_.dragging()
                    ? std::optional<ImVec2>(
                          ImVec2(static_cast<float>(e.button.x), static_cast<float>(e.button.y)))
                    : std::nullopt;
    if (e.type == SDL_MOUSEMOTION && gestures_.down() && !gestures_.dragging())
      pressing_ = ImVec2(static_cast<float>(e.motion.x), static_cast<float>(e.motion.y));
  }
}

void App::on_gesture(const Gesture& g) {
  using K = Gesture::Kind;
  switch (g.kind) {
    case K::Tap:
      tap_ = ImVec2(static_cast<float>(g.x), static_cast<float>(g.y));
      scroll_.stop();  // a tap on a gliding list stops it, as on a phone
      break;
    case K::DragStart:
      scroll_.press(g.y0, g.t);
      scroll_.drag(g.y, g.t);
      break;
    case K::DragMove:
      scroll_.drag(g.y, g.t);
      break;
    case K::DragEnd:
      scroll_.drag(g.y, g.t);
      scroll_.release(g.t);
      break;
    case K::LongPress: {
      // The hidden staff gesture: a long press in the top-right corner (on the clock).
      int w = 0, h = 0;
      canvas_size(&w, &h);
      const Metrics m = metrics(view_.elder, static_cast<float>(cfg_.config.display_scale));
      const bool corner = g.x > w - kStaffCornerTargets * m.target * 2 && g.y < m.header_h;
      const ScreenKind k = nav_.current().kind;
      if (corner && k != ScreenKind::PinEntry && k != ScreenKind::Staff) {
        view_.pin_digits.clear();
        view_.pin_wrong = false;
        go({ScreenKind::PinEntry, ""});
      }
      break;
    }
    case K::None:
      break;
  }
}

// ---- sync inbox and update --------------------------------------------------------------------

void App::drain_sync_inbox() {
  bool flipped = false;
  drained_any_ = false;
  for (const SyncMessage& m : inbox_.drain()) {
    drained_any_ = true;
    on_sync_message(m);
    flipped = flipped || m.kind == SyncMessage::Kind::Generation;
  }
  // A flip by anyone (our worker, or `gongkai-sync` run by staff): one PRAGMA data_version.
  // With a watch, it alone decides: the flip commits before the worker posts Generation, so the
  // watch sees it no later than the frame that drains the message, and often frames earlier;
  // counting the message too would load the same generation twice. The message counts only
  // without a watch (the first sync created the state DB) or when the watch cannot be read.
  if (watch_) {
    if (auto c = watch_->changed()) flipped = *c;
  }
  if (flipped && !watch_) {
    // The worker's first sync created the state DB after start: watch it from now on.
    if (auto w = apply::GenerationWatch::open(cfg_.config.sync.data_dir)) {
      watch_.emplace(std::move(*w));
      (void)watch_->changed();
    }
  }
  if (flipped && opt_.load_in_frame) {
    // Benchmark baseline only (--load-in-frame): the old way, open and read inside this frame.
    const Uint64 a0 = SDL_GetPerformanceCounter();
    adopt_content(load_content(content_request(true)));
    log_event("adopt-in-frame " +
              std::to_string(static_cast<double>(SDL_GetPerformanceCounter() - a0) * 1000.0 /
                             static_cast<double>(SDL_GetPerformanceFrequency())) +
              " generation " + std::to_string(view_.sync_generation.value_or(-1)));
  } else if (flipped) {
    // The loader opens the new generation and reads this screen; the board's urgent check runs
    // when it is swapped in (adopt_model), a few frames from now, not at the periodic re-read.
    request_content(true);
  } else if (t_ - last_reload_t_ >= kModelRefreshS) {
    // Time itself changes content: notices enter and leave 公示, so the model is re-read.
    request_content(false);
  }
  if (auto c = loader_.take()) {
    const Uint64 a0 = SDL_GetPerformanceCounter();
    const double load_ms = c->load_ms;
    adopt_content(std::move(*c));
    // For the benchmark: what the swap cost this thread, next to what the loader spent.
    log_event("adopt " + std::to_string(load_ms) + " generation " +
              std::to_string(view_.sync_generation.value_or(-1)) + " swap_ms " +
              std::to_string(static_cast<double>(SDL_GetPerformanceCounter() - a0) * 1000.0 /
                             static_cast<double>(SDL_GetPerformanceFrequency())));
  }
}

void App::update(double dt) {
  if (auto g = gestures_.poll(t_); g.kind != Gesture::Kind::None) on_gesture(g);
  scroll_.step(dt);
  idle_fade_ = std::max(0.0, idle_fade_ - dt / kIdleFadeS);
  // Idle timeout → the mode's root, standard text, top of the page (issue #4).
  const bool away = !nav_.at_root() || view_.elder != opt_.elder || scroll_.offset() != 0;
  if (idle_.expired(t_) && away && !gestures_.down()) {
    nav_.reset();
    view_.elder = opt_.elder;
    view_.high_contrast = opt_.high_contrast;
    scroll_.jump_to(0);
    idle_fade_ = 1;
    reload();
  }
  if (nav_.current().kind == ScreenKind::Board) update_board(dt);
  // Outside screen-on hours the board draws black frames and lets the X server's DPMS blank the
  // panel; on time it wakes it again (SDL's screen saver inhibition is on by default).
  if (const bool dark = !screen_on(); dark != blanked_) {
    blanked_ = dark;
    if (dark)
      SDL_EnableScreenSaver();
    else
      SDL_DisableScreenSaver();
  }
}

void App::update_board(double dt) {
  const size_t n = model_.board.notices.size();
  view_.board_fade = std::min(1.0, view_.board_fade + dt / kCrossFadeS);
  if (n == 0) return;
  const double dwell = cfg_.config.carousel_dwell_s;
  view_.board_progress = std::clamp((t_ - board_page_t_) / dwell, 0.0, 1.0);
  if (t_ - board_page_t_ < dwell) return;
  view_.board_prev_notice = view_.board_notice;
  view_.board_prev_page = view_.board_page;
  if (view_.board_page + 1 < last_report_.board_pages) {
    ++view_.board_page;
  } else {
    view_.board_page = 0;
    view_.board_notice = static_cast<int>((static_cast<size_t>(view_.board_notice) + 1) % n);
  }
  view_.board_fade = 0;
  view_.board_progress = 0;
  board_page_t_ = t_;
}

// Navigation: the tapped screen reads the UI's own store at once (synchronously).
void App::reload() {
  ModelInputs in = model_inputs();
  in.store = store_.get();
  in.store_error = store_error_;
  adopt_model(load_model(in, nav_.current()));
  // The staff page's sync rows (stale, last sync …) are re-read with it, not only on news.
  if (nav_.current().kind == ScreenKind::Staff) refresh_sync_status();
}

// Replaces the model; on the board keeps showing the same notice, unless a new urgent one came.
void App::adopt_model(Model m) {
  std::vector<std::string> urgent_before;
  for (const auto& v : model_.board.notices)
    if (v.notice.priority == NoticePriority::Urgent) urgent_before.push_back(v.notice.id);
  std::string showing;
  if (!model_.board.notices.empty())
    showing =
        model_.board.notices[static_cast<size_t>(view_.board_notice) % model_.board.notices.size()]
            .notice.id;

  loader_.retire(nullptr, std::exchange(model_, std::move(m)));  // freed off the UI thread
  last_reload_t_ = t_;
  if (!model_.error.empty()) std::cerr << "content: " << model_.error << "\n";

  if (nav_.current().kind != ScreenKind::Board) return;
  // Board: keep showing the same notice across re-reads; a new urgent notice interrupts at once.
  const auto& list = model_.board.notices;
  for (size_t i = 0; i < list.size(); ++i) {
    const bool new_urgent = list[i].notice.priority == NoticePriority::Urgent &&
                            std::find(urgent_before.begin(), urgent_before.end(),
                                      list[i].notice.id) == urgent_before.end();
    if (new_urgent && t_ > 0 && frames_ > 0) {
      view_.board_prev_notice = -1;
      view_.board_notice = static_cast<int>(i);
      view_.board_page = 0;
      board_page_t_ = t_;
      return;
    }
  }
  int keep = 0;
  for (size_t i = 0; i < list.size(); ++i)
    if (list[i].notice.id == showing) keep = static_cast<int>(i);
  if (keep != view_.board_notice % std::max<int>(1, static_cast<int>(list.size())))
    view_.board_page = 0;
  view_.board_notice = keep;
}

// Staff "立即同步": the worker's next feed cycle is due at once; its Started and Cycle/Error
// messages fill the sync status row (on_sync_message).
void App::sync_now() {
  using S = SyncNowState;
  if (!view_.sync_feed) {
    view_.sync_now = S::NoFeed;
  } else if (!worker_) {
    view_.sync_now = S::NoWorker;
  } else {
    worker_->poll_now();
    view_.sync_now = S::Requested;
  }
  view_.sync_now_detail.clear();
}

double App::since_start_ms() const {
  return static_cast<double>(SDL_GetPerformanceCounter() - start_counter_) * 1000.0 /
         static_cast<double>(SDL_GetPerformanceFrequency());
}

void App::log_event(const std::string& what) {
  if (frame_log_) std::fprintf(frame_log_.get(), "E %.3f %s\n", since_start_ms(), what.c_str());
}

// ---- actions ------------------------------------------------------------------------------------

void App::go(const Route& r) {
  nav_.push(r, scroll_.offset());
  scroll_.jump_to(0);
  scroll_.set_extent(0, 1);
  reload();
}

void App::apply(const Action& a) {
  using K = Action::Kind;
  switch (a.kind) {
    case K::None:
      break;
    case K::Push:
      go(a.route);
      break;
    case K::Back:
      if (nav_.back()) {
        pending_scroll_ = nav_.saved_scroll();
        reload();
      }
      break;
    case K::Home:
    case K::ExitStaff:
      nav_.reset();
      scroll_.jump_to(0);
      reload();
      break;
    case K::ToggleElder:
      view_.elder = !view_.elder;
      scroll_.jump_to(0);
      break;
    case K::ToggleContrast:
      view_.high_contrast = !view_.high_contrast;
      break;
    case K::SelectTab:
      notices_tab_ = a.index;
      scroll_.jump_to(0);
      reload();
      break;
    case K::SelectCategory:
      notices_category_ = a.text;
      scroll_.jump_to(0);
      reload();
      break;
    case K::PinKey:
      if (view_.pin_digits.size() < kMaxPinDigits) view_.pin_digits += a.text;
      view_.pin_wrong = false;
      break;
    case K::PinClear:
      view_.pin_digits.clear();
      break;
    case K::SyncNow:
      sync_now();
      break;
    case K::PinSubmit: {
      const bool ok = verify_pin(cfg_.config.staff_pin_hash, view_.pin_digits);
      view_.pin_digits.clear();
      view_.pin_wrong = !ok;
      if (ok) {
        nav_.back();
        go({ScreenKind::Staff, ""});
      }
      break;
    }
  }
}

// ---- render -------------------------------------------------------------------------------------

void App::render() {
  int w = 0, h = 0;
  canvas_size(&w, &h);
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
  io.DeltaTime = static_cast<float>(kFrameS);
  ImGui_ImplSDLRenderer_NewFrame();
  ImGui::NewFrame();
  atlas_->begin_frame();

  const Palette& pal =
      palette(view_.high_contrast ? PaletteKind::HighContrast : PaletteKind::Standard);
  if (!screen_on()) {
    SDL_SetRenderDrawColor(renderer_.get(), 0, 0, 0, 255);  // screen-on hours: blank (issue #4)
  } else {
    Ui ui(ImGui::GetBackgroundDrawList(), *engine_, *atlas_, renderer_.get(), *images_, strings_,
          io.DisplaySize, static_cast<float>(cfg_.config.display_scale), view_);
    ui.tap = tap_;
    ui.pressing = pressing_;
    ui.scroll = scroll_.offset();
    ui.time_s = t_;
    model_.now = now();
    const Action a = draw_screen(ui, model_);
    draw_usb_banner(ui);
    if (idle_fade_ > 0)
      ui.fill({0, 0, io.DisplaySize.x, io.DisplaySize.y}, pal.background, 0,
              static_cast<float>(idle_fade_));
    last_report_ = ui.report;
    scroll_.set_extent(ui.report.content_height,
                       ui.report.scroll_view.h > 0 ? ui.report.scroll_view.h : h);
    if (pending_scroll_ && ui.report.content_height > 0) {
      scroll_.jump_to(*pending_scroll_);
      pending_scroll_.reset();
    }
    tap_.reset();
    apply(a);
    SDL_SetRenderDrawColor(renderer_.get(), pal.background.r, pal.background.g, pal.background.b,
                           255);
  }
  ImGui::Render();
  SDL_RenderClear(renderer_.get());
  if (screen_on()) ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
}

bool App::capture(const std::string& path) {
  RgbaImage img;
  canvas_size(&img.width, &img.height);
  img.pixels.resize(static_cast<size_t>(img.width) * static_cast<size_t>(img.height) * 4);
  if (SDL_RenderReadPixels(renderer_.get(), nullptr, SDL_PIXELFORMAT_ABGR8888, img.pixels.data(),
                           img.width * 4) != 0) {
    std::cerr << "SDL_RenderReadPixels: " << SDL_GetError() << "\n";
    return false;
  }
  std::string err;
  if (!write_png(path, img, &err)) {
    std::cerr << path << ": " << err << "\n";
    return false;
  }
  return true;
}

void App::report() {
  std::cout << "{\"t\":" << t_ << ",\"screen\":\"" << json_escape(route_name(nav_.current()))
            << "\",\"depth\":" << nav_.depth() << ",\"scroll\":" << scroll_.offset()
            << ",\"max_scroll\":" << scroll_.max_offset()
            << ",\"content_height\":" << last_report_.content_height
            << ",\"elder\":" << (view_.elder ? "true" : "false")
            << ",\"tofu\":" << last_report_.tofu
            << ",\"missing_glyphs\":" << last_report_.missing_glyphs
            << ",\"overflows\":" << last_report_.text_overflows
            << ",\"kinsoku\":" << last_report_.kinsoku
            << ",\"frame_ms_p50\":" << frame_ms_quantile(0.5)
            << ",\"frame_ms_p99\":" << frame_ms_quantile(0.99) << ",\"frames\":" << frame_ms_.size()
            << ",\"first_frame_ms\":" << first_frame_ms_
            << ",\"board_notice\":" << view_.board_notice << ",\"board_page\":" << view_.board_page
            << ",\"board_pages\":" << last_report_.board_pages
            << ",\"board_notices\":" << model_.board.notices.size() << ",\"board_id\":\""
            << (model_.board.notices.empty()
                    ? ""
                    : json_escape(model_.board
                                      .notices[static_cast<size_t>(view_.board_notice) %
                                               model_.board.notices.size()]
                                      .notice.id))
            << "\",\"sync_generation\":" << view_.sync_generation.value_or(-1)
            << ",\"sync_state\":\"" << sync_now_name(view_.sync_now) << "\""
            << ",\"region_name\":\"" << json_escape(model_.home.region_name)
            << "\",\"home_items\":" << home_items()
            << ",\"home_domains\":" << model_.home.domains.size()
            << ",\"pin_wrong\":" << (view_.pin_wrong ? "true" : "false") << ",\"error\":\""
            << json_escape(model_.error) << "\"}" << std::endl;
}

void App::record_frame_time(Uint64 start) {
  const double ms = static_cast<double>(SDL_GetPerformanceCounter() - start) * 1000.0 /
                    static_cast<double>(SDL_GetPerformanceFrequency());
  frame_ms_.push_back(ms);
  if (frame_ms_.size() > kFrameTimeWindow) frame_ms_.pop_front();
}

double App::frame_ms_quantile(double q) const {
  if (frame_ms_.empty()) return 0;
  std::vector<double> v(frame_ms_.begin(), frame_ms_.end());
  const size_t k = std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

void App::reset_textures() {
  atlas_.reset();  // before the new one: the budget counts live pages
  atlas_ = std::make_unique<text::GlyphAtlas>(renderer_.get(), text::face_lookup(engine_->fonts()));
  images_->clear();
  ImGui_ImplSDLRenderer_DestroyDeviceObjects();  // recreated by the next NewFrame
  view_.runtime_errors.push_back("renderer reset; textures rebuilt / 显示设备重置，已重建纹理");
}

bool App::resolve_target(TimedEvent& e) {
  if (e.kind == TimedEvent::Kind::Down) {
    target_pos_.reset();
    for (const auto& [name, r] : last_report_.targets)
      if (name == e.target) target_pos_ = ImVec2(r.x + r.w / 2, r.y + r.h / 2);
    if (!target_pos_) {
      std::cerr << "tapon: no widget named " << e.target << " on " << route_name(nav_.current())
                << " / 当前页面没有该控件\n";
      failed_ = true;
      return false;
    }
  }
  if (!target_pos_) return false;
  e.x = target_pos_->x;
  e.y = target_pos_->y;
  return true;
}

void App::after_render() {
  for (const TimedEvent& e : captures_) {
    if (e.kind == TimedEvent::Kind::Screenshot && !capture(e.path)) failed_ = true;
    if (e.kind == TimedEvent::Kind::Report) report();
  }
  captures_.clear();
}

// ---- the frame ----------------------------------------------------------------------------------

bool App::frame() {
  double dt = kFrameS;
  if (player_ && !gestures_.down() && frames_ > 0) {
    // Nothing touched: jump ahead to the next scripted event in steps of at most kIdleStepS.
    // Scrolling integrates in sub-steps (kinetic.h) and the board in seconds, so the result is
    // the same as at 60 Hz, only faster to compute.
    // It lands one frame early, so the frame before an event is drawn (tap targets are current).
    dt = std::clamp(player_->next_time() - t_ - kFrameS, kFrameS, kIdleStepS);
  }
  if (settling_) dt = 0;  // `settle`: the simulated clock waits for the worker and the loader
  if (!scripted()) {
    const Uint64 c = SDL_GetPerformanceCounter();
    dt = last_counter_ ? std::min(kMaxFrameDtS, static_cast<double>(c - last_counter_) /
                                                    SDL_GetPerformanceFrequency())
                       : kFrameS;
    last_counter_ = c;
  }
  t_ += dt;

  // 1. events (injected ones first join SDL's queue, so they take the real path)
  if (player_) {
    for (TimedEvent& e : player_->due(t_)) {
      if (!e.target.empty() && !resolve_target(e)) continue;
      SDL_Event ev{};
      const Sint32 x = static_cast<Sint32>(std::lround(e.x)),
                   y = static_cast<Sint32>(std::lround(e.y));
      switch (e.kind) {
        case TimedEvent::Kind::Down:
        case TimedEvent::Kind::Up:
          ev.type = e.kind == TimedEvent::Kind::Down ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
          ev.button.button = SDL_BUTTON_LEFT;
          ev.button.x = x;
          ev.button.y = y;
          SDL_PushEvent(&ev);
          break;
        case TimedEvent::Kind::Move:
          ev.type = SDL_MOUSEMOTION;
          ev.motion.x = x;
          ev.motion.y = y;
          SDL_PushEvent(&ev);
          break;
        case TimedEvent::Kind::Settle:
          settling_ = true;
          settle_start_ = SDL_GetPerformanceCounter();
          break;
        default:
          captures_.push_back(std::move(e));
      }
    }
  }
  SDL_Event e;
  while (SDL_PollEvent(&e)) handle_event(e);
  // Sampled before the drain: a worker that is not busy has posted everything it will post for
  // now (sync_worker.h invariant 6), so this frame's drain sees all of it.
  const bool worker_idle = !worker_ || !worker_->busy();
  // 2. sync inbox (timed with the frame: swapping a new generation in is part of a frame's work)
  const Uint64 work_start = SDL_GetPerformanceCounter();
  drain_sync_inbox();
  if (settling_) {
    if (worker_idle && !drained_any_ && loader_.idle()) {
      settling_ = false;
    } else if (static_cast<double>(SDL_GetPerformanceCounter() - settle_start_) /
                   static_cast<double>(SDL_GetPerformanceFrequency()) >
               kSettleTimeoutS) {
      std::cerr << "settle: sync worker or content loader still busy / 同步或内容加载未完成\n";
      failed_ = true;
      settling_ = false;
    }
  }
  // 3. update
  update(dt);
  // 4. render
  render();
  // SDL batches draw calls until present or a texture upload, and scripted runs never present:
  // flush here so the frame time includes rasterizing this frame (bench/kiosk/README.md) and
  // the command queue cannot grow across frames.
  SDL_RenderFlush(renderer_.get());
  record_frame_time(work_start);
  if (frame_log_)
    std::fprintf(frame_log_.get(), "F %.3f %.3f\n", since_start_ms(), frame_ms_.back());
  if (frames_ == 0)
    first_frame_ms_ = static_cast<double>(SDL_GetPerformanceCounter() - start_counter_) * 1000.0 /
                      static_cast<double>(SDL_GetPerformanceFrequency());
  ++frames_;
  after_render();
  if (!opt_.screenshot.empty() && frames_ >= kWarmupFrames) {
    failed_ = !capture(opt_.screenshot);
    return false;
  }
  // 5. present (a scripted run draws into a hidden window: nothing to show, and presenting to an
  // unmapped X window costs ~60 ms a frame under Xvfb)
  if (!scripted()) SDL_RenderPresent(renderer_.get());
  if (player_ && player_->done() && captures_.empty() && !settling_) return false;
  if (!scripted()) {
    const bool moving = scroll_.animating() || scroll_.dragging() || idle_fade_ > 0 ||
                        gestures_.down() || view_.board_fade < 1 ||
                        nav_.current().kind == ScreenKind::Board;
    if (!screen_on())
      SDL_WaitEventTimeout(nullptr, kBlankWaitMs);
    else if (!moving)
      SDL_WaitEventTimeout(nullptr, kIdleWaitMs);
  }
  return !quit_;
}

int App::run() {
  start_counter_ = SDL_GetPerformanceCounter();
  if (!init()) return 1;
  while (frame()) {
  }
  if (worker_) worker_->stop();  // waits for a cycle in progress; the flip is atomic anyway
  loader_.stop();
  return failed_ ? 1 : 0;
}

}  // namespace

std::optional<Options> parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](std::string& dst) {
      if (i + 1 >= argc) return false;
      dst = argv[++i];
      return true;
    };
    bool ok = true;
    if (a == "--config")
      ok = value(o.config_path);
    else if (a == "--db")
      ok = value(o.db_path);
    else if (a == "--data-dir")
      ok = value(o.data_dir);
    else if (a == "--screenshot")
      ok = value(o.screenshot);
    else if (a == "--screen")
      ok = value(o.screen);
    else if (a == "--input-script")
      ok = value(o.input_script);
    else if (a == "--now")
      ok = value(o.now_iso);
    else if (a == "--elder")
      o.elder = true;
    else if (a == "--portrait")
      o.portrait = true;
    else if (a == "--high-contrast")
      o.high_contrast = true;
    else if (a == "--windowed")
      o.windowed = true;
    else if (a == "--hash-pin")
      o.hash_pin = true;
    else if (a == "--frame-log")
      ok = value(o.frame_log);
    else if (a == "--sync-worker")
      o.sync_worker = true;
    else if (a == "--load-in-frame")
      o.load_in_frame = true;
    else if (a == "--sync-after") {
      std::string v;
      ok = value(v);
      char* end = nullptr;
      if (ok) o.sync_after_s = std::strtod(v.c_str(), &end);
      ok = ok && end && *end == '\0' && o.sync_after_s >= 0 && o.sync_after_s <= 86400;
    } else if (a == "--size") {
      std::string s;
      ok = value(s) && parse_size(s, &o.width, &o.height);
    } else {
      ok = false;
    }
    if (!ok) {
      std::cerr << "bad argument / 参数错误: " << a << "\n";
      usage();
      return std::nullopt;
    }
  }
  if (!o.screenshot.empty() && o.screen.empty()) o.screen = "home";
  return o;
}

int run_kiosk(const Options& options) {
  if (options.hash_pin) {
    std::string pin;
    std::getline(std::cin, pin);
    const auto h = hash_pin(pin);
    if (!h) {
      std::cerr << "PIN must be 4–12 digits / 口令须为4至12位数字\n";
      return 2;
    }
    std::cout << "staff_pin_hash = \"" << *h << "\"\n";
    return 0;
  }
  App app(options);
  return app.run();
}

}  // namespace gongkai::kiosk
