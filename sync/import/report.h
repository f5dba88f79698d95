// report.h — what an import run says about every row it saw (issue #2: nothing lost silently).
//
// Every importer fills one ImportReport: counts of rows read / imported / rejected, and for each
// rejection the file, row, column and a reason in English and Chinese. print() writes the form
// staff read on a terminal:
//   catalog.xlsx:17: 公开时限: empty cell / 单元格为空
//   rows read 120, imported 118, rejected 2 / 读取 120 行，导入 118 行，拒绝 2 行
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace gongkai {

struct Rejection {
  std::string file;
  int row = 0;           // 1-based row in the source (0 = the whole file)
  std::string column;    // header text of the column, "" when the row as a whole is at fault
  std::string reason_en;
  std::string reason_zh;
};

struct ImportWarning {   // imported, but staff should look (e.g. a character no font renders)
  std::string file;
  int row = 0;
  std::string column;
  std::string message_en;
  std::string message_zh;
};

struct ImportReport {
  int rows_read = 0;
  int imported = 0;
  int rejected = 0;
  std::vector<Rejection> rejections;
  std::vector<ImportWarning> warnings;

  void reject(Rejection r);   // appends and counts
  void warn(ImportWarning w);
  void merge(const ImportReport& other);
  // Rejections and warnings one per line, then the counts line.
  void print(std::FILE* out) const;
};

// Exit code for a publish command: 0 when nothing was rejected or allow_partial; else 2.
int import_exit_code(const ImportReport& report, bool allow_partial);

// Progress on long work ("importing catalog.xlsx: 4000/12000 rows"), on a TTY rewritten in place,
// otherwise printed every 10 %. Silent for small inputs (< 500 rows).
class Progress {
 public:
  Progress(std::string label, int total, std::FILE* out = stderr);
  void update(int done);
  void finish();

 private:
  std::string label_;
  int total_;
  std::FILE* out_;
  int last_decile_ = -1;
  bool tty_;
};

}  // namespace gongkai
