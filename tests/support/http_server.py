"""A real HTTP server on 127.0.0.1 that serves fixture responses to the real scrapers."""

from __future__ import annotations

import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

from tests.support.hold import Hold


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    # Serve this many bytes of body in a stream without a Content-Length (for size-cap tests).
    stream_bytes: int = 0
    # With stream_bytes: announce the full size in a Content-Length header first.
    declare_length: bool = False
    # Send the headers (with the full Content-Length) and this many bytes of the body, then reset
    # the connection (RST), as a server that dies mid-response does.
    reset_after: int | None = None
    # Answers served one per request, in order, before this route itself (e.g. a 500, then 200).
    sequence: list[Route] = field(default_factory=list)
    # POST: stop the first request here until the test kills the sender: before the body is taken
    # (then dropped unread: it never arrived) or, with hold_after_body, after it was recorded but
    # before the answer (arrived, but the sender never heard so).
    hold: Hold | None = None
    hold_after_body: bool = False


class FixtureServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.posted: list[tuple[str, dict[str, str], bytes]] = []
        # (time.monotonic() on arrival, Host header, path) of every GET, for rate-limit tests.
        self.arrivals: list[tuple[float, str, str]] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802  (http.server's naming)
                route = server.routes.get(self.path) or Route(b"", 404)
                if route.hold and not route.hold_after_body and not route.hold.reached.is_set():
                    # The sender dies while we hold: the request never arrived, drop it unread.
                    route.hold.wait()
                    self.close_connection = True
                    return
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if route.status < 300:
                    server.posted.append((self.path, dict(self.headers), body))
                if route.hold and route.hold_after_body:
                    route.hold.wait()
                self.send_response(route.status)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            def do_GET(self) -> None:  # noqa: N802  (http.server's naming)
                server.arrivals.append((time.monotonic(), self.headers.get("Host", ""), self.path))
                server.requests.append((self.path, dict(self.headers)))
                route = server.route_for(self.path) or Route(b"not found", 404)
                with server._lock:
                    if route.sequence:
                        route = route.sequence.pop(0)
                if route.delay:
                    time.sleep(route.delay)
                etag = route.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(route.status)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                if route.reset_after is not None:
                    self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    self.wfile.write(route.body[: route.reset_after])
                    self.wfile.flush()
                    # SO_LINGER 0: close() sends a RST instead of an orderly FIN.
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                    self.close_connection = True
                    return
                if route.stream_bytes:
                    if route.declare_length:
                        self.send_header("Content-Length", str(route.stream_bytes))
                    self.send_header("Connection", "close")
                    self.end_headers()
                    chunk = b"<rss>" + b"x" * 65536
                    sent = 0
                    try:
                        while sent < route.stream_bytes:
                            self.wfile.write(chunk)
                            sent += len(chunk)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    self.close_connection = True
                    return
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:
                pass  # clients that hang up early (timeouts, size caps, resets) are expected

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        # A short poll interval: shutdown() waits up to one interval, and every test stops one.
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def route_for(self, raw_path: str) -> Route | None:
        """The exact path with its query; else the route keyed `path?a=1` whose parameters are
        all in the request (the most specific wins); else the bare path, whatever the query."""
        if raw_path in self.routes:
            return self.routes[raw_path]
        path, _, query = raw_path.partition("?")
        asked = set(parse_qsl(query, keep_blank_values=True))
        best: tuple[int, Route] | None = None
        for key, route in self.routes.items():
            key_path, _, key_query = key.partition("?")
            if key_path != path or not key_query:
                continue
            wanted = set(parse_qsl(key_query, keep_blank_values=True))
            if wanted <= asked and (best is None or len(wanted) > best[0]):
                best = (len(wanted), route)
        return best[1] if best else self.routes.get(path)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def start(self) -> FixtureServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
