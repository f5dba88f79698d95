#!/usr/bin/env python3
"""fault_proxy.py — a fault-injecting HTTP proxy for the sync tests (issue #5, DESIGN §5 "a flaky
link"). Standard library only.

Input → output: HTTP/1.1 requests from the kiosk's HttpMirror (as a reverse proxy, or as a
forward proxy when the request line carries an absolute URI) → the upstream's answers (nginx in
the tests), passed through or broken in exactly one chosen way.

    fault_proxy.py --upstream 127.0.0.1:PORT --port-file FILE [--max-seconds 600]

It listens on 127.0.0.1 on a free port and writes that port to FILE (atomically) once it accepts
connections. Control requests, answered by the proxy itself:
    GET /__fault/set?mode=M[&match=S][&count=N][&bytes=N][&delta=N][&rate=N]
    GET /__fault/clear            back to pass-through
    GET /__fault/stats            {"requests": …, "faulted": …} as JSON
A fault applies to the next `count` requests (default: all) whose path contains `match`.

Modes (each bounded in bytes and time, so no test can hang on the proxy):
    pass                 forward unchanged
    reset                close the connection without answering ("server down" mid-cycle)
    status500            answer 500 with a small body
    html                 answer 200 text/html (a captive portal page)
    html_untyped         answer 200 application/json whose body is an HTML page
    drip                 forward, sending the body at `rate` bytes per second (trickle)
    stall                forward headers and the first `bytes` bytes of body, then send nothing
    cut                  forward headers and the first `bytes` bytes of body, then close
    range200             drop the request's Range header (upstream answers 200, whole file)
    bad_content_range    rewrite a 206's Content-Range to claim it starts at byte 0
    bad_content_length   add `delta` to Content-Length (positive: the body ends short)
    endless              answer 200 without Content-Length and stream zeros until closed

Invariants: the process exits by itself after --max-seconds; every slow mode stops after
kSlowLimitSeconds; endless stops after kEndlessLimitBytes.
"""

import argparse
import http.client
import json
import os
import socket
import socketserver
import sys
import threading
import time
import urllib.parse

kSlowLimitSeconds = 60
kEndlessLimitBytes = 256 << 20
kHopByHop = {"connection", "keep-alive", "proxy-connection", "proxy-authorization", "te",
             "trailer", "transfer-encoding", "upgrade"}

CAPTIVE = (b"<!DOCTYPE html>\n<html><head><title>WiFi login</title></head>"
           b"<body><h1>\xe8\xaf\xb7\xe7\x99\xbb\xe5\xbd\x95</h1></body></html>\n")


