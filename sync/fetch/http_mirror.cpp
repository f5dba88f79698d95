// http_mirror.cpp — libcurl transport for the update cycle; wire behaviour, state directory and
// invariants are in http_mirror.h. Each request reads: build the exchange (sink, cap, expected
// length) → perform → the header callback records the last response block → the first body byte
// (or the end of an empty answer) decides whether the answer is data (decide()) → the write
// callback enforces the cap → finish() turns curl's code and the status into a value.
#include "fetch/http_mirror.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <optional>

#include "tuf/fsutil.h"
#include "tuf/keys.h"
#include "tuf/updater.h"

namespace gongkai::fetch {

namespace {

namespace fs = std::filesystem;

// --- RAII for libcurl handles (STYLE: every C handle) -----------------------------------------
struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
using CurlPtr = std::unique_ptr<CURL, CurlDeleter>;
struct SlistDeleter {
  void operator()(curl_slist* s) const { curl_slist_free_all(s); }
};
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;

Status curl_global() {
  // curl_global_init is not safe to race with itself before 7.84; once per process.
  static std::once_flag once;
  static CURLcode rc = CURLE_OK;
  std::call_once(once, [] { rc = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (rc != CURLE_OK) {
    return Error{"fetch.init", std::string("libcurl init failed: ") + curl_easy_strerror(rc) +
                                   " / 网络组件初始化失败"};
  }
  return ok_status();
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

std::optional<int64_t> parse_int(const std::string& s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

bool safe_metadata_name(const std::string& n) {
  if (n.empty() || n.size() > 255 || n[0] == '.') return false;
  return std::all_of(n.begin(), n.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == '_';
  });
}

bool is_sha256_hex(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

Error io_error(const std::string& what) {
  return Error{"mirror.io", what + ": " + std::strerror(errno) + " / 本地文件读写失败"};
}

// One request/response as the callbacks see it.
struct Exchange {
  // What we asked for.
  std::string label;            // "metadata/timestamp.json" — for messages and stats
  int64_t range_from = 0;       // > 0: "Range: bytes=range_from-" was sent
  int64_t expected_total = -1;  // the signed length of a target; -1 = unknown (metadata)
  size_t cap = 0;               // bytes of data accepted in total (file offset + body)
  std::string* mem = nullptr;   // sink: memory …
  int fd = -1;                  // … or the staging file, positioned at range_from
  // The last response block's headers.
  long status = 0;
  std::string etag, last_modified, content_type, content_range;
  std::optional<int64_t> content_length;
  // Progress.
  bool decided = false;
  bool is_data = false;  // a 2xx answer accepted as data (else a discarded error body)
  int64_t body_received = 0;
  int64_t offset = 0;          // bytes of data held (file offset or mem size)
  std::optional<Error> abort;  // why a callback stopped the transfer
};

// Content-Range: bytes A-B/T (RFC 9110 §14.4).
bool parse_content_range(const std::string& v, int64_t& a, int64_t& b, int64_t& total) {
  const std::string pre = "bytes ";
  if (lower(v).rfind(pre, 0) != 0) return false;
  std::string rest = v.substr(pre.size());
  auto dash = rest.find('-'), slash = rest.find('/');
  if (dash == std::string::npos || slash == std::string::npos || slash < dash) return false;
  auto pa = parse_int(rest.substr(0, dash)),
       pb = parse_int(rest.substr(dash + 1, slash - dash - 1));
  auto pt = parse_int(rest.substr(slash + 1));
  if (!pa || !pb || !pt) return false;
  a = *pa;
  b = *pb;
  total = *pt;
  return a <= b && b < total;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto& ex = *static_cast<Exchange*>(user);
  std::string_view line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {  // a new response block (redirect, 100 Continue): start over
    ex.status = 0;
    ex.etag.clear();
    ex.last_modified.clear();
    ex.content_type.clear();
    ex.content_range.clear();
    ex.content_length.reset();
    auto sp = line.find(' ');
    if (sp != std::string_view::npos) {
      auto code = parse_int(trim(line.substr(sp + 1, 3)));
      ex.status = code ? static_cast<long>(*code) : 0;
    }
    return size * n;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  std::string name = lower(trim(line.substr(0, colon)));
  std::string value = trim(line.substr(colon + 1));
  if (name == "etag")
    ex.etag = value;
  else if (name == "last-modified")
    ex.last_modified = value;
  else if (name == "content-type")
    ex.content_type = lower(value);
  else if (name == "content-range")
    ex.content_range = value;
  else if (name == "content-length") {
    ex.content_length = parse_int(value);
    if (!ex.content_length) ex.content_length = -1;  // unparsable: refused in decide()
  }
  return size * n;
}

Error bad_answer(const Exchange& ex, const std::string& code, const std::string& why,
                 const std::string& zh) {
  return Error{code, ex.label + ": " + why + " / " + zh};
}

// Decides, once per answer, whether its body is data (invariants 2 and 3 of http_mirror.h).
void decide(Exchange& ex) {
  ex.decided = true;
  if (ex.status < 200 || ex.status > 299) return;  // an error body: discarded, capped
  if (ex.content_type.rfind("text/html", 0) == 0) {
    ex.abort = bad_answer(ex, "fetch.html",
                          "the server answered an HTML page (captive portal or error page)",
                          "服务器返回了网页而不是更新文件（可能是网络认证页面或错误页面）");
    return;
  }
  if (ex.content_length && *ex.content_length < 0) {
    ex.abort =
        bad_answer(ex, "fetch.bad_length", "unparsable Content-Length", "Content-Length 无法解析");
    return;
  }
  if (ex.status == 206) {
    int64_t a = 0, b = 0, total = 0;
    if (ex.range_from == 0 || !parse_content_range(ex.content_range, a, b, total) ||
        a != ex.range_from ||
        (ex.expected_total >= 0 && (total != ex.expected_total || b != total - 1)) ||
        (ex.content_length && *ex.content_length != b - a + 1)) {
      ex.abort = bad_answer(ex, "fetch.bad_range",
                            "Content-Range '" + ex.content_range +
                                "' does not continue the partial download at byte " +
                                std::to_string(ex.range_from),
                            "续传应答的 Content-Range 不符");
      return;
    }
  } else if (ex.status == 200) {
    if (ex.range_from > 0) {
      // RFC 9110 §14.2: a server may ignore Range and send the whole representation; restart.
      if (ex.fd >= 0 && (::ftruncate(ex.fd, 0) != 0 || ::lseek(ex.fd, 0, SEEK_SET) != 0)) {
        ex.abort = io_error("staging " + ex.label);
        return;
      }
      ex.offset = 0;
    }
    if (ex.expected_total >= 0 && ex.content_length && *ex.content_length != ex.expected_total) {
      ex.abort =
          bad_answer(ex, "fetch.bad_length",
                     "Content-Length " + std::to_string(*ex.content_length) +
                         " differs from the signed length " + std::to_string(ex.expected_total),
                     "Content-Length 与签名记录的长度不符");
      return;
    }
  } else {
    return;  // 204 and friends carry no data for us: finish() reports the status
  }
  if (ex.content_length && ex.offset + *ex.content_length > static_cast<int64_t>(ex.cap)) {
    ex.abort = bad_answer(ex, "mirror.too_large",
                          "announces " + std::to_string(*ex.content_length) +
                              " bytes, over the cap of " + std::to_string(ex.cap),
                          "文件超过大小上限");
    return;
  }
  ex.is_data = true;
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto& ex = *static_cast<Exchange*>(user);
  const size_t len = size * n;
  ex.body_received += static_cast<int64_t>(len);
  if (!ex.decided) decide(ex);
  if (ex.abort) return 0;  // a short count aborts the transfer (CURLE_WRITE_ERROR)
  if (!ex.is_data) {
    // An error page: read a little so the connection can be reused, never an endless one.
    return ex.body_received > static_cast<int64_t>(kMaxErrorBodyBytes) ? 0 : len;
  }
  // Invariant 1: the cap is enforced here, per buffer, before anything is stored.
  if (ex.offset + static_cast<int64_t>(len) > static_cast<int64_t>(ex.cap)) {
    ex.abort = bad_answer(ex, "mirror.too_large", "more than " + std::to_string(ex.cap) + " bytes",
                          "文件超过大小上限");
    return 0;
  }
  if (ex.mem) {
    ex.mem->append(data, len);
  } else {
    size_t done = 0;
    while (done < len) {
      ssize_t w = ::write(ex.fd, data + done, len - done);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        ex.abort = io_error("staging " + ex.label);
        return 0;
      }
      done += static_cast<size_t>(w);
    }
  }
  ex.offset += static_cast<int64_t>(len);
  return len;
}

std::string sha256_file(int fd, int64_t len, std::string* bytes_out) {
  bytes_out->clear();
  bytes_out->resize(static_cast<size_t>(len));
  int64_t got = 0;
  while (got < len) {
    ssize_t r = ::pread(fd, bytes_out->data() + got, static_cast<size_t>(len - got), got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return "";
    got += r;
  }
  uint8_t d[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(d, reinterpret_cast<const unsigned char*>(bytes_out->data()),
                     bytes_out->size());
  return tuf::to_hex(d, sizeof d);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Impl
// ---------------------------------------------------------------------------------------------
struct HttpMirror::Impl {
  HttpConfig cfg;
  std::string base;  // base_url with a trailing '/'
  std::string state_dir;
  bool owns_state_dir = false;
  CurlPtr curl;
  char errbuf[CURL_ERROR_SIZE] = {};
  TransferStats stats;
  std::chrono::steady_clock::time_point cycle_deadline;
  bool cycle_past_root = false;  // a request other than a root probe was made in this cycle
  void start_cycle() {
    stats = TransferStats{};
    cycle_past_root = false;
    cycle_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(cfg.max_cycle_time_s);
  }
  // Conditional GET of timestamp.json (the only mutable file, DESIGN §5).
  std::string ts_etag, ts_last_modified, ts_body;

  std::string cache_path() const { return state_dir + "/timestamp.cache"; }
  std::string staging_dir() const { return state_dir + "/staging"; }
  std::string part_path(const std::string& sha) const {
    return staging_dir() + "/" + sha + ".part";
  }

  void load_cache();
  Status save_cache();
  void prune_staging();
  Status perform(Exchange& ex, const std::string& url, const std::vector<std::string>& headers);
  Status finish(Exchange& ex, CURLcode rc);
  Result<std::string> fetch_target(const std::string& rel, const std::string& sha, int64_t length);
};

void HttpMirror::Impl::load_cache() {
  auto bytes = tuf::read_file_capped(cache_path(), tuf::kMaxTimestampBytes + 4096);
  if (!bytes) return;
  const std::string magic = "gongkai-http-cache/1\n";
  if (bytes->rfind(magic, 0) != 0) return;
  size_t pos = magic.size();
  std::string etag, lm;
  while (true) {
    size_t nl = bytes->find('\n', pos);
    if (nl == std::string::npos) return;  // torn or foreign: ignore the cache
    std::string line = bytes->substr(pos, nl - pos);
    pos = nl + 1;
    if (line.empty()) break;
    if (line.rfind("etag: ", 0) == 0)
      etag = line.substr(6);
    else if (line.rfind("last-modified: ", 0) == 0)
      lm = line.substr(15);
  }
  ts_etag = etag;
  ts_last_modified = lm;
  ts_body = bytes->substr(pos);
}

Status HttpMirror::Impl::save_cache() {
  if (ts_etag.empty() && ts_last_modified.empty()) {
    ::unlink(cache_path().c_str());
    return ok_status();
  }
  std::string out = "gongkai-http-cache/1\n";
  if (!ts_etag.empty()) out += "etag: " + ts_etag + "\n";
  if (!ts_last_modified.empty()) out += "last-modified: " + ts_last_modified + "\n";
  out += "\n" + ts_body;
  return tuf::write_file_atomic(cache_path(), out, 0600);
}

void HttpMirror::Impl::prune_staging() {
  std::error_code ec;
  const auto now = std::time(nullptr);
  for (const auto& e : fs::directory_iterator(staging_dir(), ec)) {
    struct stat st {};
    if (::lstat(e.path().c_str(), &st) != 0) continue;
    if (!S_ISREG(st.st_mode) || now - st.st_mtime > kStagingMaxAgeS) fs::remove(e.path(), ec);
  }
}

Status HttpMirror::Impl::perform(Exchange& ex, const std::string& url,
                                 const std::vector<std::string>& headers) {
  CURL* c = curl.get();
  curl_easy_reset(c);  // keeps the connection cache: keep-alive saves a handshake per file
  errbuf[0] = '\0';
  SlistPtr list;
  for (const auto& h : headers) {
    curl_slist* next = curl_slist_append(list.get(), h.c_str());
    if (!next) return Error{"fetch.init", "out of memory / 内存不足"};
    (void)list.release();
    list.reset(next);
  }
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // called from the kiosk's worker thread
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_USERAGENT, cfg.user_agent.c_str());
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, cfg.connect_timeout_s);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, cfg.low_speed_limit_bps);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, cfg.low_speed_time_s);
  // The request's cap, shortened to what is left of the cycle's (invariant 4).
  const int64_t left_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              cycle_deadline - std::chrono::steady_clock::now())
                              .count();
  if (left_ms <= 0) {
    return bad_answer(ex, "fetch.timeout", "the update cycle's time cap is spent",
                      "本轮同步超出时间上限");
  }
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(std::min<int64_t>(left_ms, cfg.max_request_time_s * 1000LL)));
  // "" disables every proxy, including http_proxy from the environment: only the config decides.
  curl_easy_setopt(c, CURLOPT_PROXY, cfg.proxy.c_str());
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, cfg.verify_tls ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, cfg.verify_tls ? 2L : 0L);
  if (!cfg.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, cfg.ca_file.c_str());
  if (!cfg.ca_path.empty()) curl_easy_setopt(c, CURLOPT_CAPATH, cfg.ca_path.c_str());
  if (list) curl_easy_setopt(c, CURLOPT_HTTPHEADER, list.get());
  std::string range;
  if (ex.range_from > 0) {
    range = std::to_string(ex.range_from) + "-";
    curl_easy_setopt(c, CURLOPT_RANGE, range.c_str());
  }
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &ex);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &ex);
  CURLcode rc = curl_easy_perform(c);
  return finish(ex, rc);
}

