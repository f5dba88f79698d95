// servers.h — real servers for sync tests, each started on 127.0.0.1 with a free port and
// stopped by its destructor (issue #5: "real nginx, started by the test with a temp config").
//
//   ChildProcess  posix_spawn + SIGTERM, then SIGKILL after a bounded wait; never outlives a test
//   Nginx         /usr/sbin/nginx, daemon off, prefix/pid/logs/temp paths in a temp dir, serving
//                 one directory (HTTP, or HTTPS with a given certificate); an access log with the
//                 bytes each answer put on the wire
//   FaultProxy    tests/support/fault_proxy.py in front of an upstream port; set(mode, …)
// Every wait here is bounded in time, and every server is stopped on every path out of a test.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace gongkai::testsupport {

inline std::string read_text(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// A port nothing listens on at the moment of the call (the kernel's choice for port 0).
inline int free_port() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  int port = -1;
  if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  ::close(s);
  return port;
}

inline bool port_accepts(int port) {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(s);
  return ok;
}

// One GET over a fresh connection; returns the body ("" on failure). For control requests.
inline std::string http_get(int port, const std::string& path) {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  timeval tv{5, 0};
  ::setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  std::string out;
  if (::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
    std::string req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    (void)!::write(s, req.data(), req.size());
    char buf[4096];
    for (int i = 0; i < 1024; ++i) {
      ssize_t n = ::read(s, buf, sizeof buf);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
  }
  ::close(s);
  auto body = out.find("\r\n\r\n");
  return body == std::string::npos ? "" : out.substr(body + 4);
}

class ChildProcess {
 public:
  ChildProcess() = default;
  explicit ChildProcess(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    if (::posix_spawn(&pid_, args[0], nullptr, nullptr, args.data(), environ) != 0) pid_ = -1;
  }
  ~ChildProcess() { stop(); }
  ChildProcess(ChildProcess&& o) noexcept : pid_(o.pid_) { o.pid_ = -1; }
  ChildProcess& operator=(ChildProcess&& o) noexcept {
    stop();
    pid_ = o.pid_;
    o.pid_ = -1;
    return *this;
  }
  bool running() {
    if (pid_ <= 0) return false;
    int st = 0;
    if (::waitpid(pid_, &st, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    return true;
  }
  // SIGTERM, up to 5 s for it to exit, then SIGKILL.
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 100; ++i) {
      int st = 0;
      if (::waitpid(pid_, &st, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(pid_, SIGKILL);
    int st = 0;
    ::waitpid(pid_, &st, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

inline bool wait_until(const std::function<bool()>& f, int timeout_ms) {
  for (int waited = 0; waited < timeout_ms; waited += 20) {
    if (f()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return f();
}

// nginx serving `root` (the repository) as static files, as a county's web server would.
class Nginx {
 public:
  // prefix: an empty temp directory for conf, pid, logs and temp files. With a certificate and
  // key (PEM paths) it serves HTTPS only.
  Nginx(const std::string& root, const std::string& prefix, const std::string& tls_cert = "",
        const std::string& tls_key = "")
      : prefix_(prefix), cert_(tls_cert), key_(tls_key) {
    std::filesystem::create_directories(prefix + "/logs");
    std::filesystem::create_directories(prefix + "/tmp");
    for (int attempt = 0; attempt < 5 && !ok_; ++attempt) {
      port_ = free_port();
      write_conf(root);
      proc_ = ChildProcess({"/usr/sbin/nginx", "-p", prefix + "/", "-e", prefix + "/logs/error.log",
                            "-c", prefix + "/nginx.conf"});
      ok_ = wait_until([&] { return port_accepts(port_) || !proc_.running(); }, 10000) &&
            proc_.running() && port_accepts(port_);
      if (!ok_) proc_.stop();  // port taken by a parallel test between free_port() and bind: retry
    }
  }
  bool ok() const { return ok_; }
  int port() const { return port_; }
  std::string url(const std::string& path = "") const {
    return std::string(cert_.empty() ? "http" : "https") + "://127.0.0.1:" + std::to_string(port_) +
           "/" + path;
  }
  // Access log lines "status bytes_sent request_length uri" since the start.
  std::string access_log() const { return read_text(prefix_ + "/logs/access.log"); }
  std::string error_log() const { return read_text(prefix_ + "/logs/error.log"); }

 private:
  void write_conf(const std::string& root) {
    std::ofstream c(prefix_ + "/nginx.conf", std::ios::trunc);
    if (::geteuid() == 0) c << "user root root;\n";  // workers must read the test's 0700 temp dir
    c << "daemon off;\nworker_processes 1;\npid " << prefix_ << "/nginx.pid;\n"
      << "events { worker_connections 64; }\n"
      << "http {\n"
      << "  types { application/json json; application/zstd zst; }\n"
      << "  default_type application/octet-stream;\n"
      << "  log_format wire '$status $bytes_sent $request_length $uri';\n"
      << "  access_log " << prefix_ << "/logs/access.log wire;\n"
      << "  client_body_temp_path " << prefix_ << "/tmp/body;\n"
      << "  proxy_temp_path " << prefix_ << "/tmp/proxy;\n"
      << "  fastcgi_temp_path " << prefix_ << "/tmp/fastcgi;\n"
      << "  uwsgi_temp_path " << prefix_ << "/tmp/uwsgi;\n"
      << "  scgi_temp_path " << prefix_ << "/tmp/scgi;\n"
      << "  server_tokens off;\n"
      << "  server {\n    listen 127.0.0.1:" << port_ << (cert_.empty() ? "" : " ssl") << ";\n"
      << (cert_.empty()
              ? ""
              : "    ssl_certificate " + cert_ + ";\n    ssl_certificate_key " + key_ + ";\n")
      << "    root " << root << ";\n  }\n"
      << "}\n";
  }
  std::string prefix_, cert_, key_;
  int port_ = -1;
  bool ok_ = false;
  ChildProcess proc_;
};

class FaultProxy {
 public:
  FaultProxy(int upstream_port, const std::string& workdir) {
    const std::string port_file = workdir + "/fault-proxy.port";
    std::filesystem::remove(port_file);
    proc_ = ChildProcess({"/usr/bin/python3",
                          std::string(GONGKAI_SOURCE_DIR) + "/tests/support/fault_proxy.py",
                          "--upstream", "127.0.0.1:" + std::to_string(upstream_port), "--port-file",
                          port_file, "--max-seconds", "600"});
    if (wait_until([&] { return std::filesystem::exists(port_file) || !proc_.running(); }, 15000)) {
      std::string p = read_text(port_file);
      port_ = p.empty() ? -1 : std::stoi(p);
    }
  }
  bool ok() const { return port_ > 0; }
  int port() const { return port_; }
  std::string url(const std::string& path = "") const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/" + path;
  }
  // e.g. set("cut", "bytes=100&match=targets/&count=1")
  void set(const std::string& mode, const std::string& params = "") {
    http_get(port_, "/__fault/set?mode=" + mode + (params.empty() ? "" : "&" + params));
  }
  void clear() { http_get(port_, "/__fault/clear"); }
  std::string stats() { return http_get(port_, "/__fault/stats"); }
  void stop() { proc_.stop(); }

 private:
  ChildProcess proc_;
  int port_ = -1;
};

}  // namespace gongkai::testsupport
