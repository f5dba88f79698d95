// screens.h — the immediate-mode screens of issue #4 (STYLE habit 8):
//   draw_screen(Ui&, const Model&) -> Action
// Each draw_* lays out and draws one screen from its model and this frame's input, and returns
// what the citizen asked for. None of them keeps state between frames; view state (tab, PIN
// digits, board page) arrives in Ui::view and changes only through the returned Action.
#pragma once

#include <memory>
#include <vector>

#include "app/model.h"
#include "app/ui.h"

namespace gongkai::kiosk {

Action draw_screen(Ui& ui, const Model& model);

Action draw_home(Ui& ui, const Model& model);
Action draw_domain(Ui& ui, const Model& model);
Action draw_item(Ui& ui, const Model& model);
Action draw_notices(Ui& ui, const Model& model);
Action draw_notice(Ui& ui, const Model& model);
Action draw_board(Ui& ui, const Model& model);
Action draw_pin_entry(Ui& ui, const Model& model);
Action draw_staff(Ui& ui, const Model& model);

// The 12 keys of the PIN pad (1–9, C, 0, OK) for a canvas; the script player taps these.
std::vector<Rect> pin_key_rects(ImVec2 canvas, const Metrics& m, float scale);

// ---- shared pieces ----------------------------------------------------------------------------
std::string date_text(const UiStrings& s, int64_t t);   // 2026年11月23日
std::string clock_text(const UiStrings& s, int64_t t);  // 星期一 09:30
std::string short_date(const UiStrings& s, int64_t t);  // 2026.11.23
std::string month_day(const UiStrings& s, int64_t t);   // 11月23日
// The date and time at the right of a header; portrait headers are narrow, so month, day and
// time only there (the clock must never be cut off).
std::string header_clock(const Ui& ui, int64_t t);
std::string period_text(const UiStrings& s, const NoticeSummary& n);
// The 公示期 remaining-days bar with its label; returns the height used.
float draw_period_bar(Ui& ui, const NoticeSummary& n, int64_t now, ImVec2 pos, float w);
NoticeSummary summary_of(const Notice& n, int64_t now);
// An error tile in place of content that could not be read (STYLE habit 10).
float draw_error_tile(Ui& ui, const std::string& error, ImVec2 pos, float w);
// A scrolled, clipped view: begin_scroll returns the content's origin y (view top minus the
// scroll offset); end_scroll records the content height for the kinetic scroller and the report.
float begin_scroll(Ui& ui, const Rect& view);
void end_scroll(Ui& ui, float content_h);

// A notice laid out as a document: pieces at y positions and the places a page may break.
struct DocPiece {
  enum class Kind { Text, Fill, Outline, Image, Period, Qr };
  Kind kind = Kind::Text;
  Rect rect;                                   // position relative to the document's top-left
  std::shared_ptr<const text::Layout> layout;  // Text
  Rgb color;
  const std::vector<uint8_t>* png = nullptr;  // Image
  std::string image_key;
  std::shared_ptr<const QrMatrix> qr;  // Qr: the notice's web address (Notice::url)
};

struct NoticeDoc {
  std::vector<DocPiece> pieces;
  std::vector<float> breaks;  // y values where a page may end (line and row bottoms), ascending
  float height = 0;
};

NoticeDoc layout_notice(Ui& ui, const NoticeView& v, float width, float body_px, bool with_title);
void draw_doc(Ui& ui, const NoticeDoc& doc, const NoticeSummary& summary, int64_t now,
              ImVec2 origin, float alpha = 1);
// Page start offsets for pages of page_h px (first is 0), breaking only at doc.breaks.
std::vector<float> paginate(const NoticeDoc& doc, float page_h);

}  // namespace gongkai::kiosk