Status HttpMirror::Impl::finish(Exchange& ex, CURLcode rc) {
  CURL* c = curl.get();
  long req = 0, hdr = 0, code = 0;
  curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &req);
  curl_easy_getinfo(c, CURLINFO_HEADER_SIZE, &hdr);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  for (FileStats* s : {&stats.total, &stats.by_file[ex.label]}) {
    s->requests += 1;
    s->request_bytes += req;
    s->header_bytes += hdr;
    s->body_bytes += ex.body_received;
    if (code == 304) s->not_modified += 1;
  }
  if (code != 0) ex.status = code;
  if (ex.abort) return *ex.abort;
  if (rc == CURLE_OK && !ex.decided) decide(ex);  // an empty body: decide now
  if (ex.abort) return *ex.abort;
  const std::string detail = errbuf[0] ? std::string(errbuf) : std::string(curl_easy_strerror(rc));
  const bool data = ex.status >= 200 && ex.status <= 299;
  if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && !data && ex.status != 0)) {
    switch (rc) {
      case CURLE_OPERATION_TIMEDOUT:
        return bad_answer(ex, "fetch.timeout", "transfer stalled or took too long (" + detail + ")",
                          "下载停滞或超时");
      case CURLE_COULDNT_CONNECT:
      case CURLE_COULDNT_RESOLVE_HOST:
      case CURLE_COULDNT_RESOLVE_PROXY:
        return bad_answer(ex, "fetch.connect", "cannot connect (" + detail + ")",
                          "无法连接更新服务器");
      case CURLE_PEER_FAILED_VERIFICATION:
      case CURLE_SSL_CACERT_BADFILE:
      case CURLE_SSL_CONNECT_ERROR:
        return bad_answer(ex, "fetch.tls", "TLS verification failed (" + detail + ")",
                          "HTTPS 证书校验失败");
      case CURLE_PARTIAL_FILE:
      case CURLE_RECV_ERROR:
      case CURLE_GOT_NOTHING:
        return bad_answer(ex, "fetch.truncated", "the connection ended mid-answer (" + detail + ")",
                          "连接中断，文件不完整");
      default:
        return bad_answer(ex, "fetch.io", detail, "网络传输失败");
    }
  }
  if (ex.status == 404 || ex.status == 410) {
    return bad_answer(ex, "mirror.not_found", "HTTP " + std::to_string(ex.status),
                      "服务器上没有该文件");
  }
  if (!data && ex.status != 304) {
    return bad_answer(ex, "fetch.http_status", "HTTP " + std::to_string(ex.status),
                      "服务器返回错误状态 " + std::to_string(ex.status));
  }
  if (ex.status != 200 && ex.status != 206 && ex.status != 304) {
    return bad_answer(ex, "fetch.http_status", "unexpected HTTP " + std::to_string(ex.status),
                      "服务器返回了意外的状态 " + std::to_string(ex.status));
  }
  if (data && ex.content_length &&
      ex.offset - (ex.status == 206 ? ex.range_from : 0) != *ex.content_length) {
    return bad_answer(ex, "fetch.truncated", "body length differs from Content-Length",
                      "实际长度与 Content-Length 不符");
  }
  return ok_status();
}

