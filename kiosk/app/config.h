// config.h — the kiosk's configuration (config/kiosk.toml, issue #4 "Configuration").
//
// Input: the text of a TOML file. Output: a KioskConfig that is always usable, plus the list of
// problems found. A missing key takes its default silently; a key with a wrong type or value takes
// its default and adds a ConfigProblem, which the staff page shows (issue #4: "Invalid config: the
// kiosk starts with defaults and shows staff what was wrong, never crashes"). Unknown keys are
// reported too, since a misspelt key is the commonest operator mistake.
//
// Invariants of a loaded KioskConfig (whatever the file said):
//  1. display_scale is in [kMinDisplayScale, kMaxDisplayScale].
//  2. idle_timeout_s and carousel_dwell_s are within their named limits.
//  3. every ScreenOnSpan has 0 <= begin_min < end_min <= 24*60.
//  4. region is empty or 12 ASCII digits.
//  5. sync.feed_url is empty or starts with http://, https:// or file://; sync.data_dir,
//     sync.trust_root and every sync.usb_mount_roots entry are absolute paths.
#pragma once

#include <array>
#include <string>
#include <vector>

namespace gongkai::kiosk {

enum class KioskMode { Terminal, Board };  // citizen touch terminal | village notice board
enum class Orientation { Landscape, Portrait };

// Limits, with units.
inline constexpr double kMinDisplayScale = 0.5;
inline constexpr double kMaxDisplayScale = 4.0;
inline constexpr int kMinIdleTimeoutS = 10;
inline constexpr int kMaxIdleTimeoutS = 3600;
inline constexpr int kMinCarouselDwellS = 3;
inline constexpr int kMaxCarouselDwellS = 600;

struct ScreenOnSpan {  // minutes after local midnight (China Standard Time), [begin, end)
  int begin_min = 0;
  int end_min = 24 * 60;
};

struct ConfigProblem {
  std::string key;      // "idle_timeout_s", "screen_on.mon", "" for the file as a whole
  std::string message;  // "English / 中文", shown verbatim on the staff page
};

// [sync] (issue #5 "Kiosk side", docs/ui.md): where content comes from. Sync is on when
// data_dir already holds a state DB or trust_root names a readable 1.root.json; otherwise the
// kiosk shows content_db as before.
struct SyncSettings {
  std::string feed_url;                       // sync.feed_url: region's repository; "" = no network
  std::string data_dir = "/var/lib/gongkai";  // sync.data_dir: state.db, generations/, objects/
  std::string trust_root = "/etc/gongkai/1.root.json";  // sync.trust_root: shipped 1.root.json
  std::vector<std::string> usb_mount_roots{"/media", "/run/media"};  // sync.usb_mount_roots
  std::string ca_file;  // sync.ca_file: CA bundle for HTTPS; "" = the system's
  std::string proxy;    // sync.proxy: "http://host:port"; "" = direct
};

struct KioskConfig {
  KioskMode mode = KioskMode::Terminal;              // mode = "terminal" | "board"
  std::string region;                                // region = "340123101002"; "" = every region
  std::string channel;                               // channel = "terminal"; "" = every channel
  Orientation orientation = Orientation::Landscape;  // orientation = "landscape" | "portrait"
  double display_scale = 1.0;  // display_scale: 1.0 = a 1080p panel at arm's length
  int idle_timeout_s = 90;     // idle_timeout_s: no touch for this long → home
  int carousel_dwell_s = 20;   // carousel_dwell_s: seconds per board page
  std::string staff_pin_hash;  // staff_pin_hash: crypto_pwhash_str output; "" = locked
  std::string content_db = "/var/lib/gongkai/content.db";  // content_db: the store file to read
  SyncSettings sync;                                       // [sync]
  // [screen_on] mon … sun = ["07:00-21:00", …]; [] = dark all day. Index 0 = Monday.
  std::array<std::vector<ScreenOnSpan>, 7> screen_on = default_screen_on();

  static std::array<std::vector<ScreenOnSpan>, 7> default_screen_on();
};

struct LoadedConfig {
  KioskConfig config;
  std::vector<ConfigProblem> problems;  // empty when the file was perfect
  std::string path;                     // where it was read from ("" = built-in defaults)
};

// Parses TOML text. Never throws; a syntax error yields defaults and one problem.
LoadedConfig parse_config(const std::string& toml_text, const std::string& origin);
// Reads and parses a file; an unreadable file yields defaults and one problem.
LoadedConfig load_config(const std::string& path);

// True when the display should be lit at minute `minute_of_day` of weekday `weekday_mon0`
// (0 = Monday … 6 = Sunday).
bool screen_on_at(const KioskConfig& c, int weekday_mon0, int minute_of_day);

const char* mode_name(KioskMode m);  // "terminal" | "board"

}  // namespace gongkai::kiosk
