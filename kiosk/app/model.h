// model.h — what each screen shows, read from the store's read API (DESIGN §2: the UI never
// touches SQL). Input: the Store (may be absent when the content file could not be opened), the
// kiosk's Scope, the trusted time and the Route. Output: a Model, plain values only, that the
// draw functions read and never change.
//
// A read error never takes the screen down (STYLE habit 10): the model carries `error` (English /
// 中文, for the staff page and the log) and the screen shows an error tile in that place.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/nav.h"
#include "app/notice_body.h"
#include "gongkai/store.h"

namespace gongkai::kiosk {

struct HomeModel {
  std::string region_name;  // "" when the store does not know the region
  std::vector<DomainSummary> domains;
  std::vector<NoticeSummary> in_publicity;  // the strip: urgent, pinned, newest
  std::optional<Generation> generation;     // content freshness
};

struct DomainModel {
  std::optional<Domain> domain;
  std::vector<ItemGroup> groups;
  int total = 0;
};

struct ItemModel {
  std::optional<CatalogItem> item;
  std::string domain_name;
};

inline constexpr std::array<NoticeState, 4> kNoticeTabs = {
    NoticeState::InPublicity, NoticeState::Upcoming, NoticeState::Archived, NoticeState::LongTerm};

struct NoticesModel {
  int tab = 0;                          // index into kNoticeTabs
  std::string category;                 // "" = all
  std::vector<std::string> categories;  // for the filter chips
  std::vector<NoticeSummary> notices;   // the selected tab and category
};

struct NoticeView {  // one notice ready to draw
  Notice notice;
  std::vector<BodyBlock> blocks;
  std::map<std::string, std::vector<uint8_t>> images;  // body image name → bytes (PNG)
};

struct NoticeModel {
  std::optional<NoticeView> view;
};

struct BoardModel {
  std::string region_name;
  std::vector<NoticeView> notices;  // in 公示 here: urgent first, then pinned, then newest
};

struct StaffModel {
  std::string db_path;
  std::optional<Generation> generation;
  std::optional<StoreCounts> counts;
  int64_t disk_free_mb = -1, disk_total_mb = -1;
};

struct Model {
  Route route;
  int64_t now = 0;        // trusted time the model was read at
  std::string error;      // non-empty: the read failed ("English / 中文")
  bool no_store = false;  // no content file could be opened (never synced, or lost)
  HomeModel home;
  DomainModel domain;
  ItemModel item;
  NoticesModel notices;
  NoticeModel notice;
  BoardModel board;
  StaffModel staff;
};

struct ModelInputs {
  const Store* store = nullptr;  // nullptr: the content file could not be opened
  std::string store_error;       // why, when store == nullptr
  Scope scope;
  int64_t now = 0;
  int notices_tab = 0;
  std::string notices_category;
};

// Reads what `route` needs. Never fails: problems go to Model::error.
Model load_model(const ModelInputs& in, const Route& route);
// The notice with its parsed body and image bytes; nullopt when absent or unreadable.
std::optional<NoticeView> load_notice_view(const Store& store, const std::string& id,
                                           std::string* error);

}  // namespace gongkai::kiosk
