// screens_notices.cpp — the notice list (tabs 公示中 / 即将公示 / 已归档 / 长期公布, category
// filter) and the notice detail (issue #4). The detail is the same NoticeDoc the board paginates,
// here in one scroll view.
#include <algorithm>

#include "app/screens.h"

namespace gongkai::kiosk {
namespace {

constexpr const char* kTabKeys[] = {"notices.tab_in_publicity", "notices.tab_upcoming",
                                    "notices.tab_archived", "notices.tab_long_term"};

// Badges before a title: 紧急 / 置顶. Returns the width used.
float badges(Ui& ui, const NoticeSummary& n, ImVec2 pos) {
  if (n.priority == NoticePriority::Urgent)
    return ui.chip(pos, ui.str.get("notices.urgent"), ui.pal.urgent, ui.pal.urgent_text,
                   ui.m.small) +
           ui.m.gap / 2;
  if (n.priority == NoticePriority::Pinned)
    return ui.chip(pos, ui.str.get("notices.pinned"), ui.pal.chip, ui.pal.chip_text, ui.m.small) +
           ui.m.gap / 2;
  return 0;
}

}  // namespace

Action draw_notices(Ui& ui, const Model& model) {
  Action a;
  const NoticesModel& nm = model.notices;
  if (ui.header(ui.str.get("notices.title"), true)) a.kind = Action::Kind::Back;
  float y = ui.m.header_h + ui.m.gap;
  const float x = ui.m.pad, w = ui.size.x - 2 * ui.m.pad;
  // Tabs: one row of four equal buttons, fixed above the list.
  const float tw = (w - 3 * ui.m.gap) / 4;
  for (int i = 0; i < 4; ++i) {
    const Rect t{x + static_cast<float>(i) * (tw + ui.m.gap), y, tw, ui.m.target};
    const bool on = nm.tab == i;
    if (ui.button(t, ui.str.get(kTabKeys[i]), on ? ui.pal.accent : ui.pal.surface,
                  on ? ui.pal.accent_text : ui.pal.text, ui.m.body, "tab:" + std::to_string(i)))
      a = Action::with(Action::Kind::SelectTab, i);
    if (!on && ui.view.high_contrast) ui.outline(t, ui.pal.border, ui.m.radius, 2);
  }
  y += ui.m.target + ui.m.gap;
  // Category filter chips (全部 + the store's categories), wrapped.
  std::vector<std::string> cats{""};
  cats.insert(cats.end(), nm.categories.begin(), nm.categories.end());
  float cx = x;
  const float ch = std::max(ui.m.target * 0.8f, ui.m.small * ui.m.line_height + ui.m.gap);
  for (const std::string& c : cats) {
    const std::string label = c.empty() ? ui.str.get("notices.all_categories") : c;
    const float cw = std::max(ch * 1.6f, ui.text_width(label, ui.m.body) + 2 * ui.m.pad);
    if (cx + cw > x + w && cx > x) {
      cx = x;
      y += ch + ui.m.gap / 2;
    }
    const bool on = nm.category == c;
    if (ui.button({cx, y, cw, ch}, label, on ? ui.pal.chip_text : ui.pal.chip,
                  on ? ui.pal.chip : ui.pal.chip_text, ui.m.body, "category:" + c))
      a = Action::with(Action::Kind::SelectCategory, 0, c);
    cx += cw + ui.m.gap / 2;
  }
  y += ch + ui.m.gap;
  const Rect view{0, y, ui.size.x, ui.size.y - y};
  const float y0 = begin_scroll(ui, view);
  float cy = y0;
  if (!model.error.empty()) cy += draw_error_tile(ui, model.error, ImVec2(x, cy), w) + ui.m.gap;
  if (nm.notices.empty() && model.error.empty())
    cy += ui.text(ui.str.get("notices.empty"), ImVec2(x, cy + ui.m.pad), ui.m.body, w,
                  ui.pal.text_muted, text::Align::Center) +
          2 * ui.m.pad;
  for (const NoticeSummary& n : nm.notices) {
    const float inner = w - 2 * ui.m.pad;
    const float badge_w =
        n.priority == NoticePriority::Normal
            ? 0
            : ui.text_width(ui.str.get("notices.urgent"), ui.m.small) + 2.5f * ui.m.gap;
    const float title_h = ui.text_height(n.title, ui.m.body * 1.1f, inner - badge_w, 3);
    const std::string meta = n.issuer + (n.category.empty() ? "" : "  ·  " + n.category);
    const float meta_h = ui.text_height(meta, ui.m.small, inner, 1);
    const float period_h = ui.m.small * ui.m.line_height * (n.end_at ? 2 : 1) + ui.m.gap / 2;
    const Rect card{x, cy, w, title_h + meta_h + period_h + 2.5f * ui.m.gap};
    if (ui.visible(card.y, card.bottom())) {
      ui.fill(card, ui.pal.surface, ui.m.radius, ui.pressed(card) ? 0.6f : 1.0f);
      if (ui.view.high_contrast) ui.outline(card, ui.pal.border, ui.m.radius, 2);
      float ty = card.y + ui.m.gap;
      const float bw = badges(ui, n, ImVec2(x + ui.m.pad, ty + 2 * ui.scale));
      ty += ui.text(n.title, ImVec2(x + ui.m.pad + bw, ty), ui.m.body * 1.1f, inner - bw,
                    ui.pal.text, text::Align::Start, 3);
      ty += ui.text(meta, ImVec2(x + ui.m.pad, ty), ui.m.small, inner, ui.pal.text_muted,
                    text::Align::Start, 1);
      draw_period_bar(ui, n, model.now, ImVec2(x + ui.m.pad, ty + ui.m.gap / 2), inner);
      if (ui.tapped(card, "notice:" + n.id)) a = Action::push({ScreenKind::Notice, n.id});
    }
    cy += card.h + ui.m.gap;
  }
  end_scroll(ui, cy + ui.m.pad - y0);
  return a;
}

Action draw_notice(Ui& ui, const Model& model) {
  Action a;
  if (ui.header(ui.str.get("notices.title"), true)) a.kind = Action::Kind::Back;
  const Rect view{0, ui.m.header_h, ui.size.x, ui.size.y - ui.m.header_h};
  const float y0 = begin_scroll(ui, view);
  // A readable measure: about 40 characters a line, centred on wide screens.
  const float w = std::min(ui.size.x - 2 * ui.m.pad, ui.m.body * 40);
  const float x = (ui.size.x - w) / 2;
  const auto& v = model.notice.view;
  if (!v) {
    float y = y0 + ui.m.pad;
    if (!model.error.empty())
      y += draw_error_tile(ui, model.error, ImVec2(x, y), w);
    else
      y += ui.text(ui.str.get("notice.not_found"), ImVec2(x, y), ui.m.body, w, ui.pal.text_muted);
    end_scroll(ui, y - y0);
    return a;
  }
  const NoticeDoc doc = layout_notice(ui, *v, w, ui.m.body, true);
  const Rect paper{x - ui.m.pad, y0 + ui.m.pad, w + 2 * ui.m.pad, doc.height + 2 * ui.m.pad};
  ui.fill(paper, ui.pal.surface, ui.m.radius);
  draw_doc(ui, doc, summary_of(v->notice, model.now), model.now, ImVec2(x, paper.y + ui.m.pad));
  end_scroll(ui, paper.h + 2 * ui.m.pad);
  return a;
}

}  // namespace gongkai::kiosk
