// report.cpp — formatting of import reports and progress lines (see report.h).
#include "import/report.h"

#include <unistd.h>

namespace gongkai {

void ImportReport::reject(Rejection r) {
  rejections.push_back(std::move(r));
  ++rejected;
}

void ImportReport::warn(ImportWarning w) { warnings.push_back(std::move(w)); }

void ImportReport::merge(const ImportReport& other) {
  rows_read += other.rows_read;
  imported += other.imported;
  rejected += other.rejected;
  rejections.insert(rejections.end(), other.rejections.begin(), other.rejections.end());
  warnings.insert(warnings.end(), other.warnings.begin(), other.warnings.end());
}

namespace {
void print_location(std::FILE* out, const std::string& file, int row, const std::string& column) {
  std::fprintf(out, "%s", file.c_str());
  if (row > 0) std::fprintf(out, ":%d", row);
  std::fprintf(out, ": ");
  if (!column.empty()) std::fprintf(out, "%s: ", column.c_str());
}
}  // namespace

void ImportReport::print(std::FILE* out) const {
  for (const auto& r : rejections) {
    std::fprintf(out, "rejected / 拒绝: ");
    print_location(out, r.file, r.row, r.column);
    std::fprintf(out, "%s / %s\n", r.reason_en.c_str(), r.reason_zh.c_str());
  }
  for (const auto& w : warnings) {
    std::fprintf(out, "warning / 警告: ");
    print_location(out, w.file, w.row, w.column);
    std::fprintf(out, "%s / %s\n", w.message_en.c_str(), w.message_zh.c_str());
  }
  std::fprintf(out, "rows read %d, imported %d, rejected %d / 读取 %d 行，导入 %d 行，拒绝 %d 行\n",
               rows_read, imported, rejected, rows_read, imported, rejected);
}

int import_exit_code(const ImportReport& report, bool allow_partial) {
  return (report.rejected == 0 || allow_partial) ? 0 : 2;
}

Progress::Progress(std::string label, int total, std::FILE* out)
    : label_(std::move(label)), total_(total), out_(out), tty_(isatty(fileno(out)) != 0) {}

void Progress::update(int done) {
  constexpr int kMinRowsForProgress = 500;
  if (total_ < kMinRowsForProgress) return;
  int decile = done * 10 / total_;
  if (tty_) {
    if (done % 100 != 0 && done != total_) return;
    std::fprintf(out_, "\r%s: %d/%d", label_.c_str(), done, total_);
    std::fflush(out_);
  } else if (decile != last_decile_) {
    last_decile_ = decile;
    std::fprintf(out_, "%s: %d/%d (%d%%)\n", label_.c_str(), done, total_, decile * 10);
  }
}

void Progress::finish() {
  constexpr int kMinRowsForProgress = 500;
  if (total_ >= kMinRowsForProgress && tty_) std::fprintf(out_, "\n");
}

}  // namespace gongkai
