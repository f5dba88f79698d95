// test_region.cpp — 统计用区划代码 arithmetic (content.h).
#include <gtest/gtest.h>

#include "gongkai/content.h"

namespace gongkai {
namespace {

TEST(RegionCode, level_is_the_deepest_non_zero_segment) {
  EXPECT_EQ(region_level_of("340000000000"), RegionLevel::Province);
  EXPECT_EQ(region_level_of("341700000000"), RegionLevel::City);
  EXPECT_EQ(region_level_of("341799000000"), RegionLevel::County);
  EXPECT_EQ(region_level_of("341799101000"), RegionLevel::Township);
  EXPECT_EQ(region_level_of("341799101201"), RegionLevel::Village);
}

TEST(RegionCode, malformed_codes_have_no_level) {
  EXPECT_FALSE(region_level_of(""));
  EXPECT_FALSE(region_level_of("34179910120"));     // 11 digits
  EXPECT_FALSE(region_level_of("3417991012011"));   // 13 digits
  EXPECT_FALSE(region_level_of("34179910120a"));
  EXPECT_FALSE(region_level_of("000000000000"));
}

TEST(RegionCode, parent_zeroes_the_lowest_segment) {
  EXPECT_EQ(region_parent_of("341799101201"), "341799101000");
  EXPECT_EQ(region_parent_of("341799101000"), "341799000000");
  EXPECT_EQ(region_parent_of("341799000000"), "341700000000");
  EXPECT_EQ(region_parent_of("341700000000"), "340000000000");
  EXPECT_EQ(region_parent_of("340000000000"), "");
}

TEST(RegionCode, county_directly_under_a_province_goes_through_its_grouping_code) {
  // 省直辖县级行政区划 such as 济源 (419001): the parent is the 4190 grouping, then the province.
  auto chain = region_ancestry("419001001000");
  ASSERT_EQ(chain.size(), 4u);
  EXPECT_EQ(chain[1], "419001000000");
  EXPECT_EQ(chain[2], "419000000000");
  EXPECT_EQ(chain[3], "410000000000");
}

TEST(RegionCode, ancestry_runs_from_self_to_province) {
  auto chain = region_ancestry("341799101201");
  ASSERT_EQ(chain.size(), 5u);
  EXPECT_EQ(chain.front(), "341799101201");
  EXPECT_EQ(chain.back(), "340000000000");
  EXPECT_TRUE(region_ancestry("bad").empty());
}

}  // namespace
}  // namespace gongkai
