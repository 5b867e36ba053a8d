"""A real HTTP server on 127.0.0.1 for the ingest tests and bench/pull.py: routes of canned
answers, plus the faults a fetcher must survive (a stalled server, a drip feed, a redirect loop,
a huge body), conditional GET (ETag / Last-Modified), and a log of the requests it got.

    with WebServer() as server:
        server.route("/a.html", body=b"...", content_type="text/html; charset=utf-8")
        url = server.url("/a.html")

Every handler ends by itself: stalls and drips stop after ``max_seconds`` or when the server
closes, so a test never hangs on it.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    etag: bool = False  # answer with an ETag and honour If-None-Match / If-Modified-Since
    stall: float = 0.0  # seconds to wait before answering at all
    drip: float = 0.0  # seconds between single bytes of the body
    huge: int = 0  # a generated body of this many bytes (streamed, not held in memory)
    no_length: bool = False  # no Content-Length (the body ends with the connection)


class WebServer:
    def __init__(self, max_seconds: float = 20.0):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict, float]] = []  # (path, headers, monotonic time) in order
        self.max_seconds = max_seconds
        self.closing = threading.Event()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # noqa: N802 - http.server's name
                with server._lock:
                    server.requests.append(
                        (self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
                    )
                route = server.routes.get(self.path)
                if route is None:
                    return self._send(404, b"not found", "text/plain")
                server._answer(self, route)

            def _send(self, status, body, content_type, headers=None):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    # --- set-up ---------------------------------------------------------------------------

    def __enter__(self) -> "WebServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def route(self, path: str, **kwargs) -> Route:
        self.routes[path] = Route(**kwargs)
        return self.routes[path]

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for p, _, _ in self.requests if p == path)

    # --- answers --------------------------------------------------------------------------

    def _wait(self, seconds: float) -> bool:
        """Sleep; False when the server is closing (the handler should end)."""
        return not self.closing.wait(min(seconds, self.max_seconds))

    def _answer(self, handler, route: Route) -> None:
        try:
            if route.stall and not self._wait(route.stall):
                return
            headers = dict(route.headers)
            if route.etag:
                tag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
                modified = "Tue, 01 Dec 2026 10:00:00 GMT"
                headers.update({"ETag": tag, "Last-Modified": modified})
                if handler.headers.get("If-None-Match") == tag or (
                    not handler.headers.get("If-None-Match") and handler.headers.get("If-Modified-Since") == modified
                ):
                    handler.send_response(304)
                    for key, value in headers.items():
                        handler.send_header(key, value)
                    handler.send_header("Content-Length", "0")
                    handler.send_header("Connection", "close")
                    handler.end_headers()
                    return
            handler.send_response(route.status)
            handler.send_header("Content-Type", route.content_type)
            size = route.huge or len(route.body)
            if not route.no_length:
                handler.send_header("Content-Length", str(size))
            handler.send_header("Connection", "close")
            for key, value in headers.items():
                handler.send_header(key, value)
            handler.end_headers()
            if route.huge:
                block = b"<p>" + b"x" * 65530 + b"</p>"
                sent = 0
                started = time.monotonic()
                while sent < route.huge and not self.closing.is_set() and time.monotonic() - started < self.max_seconds:
                    piece = block[: route.huge - sent]
                    handler.wfile.write(piece)
                    sent += len(piece)
            elif route.drip:
                started = time.monotonic()
                for i in range(len(route.body)):
                    if time.monotonic() - started > self.max_seconds or not self._wait(route.drip):
                        return
                    handler.wfile.write(route.body[i:i + 1])
                    handler.wfile.flush()
            else:
                handler.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass  # the client gave up: that is what the fault tests expect
