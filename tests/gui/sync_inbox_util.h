// sync_inbox_util.h — reading the kiosk's sync inbox the way the UI thread does (drain, never wait
// on the worker), shared by the sync-worker tests.
#pragma once

#include <chrono>
#include <thread>
#include <vector>

#include "app/sync_worker.h"

namespace gongkai::kiosk::testing {

inline constexpr auto kMaxInboxWait = std::chrono::seconds(30);  // a cycle takes well under 1 s

// Drains the inbox until a message of `kind` arrives (or kMaxInboxWait passes); returns every
// message drained, including those after it in the same batch.
inline std::vector<SyncMessage> drain_until(SyncInbox& inbox, SyncMessage::Kind kind) {
  std::vector<SyncMessage> all;
  const auto deadline = std::chrono::steady_clock::now() + kMaxInboxWait;
  while (std::chrono::steady_clock::now() < deadline) {
    bool hit = false;
    for (SyncMessage& m : inbox.drain()) {
      hit = hit || m.kind == kind;
      all.push_back(std::move(m));
    }
    if (hit) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return all;
}

inline const SyncMessage* find(const std::vector<SyncMessage>& v, SyncMessage::Kind kind) {
  for (const auto& m : v)
    if (m.kind == kind) return &m;
  return nullptr;
}

}  // namespace gongkai::kiosk::testing
