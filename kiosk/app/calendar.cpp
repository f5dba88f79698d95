// calendar.cpp — proleptic Gregorian day arithmetic (H. Hinnant's days_from_civil /
// civil_from_days algorithms) shifted to UTC+8.
#include "app/calendar.h"

#include <algorithm>
#include <cstdio>

#include "gongkai/content.h"

namespace gongkai::kiosk {
namespace {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

CivilTime china_civil(int64_t unix_s) {
  const int64_t local = unix_s + kChinaUtcOffsetSeconds;
  const int64_t z0 = floor_div(local, 86400);
  const int64_t secs = local - z0 * 86400;
  const int64_t z = z0 + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  CivilTime c;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = static_cast<int>(static_cast<int64_t>(yoe) + era * 400 + (c.month <= 2));
  c.hour = static_cast<int>(secs / 3600);
  c.minute = static_cast<int>(secs / 60 % 60);
  c.second = static_cast<int>(secs % 60);
  c.weekday_mon0 = static_cast<int>(((z0 % 7) + 7 + 3) % 7);  // day 0 = Thursday
  return c;
}

int64_t china_unix(int year, int month, int day, int hour, int minute, int second) {
  const int64_t days =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return days * 86400 + hour * 3600 + minute * 60 + second - kChinaUtcOffsetSeconds;
}

std::optional<int64_t> parse_iso8601(const std::string& s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0, used = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &used) != 3 || used != 10)
    return std::nullopt;
  std::string rest = s.substr(10);
  if (!rest.empty()) {
    if (rest[0] != 'T' && rest[0] != ' ') return std::nullopt;
    int n = 0;
    if (std::sscanf(rest.c_str() + 1, "%2d:%2d:%2d%n", &h, &mi, &se, &n) != 3 || n != 8)
      return std::nullopt;
    rest = rest.substr(9);
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
  int64_t offset = kChinaUtcOffsetSeconds;  // no zone: Beijing time
  if (rest == "Z") {
    offset = 0;
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    int oh = 0, om = 0;
    if (std::sscanf(rest.c_str() + 1, "%2d:%2d", &oh, &om) != 2) return std::nullopt;
    offset = (rest[0] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
  } else if (!rest.empty()) {
    return std::nullopt;
  }
  return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
         h * 3600 + mi * 60 + se - offset;
}

int days_remaining(int64_t now_s, int64_t end_s) {
  if (end_s <= now_s) return 0;
  return static_cast<int>((end_s - now_s + 86399) / 86400);
}

double period_elapsed(int64_t now_s, int64_t start_s, int64_t end_s) {
  if (end_s <= start_s) return 1.0;
  return std::clamp(static_cast<double>(now_s - start_s) / static_cast<double>(end_s - start_s),
                    0.0, 1.0);
}

}  // namespace gongkai::kiosk
