// config.cpp — kiosk.toml → KioskConfig (see config.h for the contract and invariants).
//
// tomlplusplus reports syntax errors by exception; they are caught here and turned into a
// ConfigProblem so that nothing escapes this library (STYLE: errors are values at boundaries).
#include "app/config.h"

#include <toml++/toml.h>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

namespace gongkai::kiosk {
namespace {

constexpr std::array<const char*, 7> kWeekdayKeys = {"mon", "tue", "wed", "thu",
                                                     "fri", "sat", "sun"};

const std::set<std::string>& known_keys() {
  static const std::set<std::string> keys = {"mode",
                                             "region",
                                             "channel",
                                             "orientation",
                                             "display_scale",
                                             "idle_timeout_s",
                                             "carousel_dwell_s",
                                             "staff_pin_hash",
                                             "content_db",
                                             "screen_on",
                                             "sync"};
  return keys;
}

class Parser {
 public:
  explicit Parser(LoadedConfig& out) : out_(out) {}

  void problem(const std::string& key, const std::string& message) {
    out_.problems.push_back({key, message});
  }

  // A string key restricted to a set of words; returns the index in `words`, or -1.
  int word(const toml::table& t, const char* key, std::initializer_list<const char*> words) {
    const toml::node* n = t.get(key);
    if (!n) return -1;
    const auto s = n->value<std::string>();
    int i = 0;
    if (s) {
      for (const char* w : words) {
        if (*s == w) return i;
        ++i;
      }
    }
    std::string allowed;
    for (const char* w : words) allowed += std::string(allowed.empty() ? "" : " | ") + w;
    problem(key, std::string("must be one of ") + allowed + ", using the default / 取值应为 " +
                     allowed + "，已使用默认值");
    return -1;
  }

  void string(const toml::table& t, const char* key, std::string& dst) {
    const toml::node* n = t.get(key);
    if (!n) return;
    if (const auto s = n->value_exact<std::string>()) {
      dst = *s;
    } else {
      problem(key, "must be a string, using the default / 应为字符串，已使用默认值");
    }
  }

  template <typename T>
  void number(const toml::table& t, const char* key, T lo, T hi, T& dst) {
    const toml::node* n = t.get(key);
    if (!n) return;
    std::optional<double> v;
    if (n->is_integer()) v = static_cast<double>(*n->value<int64_t>());
    if (n->is_floating_point()) v = *n->value<double>();
    if (!v || *v < static_cast<double>(lo) || *v > static_cast<double>(hi)) {
      std::ostringstream range;
      range << lo << ".." << hi;
      problem(key, "must be a number in " + range.str() + ", using the default / 应为 " +
                       range.str() + " 之间的数，已使用默认值");
      return;
    }
    dst = static_cast<T>(*v);
  }

