// calendar.h — China civil dates and the working-day calendar used for legal 公示期 minimums.
//
// Input: Unix seconds (UTC) or civil dates; the assets/calendar/cn-workdays.tsv data
// (date<TAB>holiday|workday<TAB>name). Output: day numbers, weekdays, "is this a working day".
// A *day number* counts days since 1970-01-01 in China Standard Time (UTC+8, no DST), so day n
// covers the instants [n·86400 − 8 h, (n+1)·86400 − 8 h) in UTC seconds.
//
// Invariants:
//  1. A day is a working day iff the calendar lists it as `workday` (调休上班), or it is Monday–
//     Friday and the calendar does not list it as `holiday` (放假).
//  2. A year is *covered* iff the data has at least one line in it; for an uncovered year the
//     answer is plain Monday–Friday and callers must tell the user (see covers_year()).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "gongkai/result.h"

namespace gongkai::notice {

inline constexpr int64_t kSecondsPerDay = 86400;

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1–12
  int day = 1;    // 1–31
};

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t days_from_civil(CivilDate d);
CivilDate civil_from_days(int64_t days);
bool is_valid_date(int year, int month, int day);
// 1 = Monday … 7 = Sunday (ISO 8601).
int iso_weekday(int64_t days);
// China day number containing a UTC instant, and the UTC instant at 00:00 China time of a day.
int64_t china_day_of(int64_t unix_seconds);
int64_t china_midnight(int64_t days);
std::string format_date(int64_t days);  // "2026-11-23"

class WorkdayCalendar {
 public:
  // Parses the TSV text; errors name the line ("label:12: …").
  static Result<WorkdayCalendar> parse_tsv(std::string_view text, const std::string& label);
  static Result<WorkdayCalendar> load_file(const std::string& path);
  // The copy of assets/calendar/cn-workdays.tsv compiled into the library at build time.
  static Result<WorkdayCalendar> builtin();

  bool covers_year(int year) const { return years_.count(year) != 0; }
  bool is_workday(int64_t days) const;
  // Name of a listed day (春节, 国庆节调休上班 …); empty for ordinary days.
  std::string name_of(int64_t days) const;
  const std::set<int>& years() const { return years_; }

 private:
  struct Entry {
    bool workday = false;
    std::string name;
  };
  std::map<int64_t, Entry> entries_;
  std::set<int> years_;
};

}  // namespace gongkai::notice
