"""An HTTP server on a daemon thread, for the local fakes of outside services (tests, benches,
the demo): its request handler reaches the fake as ``self.server.owner``."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


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
        self.thread = threading.Thread(
            target=self.http.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        """Stop listening: connections to the port are now refused."""
        self.http.shutdown()
        self.http.server_close()
        self.thread.join(timeout=5)
