// notice_store.cpp — parsed notices → the store, in one transaction (notice_import.h).
//
// Per file: parse (notice_parse.cpp) → check the region exists in the store (store.h invariant
// 2) → store each image by sha256 → put_notice (replaces a notice with the same id). A file's
// problems become Rejection/ImportWarning lines; a rejected file counts once in `rejected`
// however many reasons it has, so "read = imported + rejected" always holds. Two files with the
// same id both count as imported; the later one replaces the earlier and a warning says so.
#include <map>

#include "gongkai/store.h"
#include "import/notice/notice_import.h"

namespace gongkai::notice {

namespace {

// Adds a file's issues to the report; counts the file as rejected once when it has errors.
void add_issues(ImportReport& report, const std::string& file, const Issues& issues) {
  for (const Issue& e : issues.errors) {
    report.rejections.push_back(Rejection{file, e.line, e.field, e.en, e.zh});
  }
  for (const Issue& w : issues.warnings) {
    report.warn(ImportWarning{file, w.line, w.field, w.en, w.zh});
  }
  if (!issues.errors.empty()) ++report.rejected;
}

// Stores a parsed notice and its images. Errors are recorded as issues of the file.
bool store_notice(Store& store, ParsedNotice& parsed, Issues& issues) {
  Notice& n = parsed.notice;
  const auto region = store.region(n.region);
  if (!region.ok()) {
    issues.error(parsed.region_line, "region（区划）", region.error().message, "读取区划失败");
    return false;
  }
  if (!region->has_value()) {
    issues.error(parsed.region_line, "region（区划）",
                 "region " + n.region + " is not in the store (add it with add-regions first)",
                 "库中没有区划 " + n.region + "（请先用 add-regions 导入区划）");
    return false;
  }
  n.attachments.clear();
  for (const ParsedImage& img : parsed.images) {
    auto sha = store.put_attachment(img.bytes, img.mime);
    if (!sha.ok()) {
      issues.error(img.line, "图片", sha.error().message, "保存图片失败");
      return false;
    }
    n.attachments.push_back(NoticeAttachment{*sha, img.name, img.mime, img.caption});
  }
  const Status put = store.put_notice(n);
  if (!put.ok()) {
    issues.error(0, "", put.error().message, "保存公告失败");
    return false;
  }
  return true;
}

}  // namespace

Result<ImportReport> import_notice_files(Store& store, const std::vector<std::string>& files,
                                         const ParseOptions& options) {
  ImportReport report;
  std::map<std::string, std::string> id_source;  // id → first file that used it in this run
  Store::Transaction tx(store);
  Progress progress("importing notices / 导入公告", static_cast<int>(files.size()));
  for (const std::string& file : files) {
    progress.update(report.rows_read);
    ++report.rows_read;
    Issues issues;
    auto parsed = parse_notice_file(file, options, issues);
    if (parsed) {
      const auto [it, fresh] = id_source.emplace(parsed->notice.id, file);
      if (!fresh) {
        issues.warn(
            0, "id（编号）",
            "id " + parsed->notice.id + " also used by " + it->second + "; this file replaces it",
            "编号 " + parsed->notice.id + " 与 " + it->second + " 重复，以本文件为准");
      }
      if (store_notice(store, *parsed, issues)) ++report.imported;
    }
    add_issues(report, file, issues);
  }
  progress.update(report.rows_read);
  progress.finish();
  const Status committed = tx.commit();
  if (!committed.ok()) return committed.error();
  return report;
}

}  // namespace gongkai::notice
