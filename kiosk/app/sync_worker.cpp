// sync_worker.cpp — the kiosk's sync worker thread (see sync_worker.h for the loop and invariants).
#include "app/sync_worker.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <random>

namespace gongkai::kiosk {
namespace {

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// A mount point's identity for invariant 3: the same path with another device (a second stick
// mounted where the first was) is another stick.
std::string mount_identity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "";
  return std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino) + ":" + path;
}

bool is_remote(const std::string& url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

std::string cycle_summary(const apply::CycleResult& c) {
  using O = apply::CycleResult::Outcome;
  const char* what = c.outcome == O::Applied   ? "applied / 已更新"
                     : c.outcome == O::Skipped ? "nothing newer / 无更新内容"
                                               : "up to date / 已是最新";
  return std::string("sync: ") + what + ", generation " + std::to_string(c.generation) + ", " +
         std::to_string(c.objects_downloaded) + " objects, " + std::to_string(c.bytes_downloaded) +
         " bytes";
}

}  // namespace

// ---- SyncInbox ----------------------------------------------------------------------------------

void SyncInbox::post(SyncMessage m) {
  std::lock_guard<std::mutex> lock(mu_);
  messages_.push_back(std::move(m));
}

std::vector<SyncMessage> SyncInbox::drain() {
  std::vector<SyncMessage> out;
  std::lock_guard<std::mutex> lock(mu_);
  out.swap(messages_);
  return out;
}

std::vector<SyncMessage> usb_messages(const apply::UsbResult& r) {
  std::vector<SyncMessage> out;
  const bool applied = !r.error && r.cycle.outcome == apply::CycleResult::Outcome::Applied;
  out.push_back({SyncMessage::Kind::Usb, applied ? 1 : 0, r.banner, std::nullopt, std::nullopt});
  if (r.error)
    out.push_back(
        {SyncMessage::Kind::Error, 0, "USB: " + r.error->message, std::nullopt, std::nullopt});
  if (applied)
    out.push_back(
        {SyncMessage::Kind::Generation, r.cycle.generation, "", std::nullopt, std::nullopt});
  return out;
}

bool usb_banner_is_public(const std::string& banner) {
  // usb_banner() (engine.h) words a refusal "U盘更新未执行：<原因>…"; the other two forms only
  // say what changed or that nothing was newer.
  return banner.rfind("U盘更新未执行", 0) != 0;
}

// ---- SyncWorker ---------------------------------------------------------------------------------

SyncWorker::SyncWorker(SyncWorkerConfig config, SyncInbox& inbox)
    : cfg_(std::move(config)), inbox_(inbox) {}

SyncWorker::~SyncWorker() { stop(); }

void SyncWorker::start() {
  if (thread_.joinable()) return;
  if (cfg_.first_poll_delay_ms >= 0) not_before_ = steady_ms() + cfg_.first_poll_delay_ms;
  thread_ = std::thread([this] { run(); });
}

void SyncWorker::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  // The thread is gone: release the data directory's lock (gongkai-sync may run now).
  mirror_.reset();
  engine_.reset();
}

void SyncWorker::poll_now() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    poll_requested_ = true;
  }
  cv_.notify_all();
}

bool SyncWorker::busy() const {
  std::lock_guard<std::mutex> lock(mu_);
  return working_ || poll_requested_;
}

bool SyncWorker::wait_ms(int64_t ms) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, std::chrono::milliseconds(std::max<int64_t>(ms, 1)),
               [this] { return stopping_ || poll_requested_; });
  return !stopping_;
}

bool SyncWorker::open_engine() {
  auto e = apply::SyncEngine::open(cfg_.engine);
  if (!e) {
    inbox_.post({SyncMessage::Kind::Error, 0, e.error().message, std::nullopt, std::nullopt});
    return false;
  }
  engine_ = std::move(*e);
  if (cfg_.feed_url.empty()) return true;
  std::random_device rd;
  auto rng = std::make_shared<std::mt19937_64>((static_cast<uint64_t>(rd()) << 32) | rd());
  sched_.emplace(cfg_.policy, steady_ms, [rng] { return (*rng)(); });
  return true;
}

