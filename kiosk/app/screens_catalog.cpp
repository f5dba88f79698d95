// screens_catalog.cpp — Home, Domain (items grouped by 一级事项) and Item detail (issue #4,
// "Terminal mode"). Landscape puts the 公示 strip (Home) and the QR code (Item) in a right-hand
// column; portrait stacks them above the list.
#include <algorithm>
#include <cmath>

#include "app/calendar.h"
#include "app/screens.h"

namespace gongkai::kiosk {
namespace {

// The region name shown in headers and the board; the configured fallback when unknown.
std::string region_title(const Ui& ui, const std::string& name) {
  return name.empty() ? ui.str.get("app.region_fallback") : name + " " + ui.str.get("app.title");
}

// The fixed bottom bar of Home: freshness stamp, 高对比 and 长辈模式 toggles.
Action home_footer(Ui& ui, const HomeModel& h, float& footer_h) {
  Action a;
  footer_h = ui.m.target + 2 * ui.m.gap;
  const Rect bar{0, ui.size.y - footer_h, ui.size.x, footer_h};
  ui.fill(bar, ui.pal.surface);
  ui.fill({0, bar.y, ui.size.x, 2}, ui.pal.border);
  const float bw =
      std::max(ui.m.target * 3, ui.text_width(ui.str.get("home.elder"), ui.m.body) + 3 * ui.m.pad);
  const Rect elder{ui.size.x - ui.m.pad - bw, bar.y + ui.m.gap, bw, ui.m.target};
  const Rect contrast{elder.x - ui.m.gap - bw, elder.y, bw, ui.m.target};
  // Each toggle names the mode it switches to, so one tap does what it says (DESIGN §7).
  if (ui.button(elder, ui.str.get(ui.view.elder ? "home.elder_off" : "home.elder"), ui.pal.accent,
                ui.pal.accent_text, ui.m.body, "elder"))
    a.kind = Action::Kind::ToggleElder;
  if (ui.button(contrast, ui.str.get(ui.view.high_contrast ? "home.contrast_off" : "home.contrast"),
                ui.pal.chip, ui.pal.chip_text, ui.m.body, "contrast"))
    a.kind = Action::Kind::ToggleContrast;
  const std::string stamp =
      h.generation ? ui.str.format("home.freshness", {date_text(ui.str, h.generation->created_at)})
                   : ui.str.get("home.freshness_none");
  const float sw = contrast.x - 2 * ui.m.pad;
  const auto l = ui.layout(stamp, ui.style(ui.m.small, text::Align::Start, 2), sw);
  ui.draw_text(*l, ImVec2(ui.m.pad, bar.y + (footer_h - l->height) / 2), ui.pal.text_muted);
  return a;
}

// The in-公示 strip: the newest notices in 公示 with their remaining days, and "all notices".
Action home_strip(Ui& ui, const Model& model, const Rect& r) {
  Action a;
  const HomeModel& h = model.home;
  ui.fill(r, ui.pal.surface, ui.m.radius);
  float y = r.y + ui.m.gap;
  const float x = r.x + ui.m.gap, w = r.w - 2 * ui.m.gap;
  y += ui.text(ui.str.get("home.strip"), ImVec2(x, y), ui.m.heading * 0.8f, w, ui.pal.text,
               text::Align::Start, 1);
  y += ui.m.gap / 2;
  const Rect more{x, r.bottom() - ui.m.gap - ui.m.target, w, ui.m.target};
  if (ui.button(more, ui.str.get("home.strip_more"), ui.pal.accent, ui.pal.accent_text, ui.m.body,
                "notices"))
    a = Action::push({ScreenKind::Notices, ""});
  if (h.in_publicity.empty()) {
    ui.text(ui.str.get("home.strip_none"), ImVec2(x, y), ui.m.body, w, ui.pal.text_muted);
    return a;
  }
  ui.push_clip({r.x, y, r.w, more.y - ui.m.gap - y});
  for (const NoticeSummary& n : h.in_publicity) {
    const float title_h = ui.text_height(n.title, ui.m.body, w - 2 * ui.m.gap, 2);  // as drawn
    const float card_h = title_h + ui.m.small * ui.m.line_height * 2 + 2.5f * ui.m.gap;
    if (y + card_h > more.y - ui.m.gap) break;  // only whole cards: nothing cut in half
    const Rect card{x, y, w, card_h};
    ui.fill(card, ui.pal.background, ui.m.radius, ui.pressed(card) ? 0.6f : 1.0f);
    if (n.priority == NoticePriority::Urgent) ui.fill({x, y, 6 * ui.scale, card_h}, ui.pal.urgent);
    float cy = y + ui.m.gap / 2;
    cy += ui.text(n.title, ImVec2(x + ui.m.gap, cy), ui.m.body, w - 2 * ui.m.gap, ui.pal.text,
                  text::Align::Start, 2);
    draw_period_bar(ui, n, model.now, ImVec2(x + ui.m.gap, cy + ui.m.gap / 2), w - 2 * ui.m.gap);
    if (ui.tapped(card, "notice:" + n.id)) a = Action::push({ScreenKind::Notice, n.id});
    y += card_h + ui.m.gap;
  }
  ui.pop_clip();
  return a;
}

// The domain tiles, in a scroll view; returns the content height.
Action home_tiles(Ui& ui, const Model& model, const Rect& view) {
  Action a;
  const HomeModel& h = model.home;
  const float y0 = begin_scroll(ui, view);
  float y = y0 + ui.m.gap;
  const float x0 = view.x + ui.m.pad, w = view.w - 2 * ui.m.pad;
  y += ui.text(ui.str.get("home.domains"), ImVec2(x0, y), ui.m.heading * 0.8f, w, ui.pal.text,
               text::Align::Start, 1);
  y += ui.m.gap;
  if (model.no_store || (h.domains.empty() && model.error.empty())) {
    // Never synced (DESIGN §2): say what to do rather than show an error.
    y += ui.text(ui.str.get("home.no_content"), ImVec2(x0, y), ui.m.body, w, ui.pal.text_muted);
  } else if (h.domains.empty()) {
    y += draw_error_tile(ui, model.error, ImVec2(x0, y), w);
  }
  const float min_tile = (ui.view.elder ? 360.0f : 270.0f) * ui.scale;
  const int cols = std::max(2, static_cast<int>((w + ui.m.gap) / (min_tile + ui.m.gap)));
  const float tw = (w - ui.m.gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
  const float th =
      std::max(ui.m.target * 1.6f,
               ui.m.body * ui.m.line_height * 2 + ui.m.small * ui.m.line_height + 2.5f * ui.m.gap);
  for (size_t i = 0; i < h.domains.size(); ++i) {
    const DomainSummary& d = h.domains[i];
    const int col = static_cast<int>(i) % cols, row = static_cast<int>(i) / cols;
    const Rect t{x0 + static_cast<float>(col) * (tw + ui.m.gap),
                 y + static_cast<float>(row) * (th + ui.m.gap), tw, th};
    if (ui.visible(t.y, t.bottom())) {
      ui.fill(t, ui.pal.surface, ui.m.radius, ui.pressed(t) ? 0.6f : 1.0f);
      if (ui.view.high_contrast) ui.outline(t, ui.pal.border, ui.m.radius, 2);
      ui.text(d.domain.name, ImVec2(t.x + ui.m.gap, t.y + ui.m.gap), ui.m.body, tw - 2 * ui.m.gap,
              ui.pal.text, text::Align::Start, 2);
      const std::string count =
          d.item_count > 0 ? ui.str.format("home.item_count", {std::to_string(d.item_count)})
                           : ui.str.get("home.no_items");
      const auto l =
          ui.layout(count, ui.style(ui.m.small, text::Align::Start, 1), tw - 2 * ui.m.gap);
      ui.draw_text(*l, ImVec2(t.x + ui.m.gap, t.bottom() - ui.m.gap - l->height),
                   d.item_count > 0 ? ui.pal.accent : ui.pal.text_muted);
      if (ui.tapped(t, "domain:" + d.domain.code))
        a = Action::push({ScreenKind::Domain, d.domain.code});
    }
  }
  const int rows = (static_cast<int>(h.domains.size()) + cols - 1) / cols;
  y += static_cast<float>(rows) * (th + ui.m.gap) + ui.m.pad;
  end_scroll(ui, y - y0);
  return a;
}

void merge(Action& into, const Action& a) {
  if (a.kind != Action::Kind::None) into = a;
}

}  // namespace

Action draw_home(Ui& ui, const Model& model) {
  Action a;
  const HomeModel& h = model.home;
  // Portrait headers are narrow: month and day only, so the clock is never cut off.
  ui.header(region_title(ui, h.region_name), false, header_clock(ui, model.now));
  float footer_h = 0;
  merge(a, home_footer(ui, h, footer_h));
  const float top = ui.m.header_h, bottom = ui.size.y - footer_h;
  if (ui.portrait()) {
    const float strip_h = std::min((bottom - top) * 0.42f, ui.m.body * 14);
    merge(a, home_strip(ui, model, {ui.m.pad, top + ui.m.pad, ui.size.x - 2 * ui.m.pad, strip_h}));
    const float vt = top + ui.m.pad + strip_h;
    merge(a, home_tiles(ui, model, {0, vt, ui.size.x, bottom - vt}));
  } else {
    const float strip_w = std::max(ui.size.x * 0.3f, ui.m.body * 15);
    merge(a, home_tiles(ui, model, {0, top, ui.size.x - strip_w - ui.m.pad, bottom - top}));
    merge(a, home_strip(ui, model,
                        {ui.size.x - strip_w - ui.m.pad, top + ui.m.pad, strip_w,
                         bottom - top - 2 * ui.m.pad}));
  }
  return a;
}

Action draw_domain(Ui& ui, const Model& model) {
  Action a;
  const DomainModel& d = model.domain;
  const std::string title = d.domain ? d.domain->name : ui.str.get("home.domains");
  if (ui.header(title, true, ui.str.format("domain.title_count", {std::to_string(d.total)})))
    a.kind = Action::Kind::Back;
  const Rect view{0, ui.m.header_h, ui.size.x, ui.size.y - ui.m.header_h};
  const float y0 = begin_scroll(ui, view);
  float y = y0 + ui.m.pad;
  const float x = ui.m.pad, w = ui.size.x - 2 * ui.m.pad;
  if (!model.error.empty()) y += draw_error_tile(ui, model.error, ImVec2(x, y), w) + ui.m.gap;
  if (d.groups.empty() && model.error.empty())
    y += ui.text(ui.str.get("domain.empty"), ImVec2(x, y), ui.m.body, w, ui.pal.text_muted);
  for (const ItemGroup& g : d.groups) {
    y += ui.text(g.level1, ImVec2(x, y), ui.m.heading * 0.75f, w, ui.pal.accent) + ui.m.gap / 2;
    for (const CatalogItemSummary& it : g.items) {
      const std::string name = it.level3.empty() ? it.level2 : it.level2 + " · " + it.level3;
      const std::string subject = ui.str.format("domain.subject", {it.subject});
      const float inner = w - 2 * ui.m.gap - ui.m.target / 2;
      const float nh = ui.text_height(name, ui.m.body, inner);
      const float sh = it.subject.empty() ? 0 : ui.text_height(subject, ui.m.small, inner, 1);
      const Rect row{x, y, w, std::max(ui.m.target, nh + sh + 1.5f * ui.m.gap)};
      if (ui.visible(row.y, row.bottom())) {
        ui.fill(row, ui.pal.surface, ui.m.radius, ui.pressed(row) ? 0.6f : 1.0f);
        if (ui.view.high_contrast) ui.outline(row, ui.pal.border, ui.m.radius, 2);
        float ty = row.y + (row.h - nh - sh) / 2;
        ty += ui.text(name, ImVec2(x + ui.m.gap, ty), ui.m.body, inner, ui.pal.text);
        if (!it.subject.empty())
          ui.text(subject, ImVec2(x + ui.m.gap, ty), ui.m.small, inner, ui.pal.text_muted,
                  text::Align::Start, 1);
        // A chevron says "opens".
        const float cx = row.right() - ui.m.gap - ui.m.target / 6, cy = row.y + row.h / 2,
                    arm = ui.m.body * 0.3f;
        const ImVec2 chev[3] = {ImVec2(cx - arm, cy - arm), ImVec2(cx, cy),
                                ImVec2(cx - arm, cy + arm)};
        ui.dl->AddPolyline(chev, 3, ui.pal.text_muted.abgr(), 0, std::max(2.0f, 3 * ui.scale));
        if (ui.tapped(row, "item:" + std::to_string(it.id)))
          a = Action::push({ScreenKind::Item, std::to_string(it.id)});
      }
      y += row.h + ui.m.gap / 2;
    }
    y += ui.m.gap;
  }
  end_scroll(ui, y + ui.m.pad - y0);
  return a;
}

namespace {

std::string audience_text(const UiStrings& s, Audience a) {
  switch (a) {
    case Audience::Public:
      return s.get("item.audience_public");
    case Audience::SpecificGroup:
      return s.get("item.audience_group");
    case Audience::Both:
      return s.get("item.audience_both");
    case Audience::Unknown:
      break;
  }
  return s.get("item.none");
}

std::string mode_text(const UiStrings& s, DisclosureMode m) {
  switch (m) {
    case DisclosureMode::Proactive:
      return s.get("item.mode_proactive");
    case DisclosureMode::OnRequest:
      return s.get("item.mode_request");
    case DisclosureMode::Both:
      return s.get("item.mode_both");
    case DisclosureMode::Unknown:
      break;
  }
  return s.get("item.none");
}

std::string joined(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// One labelled element of an item: label in the accent colour, value below.
float field(Ui& ui, const std::string& label_key, const std::string& value, float x, float y,
            float w) {
  const float y0 = y;
  y += ui.text(ui.str.get(label_key), ImVec2(x, y), ui.m.small, w, ui.pal.accent);
  y += ui.text(value.empty() ? ui.str.get("item.none") : value, ImVec2(x, y), ui.m.body, w,
               ui.pal.text);
  return y - y0 + ui.m.gap * 1.25f;
}

}  // namespace

Action draw_item(Ui& ui, const Model& model) {
  Action a;
  const auto& item = model.item.item;
  if (ui.header(
          model.item.domain_name.empty() ? ui.str.get("home.domains") : model.item.domain_name,
          true))
    a.kind = Action::Kind::Back;
  const Rect view{0, ui.m.header_h, ui.size.x, ui.size.y - ui.m.header_h};
  const auto qr = item ? make_qr(item->url) : std::nullopt;
  const float qr_side = (ui.view.elder ? 360.0f : 320.0f) * ui.scale;
  const bool qr_column = qr && !ui.portrait();
  if (qr_column) {  // landscape: the QR code stays put while the text scrolls
    const float qx = ui.size.x - ui.m.pad - ui.m.gap - qr_side,
                qy = ui.m.header_h + ui.m.pad + ui.m.gap;
    const float caption_h = ui.m.small * ui.m.line_height;
    ui.fill(
        {qx - ui.m.gap, qy - ui.m.gap, qr_side + 2 * ui.m.gap, qr_side + 2 * ui.m.gap + caption_h},
        ui.pal.surface, ui.m.radius);
    ui.qr(*qr, {qx, qy, qr_side, qr_side});
    ui.text(ui.str.get("item.qr"), ImVec2(qx, qy + qr_side), ui.m.small, qr_side, ui.pal.text,
            text::Align::Center, 1);
  }
  const Rect sv{0, view.y, qr_column ? ui.size.x - qr_side - 3 * ui.m.pad : ui.size.x, view.h};
  const float y0 = begin_scroll(ui, sv);
  float y = y0 + ui.m.pad;
  const float x = ui.m.pad, w = std::min(sv.w - 2 * ui.m.pad, ui.m.body * 40);
  if (!item) {
    if (!model.error.empty())
      y += draw_error_tile(ui, model.error, ImVec2(x, y), w);
    else
      y += ui.text(ui.str.get("item.not_found"), ImVec2(x, y), ui.m.body, w, ui.pal.text_muted);
    end_scroll(ui, y - y0);
    return a;
  }
  const CatalogItem& it = *item;
  std::string path = it.level1;
  if (!it.level2.empty() && !it.level3.empty()) path += " › " + it.level2;
  y += ui.text(path, ImVec2(x, y), ui.m.small, w, ui.pal.text_muted);
  y += ui.text(it.level3.empty() ? it.level2 : it.level3, ImVec2(x, y), ui.m.title * 0.8f, w,
               ui.pal.text);
  y += ui.m.gap * 1.5f;
  if (qr && !qr_column) {
    ui.fill({x, y, qr_side + 2 * ui.m.gap, qr_side + 2 * ui.m.gap + ui.m.body * 2}, ui.pal.surface,
            ui.m.radius);
    ui.qr(*qr, {x + ui.m.gap, y + ui.m.gap, qr_side, qr_side});
    ui.text(ui.str.get("item.qr"), ImVec2(x + ui.m.gap, y + ui.m.gap * 1.5f + qr_side), ui.m.small,
            qr_side, ui.pal.text, text::Align::Center, 1);
    y += qr_side + 3 * ui.m.gap + ui.m.body * 2;
  }
  y += field(ui, "item.content", it.content, x, y, w);
  std::string basis;
  for (const Citation& c : it.basis) basis += (basis.empty() ? "" : "\n") + c.text;
  y += field(ui, "item.basis", basis.empty() ? it.basis_text : basis, x, y, w);
  y += field(ui, "item.time_limit", it.time_limit_text, x, y, w);
  y += field(ui, "item.subject", it.subject, x, y, w);
  // 公开渠道和载体 as chips, wrapped to the column.
  y += ui.text(ui.str.get("item.channels"), ImVec2(x, y), ui.m.small, w, ui.pal.accent);
  float cx = x;
  const float chip_h = ui.m.small * ui.m.line_height + ui.m.gap / 2;
  const std::vector<std::string> channels = it.channels.empty() && !it.channels_text.empty()
                                                ? std::vector<std::string>{it.channels_text}
                                                : it.channels;
  for (const std::string& ch : channels) {
    const float cw = ui.text_width(ch, ui.m.small) + 2 * ui.m.gap;
    if (cx + cw > x + w && cx > x) {
      cx = x;
      y += chip_h + ui.m.gap / 2;
    }
    cx += ui.chip(ImVec2(cx, y + ui.m.gap / 4), ch, ui.pal.chip, ui.pal.chip_text, ui.m.small) +
          ui.m.gap / 2;
  }
  if (channels.empty())
    y += ui.text(ui.str.get("item.none"), ImVec2(x, y), ui.m.body, w, ui.pal.text) - chip_h;
  y += chip_h + ui.m.gap * 1.5f;
  y += field(ui, "item.audience", audience_text(ui.str, it.audience), x, y, w);
  y += field(ui, "item.mode", mode_text(ui.str, it.mode), x, y, w);
  y += field(ui, "item.levels", joined(it.levels, "、"), x, y, w);
  if (!it.duration_text.empty()) y += field(ui, "item.duration", it.duration_text, x, y, w);
  end_scroll(ui, y + ui.m.pad - y0);
  return a;
}

}  // namespace gongkai::kiosk
