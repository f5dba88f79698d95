// store_fixture.h — a temporary store with the demo county's regions, for store tests.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "support/temp_dir.h"
#include "gongkai/store.h"

namespace gongkai::testing {

inline constexpr const char* kCounty = "341799000000";
inline constexpr const char* kTownA = "341799101000";
inline constexpr const char* kTownB = "341799201000";
inline constexpr const char* kVillageA1 = "341799101201";
inline constexpr const char* kVillageA2 = "341799101202";
inline constexpr const char* kVillageB1 = "341799201201";

using testsupport::TempDir;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::open(dir_.file("content.db"), Store::Mode::ReadWrite);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(*s);
    for (auto [code, name] : {std::pair{kCounty, "青禾县"}, {kTownA, "松溪镇"}, {kTownB, "柳塘乡"},
                              {kVillageA1, "石桥村"}, {kVillageA2, "桃源村"},
                              {kVillageB1, "白沙村"}}) {
      ASSERT_TRUE(store_->put_region(Region{code, name, "", RegionLevel::County}).ok());
    }
  }

  CatalogItem item(const std::string& region, const std::string& domain, const std::string& l1,
                   const std::string& l2) {
    CatalogItem it;
    it.region = region;
    it.domain = domain;
    it.level1 = l1;
    it.level2 = l2;
    it.content = l2 + "的办理条件、申请材料";
    it.uid = make_item_uid(it);
    return it;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace gongkai::testing
