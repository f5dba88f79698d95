// screens_common.cpp — pieces shared by several screens: dates in Beijing time, the 公示期 bar,
// the error tile, and the notice document (layout, drawing, pagination for the board).
#include <algorithm>
#include <cmath>
#include <sstream>

#include "app/calendar.h"
#include "app/screens.h"

namespace gongkai::kiosk {
namespace {

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

std::vector<std::string> split_words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

}  // namespace

// ---- dates ------------------------------------------------------------------------------------

std::string date_text(const UiStrings& s, int64_t t) {
  const CivilTime c = china_civil(t);
  return s.format("date.full",
                  {std::to_string(c.year), std::to_string(c.month), std::to_string(c.day)});
}

std::string short_date(const UiStrings& s, int64_t t) {
  const CivilTime c = china_civil(t);
  return s.format("date.short", {std::to_string(c.year), two(c.month), two(c.day)});
}

std::string month_day(const UiStrings& s, int64_t t) {
  const CivilTime c = china_civil(t);
  return s.format("date.month_day", {std::to_string(c.month), std::to_string(c.day)});
}

std::string clock_text(const UiStrings& s, int64_t t) {
  const CivilTime c = china_civil(t);
  const auto days = split_words(s.get("date.weekdays"));
  const std::string wd = days.size() == 7 ? days[static_cast<size_t>(c.weekday_mon0)] : "";
  return wd + "  " + s.format("date.time", {two(c.hour), two(c.minute)});
}

std::string header_clock(const Ui& ui, int64_t t) {
  if (!ui.portrait()) return date_text(ui.str, t) + "  " + clock_text(ui.str, t);
  const CivilTime c = china_civil(t);
  return month_day(ui.str, t) + "  " + ui.str.format("date.time", {two(c.hour), two(c.minute)});
}

std::string period_text(const UiStrings& s, const NoticeSummary& n) {
  if (!n.end_at) return s.format("notices.period_long", {short_date(s, n.start_at)});
  // The end is exclusive (content.h); the last day of the period is the day before it.
  return s.format("notices.period", {short_date(s, n.start_at), short_date(s, *n.end_at - 1)});
}

NoticeSummary summary_of(const Notice& n, int64_t now) {
  NoticeSummary s;
  s.id = n.id;
  s.title = n.title;
  s.issuer = n.issuer;
  s.category = n.category;
  s.region = n.region;
  s.priority = n.priority;
  s.state = notice_state_at(n, now);
  s.published_at = n.published_at;
  s.start_at = n.start_at;
  s.end_at = n.end_at;
  return s;
}

float draw_period_bar(Ui& ui, const NoticeSummary& n, int64_t now, ImVec2 pos, float w) {
  const float h0 = ui.text(period_text(ui.str, n), pos, ui.m.small, w, ui.pal.text_muted);
  if (!n.end_at) return h0;
  std::string label;
  double frac = 0;
  if (n.state == NoticeState::Upcoming) {
    label = ui.str.format("notices.starts_in", {std::to_string(days_remaining(now, n.start_at))});
  } else if (n.state == NoticeState::InPublicity) {
    label = ui.str.format("notices.remaining", {std::to_string(days_remaining(now, *n.end_at))});
    frac = period_elapsed(now, n.start_at, *n.end_at);
  } else {
    label = ui.str.get("notices.ended");
    frac = 1;
  }
  const float y = pos.y + h0 + ui.m.gap / 2;
  const auto l = ui.layout(label, ui.style(ui.m.small, text::Align::Start, 1), w);
  const float bar_w = std::max(0.0f, w - l->width - ui.m.gap);
  const float bar_h = std::max(8.0f, ui.m.small * 0.4f);
  const float bar_y = y + (l->height - bar_h) / 2;
  // The bar shows the part of the period that remains (full = just started).
  ui.fill({pos.x, bar_y, bar_w, bar_h}, ui.pal.track, bar_h / 2);
  if (frac < 1)
    ui.fill({pos.x, bar_y, bar_w * static_cast<float>(1 - frac), bar_h}, ui.pal.accent, bar_h / 2);
  ui.draw_text(*l, ImVec2(pos.x + bar_w + ui.m.gap, y),
               n.state == NoticeState::InPublicity ? ui.pal.text : ui.pal.text_muted);
  return y + l->height - pos.y;
}

float draw_error_tile(Ui& ui, const std::string& error, ImVec2 pos, float w) {
  const std::string msg = ui.str.get("common.error_tile");
  const float th = ui.text_height(msg, ui.m.body, w - 2 * ui.m.pad);
  const Rect r{pos.x, pos.y, w, th + 2 * ui.m.pad};
  ui.fill(r, ui.pal.surface, ui.m.radius);
  ui.outline(r, ui.pal.urgent, ui.m.radius, 3);
  ui.text(msg, ImVec2(r.x + ui.m.pad, r.y + ui.m.pad), ui.m.body, w - 2 * ui.m.pad, ui.pal.text);
  (void)error;  // the error text itself is for staff (staff page, log), not for citizens
  return r.h;
}

// ---- the notice document ----------------------------------------------------------------------

namespace {

class DocBuilder {
 public:
  DocBuilder(Ui& ui, float width, float body_px) : ui_(ui), w_(width), body_(body_px) {}

