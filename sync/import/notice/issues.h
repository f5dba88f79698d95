// issues.h — problems found while reading one notice file, before they become report lines.
//
// Each stage (front matter, Markdown body, legal period, images) appends Issues tagged with the
// 1-based line of the notice file and the field (front-matter key or body construct) at fault.
// Errors make the notice rejected; warnings let it through but are printed for staff.
// Messages are written twice, English and Chinese (STYLE: logs/CLI messages English + 中文).
#pragma once

#include <string>
#include <vector>

namespace gongkai::notice {

struct Issue {
  int line = 0;       // 1-based line in the notice file; 0 = the file as a whole
  std::string field;  // front-matter key (title, end …) or body construct (表格, 图片 …)
  std::string en;
  std::string zh;
};

struct Issues {
  std::vector<Issue> errors;
  std::vector<Issue> warnings;

  void error(int line, std::string field, std::string en, std::string zh) {
    errors.push_back(Issue{line, std::move(field), std::move(en), std::move(zh)});
  }
  void warn(int line, std::string field, std::string en, std::string zh) {
    warnings.push_back(Issue{line, std::move(field), std::move(en), std::move(zh)});
  }
  bool has_errors() const { return !errors.empty(); }
};

}  // namespace gongkai::notice