Result<std::string> HttpMirror::Impl::fetch_target(const std::string& rel, const std::string& sha,
                                                   int64_t length) {
  const std::string part = part_path(sha);
  const std::string label = "targets/" + rel;
  // At most two attempts: a 416 (our partial file no longer fits the server's) drops it and
  // starts once more from byte 0.
  for (int attempt = 0; attempt < 2; ++attempt) {
    tuf::Fd fd(::open(part.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!fd.valid()) return io_error("staging " + part);
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return io_error("staging " + part);
    int64_t have = st.st_size;
    if (have > length && ::ftruncate(fd.get(), 0) == 0) have = 0;
    if (have < length) {
      if (::lseek(fd.get(), have, SEEK_SET) != have) return io_error("staging " + part);
      Exchange ex;
      ex.label = label;
      ex.range_from = have;
      ex.expected_total = length;
      ex.cap = static_cast<size_t>(length);
      ex.fd = fd.get();
      ex.offset = have;
      Status s = perform(ex, base + "targets/" + rel, {});
      if (!s && ex.status == 416 && attempt == 0) {
        ::unlink(part.c_str());
        continue;
      }
      if (!s) {
        // Invariant 3: a partial file only survives errors that leave it a valid prefix.
        const std::string& code = s.error().code;
        if (code == "fetch.bad_range" || code == "mirror.too_large" || code == "fetch.bad_length" ||
            code == "fetch.html") {
          ::unlink(part.c_str());
        }
        return s.error();
      }
      have = ex.offset;
      if (have != length) {
        return Error{"fetch.truncated", label + ": received " + std::to_string(have) + " of " +
                                            std::to_string(length) +
                                            " bytes / 文件不完整，下次继续下载"};
      }
    }
    std::string bytes;
    if (sha256_file(fd.get(), length, &bytes) != sha) {
      ::unlink(part.c_str());
      return Error{"tuf.hash_mismatch",
                   label + ": sha256 differs from the signed hash / 文件哈希与签名记录不符"};
    }
    ::unlink(
        part.c_str());  // staging holds incomplete downloads only; the bytes are the caller's now
    return bytes;
  }
  return Error{"fetch.bad_range", label + ": the server refused the range twice / 服务器拒绝续传"};
}

// ---------------------------------------------------------------------------------------------
// HttpMirror
// ---------------------------------------------------------------------------------------------
HttpMirror::HttpMirror(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpMirror::~HttpMirror() {
  if (impl_ && impl_->owns_state_dir) {
    std::error_code ec;
    fs::remove_all(impl_->state_dir, ec);
  }
}

Result<std::unique_ptr<HttpMirror>> HttpMirror::open(const HttpConfig& config) {
  if (auto s = curl_global(); !s) return s.error();
  const std::string& u = config.base_url;
  if (u.rfind("http://", 0) != 0 && u.rfind("https://", 0) != 0) {
    return Error{"fetch.config", "base URL must start with http:// or https://: " + u +
                                     " / 更新地址必须以 http:// 或 https:// 开头"};
  }
  auto impl = std::make_unique<Impl>();
  impl->cfg = config;
  impl->base = u.back() == '/' ? u : u + "/";
  impl->state_dir = config.state_dir;
  if (impl->state_dir.empty()) {
    std::string tmpl = (fs::temp_directory_path() / "gongkai-http-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) return io_error("temporary state directory");
    impl->state_dir = tmpl;
    impl->owns_state_dir = true;
  }
  if (auto s = tuf::make_dirs(impl->staging_dir()); !s) return s.error();
  impl->curl.reset(curl_easy_init());
  if (!impl->curl) return Error{"fetch.init", "curl_easy_init failed / 网络组件初始化失败"};
  impl->load_cache();
  impl->prune_staging();
  impl->start_cycle();
  return std::unique_ptr<HttpMirror>(new HttpMirror(std::move(impl)));
}

std::string HttpMirror::describe() const { return impl_->base; }
const TransferStats& HttpMirror::stats() const { return impl_->stats; }
void HttpMirror::reset_stats() { impl_->start_cycle(); }

void HttpMirror::forget_validators() {
  impl_->ts_etag.clear();
  impl_->ts_last_modified.clear();
  impl_->ts_body.clear();
  ::unlink(impl_->cache_path().c_str());
}

int64_t HttpMirror::staged_bytes(const std::string& sha256) const {
  if (!is_sha256_hex(sha256)) return 0;
  struct stat st {};
  return ::lstat(impl_->part_path(sha256).c_str(), &st) == 0 ? st.st_size : 0;
}

Result<std::string> HttpMirror::read_metadata(const std::string& name, size_t max_bytes) {
  if (!safe_metadata_name(name)) {
    return Error{"mirror.unsafe_path", "bad metadata name " + name + " / 元数据文件名不安全"};
  }
  Impl& m = *impl_;
  const bool is_root = name.size() > 10 && name.compare(name.size() - 10, 10, ".root.json") == 0;
  if (is_root && m.cycle_past_root) m.start_cycle();  // the Updater begins a new cycle (§5.3)
  if (!is_root) m.cycle_past_root = true;
  const bool is_timestamp = name == "timestamp.json";
  const bool conditional = is_timestamp && !m.ts_body.empty() && m.ts_body.size() <= max_bytes &&
                           (!m.ts_etag.empty() || !m.ts_last_modified.empty());
  std::vector<std::string> headers;
  // The mutable file and the root probe must not come from a cache that is behind the origin.
  if (is_timestamp || name.find(".root.json") != std::string::npos)
    headers.push_back("Cache-Control: no-cache");
  if (conditional && !m.ts_etag.empty()) headers.push_back("If-None-Match: " + m.ts_etag);
  if (conditional && !m.ts_last_modified.empty()) {
    headers.push_back("If-Modified-Since: " + m.ts_last_modified);
  }
  std::string body;
  Exchange ex;
  ex.label = "metadata/" + name;
  ex.cap = max_bytes;
  ex.mem = &body;
  if (auto s = m.perform(ex, m.base + "metadata/" + name, headers); !s) return s.error();
  if (ex.status == 304) {
    if (!conditional) {
      return bad_answer(ex, "fetch.http_status", "304 to an unconditional request",
                        "服务器应答异常");
    }
    return m.ts_body;  // "nothing new": the Updater sees the version it trusts (or rejects it)
  }
  // Metadata is JSON: an answer starting with '<' is an error page whatever its Content-Type.
  auto first = body.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && body[first] == '<') {
    return bad_answer(ex, "fetch.html", "the server answered an HTML page",
                      "服务器返回了网页而不是更新文件");
  }
  if (is_timestamp) {
    m.ts_etag = ex.etag;
    m.ts_last_modified = ex.last_modified;
    m.ts_body = body;
    (void)m.save_cache();  // losing the cache costs one full timestamp download, nothing more
  }
  return body;
}

Result<std::string> HttpMirror::read_target(const std::string& path, const tuf::TargetFile& info) {
  if (!tuf::valid_target_path(path) || !is_sha256_hex(info.sha256) || info.length < 0 ||
      info.length > tuf::kMaxTargetBytes) {
    return Error{"mirror.unsafe_path", "bad target " + path + " / 目标文件路径不安全"};
  }
  // Each path component percent-encoded: target paths are ASCII already (metadata.h invariant 3),
  // this only keeps URL syntax characters literal.
  std::string rel;
  std::string full = tuf::consistent_target_path(path, info.sha256);
  size_t start = 0;
  while (start <= full.size()) {
    size_t slash = full.find('/', start);
    std::string seg =
        full.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    char* esc = curl_easy_escape(impl_->curl.get(), seg.c_str(), static_cast<int>(seg.size()));
    if (!esc) return Error{"fetch.init", "out of memory / 内存不足"};
    rel += esc;
    curl_free(esc);
    if (slash == std::string::npos) break;
    rel += '/';
    start = slash + 1;
  }
  impl_->cycle_past_root = true;
  return impl_->fetch_target(rel, info.sha256, info.length);
}

Result<std::unique_ptr<tuf::Mirror>> make_http_mirror(const HttpConfig& config) {
  auto m = HttpMirror::open(config);
  if (!m) return m.error();
  return std::unique_ptr<tuf::Mirror>(std::move(*m));
}

void forget_http_validators(tuf::Mirror& mirror) {
  if (auto* h = dynamic_cast<HttpMirror*>(&mirror)) h->forget_validators();
}

}  // namespace gongkai::fetch
