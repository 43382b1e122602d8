"""An HTTP server on a daemon thread, for the local fakes of outside services (tests, benches,
the demo): its request handler reaches the fake as ``self.server.owner``. :class:`LocalFake`
is what every fake shares: its lock, its port, starting and stopping."""

from __future__ import annotations

import json
import selectors
import socket
import socketserver
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Serving:
    """``server`` (any socketserver) answering on a daemon thread until :meth:`stop`, which
    wakes its loop through a socket pair: the stop is immediate, where socketserver's own loop
    noticed it at its next poll (tens of milliseconds, for each of the suite's many fakes)."""

    def __init__(self, server: socketserver.BaseServer) -> None:
        self.server = server
        self.server.timeout = 0  # handle_request() only accepts what the loop saw arrive
        self._wake, self._waker = socket.socketpair()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self.server, selectors.EVENT_READ)
            selector.register(self._wake, selectors.EVENT_READ)
            while all(key.fileobj is not self._wake for key, _ in selector.select()):
                self.server.handle_request()

    def stop(self) -> None:
        """Stop listening: connections to the port are now refused."""
        self._waker.send(b"\0")
        self.thread.join(timeout=5)
        self.server.server_close()
        self._wake.close()
        self._waker.close()


class JsonHandler(BaseHTTPRequestHandler):
    """A fake's request handler that answers JSON and keeps the test output quiet."""

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: Any) -> None:
        pass


class LocalServer:
    def __init__(
        self,
        handler: type[BaseHTTPRequestHandler],
        owner: object,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.http = ThreadingHTTPServer((host, port), handler)
        self.http.daemon_threads = True
        self.http.owner = owner  # type: ignore[attr-defined]
        self.port: int = self.http.server_address[1]
        self.serving = Serving(self.http)

    def stop(self) -> None:
        """Stop listening: connections to the port are now refused."""
        self.serving.stop()


class LocalFake:
    """The base of a local fake: ``handler`` answers its requests on a loopback port (any free
    one, or the one given: a restart keeps the address), with the fake as ``server.owner``."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.handler = handler
        self.lock = threading.Lock()
        self.port = 0
        self.stopped = threading.Event()  # a handler playing a slow service waits on it
        self._server: LocalServer | None = None

    def address(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self, host: str = "127.0.0.1", port: int | None = None) -> None:
        self.stopped.clear()
        self._server = LocalServer(self.handler, self, host, self.port if port is None else port)
        self.port = self._server.port

    def stop(self) -> None:
        self.stopped.set()
        if self._server is not None:
            self._server.stop()
            self._server = None
