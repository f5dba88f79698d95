// powercut_child.cpp — the process test_powercut kills with SIGKILL at random instants: exactly
// `gongkai-sync once` (sync_cmd_once), so the power cut hits the real apply code path.
#include <string>
#include <vector>

#include "apply/commands.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return gongkai::apply::sync_cmd_once(args);
}
