// content_loader.cpp — the content loader thread (see content_loader.h for the hand-over).
#include "app/content_loader.h"

#include <chrono>

#include "apply/clock.h"
#include "apply/state.h"

namespace gongkai::kiosk {

bool same_screen(const ContentRequest& a, const ContentRequest& b) {
  return a.route == b.route && a.inputs.notices_tab == b.inputs.notices_tab &&
         a.inputs.notices_category == b.inputs.notices_category &&
         a.inputs.scope.region == b.inputs.scope.region &&
         a.inputs.scope.channel == b.inputs.scope.channel;
}

LoadedContent load_content(const ContentRequest& request) {
  const auto t0 = std::chrono::steady_clock::now();
  LoadedContent c;
  c.request = request;
  std::string path = request.path.empty() ? request.fallback_db : request.path;
  if (!request.data_dir.empty()) {
    // Its own read-only connection to the state DB, opened and closed here (invariant 1).
    if (auto w = apply::GenerationWatch::open(request.data_dir)) {
      if (request.path.empty()) {
        auto cur = w->current();
        if (!cur) {
          c.errors.push_back(cur.error().message);
        } else if (*cur) {
          path = (*cur)->path;
          c.generation = (*cur)->generation;
        }
      }
      if (auto f = w->time_floor()) c.time_floor = *f;
      if (request.sync_status) {
        if (auto st = apply::peek_status(request.data_dir, apply::real_clock())) c.status = *st;
      }
    }
  }
  c.store_path = path;
  auto store = Store::open(path, Store::Mode::ReadOnly);
  if (store.ok()) {
    c.store = std::move(store).value();
  } else {
    c.store_error = store.error().message;
  }
  ModelInputs in = request.inputs;
  in.store = c.store.get();
  in.store_error = c.store_error;
  c.model = load_model(in, request.route);
  c.load_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return c;
}

ContentLoader::~ContentLoader() { stop(); }

void ContentLoader::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void ContentLoader::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

uint64_t ContentLoader::request(ContentRequest r) {
  uint64_t seq = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    seq = r.seq = ++next_seq_;
    pending_ = std::move(r);
  }
  cv_.notify_all();
  return seq;
}

std::unique_ptr<LoadedContent> ContentLoader::take() {
  std::lock_guard<std::mutex> lock(mu_);
  return std::move(ready_);
}

void ContentLoader::retire(std::unique_ptr<Store> store, Model model) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (store) retired_stores_.push_back(std::move(store));
    retired_models_.push_back(std::move(model));
  }
  cv_.notify_all();
}

bool ContentLoader::idle() const {
  std::lock_guard<std::mutex> lock(mu_);
  return !pending_ && !loading_ && !ready_;
}

void ContentLoader::run() {
  for (;;) {
    std::optional<ContentRequest> job;
    std::vector<std::unique_ptr<Store>> stores;
    std::vector<Model> models;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] {
        return stopping_ || pending_ || !retired_stores_.empty() || !retired_models_.empty();
      });
      if (stopping_) return;
      stores.swap(retired_stores_);
      models.swap(retired_models_);
      job.swap(pending_);
      loading_ = job.has_value();
    }
    stores.clear();  // sqlite3_close and the freeing of old models happen here, not on the UI
    models.clear();
    if (!job) continue;
    auto done = std::make_unique<LoadedContent>(load_content(*job));
    std::unique_ptr<LoadedContent> superseded;
    {
      std::lock_guard<std::mutex> lock(mu_);
      superseded = std::move(ready_);  // invariant 4
      ready_ = std::move(done);
      loading_ = false;
    }
  }
}

}  // namespace gongkai::kiosk
