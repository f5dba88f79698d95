// fixture_db.h — a small content store for the GUI tests, written with the store's write API
// (used when the build has no demo database). Input: a path. Output: a store file holding the
// demo county's regions (县 341799, 镇 松溪, 村 石桥), catalog items in two domains (one with
// enough items to scroll), and notices in every state — urgent, pinned, a long one with a table
// and a PNG image — so every screen has real content.
#pragma once

#include <string>

#include "gongkai/result.h"

namespace gongkai::testing {

inline constexpr const char* kFixtureRegion = "341799101201";  // 石桥村
inline constexpr const char* kFixtureNow = "2026-11-23T10:00:00+08:00";
inline constexpr const char* kLongNoticeId = "fx-long";

Status build_fixture_db(const std::string& path);

}  // namespace gongkai::testing
