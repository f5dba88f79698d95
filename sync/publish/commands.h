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
int cmd_keygen(const Args& args);          // feed/commands.cpp: Ed25519 key pair (issue #5)
int cmd_root(const Args& args);            // feed/commands.cpp: root init | root rotate
int cmd_delegate(const Args& args);        // feed/commands.cpp: county/province delegation
int cmd_emit_feed(const Args& args);       // feed/commands.cpp: signed TUF repository
int cmd_make_usb(const Args& args);        // feed/commands.cpp: repository → USB stick tree

}  // namespace gongkai::publish
