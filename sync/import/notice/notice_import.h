// notice_import.h — notice files (front matter + Markdown body) → gongkai::Notice → the store.
//
// This is the public face of the gongkai_notice_import target (issue #2, docs/notice-format.md).
//   parse_notice_file(): one file → a ParsedNotice (notice fields, masked text, image bytes) or
//     rejection; pure except for reading the file and its images. Checks, in order: UTF-8,
//     front matter, required fields, times (date-only `end` is inclusive), Markdown subset,
//     images (PNG/JPEG, inside the notice's directory), legal minimum 公示期, masking.
//   import_notice_files(): many files → one Store::Transaction; every file is counted as read and
//     as imported or rejected, each rejection naming file, line, field and reason (English/中文).
//
// Invariants:
//  1. A ParsedNotice always has title, issuer, category, a 12-digit region, start_at, and either
//     end_at > start_at or end_at = nullopt (长期公布).
//  2. Its title and body have passed through mask_personal_numbers() (privacy.h).
//  3. Legal periods are checked on the dates as written; `shift_days` moves the stored dates
//     afterwards (a demo/training option, see docs/notice-format.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gongkai/content.h"
#include "gongkai/result.h"
#include "import/notice/calendar.h"
#include "import/notice/issues.h"
#include "import/report.h"

namespace gongkai {
class Store;
}  // namespace gongkai

namespace gongkai::notice {

inline constexpr size_t kBytesPerMiB = size_t{1024} * 1024;
inline constexpr size_t kMaxImageBytes = 10 * kBytesPerMiB;  // one image, bytes

struct ParseOptions {
  const WorkdayCalendar* calendar = nullptr;  // nullptr = the built-in calendar
  int shift_days = 0;                         // demo/training: move published/start/end
};

struct ParsedImage {
  std::string name;     // the reference as written in the body (images/map.png)
  std::string caption;  // the alt text
  std::string mime;     // image/png | image/jpeg, from the magic bytes
  std::vector<uint8_t> bytes;
  int line = 0;
};

struct ParsedNotice {
  Notice notice;                    // attachments are filled when stored (sha256 needed)
  std::vector<ParsedImage> images;  // one per distinct referenced file
  int region_line = 0;              // line of the region field, for store-time rejections
  int masked_id_cards = 0;
  int masked_mobiles = 0;
};

// Parses notice text. `file` names it in messages and gives the default id (its stem);
// `base_dir` is where image paths are resolved. nullopt when rejected (reasons in issues.errors).
std::optional<ParsedNotice> parse_notice_text(std::string_view text, const std::string& file,
                                              const std::string& base_dir,
                                              const ParseOptions& options, Issues& issues);
std::optional<ParsedNotice> parse_notice_file(const std::string& path, const ParseOptions& options,
                                              Issues& issues);

// FILE arguments → notice files: a directory contributes its *.md files (not recursive, sorted
// by name, hidden files and README.md skipped); a file is taken as given. Missing paths are kept
// so the import reports them.
std::vector<std::string> expand_notice_paths(const std::vector<std::string>& args);

// Parses every file and writes the accepted notices (with their images) in one transaction.
// Rejected notices are listed in the report; a store error on commit is returned as Error.
Result<ImportReport> import_notice_files(Store& store, const std::vector<std::string>& files,
                                         const ParseOptions& options);

}  // namespace gongkai::notice
