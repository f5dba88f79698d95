// commands.h — the subcommands of gongkai-publish. Each takes the arguments after its name and
// returns the process exit code: 0 success, 1 usage or I/O error, 2 input rows rejected.
#pragma once

#include <string>
#include <vector>

namespace gongkai::publish {

using Args = std::vector<std::string>;

int cmd_add_regions(const Args& args);     // cmd_regions.cpp
int cmd_import_catalog(const Args& args);  // import/catalog/command.cpp
int cmd_add_notice(const Args& args);      // import/notice/command.cpp
int cmd_check_text(const Args& args);      // cmd_check_text.cpp (text engine coverage)
int cmd_summary(const Args& args);         // cmd_regions.cpp: counts and notices by state

}  // namespace gongkai::publish