 private:
  LoadedConfig& out_;
};

bool all_digits(const std::string& s) {
  for (unsigned char c : s)
    if (!std::isdigit(c)) return false;
  return true;
}

// "07:30" → 450; -1 when malformed. "24:00" is allowed as an end of day.
int parse_hhmm(const std::string& s) {
  if (s.size() != 5 || s[2] != ':' || !all_digits(s.substr(0, 2)) || !all_digits(s.substr(3)))
    return -1;
  const int h = std::stoi(s.substr(0, 2)), m = std::stoi(s.substr(3));
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return -1;
  return h * 60 + m;
}

std::optional<ScreenOnSpan> parse_span(const std::string& s) {
  const auto dash = s.find('-');
  if (dash == std::string::npos) return std::nullopt;
  const int b = parse_hhmm(s.substr(0, dash)), e = parse_hhmm(s.substr(dash + 1));
  if (b < 0 || e < 0 || b >= e) return std::nullopt;
  return ScreenOnSpan{b, e};
}

void parse_screen_on(const toml::table& root, Parser& p, KioskConfig& c) {
  const toml::node* n = root.get("screen_on");
  if (!n) return;
  const toml::table* t = n->as_table();
  if (!t) {
    p.problem("screen_on",
              "must be a table of weekdays, using the default / 应为按星期的表，已使用默认值");
    return;
  }
  for (const auto& [k, v] : *t) {
    const std::string key(k.str());
    size_t day = 0;
    while (day < kWeekdayKeys.size() && key != kWeekdayKeys[day]) ++day;
    if (day == kWeekdayKeys.size()) {
      p.problem("screen_on." + key, "unknown weekday (mon … sun) / 未知的星期（mon … sun）");
      continue;
    }
    const toml::array* a = v.as_array();
    std::vector<ScreenOnSpan> spans;
    bool good = a != nullptr;
    if (a) {
      for (const auto& e : *a) {
        const auto s = e.value_exact<std::string>();
        const auto span = s ? parse_span(*s) : std::nullopt;
        if (!span) {
          good = false;
          break;
        }
        spans.push_back(*span);
      }
    }
    if (!good) {
      p.problem("screen_on." + key,
                "must be a list like [\"07:00-21:00\"], using the default / 应为 [\"07:00-21:00\"] "
                "形式的列表，已使用默认值");
      continue;
    }
    c.screen_on[day] = std::move(spans);
  }
}

bool absolute_path(const std::string& s) { return !s.empty() && s[0] == '/'; }

// An absolute path key of [sync]; a relative or empty one keeps the default (a kiosk started
// from another directory must not sync into the wrong place).
void sync_path(const toml::table& t, Parser& p, const char* key, std::string& dst) {
  const toml::node* n = t.get(key);
  if (!n) return;
  const auto v = n->value_exact<std::string>();
  if (v && absolute_path(*v)) {
    dst = *v;
  } else {
    p.problem(std::string("sync.") + key,
              "must be an absolute path, using the default / 应为绝对路径，已使用默认值");
  }
}

void parse_sync(const toml::table& root, Parser& p, SyncSettings& s) {
  const toml::node* n = root.get("sync");
  if (!n) return;
  const toml::table* t = n->as_table();
  if (!t) {
    p.problem("sync", "must be a table, using the defaults / 应为表，已使用默认值");
    return;
  }
  static const std::set<std::string> keys = {"feed_url",        "data_dir", "trust_root",
                                             "usb_mount_roots", "ca_file",  "proxy"};
  for (const auto& [k, v] : *t)
    if (!keys.count(std::string(k.str())))
      p.problem("sync." + std::string(k.str()), "unknown key, ignored / 未知配置项，已忽略");
  // Problems name the key as "sync.<key>" (Parser's helpers report top-level keys).
  if (const toml::node* f = t->get("feed_url")) {
    const auto v = f->value_exact<std::string>();
    const bool good = v && (v->empty() || v->rfind("http://", 0) == 0 ||
                            v->rfind("https://", 0) == 0 || v->rfind("file://", 0) == 0);
    if (good)
      s.feed_url = *v;
    else
      p.problem("sync.feed_url",
                "must be \"\" or an http://, https:// or file:// URL; network sync is off / "
                "应为空或 http://、https://、file:// 地址，已关闭网络同步");
  }
  sync_path(*t, p, "data_dir", s.data_dir);
  sync_path(*t, p, "trust_root", s.trust_root);
  for (const char* key : {"ca_file", "proxy"}) {
    const toml::node* f = t->get(key);
    if (!f) continue;
    if (const auto v = f->value_exact<std::string>()) {
      (std::string(key) == "proxy" ? s.proxy : s.ca_file) = *v;
    } else {
      p.problem(std::string("sync.") + key,
                "must be a string, using the default / 应为字符串，已使用默认值");
    }
  }
  if (const toml::node* f = t->get("usb_mount_roots")) {
    std::vector<std::string> roots;
    const toml::array* a = f->as_array();
    bool good = a != nullptr;
    if (a) {
      for (const auto& e : *a) {
        const auto v = e.value_exact<std::string>();
        if (!v || !absolute_path(*v)) {
          good = false;
          break;
        }
        roots.push_back(*v);
      }
    }
    if (good)
      s.usb_mount_roots = std::move(roots);
    else
      p.problem("sync.usb_mount_roots",
                "must be a list of absolute paths, using the default / 应为绝对路径列表，"
                "已使用默认值");
  }
}

void parse_table(const toml::table& root, LoadedConfig& out) {
  Parser p(out);
  KioskConfig& c = out.config;
  for (const auto& [k, v] : root) {
    if (!known_keys().count(std::string(k.str())))
      p.problem(std::string(k.str()), "unknown key, ignored / 未知配置项，已忽略");
  }
  if (const int m = p.word(root, "mode", {"terminal", "board"}); m >= 0)
    c.mode = m == 0 ? KioskMode::Terminal : KioskMode::Board;
  if (const int o = p.word(root, "orientation", {"landscape", "portrait"}); o >= 0)
    c.orientation = o == 0 ? Orientation::Landscape : Orientation::Portrait;

  std::string region = c.region;
  p.string(root, "region", region);
  if (region.empty() || (region.size() == 12 && all_digits(region))) {
    c.region = region;
  } else {
    p.problem("region",
              "must be a 12-digit 统计用区划代码, using every region / 应为12位统计用区划代码，"
              "已显示全部地区");
  }
  p.string(root, "channel", c.channel);
  p.string(root, "content_db", c.content_db);

  std::string hash = c.staff_pin_hash;
  p.string(root, "staff_pin_hash", hash);
  if (hash.empty() || hash.rfind("$argon2", 0) == 0) {
    c.staff_pin_hash = hash;
  } else {
    p.problem("staff_pin_hash",
              "is not a libsodium crypto_pwhash_str hash; the staff page stays "
              "locked / 不是 libsodium 口令散列，维护页面保持锁定");
  }
  p.number(root, "display_scale", kMinDisplayScale, kMaxDisplayScale, c.display_scale);
  p.number(root, "idle_timeout_s", kMinIdleTimeoutS, kMaxIdleTimeoutS, c.idle_timeout_s);
  p.number(root, "carousel_dwell_s", kMinCarouselDwellS, kMaxCarouselDwellS, c.carousel_dwell_s);
  parse_screen_on(root, p, c);
  parse_sync(root, p, c.sync);
}

}  // namespace

std::array<std::vector<ScreenOnSpan>, 7> KioskConfig::default_screen_on() {
  std::array<std::vector<ScreenOnSpan>, 7> a;
  for (auto& day : a) day = {ScreenOnSpan{7 * 60, 21 * 60}};  // 07:00–21:00 every day
  return a;
}

LoadedConfig parse_config(const std::string& toml_text, const std::string& origin) {
  LoadedConfig out;
  out.path = origin;
  try {
    const toml::table root = toml::parse(toml_text, origin);
    parse_table(root, out);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << "TOML syntax error at line " << e.source().begin.line << ": " << e.description()
        << "; every key uses its default / 第 " << e.source().begin.line
        << " 行语法错误，全部使用默认值";
    out.config = KioskConfig{};
    out.problems = {{"", msg.str()}};
  }
  return out;
}

LoadedConfig load_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    LoadedConfig out;
    out.path = path;
    out.problems.push_back({"", "cannot read " + path + "; every key uses its default / 无法读取 " +
                                    path + "，全部使用默认值"});
    return out;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), path);
}

bool screen_on_at(const KioskConfig& c, int weekday_mon0, int minute_of_day) {
  if (weekday_mon0 < 0 || weekday_mon0 > 6) return true;
  for (const ScreenOnSpan& s : c.screen_on[static_cast<size_t>(weekday_mon0)])
    if (minute_of_day >= s.begin_min && minute_of_day < s.end_min) return true;
  return false;
}

const char* mode_name(KioskMode m) { return m == KioskMode::Board ? "board" : "terminal"; }

}  // namespace gongkai::kiosk