// The mirror is made when a cycle is due, not at start: a LAN share mounted after boot, or a
// libcurl init that failed once, is tried again on the scheduler's backoff.
Result<tuf::Mirror*> SyncWorker::mirror() {
  if (mirror_) return mirror_.get();
  if (is_remote(cfg_.feed_url)) {
    fetch::HttpConfig h = cfg_.http;
    h.base_url = cfg_.feed_url;
    if (h.state_dir.empty()) h.state_dir = cfg_.engine.data_dir + "/http";
    auto m = fetch::make_http_mirror(h);
    if (!m) return m.error();
    mirror_ = std::move(*m);
  } else {
    std::string dir = cfg_.feed_url;
    if (dir.rfind("file://", 0) == 0) dir = dir.substr(7);
    auto m = tuf::DirMirror::open(dir);
    if (!m) return m.error();
    mirror_ = std::move(*m);
  }
  return mirror_.get();
}

void SyncWorker::post_status() {
  auto s = engine_->status();
  if (s) inbox_.post({SyncMessage::Kind::Status, 0, "", std::move(*s), std::nullopt});
}

void SyncWorker::run_feed_cycle() {
  inbox_.post({SyncMessage::Kind::Started, 0, "", std::nullopt, std::nullopt});  // invariant 5
  auto m = mirror();
  if (!m) {
    sched_->on_failure();
    inbox_.post({SyncMessage::Kind::Error, 0, m.error().message, std::nullopt, std::nullopt});
    return;
  }
  auto r = engine_->run_cycle(**m);
  ++cycles_;
  if (!r) {
    // A cached timestamp that did not verify must not be served again on every 304 (fetch.md).
    fetch::forget_http_validators(*mirror_);
    sched_->on_failure();
    inbox_.post({SyncMessage::Kind::Error, 0, r.error().message, std::nullopt, std::nullopt});
  } else {
    sched_->on_success();
    inbox_.post(
        {SyncMessage::Kind::Cycle, r->generation, cycle_summary(*r), std::nullopt, r->outcome});
    if (r->outcome == apply::CycleResult::Outcome::Applied)
      inbox_.post({SyncMessage::Kind::Generation, r->generation, "", std::nullopt, std::nullopt});
  }
  post_status();
}

void SyncWorker::scan_usb() {
  std::vector<std::string> present;
  for (const std::string& mount : engine_->find_usb()) {
    const std::string id = mount_identity(mount);
    if (id.empty()) continue;
    present.push_back(id);
    if (std::find(mounted_.begin(), mounted_.end(), id) != mounted_.end()) continue;
    for (SyncMessage& m : usb_messages(engine_->import_usb(mount))) inbox_.post(std::move(m));
    post_status();
  }
  mounted_ = std::move(present);  // invariant 3: a stick unmounted is forgotten
}

void SyncWorker::run() {
  while (!engine_) {
    if (open_engine()) break;
    if (!wait_ms(kReopenDelayMs)) return;
  }
  post_status();
  int64_t next_usb = 0, next_tick = steady_ms() + kTickMs;
  // Set while the thread works (invariant 6); poll_requested_ is cleared only when the cycle it
  // asked for has begun, under the same lock, so busy() never reads false in between.
  auto set_working = [this](bool on) {
    std::lock_guard<std::mutex> lock(mu_);
    working_ = on;
  };
  for (;;) {
    bool poll = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      poll = poll_requested_;
      poll_requested_ = false;
      working_ = true;
    }
    if (poll && sched_) sched_->poll_soon();
    if (sched_ && sched_->due() && (poll || steady_ms() >= not_before_)) run_feed_cycle();
    const int64_t now = steady_ms();
    if (now >= next_usb) {
      scan_usb();
      next_usb = now + cfg_.usb_scan_ms;
    }
    if (now >= next_tick) {
      if (Status t = engine_->tick(); !t)
        inbox_.post({SyncMessage::Kind::Error, 0, t.error().message, std::nullopt, std::nullopt});
      next_tick = now + kTickMs;
    }
    set_working(false);
    int64_t wait = std::min(next_usb, next_tick) - steady_ms();
    if (sched_) wait = std::min(wait, std::max(sched_->ms_until_due(), not_before_ - steady_ms()));
    if (!wait_ms(wait)) return;
  }
}

}  // namespace gongkai::kiosk
