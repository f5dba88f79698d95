// app.h — gongkai-kiosk's command line and entry point (issue #4).
//
//   gongkai-kiosk [--config FILE] [--db FILE] [--data-dir DIR] [--windowed] [--size WxH]
//                 [--portrait] [--elder] [--high-contrast] [--now ISO8601]
//                 [--screenshot FILE.png --screen ROUTE] [--input-script FILE]
//                 [--frame-log FILE] [--sync-after SECONDS] [--sync-worker] [--load-in-frame]
//   gongkai-kiosk --hash-pin          (reads a PIN on stdin, prints a staff_pin_hash line)
//
// ROUTE: home | domain:<code> | item:<id> | notices | notice:<id> | board | staff | pin
// --screenshot renders ROUTE with the real pipeline, writes the PNG and exits 0.
// --input-script replays a script (input_script.h) on a simulated clock, prints one JSON line per
// `report`, and exits 0 when the script is done (1 if a screenshot could not be written).
// --frame-log writes one line per frame (its time) and per sync/content event, for benchmarks
// (bench/apply/kiosk_loop.sh). --sync-after delays the first scheduled feed cycle to SECONDS after
// start (default: uniform in the first minute). --sync-worker starts the sync worker in scripted
// runs too (GUI tests of "sync now"; scripted runs otherwise start none, to stay deterministic).
#pragma once

#include <optional>
#include <string>

namespace gongkai::kiosk {

struct Options {
  std::string config_path = "/etc/gongkai/kiosk.toml";
  std::string db_path;     // overrides content_db from the config
  std::string data_dir;    // holds assets/ui/strings.toml and fonts/manifest.toml
  std::string screenshot;  // PNG to write
  std::string screen;      // route to start on
  std::string input_script;
  std::string now_iso;  // fixed trusted time (tests)
  bool windowed = false, portrait = false, elder = false, high_contrast = false;
  int width = 0, height = 0;  // --size
  bool hash_pin = false;
  std::string frame_log;     // --frame-log
  double sync_after_s = -1;  // --sync-after; < 0 = the poll policy's first-minute window
  bool sync_worker = false;  // --sync-worker
  // --load-in-frame (benchmark baseline only): after a flip, open the new generation and read
  // the screen inside the frame, as the kiosk did before the content loader (kiosk_loop.sh A/B).
  bool load_in_frame = false;
};

// Parses argv; nullopt (after printing usage to stderr) on a bad command line.
std::optional<Options> parse_options(int argc, char** argv);
// Runs the kiosk; the process exit code.
int run_kiosk(const Options& options);

}  // namespace gongkai::kiosk
