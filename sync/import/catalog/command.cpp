// command.cpp — `gongkai-publish import-catalog`: county catalog spreadsheets → the content store.
//
//   gongkai-publish import-catalog FILE.xlsx|FILE.csv [FILE …] --region CODE [--region-name NAME]
//       [--domain NAME] [--sheet NAME] --db OUT.db [--allow-partial]
//
// Input: one or more catalog files (table.h readers), the publishing region, the store path.
// Output: items stored under that region (one Store::Transaction for the whole run, so a failed
// run leaves the store as it was), the ImportReport on stdout, progress on stderr for large files.
// Exit codes (commands.h): 0 all rows imported (or --allow-partial), 1 usage or I/O error (bad
// arguments, unreadable input, store cannot be opened or committed), 2 some rows rejected — the
// good rows are still stored (issue #2: "keeps every good row").
#include <cstdio>
#include <map>
#include <set>
#include <string>

#include "gongkai/store.h"
#include "import/catalog/catalog.h"
#include "import/catalog/table.h"
#include "import/report.h"
#include "publish/commands.h"

namespace gongkai::publish {

namespace {

constexpr const char* kUsage =
    "usage: gongkai-publish import-catalog FILE.xlsx|FILE.csv [FILE ...] --region CODE\n"
    "         [--region-name NAME] [--domain NAME] [--sheet NAME] --db OUT.db [--allow-partial]\n"
    "  Imports a 政务公开事项标准目录 spreadsheet (XLSX, or CSV in UTF-8/GB18030) for region CODE\n"
    "  (12-digit 区划代码). The region must be in the store (add-regions) unless --region-name\n"
    "  is given. --domain overrides the domain found in the file; --sheet picks an XLSX sheet.\n"
    "  Exit: 0 ok, 1 usage/I/O error, 2 rows rejected (good rows are kept; --allow-partial → 0).\n"
    "用法：gongkai-publish import-catalog 文件.xlsx|文件.csv [更多文件] --region 区划代码\n"
    "         [--region-name 区划名称] [--domain 领域名称] [--sheet 工作表名] --db 数据库.db "
    "[--allow-partial]\n"
    "  导入政务公开事项标准目录表格（XLSX，或 UTF-8/GB18030 编码的 CSV），发布单位为 12 "
    "位区划代码所指地区。\n"
    "  该地区须已用 add-regions 登记，或同时给出 --region-name。--domain 指定所属领域，--sheet "
    "指定工作表。\n"
    "  退出码：0 成功，1 用法或读写错误，2 有行被拒绝（其余行已导入；加 --allow-partial 时为 "
    "0）。\n";

int usage_error(const std::string& why) {
  if (!why.empty()) std::fprintf(stderr, "%s\n", why.c_str());
  std::fputs(kUsage, stderr);
  return 1;
}

struct Options {
  std::vector<std::string> files;
  std::string region, region_name, domain, sheet, db;
  bool allow_partial = false;
};

// Returns an error text for bad arguments, "" when they are fine.
std::string parse_args(const Args& args, Options& o) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string& dst) -> bool {
      if (i + 1 >= args.size() || args[i + 1].empty()) return false;
      dst = args[++i];
      return true;
    };
    bool ok = true;
    if (a == "--region") {
      ok = value(o.region);
    } else if (a == "--region-name") {
      ok = value(o.region_name);
    } else if (a == "--domain") {
      ok = value(o.domain);
    } else if (a == "--sheet") {
      ok = value(o.sheet);
    } else if (a == "--db") {
      ok = value(o.db);
    } else if (a == "--allow-partial") {
      o.allow_partial = true;
    } else if (a.starts_with("--")) {
      return "unknown option " + a + " / 未知选项 " + a;
    } else {
      o.files.push_back(a);
    }
    if (!ok) return a + " needs a value / " + a + " 后面需要一个值";
  }
  if (o.files.empty()) return "no input file / 没有给出要导入的文件";
  if (o.region.empty()) return "--region CODE is required / 必须给出 --region 区划代码";
  if (o.db.empty()) return "--db OUT.db is required / 必须给出 --db 数据库文件";
  if (!region_level_of(o.region)) {
    return "invalid region code " + o.region +
           " (12 digits expected) / 区划代码无效（应为 12 位数字）";
  }
  return {};
}

// Splits "English / 中文" (result.h convention) into its halves.
std::pair<std::string, std::string> split_message(const std::string& m) {
  const size_t p = m.find(" / ");
  if (p == std::string::npos) return {m, m};
  return {m.substr(0, p), m.substr(p + 3)};
}

// Makes sure the region exists; returns "" or an error text.
std::string ensure_region(Store& store, const Options& o) {
  auto existing = store.region(o.region);
  if (!existing) return existing.error().message;
  if (*existing && (o.region_name.empty() || (*existing)->name == o.region_name)) return {};
  if (!*existing && o.region_name.empty()) {
    return "region " + o.region + " is not in " + o.db +
           ": run add-regions first or give --region-name / 数据库中没有区划 " + o.region +
           "：请先运行 add-regions，或同时给出 --region-name";
  }
  Region r;
  r.code = o.region;
  r.name = o.region_name;
  r.level = *region_level_of(o.region);
  r.parent = region_parent_of(o.region);
  if (Status s = store.put_region(r); !s) return s.error().message;
  return {};
}

// Names of the region and its ancestors, stripped from titles when looking for a domain name.
std::vector<std::string> region_names(const Store& store, const Options& o) {
  std::vector<std::string> names;
  if (!o.region_name.empty()) names.push_back(o.region_name);
  for (const std::string& code : region_ancestry(o.region)) {
    auto r = store.region(code);
    if (r && *r && !(*r)->name.empty()) names.push_back((*r)->name);
  }
  return names;
}