  void text(std::string_view s, float px, Rgb color, float indent = 0,
            text::Align align = text::Align::Start, bool justify = false) {
    text::TextStyle st = ui_.style(px, align);
    st.justify = justify;
    auto l = ui_.layout(s, st, w_ - indent);
    for (const auto& line : l->lines) doc_.breaks.push_back(y_ + line.top + line.height);
    DocPiece p;
    p.kind = DocPiece::Kind::Text;
    p.rect = {indent, y_, l->max_width, l->height};
    p.color = color;
    p.layout = std::move(l);
    y_ += p.rect.h;
    doc_.pieces.push_back(std::move(p));
  }

  void gap(float g) { y_ += g; }
  float y() const { return y_; }
  void set_y(float y) { y_ = y; }
  void mark_break() { doc_.breaks.push_back(y_); }

  void list_item(const BodyBlock& b) {
    const float indent = body_ * 2;
    auto marker = ui_.layout(b.marker, ui_.style(body_, text::Align::End, 1), indent - body_ / 3);
    DocPiece mp;
    mp.kind = DocPiece::Kind::Text;
    mp.rect = {0, y_, marker->max_width, marker->height};
    mp.color = ui_.pal.text;
    mp.layout = std::move(marker);
    doc_.pieces.push_back(std::move(mp));
    text(b.text, body_, ui_.pal.text, indent, text::Align::Start, true);
  }

  void table(const BodyBlock& b) {
    const size_t cols = b.rows.front().size();
    if (cols == 0) return;
    const float cell_pad = body_ * 0.4f, px = body_ * 0.9f;
    // Column widths proportional to each column's widest single-line cell (each at least 3 em),
    // scaled to the full measure; the +2 px keeps a cell that fits on one line from wrapping
    // after the width is floored to whole pixels.
    std::vector<float> natural(cols, 0);
    for (const auto& row : b.rows)
      for (size_t c = 0; c < cols; ++c)
        natural[c] = std::max(natural[c], std::ceil(ui_.text_width(row[c], px)) + 2 * cell_pad + 2);
    float sum = 0;
    for (float& n : natural) sum += (n = std::max(n, px * 3));
    std::vector<float> widths(cols);
    for (size_t c = 0; c < cols; ++c) widths[c] = std::floor(natural[c] / sum * w_);
    for (size_t r = 0; r < b.rows.size(); ++r) {
      std::vector<std::shared_ptr<const text::Layout>> cells(cols);
      float row_h = 0;
      for (size_t c = 0; c < cols; ++c) {
        cells[c] = ui_.layout(b.rows[r][c], ui_.style(px), widths[c] - 2 * cell_pad);
        row_h = std::max(row_h, cells[c]->height + 2 * cell_pad);
      }
      float x = 0;
      for (size_t c = 0; c < cols; ++c) {
        DocPiece bg;
        bg.kind = DocPiece::Kind::Fill;
        bg.rect = {x, y_, widths[c], row_h};
        bg.color = r == 0 ? ui_.pal.chip : ui_.pal.surface;
        doc_.pieces.push_back(bg);
        DocPiece border = bg;
        border.kind = DocPiece::Kind::Outline;
        border.color = ui_.pal.border;
        doc_.pieces.push_back(border);
        DocPiece t;
        t.kind = DocPiece::Kind::Text;
        t.rect = {x + cell_pad, y_ + cell_pad, cells[c]->max_width, cells[c]->height};
        t.color = r == 0 ? ui_.pal.chip_text : ui_.pal.text;
        t.layout = cells[c];
        doc_.pieces.push_back(std::move(t));
        x += widths[c];
      }
      y_ += row_h;
      doc_.breaks.push_back(y_);  // a page may end after any row, never inside one
    }
  }

