// http_mirror.h — the HTTP(S) transport of the update cycle (issue #5, DESIGN §5): a tuf::Mirror
// that reads a region's static repository from a web server with libcurl.
//
// Input → output: a base URL (the region's repository, holding metadata/ and targets/) and a
// state directory → the untrusted bytes the Updater (tuf/updater.h) asks for. Nothing here is
// trusted or interpreted beyond HTTP framing: the Updater checks every length, hash and signature,
// so correctness never depends on TLS (HTTPS is still verified by default).
//
// On the wire (docs/fetch.md):
//   read_metadata("N.root.json")     GET metadata/N.root.json; 404/410 → "mirror.not_found"
//                                    (ends the root walk, TUF spec §5.3.3)
//   read_metadata("timestamp.json")  conditional GET (If-None-Match / If-Modified-Since from the
//                                    last 200). A 304 answers with the body cached with those
//                                    validators; the Updater then sees the same version ("nothing
//                                    new"). A 304 never says anything about freshness: staleness
//                                    is judged by the caller from the signed issued time.
//   read_metadata(other)             GET metadata/<name>
//   read_target(path, info)          GET targets/<dir>/<sha256>.<base> into
//                                    STATE/staging/<sha256>.part, resuming with
//                                    "Range: bytes=K-" when K bytes are already there.
//
// State directory (STATE; a private temp dir removed at destruction when none is given):
//   STATE/timestamp.cache      "gongkai-http-cache/1\n" "etag: …\n" "last-modified: …\n"
//                              "\n" then the body
//   STATE/staging/<sha>.part   a partial target download, kept between attempts
//
// Invariants:
//  1. No response body is accepted past its cap: the write callback refuses the byte that would
//     exceed it (libcurl 7.88 does not stop a running transfer at CURLOPT_MAXFILESIZE), so an
//     endless or oversized answer costs at most cap + one curl buffer (16 KiB) of reading.
//  2. Only a 2xx answer is data. 404/410 → "mirror.not_found"; any other status, an HTML page
//     (Content-Type text/html, or metadata starting with '<'), a Content-Length other than the
//     expected one, or a truncated body is an error, never data.
//  3. A partial file holds a prefix of some answer for that sha256; it grows only from a 206 whose
//     Content-Range starts exactly at its size and ends at the signed length. A 200 answer to a
//     Range request restarts it from 0; a wrong Content-Range is an error, and the partial file is
//     dropped so the next attempt starts clean. A completed file whose sha256 differs is deleted.
//  4. Every transfer is bounded in time: a stall (below low_speed_limit for low_speed_time), a
//     per-request cap and a per-cycle cap (see reset_stats()) abort it; once the cycle's time
//     is spent, requests fail at once with "fetch.timeout".
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "gongkai/result.h"
#include "tuf/mirror.h"

namespace gongkai::fetch {

// Limits with units (info-beamer style). Defaults suit a county's 4G/ADSL link.
inline constexpr long kDefaultConnectTimeoutS = 20;
inline constexpr long kDefaultLowSpeedBytesPerS = 64;   // below this …
inline constexpr long kDefaultLowSpeedTimeS = 60;       // … for this long = a stall
inline constexpr long kDefaultMaxRequestTimeS = 900;    // one request, however large
inline constexpr long kDefaultMaxCycleTimeS = 3600;     // all requests since reset_stats()
inline constexpr size_t kMaxErrorBodyBytes = 8 * 1024;  // body of a 404/500 read then dropped
inline constexpr int64_t kStagingMaxAgeS = 14 * 86400;  // older partial files are removed at open

struct HttpConfig {
  std::string base_url;    // the region's repository, e.g. https://gk.example.cn/feed/340123000000/
  std::string state_dir;   // "" = a private temp dir (no resume or validators across runs)
  std::string proxy;       // "" = no proxy (the environment's http_proxy is ignored), else a URL
  std::string ca_file;     // "" = system CA bundle
  std::string ca_path;     // "" = system CA directory
  bool verify_tls = true;  // peer and host verification; off only for a lab's self-signed server
  long connect_timeout_s = kDefaultConnectTimeoutS;
  long low_speed_limit_bps = kDefaultLowSpeedBytesPerS;
  long low_speed_time_s = kDefaultLowSpeedTimeS;
  long max_request_time_s = kDefaultMaxRequestTimeS;
  long max_cycle_time_s = kDefaultMaxCycleTimeS;  // from open() or reset_stats(), over all requests
  std::string user_agent = "gongkai-kiosk/1";
};

// What crossed the wire. Request and header sizes come from libcurl (CURLINFO_REQUEST_SIZE,
// CURLINFO_HEADER_SIZE); body bytes are counted in the write callback, so they include bytes of
// answers that were then refused. TCP/IP and TLS framing are not included.
struct FileStats {
  int64_t requests = 0;
  int64_t request_bytes = 0;  // sent: request line and headers
  int64_t header_bytes = 0;   // received: status line and headers
  int64_t body_bytes = 0;     // received: body
  int64_t not_modified = 0;   // 304 answers
  int64_t wire_bytes() const { return request_bytes + header_bytes + body_bytes; }
};

struct TransferStats {
  FileStats total;                           // since the last reset_stats() (one update cycle)
  std::map<std::string, FileStats> by_file;  // "metadata/timestamp.json", "targets/county/…"
};

// Not thread-safe: one HttpMirror per worker thread (it owns one libcurl easy handle, whose
// connection cache gives keep-alive across the requests of a cycle).
class HttpMirror final : public tuf::Mirror {
 public:
  static Result<std::unique_ptr<HttpMirror>> open(const HttpConfig& config);
  ~HttpMirror() override;
  HttpMirror(const HttpMirror&) = delete;
  HttpMirror& operator=(const HttpMirror&) = delete;

  std::string describe() const override;
  Result<std::string> read_metadata(const std::string& name, size_t max_bytes) override;
  Result<std::string> read_target(const std::string& path, const tuf::TargetFile& info) override;

  const TransferStats& stats() const;
  // Starts a cycle: counters to zero, the cycle's time cap starts again. A cycle also starts by
  // itself at open() and at the first root probe after any other request (every TUF cycle begins
  // with the root walk, spec §5.3), so a caller holding a plain tuf::Mirror gets per-cycle
  // counters and caps without calling this.
  void reset_stats();
  // Drops the cached timestamp and its validators, so the next read_metadata("timestamp.json")
  // is an unconditional GET. Call after a cycle failed verification: a cached copy that does not
  // verify must not be served again on every 304.
  void forget_validators();
  // Bytes held in STATE/staging for this sha256 (0 when none): tests and progress display.
  int64_t staged_bytes(const std::string& sha256) const;

  struct Impl;

 private:
  explicit HttpMirror(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The entry point for the apply side and gongkai-sync: an HttpMirror behind the Mirror interface.
Result<std::unique_ptr<tuf::Mirror>> make_http_mirror(const HttpConfig& config);

// For callers holding a plain tuf::Mirror: after a cycle failed verification, drops an
// HttpMirror's cached timestamp and validators (see forget_validators); other mirrors: no-op.
void forget_http_validators(tuf::Mirror& mirror);

}  // namespace gongkai::fetch