std::string file_name_of(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Stores the items of one file; a row the store refuses is rejected, not lost.
// uids: every item stored in this run (uid → "file:row"), so that the same item twice in one
// run — in one file, or in two files of the run — is rejected rather than silently replaced.
// kept: the uids stored from this file. Items are stored under the file's name, not its path:
// the path is the publishing machine's business and must not travel in the feed.
void store_items(Store& store, catalog::CatalogParse& parse, const std::string& file,
                 std::map<std::string, std::string>& domain_codes,
                 std::map<std::string, std::string>& uids, std::set<std::string>& kept) {
  Progress progress("importing " + file, static_cast<int>(parse.items.size()));
  int done = 0;
  for (CatalogItem& item : parse.items) {
    progress.update(++done);
    auto reject = [&](const std::string& column, const std::string& message) {
      auto [en, zh] = split_message(message);
      parse.report.reject({file, item.source_row, column, en, zh});
    };
    auto code = domain_codes.find(item.domain);
    if (code == domain_codes.end()) {
      auto c = store.ensure_domain(item.domain);
      if (!c) {
        reject("", c.error().message);
        continue;
      }
      code = domain_codes.emplace(item.domain, *c).first;
    }
    item.domain = code->second;
    item.uid = make_item_uid(item);
    item.source_file = file_name_of(file);
    auto [pos, inserted] = uids.emplace(item.uid, file + ":" + std::to_string(item.source_row));
    if (!inserted) {
      reject("", "the same item as " + pos->second + " (" + item.level1 +
                     (item.level2.empty() ? "" : " / " + item.level2) + ") / 与 " + pos->second +
                     " 是同一事项");
      continue;
    }
    if (Status s = store.put_item(item); !s) {
      reject("", s.error().message);
      continue;
    }
    kept.insert(item.uid);
    ++parse.report.imported;
  }
  progress.finish();
}

// A re-imported spreadsheet replaces what was imported from it before: items whose rows the
// county deleted are removed. Only when every row of the file was accepted — a rejected row may
// be an item that still exists, and dropping it would lose it (issue #2: nothing lost).
void prune_deleted_rows(Store& store, const std::string& region, const std::string& file,
                        const std::set<std::string>& kept, ImportReport& report) {
  if (report.rejected > 0) {
    report.warn({file, 0, "",
                 "items no longer in this file were kept because some rows were rejected",
                 "因有行被拒绝，表格中已删除的事项暂不从数据库移除"});
    return;
  }
  auto removed = store.remove_items_of_source(region, file_name_of(file), kept);
  if (!removed) {
    report.warn({file, 0, "", removed.error().message, "未能移除表格中已删除的事项"});
  } else if (*removed > 0) {
    report.warn({file, 0, "",
                 "removed " + std::to_string(*removed) + " item(s) no longer in this file",
                 "已移除表格中不再存在的事项 " + std::to_string(*removed) + " 项"});
  }
}

}  // namespace

int cmd_import_catalog(const Args& args) {
  Options o;
  for (const std::string& a : args) {
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
  }
  if (std::string why = parse_args(args, o); !why.empty()) return usage_error(why);
  for (const std::string& f : o.files) {
    if (std::FILE* fp = std::fopen(f.c_str(), "rb")) {
      std::fclose(fp);
    } else {
      std::fprintf(stderr, "cannot read %s / 无法读取文件 %s\n", f.c_str(), f.c_str());
      return 1;
    }
  }
  auto opened = Store::open(o.db, Store::Mode::ReadWrite);
  if (!opened) {
    std::fprintf(stderr, "%s\n", opened.error().message.c_str());
    return 1;
  }
  Store& store = **opened;
  Store::Transaction txn(store);
  if (std::string why = ensure_region(store, o); !why.empty()) {
    std::fprintf(stderr, "%s\n", why.c_str());
    return 1;
  }
  catalog::CatalogOptions copt;
  copt.region = o.region;
  copt.domain = o.domain;
  copt.region_names = region_names(store, o);
  if (auto domains = store.domains(Scope{o.region, ""}); domains) {
    for (const DomainSummary& d : *domains) copt.known_domains.push_back(d.domain.name);
  } else {
    std::fprintf(stderr, "%s\n", domains.error().message.c_str());
    return 1;
  }

  ImportReport total;
  std::map<std::string, std::string> domain_codes, uids;
  for (const std::string& file : o.files) {
    copt.file = file;
    auto table = catalog::read_table_file(file, o.sheet);
    if (!table) {
      auto [en, zh] = split_message(table.error().message);
      ImportReport r;
      r.rows_read =
          1;  // the unreadable file counts as one refused row: read == imported + rejected
      r.reject({file, 0, "", en, zh});
      total.merge(r);
      continue;
    }
    catalog::CatalogParse parse = catalog::interpret_catalog(*table, copt);
    if (!o.sheet.empty() && table->sheet.empty()) {
      parse.report.warn({file, 0, "", "--sheet is ignored for a CSV file",
                         "CSV 文件没有工作表，--sheet 选项被忽略"});
    }
    std::set<std::string> kept;
    store_items(store, parse, file, domain_codes, uids, kept);
    prune_deleted_rows(store, o.region, file, kept, parse.report);
    total.merge(parse.report);
  }
  if (Status s = txn.commit(); !s) {
    std::fprintf(stderr, "%s\n", s.error().message.c_str());
    return 1;
  }
  total.print(stdout);
  return import_exit_code(total, o.allow_partial);
}

}  // namespace gongkai::publish
