// model.cpp — Store read API → per-screen models (see model.h).
#include "app/model.h"

#include <sys/statvfs.h>

namespace gongkai::kiosk {
namespace {

// Unwraps a Result, recording the first error in `err`.
template <typename T>
bool take(Result<T>&& r, T& out, std::string& err) {
  if (!r.ok()) {
    if (err.empty()) err = r.error().message;
    return false;
  }
  out = std::move(r).value();
  return true;
}

std::string region_name(const ModelInputs& in, std::string& err) {
  std::optional<Region> r;
  if (in.scope.region.empty() || !take(in.store->region(in.scope.region), r, err) || !r) return "";
  return r->name;
}

// The kiosk's channel (terminal | board) scopes notices only; Scope::catalog_channel (an item's
// 公开渠道) is left empty so the whole catalog of the region is browsable.
Scope catalog_scope(const ModelInputs& in) { return Scope{in.scope.region, in.scope.channel, ""}; }

void load_home(const ModelInputs& in, Model& m) {
  m.home.region_name = region_name(in, m.error);
  take(in.store->domains(catalog_scope(in)), m.home.domains, m.error);
  NoticeQuery q{in.scope, in.now, NoticeState::InPublicity, ""};
  take(in.store->notices(q), m.home.in_publicity, m.error);
  take(in.store->latest_generation(), m.home.generation, m.error);
}

void load_domain(const ModelInputs& in, const std::string& code, Model& m) {
  std::vector<DomainSummary> all;
  if (take(in.store->domains(catalog_scope(in)), all, m.error))
    for (const auto& d : all)
      if (d.domain.code == code) m.domain.domain = d.domain;
  take(in.store->items_of_domain(code, catalog_scope(in)), m.domain.groups, m.error);
  for (const auto& g : m.domain.groups) m.domain.total += static_cast<int>(g.items.size());
}

void load_item(const ModelInputs& in, const std::string& arg, Model& m) {
  int64_t id = 0;
  try {
    id = std::stoll(arg);
  } catch (const std::exception&) {
    return;  // not a number: shown as "not found"
  }
  take(in.store->item(id), m.item.item, m.error);
  std::vector<DomainSummary> all;
  if (m.item.item && take(in.store->domains(catalog_scope(in)), all, m.error))
    for (const auto& d : all)
      if (d.domain.code == m.item.item->domain) m.item.domain_name = d.domain.name;
}

void load_notices(const ModelInputs& in, Model& m) {
  m.notices.tab = in.notices_tab;
  m.notices.category = in.notices_category;
  take(in.store->notice_categories(), m.notices.categories, m.error);
  const NoticeState s = kNoticeTabs[static_cast<size_t>(in.notices_tab) % kNoticeTabs.size()];
  NoticeQuery q{in.scope, in.now, s, in.notices_category};
  take(in.store->notices(q), m.notices.notices, m.error);
}

void load_board(const ModelInputs& in, Model& m) {
  m.board.region_name = region_name(in, m.error);
  std::vector<NoticeSummary> list;
  NoticeQuery q{in.scope, in.now, NoticeState::InPublicity, ""};
  if (!take(in.store->notices(q), list, m.error)) return;
  for (const auto& s : list) {
    std::string err;
    if (auto v = load_notice_view(*in.store, s.id, &err)) {
      m.board.notices.push_back(std::move(*v));
    } else if (m.error.empty() && !err.empty()) {
      m.error = err;  // one faulty notice is skipped, the carousel goes on (STYLE habit 10)
    }
  }
}

void load_staff(const ModelInputs& in, Model& m) {
  m.staff.db_path = in.store->path();
  take(in.store->latest_generation(), m.staff.generation, m.error);
  StoreCounts c;
  if (take(in.store->counts(), c, m.error)) m.staff.counts = c;
  struct statvfs fs;
  const std::string dir = m.staff.db_path.substr(0, m.staff.db_path.find_last_of('/') + 1);
  if (statvfs(dir.empty() ? "." : dir.c_str(), &fs) == 0) {
    m.staff.disk_free_mb = static_cast<int64_t>(fs.f_bavail * fs.f_frsize / (1024 * 1024));
    m.staff.disk_total_mb = static_cast<int64_t>(fs.f_blocks * fs.f_frsize / (1024 * 1024));
  }
}

}  // namespace

std::optional<NoticeView> load_notice_view(const Store& store, const std::string& id,
                                           std::string* error) {
  auto r = store.notice(id);
  if (!r.ok()) {
    if (error) *error = r.error().message;
    return std::nullopt;
  }
  if (!r.value()) return std::nullopt;
  NoticeView v;
  v.notice = std::move(*r.value());
  v.blocks = parse_notice_body(v.notice.body);
  for (const auto& a : v.notice.attachments) {
    auto bytes = store.attachment_bytes(a.sha256);
    if (bytes.ok() && bytes.value()) v.images[a.name] = std::move(*bytes.value());
  }
  return v;
}

Model load_model(const ModelInputs& in, const Route& route) {
  Model m;
  m.route = route;
  m.now = in.now;
  if (!in.store) {
    m.no_store = true;
    m.error = in.store_error;
    return m;
  }
  switch (route.kind) {
    case ScreenKind::Home:
      load_home(in, m);
      break;
    case ScreenKind::Domain:
      load_domain(in, route.arg, m);
      break;
    case ScreenKind::Item:
      load_item(in, route.arg, m);
      break;
    case ScreenKind::Notices:
      load_notices(in, m);
      break;
    case ScreenKind::Notice: {
      std::string err;
      m.notice.view = load_notice_view(*in.store, route.arg, &err);
      if (!err.empty()) m.error = err;
      break;
    }
    case ScreenKind::Board:
      load_board(in, m);
      break;
    case ScreenKind::Staff:
      load_staff(in, m);
      break;
    case ScreenKind::PinEntry:
      break;
  }
  return m;
}

}  // namespace gongkai::kiosk
