// notice_state.cpp — the one definition of a notice's state at a trusted instant, and China-time
// formatting (content.h).
// The boundaries are half-open: a 公示期 [start, end) includes its first second and excludes end,
// so at t == end the notice is already archived (tests/store pin the exact second).
#include <ctime>

#include "gongkai/content.h"

namespace gongkai {

std::string format_china_time(int64_t unix_seconds, const char* format) {
  std::time_t t = static_cast<std::time_t>(unix_seconds + kChinaUtcOffsetSeconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  return std::strftime(buf, sizeof buf, format, &tm) ? std::string(buf) : std::string();
}

NoticeState notice_state_at(const Notice& n, int64_t trusted_now) {
  if (trusted_now < n.start_at) return NoticeState::Upcoming;
  if (!n.end_at) return NoticeState::LongTerm;
  return trusted_now < *n.end_at ? NoticeState::InPublicity : NoticeState::Archived;
}

const char* notice_state_name_zh(NoticeState s) {
  switch (s) {
    case NoticeState::Upcoming: return "即将公示";
    case NoticeState::InPublicity: return "公示中";
    case NoticeState::Archived: return "已归档";
    case NoticeState::LongTerm: return "长期公布";
  }
  return "";
}

}  // namespace gongkai