class Faults:
    """The current fault rule and counters, shared by all connection threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rule = {"mode": "pass"}
        self.left = -1
        self.requests = 0
        self.faulted = 0

    def set(self, query):
        q = {k: v[0] for k, v in urllib.parse.parse_qs(query).items()}
        with self.lock:
            self.rule = q
            self.left = int(q.get("count", "-1"))

    def pick(self, path):
        with self.lock:
            self.requests += 1
            rule = self.rule
            if rule.get("mode", "pass") == "pass" or self.left == 0:
                return {"mode": "pass"}
            if rule.get("match", "") not in path:
                return {"mode": "pass"}
            if self.left > 0:
                self.left -= 1
            self.faulted += 1
            return dict(rule)


FAULTS = Faults()
UPSTREAM = ("127.0.0.1", 0)


def read_head(rfile):
    """Request line and headers, or None at EOF. Bounded to 64 KiB."""
    line = rfile.readline(8192)
    if not line:
        return None
    headers = []
    total = len(line)
    while True:
        h = rfile.readline(8192)
        total += len(h)
        if total > 65536:
            return None
        if h in (b"\r\n", b"\n", b""):
            break
        name, _, value = h.decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
    method, target, version = line.decode("latin-1").split(" ", 2)
    return method, target, version.strip(), headers


def send_simple(wfile, status, reason, body, ctype, close=True):
    head = (f"HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\n"
            f"Content-Length: {len(body)}\r\n")
    head += "Connection: close\r\n\r\n" if close else "\r\n"
    wfile.write(head.encode("latin-1") + body)
    wfile.flush()


class Handler(socketserver.StreamRequestHandler):
    def setup(self):
        super().setup()
        # Small answers go out at once (no Nagle + delayed-ACK stall of ~40 ms per request).
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def handle(self):
        deadline = time.monotonic() + kSlowLimitSeconds * 4
        try:
            while time.monotonic() < deadline:  # keep-alive, bounded
                req = read_head(self.rfile)
                if req is None:
                    return
                if not self.one(*req):
                    return
        except OSError:
            return  # the client went away (it aborted a transfer on purpose): nothing to do

    def one(self, method, target, version, headers):
        # A forward-proxy request carries the absolute URI: keep only the path.
        if target.startswith("http://"):
            target = "/" + target.split("/", 3)[3] if target.count("/") >= 3 else "/"
        if target.startswith("/__fault/"):
            return self.control(target)
        rule = FAULTS.pick(target)
        mode = rule.get("mode", "pass")
        if mode == "reset":
            return False
        if mode == "status500":
            send_simple(self.wfile, 500, "Internal Server Error", b"oops\n", "text/plain", close=False)
            return True
        if mode in ("html", "html_untyped"):
            ctype = "text/html; charset=utf-8" if mode == "html" else "application/json"
            send_simple(self.wfile, 200, "OK", CAPTIVE, ctype, close=False)
            return True
        if mode == "endless":
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                             b"Connection: close\r\n\r\n")
            chunk = b"\0" * 65536
            sent, stop = 0, time.monotonic() + kSlowLimitSeconds
            while sent < kEndlessLimitBytes and time.monotonic() < stop:
                self.wfile.write(chunk)
                sent += len(chunk)
            return False
        fwd = [(k, v) for k, v in headers if k.lower() not in kHopByHop and k.lower() != "host"]
        if mode == "range200":
            fwd = [(k, v) for k, v in fwd if k.lower() != "range"]
        conn = http.client.HTTPConnection(*UPSTREAM, timeout=30)
        try:
            conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", f"{UPSTREAM[0]}:{UPSTREAM[1]}")
            for k, v in fwd:
                conn.putheader(k, v)
            conn.endheaders()
            resp = conn.getresponse()
            body = resp.read() if method != "HEAD" else b""
            status, reason, rh = resp.status, resp.reason, resp.getheaders()
        except OSError:
            send_simple(self.wfile, 502, "Bad Gateway", b"upstream down\n", "text/plain")
            return False
        finally:
            conn.close()
        out = []
        for k, v in rh:
            lk = k.lower()
            if lk in kHopByHop:
                continue
            if lk == "content-range" and mode == "bad_content_range" and status == 206:
                unit, _, rest = v.partition(" ")
                span, _, total = rest.partition("/")
                a, _, b = span.partition("-")
                v = f"{unit} 0-{b}/{total}"
            if lk == "content-length" and mode == "bad_content_length":
                v = str(int(v) + int(rule.get("delta", "100")))
            out.append((k, v))
        has_length = any(k.lower() == "content-length" for k, _ in out)
        if not has_length and status not in (204, 304):
            out.append(("Content-Length", str(len(body))))
        close = mode in ("cut", "stall", "bad_content_length", "drip")
        head = f"HTTP/1.1 {status} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in out)
        head += "Connection: close\r\n\r\n" if close else "\r\n"
        if mode not in ("cut", "stall", "drip"):
            self.wfile.write(head.encode("latin-1") + body)
            self.wfile.flush()
            return not close
        self.wfile.write(head.encode("latin-1"))
        if mode == "cut":
            self.wfile.write(body[: int(rule.get("bytes", "0"))])
            self.wfile.flush()
            return False
        if mode == "stall":
            self.wfile.write(body[: int(rule.get("bytes", "0"))])
            self.wfile.flush()
            self.wait_for_close(kSlowLimitSeconds)
            return False
        if mode == "drip":
            rate = max(1, int(rule.get("rate", "10")))
            step = max(1, rate // 10)
            stop = time.monotonic() + kSlowLimitSeconds
            for i in range(0, len(body), step):
                if time.monotonic() > stop:
                    break
                try:
                    self.wfile.write(body[i:i + step])
                    self.wfile.flush()
                except OSError:
                    return False
                time.sleep(0.1)
            return False
        return False

    def wait_for_close(self, seconds):
        self.request.settimeout(0.2)
        stop = time.monotonic() + seconds
        while time.monotonic() < stop:
            try:
                if not self.request.recv(4096):
                    return
            except socket.timeout:
                continue
            except OSError:
                return

    def control(self, target):
        path, _, query = target.partition("?")
        if path == "/__fault/set":
            FAULTS.set(query)
        elif path == "/__fault/clear":
            FAULTS.set("mode=pass")
        elif path != "/__fault/stats":
            send_simple(self.wfile, 404, "Not Found", b"", "text/plain")
            return False
        with FAULTS.lock:
            body = json.dumps({"requests": FAULTS.requests, "faulted": FAULTS.faulted}).encode()
        send_simple(self.wfile, 200, "OK", body, "application/json")
        return False


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    global UPSTREAM
    ap = argparse.ArgumentParser()
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--max-seconds", type=float, default=600)
    a = ap.parse_args()
    host, _, port = a.upstream.rpartition(":")
    UPSTREAM = (host or "127.0.0.1", int(port))
    srv = Server(("127.0.0.1", 0), Handler)
    # Bounded lifetime: even if the test that started us dies, we go away.
    threading.Timer(a.max_seconds, lambda: os._exit(3)).start()
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.replace(tmp, a.port_file)
    try:
        srv.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