  void image(const NoticeView& v, const BodyBlock& b) {
    const std::vector<uint8_t>* png = find_image(v, b.image);
    const float h = png ? ui_.image_height(b.image, *png, w_) : 0;
    if (h > 0) {
      DocPiece p;
      p.kind = DocPiece::Kind::Image;
      p.rect = {0, y_, w_, h};
      p.png = png;
      p.image_key = v.notice.id + "/" + b.image;
      doc_.pieces.push_back(std::move(p));
      y_ += h + body_ / 3;
      doc_.breaks.push_back(y_);
    }
    const std::string caption = h > 0 ? b.text : b.text + ui_.str.get("notice.image_missing");
    text(caption, body_ * 0.85f, ui_.pal.text_muted, 0, text::Align::Center);
  }

  // The notice's web address as a QR code, centred, with its caption: a citizen takes the
  // notice away on a phone (issue #4). Nothing when the notice has no address.
  void qr(const std::string& url) {
    auto matrix = make_qr(url);
    if (!matrix) return;
    const float side = std::min(w_, (ui_.view.elder ? 360.0f : 280.0f) * ui_.scale);
    DocPiece p;
    p.kind = DocPiece::Kind::Qr;
    p.rect = {(w_ - side) / 2, y_, side, side};
    p.qr = std::make_shared<const QrMatrix>(std::move(*matrix));
    doc_.pieces.push_back(std::move(p));
    y_ += side;
    text(ui_.str.get("notice.qr"), ui_.m.small, ui_.pal.text, 0, text::Align::Center);
  }

  void period(const NoticeSummary& s) {
    DocPiece p;
    p.kind = DocPiece::Kind::Period;
    const float h = s.end_at ? ui_.m.small * ui_.m.line_height * 2 + ui_.m.gap / 2
                             : ui_.m.small * ui_.m.line_height;
    p.rect = {0, y_, w_, h};
    doc_.pieces.push_back(std::move(p));
    y_ += h;
    doc_.breaks.push_back(y_);
  }

  NoticeDoc finish() {
    doc_.height = y_;
    std::sort(doc_.breaks.begin(), doc_.breaks.end());
    return std::move(doc_);
  }

  static const std::vector<uint8_t>* find_image(const NoticeView& v, const std::string& name) {
    if (const auto it = v.images.find(name); it != v.images.end()) return &it->second;
    const std::string base = name.substr(name.find_last_of('/') + 1);
    for (const auto& [k, bytes] : v.images)
      if (k.substr(k.find_last_of('/') + 1) == base) return &bytes;
    return nullptr;
  }

