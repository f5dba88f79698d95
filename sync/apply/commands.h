// commands.h — the gongkai-sync subcommands of the apply step (issue #5), as functions the
// gongkai-sync dispatcher calls with the arguments after the subcommand name:
//
//   once   --data DIR --region CODE [--root 1.root.json] SOURCE     SOURCE: a directory or file://
//   import --data DIR --region CODE [--root 1.root.json] STICK      STICK: mount point or tree
//   status --data DIR
//
// Exit codes (docs/apply.md):
//   0  applied, already up to date, or (import) the stick is not newer — skipped
//   1  usage or configuration error
//   2  refused: verification failed (signatures, rollback, hashes, expiry, bad JSON or records)
//   3  local failure: I/O, database, no space, data directory busy
//   4  source unavailable: not found, unreadable, stick without an update for this region
//   5  (status) content is stale: more than 48 h since the last signed issued time
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gongkai/result.h"
#include "tuf/mirror.h"

namespace gongkai::apply {

// Opens a mirror for a SOURCE that is neither a directory nor file:// (http://, https://): how
// the gongkai-sync dispatcher plugs in the HTTP mirror (sync/fetch) without this library
// depending on libcurl. Without it such a SOURCE is a usage error (exit 1).
using RemoteMirrorFactory =
    std::function<Result<std::unique_ptr<tuf::Mirror>>(const std::string& url)>;

int sync_cmd_once(const std::vector<std::string>& args);
// after_failure, when given, is called with the mirror after a cycle failed: an HTTP mirror must
// then drop its cached timestamp and validators, or a 304 would hand the refused file back on
// every later poll (sync/fetch/http_mirror.h forget_http_validators).
int sync_cmd_once(const std::vector<std::string>& args, const RemoteMirrorFactory& remote,
                  const std::function<void(tuf::Mirror&)>& after_failure = {});
int sync_cmd_import(const std::vector<std::string>& args);
int sync_cmd_status(const std::vector<std::string>& args);

// The exit code for an error (table above), by its code prefix.
int exit_code_for(const Error& e);

}  // namespace gongkai::apply
