// screens_board.cpp — the village notice board (issue #4 "Board mode") and the staff pages.
//
// Board: one notice at a time, paginated to fit the screen at a readable size; the page that is
// leaving is drawn fading out over the one arriving (a cross-fade of two laid-out pages: layouts
// are cached, so the next page is ready before it shows and no frame is ever empty). A progress
// bar shows the dwell time. With nothing in 公示: a calm page with the village name, the date and
// 暂无公示.
#include <algorithm>
#include <cmath>

#include "app/screens.h"

namespace gongkai::kiosk {
namespace {

struct BoardFrame {
  Rect body;      // where notice pages go
  float body_px;  // board text size: readable from a few metres
};

BoardFrame board_frame(Ui& ui) {
  const float footer = ui.m.small * ui.m.line_height + 3 * ui.m.gap;
  BoardFrame f;
  f.body_px = std::round(ui.m.body * 1.4f);  // read from a few metres away
  const float w = std::min(ui.size.x - 4 * ui.m.pad, f.body_px * 42);
  f.body = {(ui.size.x - w) / 2, ui.m.header_h + ui.m.pad, w,
            ui.size.y - ui.m.header_h - footer - 2 * ui.m.pad};
  return f;
}

void draw_page(Ui& ui, const NoticeView& v, const BoardFrame& f, int page, int64_t now, float alpha,
               int* pages_out) {
  // Pages after the first carry the title as a running head, so someone walking up to the board
  // mid-notice knows what they are reading; its height is kept free on every page.
  const auto head = ui.layout(ui.str.format("board.continued", {v.notice.title}),
                              ui.style(ui.m.small, text::Align::Start, 1), f.body.w);
  const float head_h = head->height + ui.m.gap;
  const NoticeDoc doc = layout_notice(ui, v, f.body.w, f.body_px, true);
  const std::vector<float> starts = paginate(doc, f.body.h - head_h);
  if (pages_out) *pages_out = static_cast<int>(starts.size());
  const size_t p = std::min(static_cast<size_t>(std::max(page, 0)), starts.size() - 1);
  const float top = starts[p];
  const float bottom = p + 1 < starts.size() ? starts[p + 1] : doc.height;
  float y = f.body.y;
  if (p > 0) {
    ui.draw_text(*head, ImVec2(f.body.x, y), ui.pal.text_muted, alpha);
    y += head_h;
  }
  ui.push_clip({f.body.x - ui.m.pad, y, f.body.w + 2 * ui.m.pad, bottom - top});
  draw_doc(ui, doc, summary_of(v.notice, now), now, ImVec2(f.body.x, y - top), alpha);
  ui.pop_clip();
}

}  // namespace

Action draw_board(Ui& ui, const Model& model) {
  const BoardModel& b = model.board;
  const std::string place =
      b.region_name.empty() ? ui.str.get("app.region_fallback") : b.region_name;
  ui.header(ui.str.format("board.title", {place}), false, header_clock(ui, model.now));
  if (b.notices.empty()) {
    // The calm page: village, date, 暂无公示 — never an empty screen.
    const float cy = ui.size.y * 0.42f;
    ui.text(ui.str.get("board.none"), ImVec2(0, cy - ui.m.title), ui.m.title * 1.3f, ui.size.x,
            ui.pal.text, text::Align::Center, 1);
    ui.text(ui.str.get("board.none_hint"), ImVec2(0, cy + ui.m.title * 0.8f), ui.m.body, ui.size.x,
            ui.pal.text_muted, text::Align::Center);
    ui.text(date_text(ui.str, model.now), ImVec2(0, cy + ui.m.title * 0.8f + ui.m.body * 2.5f),
            ui.m.body, ui.size.x, ui.pal.text_muted, text::Align::Center);
    ui.report.board_pages = 1;
    return {};
  }
  const BoardFrame f = board_frame(ui);
  ui.fill(
      {f.body.x - ui.m.pad, f.body.y - ui.m.pad / 2, f.body.w + 2 * ui.m.pad, f.body.h + ui.m.pad},
      ui.pal.surface, ui.m.radius);
  const size_t n = b.notices.size();
  const int cur = ui.view.board_notice % static_cast<int>(n);
  const float fade = static_cast<float>(std::clamp(ui.view.board_fade, 0.0, 1.0));
  if (fade < 1 && ui.view.board_prev_notice >= 0) {
    const int prev = ui.view.board_prev_notice % static_cast<int>(n);
    draw_page(ui, b.notices[static_cast<size_t>(prev)], f, ui.view.board_prev_page, model.now,
              1 - fade, nullptr);
    // Cover the outgoing page progressively so the two never read as one.
    ui.fill({f.body.x - ui.m.pad, f.body.y, f.body.w + 2 * ui.m.pad, f.body.h}, ui.pal.surface, 0,
            fade);
  }
  int pages = 1;
  draw_page(ui, b.notices[static_cast<size_t>(cur)], f, ui.view.board_page, model.now, fade,
            &pages);
  ui.report.board_pages = pages;
  // Footer: which notice, which page, and how long this page stays.
  const float fy = ui.size.y - ui.m.small * ui.m.line_height - 2 * ui.m.gap;
  const float bar_h = std::max(6.0f, 6 * ui.scale);
  ui.fill({0, ui.size.y - bar_h, ui.size.x, bar_h}, ui.pal.track);
  ui.fill({0, ui.size.y - bar_h, ui.size.x * static_cast<float>(ui.view.board_progress), bar_h},
          ui.pal.accent);
  ui.text(ui.str.format("board.notice_index", {std::to_string(cur + 1), std::to_string(n)}),
          ImVec2(ui.m.pad, fy), ui.m.small, ui.size.x / 2, ui.pal.text_muted, text::Align::Start,
          1);
  ui.text(ui.str.format("board.page", {std::to_string(std::min(ui.view.board_page, pages - 1) + 1),
                                       std::to_string(pages)}),
          ImVec2(ui.size.x / 2, fy), ui.m.small, ui.size.x / 2 - ui.m.pad, ui.pal.text_muted,
          text::Align::End, 1);
  return {};
}

std::vector<Rect> pin_key_rects(ImVec2 canvas, const Metrics& m, float scale) {
  const float key = std::max(m.target * 1.5f, 110 * scale);
  const float x0 = (canvas.x - (3 * key + 2 * m.gap)) / 2;
  const float y0 = m.header_h + m.pad + m.body * m.line_height + m.gap + m.body + 2 * m.gap;
  std::vector<Rect> r;
  for (int i = 0; i < 12; ++i)
    r.push_back({x0 + static_cast<float>(i % 3) * (key + m.gap),
                 y0 + static_cast<float>(i / 3) * (key * 0.7f + m.gap), key, key * 0.7f});
  return r;
}

Action draw_pin_entry(Ui& ui, const Model&) {
  Action a;
  if (ui.header(ui.str.get("staff.pin_title"), true)) a.kind = Action::Kind::Back;
  float y = ui.m.header_h + ui.m.pad;
  if (ui.view.pin_locked) {
    ui.text(ui.str.get("staff.pin_locked"), ImVec2(ui.m.pad, y + ui.m.pad), ui.m.body,
            ui.size.x - 2 * ui.m.pad, ui.pal.text, text::Align::Center);
    return a;
  }
  const std::string hint =
      ui.view.pin_wrong ? ui.str.get("staff.pin_wrong") : ui.str.get("staff.pin_hint");
  ui.text(hint, ImVec2(0, y), ui.m.body, ui.size.x, ui.view.pin_wrong ? ui.pal.urgent : ui.pal.text,
          text::Align::Center, 1);
  y += ui.m.body * ui.m.line_height + ui.m.gap;
  // Typed digits as dots (never the digits themselves).
  const float dot = ui.m.body * 0.5f;
  const float dots_w = static_cast<float>(ui.view.pin_digits.size()) * (dot * 2 + ui.m.gap);
  for (size_t i = 0; i < ui.view.pin_digits.size(); ++i)
    ui.dl->AddCircleFilled(
        ImVec2((ui.size.x - dots_w) / 2 + static_cast<float>(i) * (dot * 2 + ui.m.gap) + dot,
               y + dot),
        dot, ui.pal.text.abgr());
  const std::vector<Rect> rects = pin_key_rects(ui.size, ui.m, ui.scale);
  const char* keys[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "C", "0", "OK"};
  for (int i = 0; i < 12; ++i) {
    const Rect& r = rects[static_cast<size_t>(i)];
    const std::string k = keys[i];
    const std::string label = k == "C"    ? ui.str.get("staff.clear")
                              : k == "OK" ? ui.str.get("staff.enter")
                                          : k;
    const bool special = k == "C" || k == "OK";
    if (ui.button(r, label, special ? ui.pal.accent : ui.pal.surface,
                  special ? ui.pal.accent_text : ui.pal.text, ui.m.heading * 0.8f, "pin:" + k)) {
      if (k == "C")
        a.kind = Action::Kind::PinClear;
      else if (k == "OK")
        a.kind = Action::Kind::PinSubmit;
      else
        a = Action::with(Action::Kind::PinKey, 0, k);
    }
  }
  return a;
}

Action draw_staff(Ui& ui, const Model& model) {
  Action a;
  if (ui.header(ui.str.get("staff.title"), true)) a.kind = Action::Kind::ExitStaff;
  const Rect view{0, ui.m.header_h, ui.size.x, ui.size.y - ui.m.header_h};
  ui.push_clip(view);
  ui.report.scroll_view = view;
  const float y0 = view.y - static_cast<float>(ui.scroll);
  float y = y0 + ui.m.pad;
  const float x = ui.m.pad, w = ui.size.x - 2 * ui.m.pad;
  const float label_w = std::min(w * 0.3f, ui.m.body * 9);
  auto row = [&](const std::string& label_key, const std::string& value) {
    const float h = std::max(ui.text_height(ui.str.get(label_key), ui.m.body, label_w - ui.m.gap),
                             ui.text_height(value, ui.m.body, w - label_w));
    ui.text(ui.str.get(label_key), ImVec2(x, y), ui.m.body, label_w - ui.m.gap, ui.pal.text_muted);
    ui.text(value, ImVec2(x + label_w, y), ui.m.body, w - label_w, ui.pal.text);
    y += h + ui.m.gap;
  };
  const StaffModel& s = model.staff;
  row("staff.mode",
      ui.str.get(ui.view.mode_name == "board" ? "staff.mode_board" : "staff.mode_terminal"));
  row("staff.region", ui.view.region);
  row("staff.content_db", s.db_path.empty() ? model.error : s.db_path);
  row("staff.generation", s.generation ? "#" + std::to_string(s.generation->id) + "  " +
                                             s.generation->source + "  " +
                                             date_text(ui.str, s.generation->created_at) + " " +
                                             clock_text(ui.str, s.generation->created_at)
                                       : ui.str.get("staff.generation_none"));
  // Signed sync (issue #5): times in China time (date_text/clock_text), never a citizen's data.
  auto when = [&](const std::optional<int64_t>& t, const char* none_key) {
    return t ? date_text(ui.str, *t) + " " + clock_text(ui.str, *t) : ui.str.get(none_key);
  };
  const ViewState& v = ui.view;
  if (!v.sync_on) {
    row("staff.last_sync", ui.str.get("staff.sync_off"));
  } else {
    row("staff.sync_generation", v.sync_generation ? "#" + std::to_string(*v.sync_generation)
                                                   : ui.str.get("staff.sync_generation_none"));
    row("staff.last_sync", when(v.last_sync, "staff.last_sync_never"));
    row("staff.last_issued", when(v.last_issued, "staff.last_sync_never"));
    row("staff.stale", ui.str.get(v.stale ? "staff.stale_yes" : "staff.stale_no"));
    row("staff.sync_error", v.sync_error.empty() ? ui.str.get("staff.errors_none") : v.sync_error);
    row("staff.sync_storage",
        ui.str.format("staff.sync_storage_value", {std::to_string(v.sync_storage_bytes >> 20),
                                                   std::to_string(v.sync_free_bytes >> 20)}));
    row("staff.last_usb", v.last_usb.empty() ? ui.str.get("staff.last_usb_none") : v.last_usb);
    // The last feed cycle and the "sync now" button beside it (the worker runs the cycle; the
    // row follows its Started / Cycle / Error messages).
    using S = SyncNowState;
    std::string state;
    switch (v.sync_now) {
      case S::Idle:
        state = ui.str.get("staff.sync_state_idle");
        break;
      case S::Requested:
      case S::Running:
        state = ui.str.get("staff.sync_state_running");
        break;
      case S::Applied:
        state = ui.str.format("staff.sync_state_applied", {std::to_string(v.sync_now_generation)});
        break;
      case S::UpToDate:
        state = ui.str.get("staff.sync_state_up_to_date");
        break;
      case S::Failed:
        state = ui.str.format("staff.sync_state_failed", {v.sync_now_detail});
        break;
      case S::NoFeed:
        state = ui.str.get("staff.sync_state_no_feed");
        break;
      case S::NoWorker:
        state = ui.str.get("staff.sync_state_no_worker");
        break;
    }
    row("staff.sync_state", state);
    const bool busy = v.sync_now == S::Requested || v.sync_now == S::Running;
    const Rect now{x + label_w, y, std::max(ui.m.target * 4, 320 * ui.scale), ui.m.target};
    if (ui.button(now, ui.str.get(busy ? "staff.sync_state_running" : "staff.sync_now"),
                  busy ? ui.pal.surface : ui.pal.accent,
                  busy ? ui.pal.text_muted : ui.pal.accent_text, ui.m.body, "sync_now") &&
        !busy)
      a.kind = Action::Kind::SyncNow;
    y += now.h + ui.m.gap;
  }
  if (s.counts)
    row("staff.counts",
        ui.str.format("staff.counts_value",
                      {std::to_string(s.counts->regions), std::to_string(s.counts->domains),
                       std::to_string(s.counts->items), std::to_string(s.counts->notices),
                       std::to_string(s.counts->attachments)}));
  if (s.disk_total_mb >= 0)
    row("staff.storage", ui.str.format("staff.storage_value", {std::to_string(s.disk_free_mb),
                                                               std::to_string(s.disk_total_mb)}));
  row("staff.config", ui.view.config_path);
  std::string problems;
  for (const auto& p : ui.view.config_problems) problems += (problems.empty() ? "" : "\n") + p;
  row("staff.problems", problems.empty() ? ui.str.get("staff.config_ok") : problems);
  std::string errors = model.error;
  for (const auto& e : ui.view.runtime_errors) errors += (errors.empty() ? "" : "\n") + e;
  row("staff.errors", errors.empty() ? ui.str.get("staff.errors_none") : errors);
  std::string missing;
  for (const auto& k : ui.str.missing()) missing += (missing.empty() ? "" : "  ") + k;
  if (!missing.empty()) row("staff.missing_strings", missing);
  y += ui.m.gap;
  const Rect exit{x, y, std::max(ui.m.target * 4, 320 * ui.scale), ui.m.target};
  if (ui.button(exit, ui.str.get("staff.exit"), ui.pal.accent, ui.pal.accent_text, ui.m.body,
                "exit"))
    a.kind = Action::Kind::ExitStaff;
  y += exit.h + ui.m.pad;
  ui.report.content_height = y - y0;
  ui.pop_clip();
  return a;
}

}  // namespace gongkai::kiosk
