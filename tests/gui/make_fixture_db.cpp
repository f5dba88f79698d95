// make_fixture_db.cpp — writes the GUI test store to argv[1] (for looking at screens by hand:
// gongkai-kiosk --db FILE --screenshot x.png --screen home).
#include <cstdio>

#include "fixture_db.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_fixture_db FILE.db\n");
    return 2;
  }
  const auto st = gongkai::testing::build_fixture_db(argv[1]);
  if (!st.ok()) {
    std::fprintf(stderr, "%s\n", st.error().message.c_str());
    return 1;
  }
  return 0;
}
