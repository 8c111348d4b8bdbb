# SPDX-License-Identifier: MIT
"""Two loopback HTTP servers for the browser tests, standing in for a static host and for `coffer serve`:

- the opener origin serves a deployed opener at /l/ (any /l/<22 base64url characters> is index.html), the vector
  harness at /test/, and collects results POSTed to /test/results;
- the storage origin (another port, so another origin) implements the storage contract of Spec/opener.md §2:
  GET/HEAD /v1/links/<lookupID> with ETag, Range/If-Range, 404 (unknown or revoked) and 410 (gone), and CORS;
  test hooks beside a file: `<lookupID>.cut` (hold the answer from byte 0 mid-file until the test lets it go,
  then cut the connection, once) and `<lookupID>.pause` (stop mid-file until the test lets it go, or cut it there
  when `<lookupID>.gone` appeared meanwhile); and GET/HEAD
  /v1/vaults/<vault>/records/<record> from the directory vault `STORAGE/vaults/<vault>/` (a copy the hostile tests
  edit), each read required to carry the four `Coffer-*` headers of a signed request (Spec/opener.md §8; the
  signature itself is `coffer serve`'s to check), with Range/If-Range as server.md §5.2 says, and a test hook
  `STORAGE/<record>.etag-flip` (each answer another ETag).

Every request line of both servers goes to one access log, which the tests read to show no fragment was sent.
"""
import hashlib
import http.server
import json
import os
import pathlib
import re
import threading
import time

LOOKUP = re.compile(r"^[A-Za-z0-9_-]{22}$")
RECORD = re.compile(r"^/v1/vaults/([a-z0-9][a-z0-9._-]{0,127})/records/([a-z0-9][a-z0-9._-]{0,127})$")
SIGNED = ("Coffer-Key", "Coffer-Time", "Coffer-Nonce", "Coffer-Signature")
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
         ".wasm": "application/wasm", ".json": "application/json"}


class Log:
    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()

    def write(self, line):
        with self.lock, open(self.path, "a") as log:
            log.write(line + "\n")


