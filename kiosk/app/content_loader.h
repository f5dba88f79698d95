// content_loader.h — opens the content the kiosk shows and reads what its screen needs, on a
// thread of its own, so the frame loop only swaps a ready result in (issue #5 benchmark: "the UI
// keeps rendering during apply"; DESIGN §2 "one process").
//
// Input → output: a ContentRequest (where the content lives, what the current screen needs) →
// a LoadedContent: the opened Store, the per-screen Model read from it, the active generation,
// the trusted-time floor and the staff-page sync status. load_content() does it synchronously
// (the first frame, which has nothing to show before it); ContentLoader does it on its thread.
//
// Hand-over (a Store — one SQLite connection — is used by one thread at a time):
//
//   UI thread                         loader thread
//   request(r) ──(mutex: pending_)──► takes pending_, load_content(r): opens a NEW Store and its
//                                     own state-DB connection, reads the Model; touches no
//                                     object the UI holds
//   take()     ◄──(mutex: ready_)──── publishes the result; never touches its Store again
//   retire(old store, old model) ───► closes/frees them on this thread (no close on the UI)
//
// Invariants:
//  1. Every Store is owned by exactly one unique_ptr at a time; ownership passes between the
//     threads only under mu_, and the side that gave it up never dereferences it again. The UI's
//     own Store (navigation reads it synchronously) is never seen by the loader.
//  2. The UI thread never waits for a load: request(), take(), retire() and idle() only lock mu_
//     for a move or a flag (no SQLite call, no allocation larger than a vector push). stop()
//     waits for the load in progress (exit only).
//  3. Requests coalesce: a request made while another is pending replaces it. Results carry the
//     request they answer (its seq and its screen key), so the UI adopts a Model only for the
//     screen it is on and asks again otherwise.
//  4. A finished result that the UI has not taken yet is replaced by a newer one (the older one
//     is freed on the loader thread): take() returns the newest.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/model.h"
#include "apply/engine.h"
#include "gongkai/store.h"

namespace gongkai::kiosk {

struct ContentRequest {
  std::string data_dir;     // [sync] data_dir; "" or no state DB = no sync
  std::string fallback_db;  // --db / content_db: shown while no generation was ever applied
  // Non-empty: reopen exactly this file (the periodic re-read of the content shown now, so a
  // generation that cannot be opened is reported once, not every 30 s). Empty: the active
  // generation of data_dir, else fallback_db.
  std::string path;
  bool sync_status = false;  // also read the staff page's sync status (peek_status)
  Route route;               // the screen the Model is for
  ModelInputs inputs;        // store is ignored (the loader's own Store is used)
  uint64_t seq = 0;          // set by ContentLoader::request
};

// The screen a Model was read for: a Model is adopted only by the screen it matches.
bool same_screen(const ContentRequest& a, const ContentRequest& b);

struct LoadedContent {
  ContentRequest request;
  std::unique_ptr<Store> store;             // nullptr: could not be opened (store_error says why)
  std::string store_path;                   // the file it tried to open
  std::string store_error;                  // "English / 中文"
  std::optional<int64_t> generation;        // active sync generation, when the store is one
  std::optional<int64_t> time_floor;        // of the state DB, for the UI's TrustedClock
  std::optional<apply::SyncStatus> status;  // when request.sync_status and readable
  std::vector<std::string> errors;          // for the staff page ("English / 中文")
  Model model;                              // read from `store` (no_store when it is nullptr)
  double load_ms = 0;                       // wall time of load_content
};

// Opens and reads synchronously on the calling thread (the returned Store is the caller's).
LoadedContent load_content(const ContentRequest& request);

class ContentLoader {
 public:
  ContentLoader() = default;
  ~ContentLoader();  // stop()
  ContentLoader(const ContentLoader&) = delete;
  ContentLoader& operator=(const ContentLoader&) = delete;

  void start();
  void stop();  // joins; everything not taken is freed
  // Queues a load (invariant 3); returns its seq.
  uint64_t request(ContentRequest r);
  // The newest finished load, if one is ready (invariant 4).
  std::unique_ptr<LoadedContent> take();
  // The UI's replaced store and model, freed on the loader thread.
  void retire(std::unique_ptr<Store> store, Model model = {});
  // Nothing pending, loading or waiting to be taken (scripted runs settle on it).
  bool idle() const;

 private:
  void run();

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::optional<ContentRequest> pending_;
  std::unique_ptr<LoadedContent> ready_;
  std::vector<std::unique_ptr<Store>> retired_stores_;
  std::vector<Model> retired_models_;
  bool loading_ = false, stopping_ = false;
  uint64_t next_seq_ = 0;
  std::thread thread_;
};

}  // namespace gongkai::kiosk
