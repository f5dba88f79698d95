// main.cpp — gongkai-kiosk entry: parse the command line, then run (app.h documents both).
#include "app/app.h"

int main(int argc, char** argv) {
  const auto options = gongkai::kiosk::parse_options(argc, argv);
  if (!options) return 2;
  return gongkai::kiosk::run_kiosk(*options);
}
