// legal_period.h — minimum 公示期 lengths required by law for some kinds of notice.
//
// Input: a notice's kind (or, when absent, its title), its 公示期 [start_at, end_at) and its body;
// the working-day calendar. Output: the recognised kind, the period length as counted, and
// Issues: an error when the period is shorter than the legal minimum or a required element is
// missing from the body; warnings when the calendar does not cover a year it needed.
//
// The rules (../shared/data/catalog-format.md, "Notices: legal periods"):
//   低保初审公示          ≥ 7 days            《最低生活保障审核确认办法》（民发〔2021〕57号）
//   征地预公告            ≥ 10 working days   《土地管理法实施条例》第二十六条
//   征地补偿安置方案公告  ≥ 30 days           《土地管理法实施条例》第二十八条, and the body must
//                                             state the objection channel (异议/听证) and a
//                                             deadline
//   政府采购招标公告      ≥ 5 working days 《政府采购货物和服务招标投标管理办法》（财政部令第87号）
//
// How a period is counted: only whole China-time calendar days inside [start_at, end_at) count.
// A period that starts at 00:00 counts its first day; one that starts at 09:00 does not, as
// 《民法典》第二百零一条 says (按照日计算期间的，开始的当日不计入). A date-only `end` is inclusive
// (its whole day counts). Working days are whole days that are working days in the calendar.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "import/notice/calendar.h"
#include "import/notice/issues.h"

namespace gongkai::notice {

struct LegalMinimum {
  std::string_view kind;  // canonical kind name, e.g. 征地补偿安置方案公告
  int days = 0;
  bool working_days = false;
  std::string_view basis_zh;  // 《土地管理法实施条例》第二十八条
  std::string_view basis_en;  // art. 28 of the Regulation on the Implementation of …
  bool needs_objection_channel = false;
};

// The rule for a kind as written in the front matter (aliases accepted); nullptr if none.
const LegalMinimum* legal_minimum_for_kind(std::string_view kind);
// The rule recognised from a title when no kind is given; nullptr if the title names none.
const LegalMinimum* legal_minimum_from_title(std::string_view title);

// Whole China-time days inside [start_at, end_at): first and one-past-last day numbers.
struct DaySpan {
  int64_t first = 0;
  int64_t end = 0;  // exclusive
  int64_t count() const { return end > first ? end - first : 0; }
};
DaySpan whole_days_inside(int64_t start_at, int64_t end_at);
int count_working_days(const DaySpan& span, const WorkdayCalendar& cal);

// Checks the period and, for 征地补偿安置方案公告, the body's objection channel and deadline.
// `end_line` (the `end` field) and `body_line` (the body's first line) locate the messages.
void check_legal_period(const LegalMinimum& rule, int64_t start_at, std::optional<int64_t> end_at,
                        std::string_view body, const WorkdayCalendar& cal, int end_line,
                        int body_line, Issues& issues);

}  // namespace gongkai::notice
