// sync_worker.h — the kiosk's sync worker thread (DESIGN §2 "one process": the UI thread renders,
// a sync worker thread fetches, verifies and applies; issue #5 "Kiosk side").
//
// Input → output: a SyncWorkerConfig (data directory, region, shipped 1.root.json, feed URL, USB
// mount roots, HTTP settings) → SyncMessages in a thread-safe SyncInbox that the UI drains once per
// frame (STYLE habit 10: events → sync inbox → update → render → present).
//
// The worker thread owns the SyncEngine (engine.h starts no threads and is not shared) and the
// mirror. Its loop:
//
//   open engine ──fail──► post Error, retry after kReopenDelayMs
//       │ ok: post Status
//       ▼
//   ┌► feed configured, PollScheduler due and ── post Started, run_cycle(mirror) ── post Cycle
//   │  first_poll_delay_ms passed?                 (+ Generation when applied); failure:
//   │      (15 min ± 50 %, full-jitter backoff)    forget_http_validators, scheduler.on_failure,
//   │                                              post Error
//   │  every kUsbScanMs: find_usb() → import each stick not imported while it stays mounted
//   │      (identity: st_dev + st_ino of the mount point) ── post Usb (+ Generation when applied)
//   │  tick() (trusted-time floor to disk)
//   └─ wait on a condition variable until the next due time, a poll_now() or stop()
//
// Invariants:
//  1. The UI thread never waits on the network or on the engine: post() and drain() only take the
//     inbox mutex for a vector swap; stop() waits at most for the cycle or import in progress.
//  2. Every applied cycle or import posts a Generation message after the flip committed, so the
//     UI reopens the store at the next frame boundary (it also polls GenerationWatch::changed()).
//  3. A stick is imported once per mounting: it is imported again only after it was unmounted
//     (its identity left the scan) and mounted again.
//  4. stop() is idempotent, joins the thread and closes the engine (its data-directory lock is
//     free afterwards); the destructor calls it. A stopped worker is not started again.
//  5. Every feed cycle posts Started before it does anything and then exactly one of Cycle
//     (success) or Error (failure), in that order, so the staff page can show "syncing…" and then
//     the result of a "sync now" (no other message of the worker comes in between: the one
//     thread runs cycles, imports and ticks one after the other).
//  6. busy() is true from poll_now() until the cycle it asked for has posted its result, and while
//     any cycle or import runs (tests and scripted runs wait on it; the UI never does).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "apply/engine.h"
#include "fetch/http_mirror.h"
#include "fetch/schedule.h"

namespace gongkai::kiosk {

// Limits, with units.
inline constexpr int64_t kUsbScanMs = 3000;       // look for a newly mounted stick this often
inline constexpr int64_t kTickMs = 60 * 1000;     // TrustedClock floor check (engine.tick())
inline constexpr int64_t kReopenDelayMs = 60000;  // engine could not open: try again after this

struct SyncWorkerConfig {
  apply::SyncConfig engine;  // data_dir, region, bootstrap_root, usb_roots
  // "" = no network sync (USB only); http:// or https:// → HttpMirror; file:// or a plain path →
  // a directory mirror (a LAN share mounted on the kiosk, and the tests).
  std::string feed_url;
  fetch::HttpConfig http;  // proxy, ca_file …; base_url and state_dir are filled from the above
  fetch::PollPolicy policy;
  int64_t usb_scan_ms = kUsbScanMs;
  // ≥ 0: no scheduled feed cycle before this many ms after start() (a poll_now() still runs at
  // once). Benchmarks use it for a fixed baseline before the apply; −1 = the policy's window.
  int64_t first_poll_delay_ms = -1;
};

struct SyncMessage {
  enum class Kind {
    Generation,  // a new generation is active: reopen the store (value = generation)
    Started,     // a feed cycle began (invariant 5)
    Cycle,       // a feed cycle succeeded (value = active generation, outcome; text: English /
                 // 中文 summary for the log)
    Usb,         // a USB import finished (text: the Chinese banner; value = 1 when applied)
    Error,       // text: "English / 中文"
    Status,      // status: a fresh snapshot for the staff page
  };
  Kind kind = Kind::Status;
  int64_t value = 0;
  std::string text;
  std::optional<apply::SyncStatus> status;
  std::optional<apply::CycleResult::Outcome> outcome;  // Cycle only
};

// Many producers, one consumer (the UI thread). Never blocks for longer than a vector swap.
class SyncInbox {
 public:
  void post(SyncMessage m);
  std::vector<SyncMessage> drain();  // everything posted since the last drain, in order

 private:
  std::mutex mu_;
  std::vector<SyncMessage> messages_;
};

class SyncWorker {
 public:
  SyncWorker(SyncWorkerConfig config, SyncInbox& inbox);
  ~SyncWorker();  // stop()
  SyncWorker(const SyncWorker&) = delete;
  SyncWorker& operator=(const SyncWorker&) = delete;

  void start();
  void stop();      // invariant 4
  void poll_now();  // staff "sync now": the next feed cycle is due at once
  int cycles_run() const { return cycles_.load(); }
  bool busy() const;  // invariant 6

 private:
  void run();
  bool open_engine();
  Result<tuf::Mirror*> mirror();  // made on first use, retried after a failure
  void run_feed_cycle();
  void scan_usb();
  void post_status();
  bool wait_ms(int64_t ms);  // false when stopping

  SyncWorkerConfig cfg_;
  SyncInbox& inbox_;
  std::unique_ptr<apply::SyncEngine> engine_;
  std::unique_ptr<tuf::Mirror> mirror_;
  std::optional<fetch::PollScheduler> sched_;  // set when a feed is configured
  std::vector<std::string> mounted_;           // identities of sticks imported and still mounted
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false, poll_requested_ = false;
  bool working_ = false;    // a cycle or import runs (guarded by mu_)
  int64_t not_before_ = 0;  // steady ms: first_poll_delay_ms after start
  std::atomic<int> cycles_{0};
  std::thread thread_;
};

// The inbox messages a UsbResult turns into (banner, and Generation when something was applied).
std::vector<SyncMessage> usb_messages(const apply::UsbResult& r);

// Whether a USB banner may be shown verbatim on screen, where a citizen standing at the kiosk sees
// it too: what changed, or that nothing was newer — yes; why an update was refused — no (the
// reason can name a key, a role or a file; it is for the staff page and the report on the stick,
// and the screen shows the neutral assets string sync.usb_refused instead).
bool usb_banner_is_public(const std::string& banner);

}  // namespace gongkai::kiosk