def handler(kind, root, log, state):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def send(self, status, body=b"", headers=None, head=False):
            self.send_head(status, headers, len(body))
            if not head:
                self.wfile.write(body)

        def send_head(self, status, headers, length):
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(length))
            self.end_headers()

        def send_held(self, status, headers, body, count, held, hold):
            """Sends the head and the first `count` bytes of `body`, writes the file `held`, then waits until the
            test removed the file `hold` (at most 300 s)."""
            self.send_head(status, headers, len(body))
            self.wfile.write(body[:count])
            self.wfile.flush()
            held.write_text("")
            deadline = time.monotonic() + 300
            while hold.exists() and time.monotonic() < deadline:
                time.sleep(0.1)

        def cut_connection(self):
            self.close_connection = True
            self.connection.shutdown(2)

        def do_HEAD(self):
            self.do_GET(head=True)

        def do_OPTIONS(self):
            log.write(f"{kind} {self.command} {self.path}")
            allowed = ", ".join(SIGNED + ("Range", "If-Range")) if RECORD.match(self.path) else "Range, If-Range"
            self.send(204, headers=self.cors({"Access-Control-Allow-Headers": allowed,
                                               "Access-Control-Allow-Methods": "GET, HEAD"}))

        def cors(self, extra=None):
            if kind != "storage":
                return extra or {}
            return {"Access-Control-Allow-Origin": "*",
                    "Access-Control-Expose-Headers": "ETag, Content-Range, Content-Length, Accept-Ranges",
                    **(extra or {})}

        def do_POST(self):
            log.write(f"{kind} {self.command} {self.path}")
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if kind == "opener" and self.path == "/test/results":
                state["results"].append(json.loads(body))
                state["event"].set()
                self.send(204)
            else:
                self.send(404)

        def do_GET(self, head=False):
            log.write(f"{kind} {self.command} {self.path} Range={self.headers.get('Range')} "
                      f"If-Range={self.headers.get('If-Range')}")
            if kind == "storage":
                return self.storage(head)
            path = self.path.split("?")[0]
            if path == "/test/vectors.json":
                return self.send(200, state["vectors"], {"Content-Type": TYPES[".json"]}, head)
            if path.startswith("/l/"):
                rest = path[3:]
                target = root["opener"] / ("index.html" if LOOKUP.match(rest) else rest)
            elif path.startswith("/test/"):
                target = root["harness"] / path[6:]
            else:
                return self.send(404, head=head)
            if ".." in path or not target.is_file():
                return self.send(404, head=head)
            headers = {"Content-Type": TYPES.get(target.suffix, "application/octet-stream"),
                       "Cache-Control": "no-store"}
            return self.send(200, target.read_bytes(), headers, head)

        def record(self, vault, record, head):
            if any(self.headers.get(name) is None for name in SIGNED):
                return self.send(401, headers=self.cors(), head=head)
            state.setdefault("record reads", []).append(record)
            target = root["storage"] / "vaults" / vault / record
            if not target.is_file():
                return self.send(404, headers=self.cors(), head=head)
            data = target.read_bytes()
            etag = '"' + hashlib.sha256(data).hexdigest() + '"'
            flip = root["storage"] / f"{record}.etag-flip"
            if flip.exists():
                # Test hook: every answer names another version, as if the record changed between two windows.
                answers = state.setdefault("etag flips", {})
                answers[record] = answers.get(record, 0) + 1
                etag = f'"{answers[record]}-' + etag[1:]
            headers = self.cors({"Content-Type": "application/octet-stream", "Cache-Control": "no-store",
                                 "ETag": etag, "Accept-Ranges": "bytes"})
            status, body = self.ranged(data, etag, headers)
            if status == 416:
                return self.send(416, headers=headers, head=head)
            return self.send(status, body, headers, head)

        def ranged(self, data, etag, headers):
            """server.md §5.2: one `bytes=a-b` or `bytes=a-` range → 206 (`If-Range` with another tag: 200, the
            whole file); from past the end → 416. Sets `Content-Range` in `headers`."""
            requested = self.headers.get("Range")
            if_range = self.headers.get("If-Range")
            if not requested or (if_range is not None and if_range != etag):
                return 200, data
            ranged = re.match(r"^bytes=(\d+)-(\d*)$", requested)
            if not ranged or int(ranged.group(1)) >= len(data):
                headers["Content-Range"] = f"bytes */{len(data)}"
                return 416, b""
            start = int(ranged.group(1))
            end = min(int(ranged.group(2)), len(data) - 1) if ranged.group(2) else len(data) - 1
            headers["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
            return 206, data[start:end + 1]

        def storage(self, head):
            recorded = RECORD.match(self.path)
            if recorded:
                return self.record(recorded.group(1), recorded.group(2), head)
            match = re.match(r"^/v1/links/([^/?#]+)$", self.path)
            if not match or not LOOKUP.match(match.group(1)):
                return self.send(404, headers=self.cors(), head=head)
            lookup = match.group(1)
            blob = root["storage"] / lookup
            if (root["storage"] / f"{lookup}.gone").exists():
                return self.send(410, headers=self.cors(), head=head)
            if not blob.is_file():
                return self.send(404, headers=self.cors(), head=head)
            data = blob.read_bytes()
            etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
            headers = self.cors({"Content-Type": "application/octet-stream", "ETag": etag, "Accept-Ranges": "bytes",
                                 "Cache-Control": "no-store"})
            start, end, status = 0, len(data) - 1, 200
            requested = self.headers.get("Range")
            if_range = self.headers.get("If-Range")
            if requested and (if_range is None or if_range == etag):
                ranged = re.match(r"^bytes=(\d+)-(\d*)$", requested)
                if not ranged or int(ranged.group(1)) >= len(data):
                    return self.send(416, headers={**headers, "Content-Range": f"bytes */{len(data)}"}, head=head)
                start = int(ranged.group(1))
                end = min(int(ranged.group(2)), len(data) - 1) if ranged.group(2) else len(data) - 1
                status = 206
                headers["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
            body = data[start:end + 1]
            cut = root["storage"] / f"{lookup}.cut"
            if not head and cut.exists() and start == 0:
                # Test hook: the answer from byte 0 sends the headers and the first N bytes, writes `LOOKUP.held`,
                # waits until the test removed `LOOKUP.cut` (at most 300 s), then cuts the connection. The test
                # lets it go only once the page has read the header, so the page can only complete the file by
                # a Range request from a later offset: whether the page had read the bytes before the cut is
                # then not a race (a browser drops what the page had not read when a body fails).
                self.send_held(status, headers, body, int(cut.read_text()), root["storage"] / f"{lookup}.held", cut)
                self.cut_connection()
                return
            pause = root["storage"] / f"{lookup}.pause"
            if not head and pause.exists() and start <= int(pause.read_text()) <= end:
                # Test hook: the answer that holds byte N sends the bytes before it, writes `LOOKUP.paused`, and
                # sends the rest only once the test removed `LOOKUP.pause` (at most 300 s later).
                count = int(pause.read_text()) - start
                self.send_held(status, headers, body, count, root["storage"] / f"{lookup}.paused", pause)
                if (root["storage"] / f"{lookup}.gone").exists():
                    # ... unless the test made the file gone meanwhile: the connection drops mid-file, and the
                    # page's request for the rest is answered 410 (storage lost in the middle of a save).
                    self.cut_connection()
                    return
                self.wfile.write(body[count:])
                return
            return self.send(status, body, headers, head)

    return Handler


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a browser that closes a connection early (cancelled download, closed tab) is not a test failure


class Fixture:
    """Starts both servers on 127.0.0.1 (free ports) in daemon threads."""

    def __init__(self, opener_dir, harness_dir, storage_dir, log_path):
        self.log = Log(log_path)
        self.state = {"results": [], "event": threading.Event(), "vectors": b"[]"}
        root = {"opener": pathlib.Path(opener_dir), "harness": pathlib.Path(harness_dir),
                "storage": pathlib.Path(storage_dir)}
        self.servers = {}
        for kind in ("opener", "storage"):
            server = QuietServer(("127.0.0.1", 0), handler(kind, root, self.log, self.state))
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.servers[kind] = server
        self.opener_origin = f"http://127.0.0.1:{self.servers['opener'].server_port}"
        self.storage_origin = f"http://localhost:{self.servers['storage'].server_port}"

    def stop(self):
        for server in self.servers.values():
            server.shutdown()
            server.server_close()


class LoggingProxy:
    """The storage origin the browser sees in the `coffer serve` end to end: every request is logged (request
    line and every header, so a fragment sent anywhere in a request would be in the log) and forwarded unchanged to
    `coffer serve` on 127.0.0.1:`target`; answers stream back 1 MiB at a time. Whatever reaches the server passes
    here first, so this log is a superset of the server's own."""

    def __init__(self, target, log):
        import http.client

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def forward(self):
                headers = " ".join(f"{k}={v}" for k, v in self.headers.items())
                log.write(f"serve {self.command} {self.path} {headers}")
                length = int(self.headers.get("Content-Length", "0") or 0)
                body = self.rfile.read(length) if length else None
                upstream = http.client.HTTPConnection("127.0.0.1", target, timeout=120)
                forwarded = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "host")}
                upstream.request(self.command, self.path, body=body, headers=forwarded)
                answer = upstream.getresponse()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in ("connection", "transfer-encoding", "date", "server"):
                        self.send_header(name, value)
                if answer.getheader("Content-Length") is None:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                if self.command != "HEAD":
                    while True:
                        chunk = answer.read(1 << 20)
                        if not chunk:
                            break
                        self.wfile.write(chunk)
                upstream.close()

            do_GET = do_HEAD = do_OPTIONS = do_PUT = do_DELETE = forward

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.origin = f"http://localhost:{self.server.server_port}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