 private:
  Ui& ui_;
  float w_, body_;
  float y_ = 0;
  NoticeDoc doc_;
};

}  // namespace

NoticeDoc layout_notice(Ui& ui, const NoticeView& v, float width, float body_px, bool with_title) {
  DocBuilder d(ui, width, body_px);
  const Notice& n = v.notice;
  const float heading_px = std::max(ui.m.heading, body_px * 1.4f);
  if (with_title) {
    d.text(n.title, heading_px, ui.pal.text, 0, text::Align::Center);
    d.gap(ui.m.gap);
  }
  if (!n.doc_number.empty()) {
    d.text(n.doc_number, ui.m.small, ui.pal.text_muted, 0, text::Align::Center);
    d.gap(ui.m.gap / 2);
  }
  const std::string meta =
      ui.str.format("notice.meta", {n.issuer, date_text(ui.str, n.published_at)});
  d.text(meta, ui.m.small, ui.pal.text_muted, 0, text::Align::Center);
  d.gap(ui.m.gap);
  d.period(summary_of(n, 0));
  d.gap(ui.m.gap * 1.5f);
  for (const BodyBlock& b : v.blocks) {
    switch (b.kind) {
      case BodyBlock::Kind::Heading:
        d.gap(body_px * 0.6f);
        d.text(b.text, b.level <= 1 ? body_px * 1.3f : body_px * 1.1f, ui.pal.accent);
        d.gap(body_px * 0.3f);
        break;
      case BodyBlock::Kind::Paragraph:
        // 段首缩进两字 is the convention of Chinese official documents (GB/T 9704).
        d.text(ui.str.format("notice.paragraph", {b.text}), body_px, ui.pal.text, 0,
               text::Align::Start, true);
        d.gap(body_px * 0.5f);
        break;
      case BodyBlock::Kind::ListItem:
        d.list_item(b);
        d.gap(body_px * 0.25f);
        break;
      case BodyBlock::Kind::Table:
        d.gap(body_px * 0.3f);
        d.table(b);
        d.gap(body_px * 0.6f);
        break;
      case BodyBlock::Kind::Image:
        d.gap(body_px * 0.3f);
        d.image(v, b);
        d.gap(body_px * 0.6f);
        break;
    }
  }
  if (!n.url.empty()) {
    d.gap(body_px);
    d.qr(n.url);
  }
  return d.finish();
}

float begin_scroll(Ui& ui, const Rect& view) {
  ui.push_clip(view);
  ui.report.scroll_view = view;
  return view.y - static_cast<float>(ui.scroll);
}

void end_scroll(Ui& ui, float content_h) {
  ui.report.content_height = content_h;
  ui.pop_clip();
}

void draw_doc(Ui& ui, const NoticeDoc& doc, const NoticeSummary& summary, int64_t now,
              ImVec2 origin, float alpha) {
  for (const DocPiece& p : doc.pieces) {
    const Rect r{origin.x + p.rect.x, origin.y + p.rect.y, p.rect.w, p.rect.h};
    if (!ui.visible(r.y, r.bottom())) continue;  // draw only what is visible (DESIGN §7)
    switch (p.kind) {
      case DocPiece::Kind::Text:
        ui.draw_text(*p.layout, ImVec2(r.x, r.y), p.color, alpha);
        break;
      case DocPiece::Kind::Fill:
        ui.fill(r, p.color, 0, alpha);
        break;
      case DocPiece::Kind::Outline:
        ui.outline(r, p.color, 0, 1.5f);
        break;
      case DocPiece::Kind::Image:
        ui.image(p.image_key, *p.png, ImVec2(r.x, r.y), r.w);
        break;
      case DocPiece::Kind::Period:
        draw_period_bar(ui, summary, now, ImVec2(r.x, r.y), r.w);
        break;
      case DocPiece::Kind::Qr:
        ui.qr(*p.qr, r);
        break;
    }
  }
}

std::vector<float> paginate(const NoticeDoc& doc, float page_h) {
  std::vector<float> starts{0};
  if (page_h <= 0) return starts;
  float start = 0;
  while (start + page_h < doc.height - 0.5f) {
    // The last break that still fits on this page; a piece taller than a page is cut.
    auto it = std::upper_bound(doc.breaks.begin(), doc.breaks.end(), start + page_h);
    float end = start + page_h;
    if (it != doc.breaks.begin() && *std::prev(it) > start + 0.5f) end = *std::prev(it);
    starts.push_back(end);
    start = end;
  }
  return starts;
}

// ---- dispatch ---------------------------------------------------------------------------------

Action draw_screen(Ui& ui, const Model& model) {
  ui.fill({0, 0, ui.size.x, ui.size.y}, ui.pal.background);
  switch (model.route.kind) {
    case ScreenKind::Home:
      return draw_home(ui, model);
    case ScreenKind::Domain:
      return draw_domain(ui, model);
    case ScreenKind::Item:
      return draw_item(ui, model);
    case ScreenKind::Notices:
      return draw_notices(ui, model);
    case ScreenKind::Notice:
      return draw_notice(ui, model);
    case ScreenKind::Board:
      return draw_board(ui, model);
    case ScreenKind::PinEntry:
      return draw_pin_entry(ui, model);
    case ScreenKind::Staff:
      return draw_staff(ui, model);
  }
  return {};
}

}  // namespace gongkai::kiosk
