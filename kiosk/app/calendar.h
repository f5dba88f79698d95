// calendar.h — Unix seconds ↔ the China Standard Time calendar (UTC+8, no DST; content.h
// kChinaUtcOffsetSeconds), for the clock on Home, 公示期 dates, remaining days and screen-on
// hours. Input: Unix seconds. Output: civil fields. No time-zone database is consulted: the 公示期
// of a notice is defined in Beijing time wherever the kiosk's system clock is set.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace gongkai::kiosk {

struct CivilTime {
  int year = 1970, month = 1, day = 1;  // month 1..12, day 1..31
  int hour = 0, minute = 0, second = 0;
  int weekday_mon0 = 3;  // 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday)
};

CivilTime china_civil(int64_t unix_s);
// Unix seconds of a China civil time (inverse of china_civil for valid fields).
int64_t china_unix(int year, int month, int day, int hour = 0, int minute = 0, int second = 0);
// "2026-11-23T09:30:00+08:00", "…Z", or without a zone (read as China time); "2026-11-23" too.
std::optional<int64_t> parse_iso8601(const std::string& s);
// Whole days left of a period ending (exclusively) at end_s, rounded up; 0 when over.
int days_remaining(int64_t now_s, int64_t end_s);
// Fraction of the period [start, end) already elapsed, in [0, 1].
double period_elapsed(int64_t now_s, int64_t start_s, int64_t end_s);

}  // namespace gongkai::kiosk
