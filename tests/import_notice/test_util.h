// test_util.h — helpers shared by the notice-import tests: a temporary directory that removes
// itself, file writing, and China-time instants written the way a person reads them.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/temp_dir.h"
#include "import/notice/calendar.h"

namespace gongkai::notice::testing {
using testsupport::TempDir;

// Unix seconds of a China-time (UTC+8) wall-clock instant.
inline int64_t china_time(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
  return china_midnight(days_from_civil(CivilDate{y, mo, d})) + h * 3600 + mi * 60 + s;
}

inline std::string fixtures_dir() {
  return std::string(GONGKAI_SOURCE_DIR) + "/tests/import_notice/fixtures";
}

}  // namespace gongkai::notice::testing
