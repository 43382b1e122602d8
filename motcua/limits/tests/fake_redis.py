"""A local fake Redis speaking RESP 2 over TCP: AUTH, SELECT, SET (EX, NX), INCR, INCRBY, TTL;
enough to test the counter store's protocol without a Redis server."""

from __future__ import annotations

import socket
import socketserver
import threading
import time

from motcua.local_server import Serving


class FakeRedis(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, password: str | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.password = password
        self.data: dict[tuple[int, str], tuple[int, float | None]] = {}
        self.commands: list[list[str]] = []
        self.lock = threading.Lock()
        self.clients: list = []
        self.serving: Serving | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        auth = f":{self.password}@" if self.password else ""
        return f"redis://{auth}{host}:{port}/3"

    def __enter__(self):
        self.serving = Serving(self)
        return self

    def __exit__(self, *exc):
        self.serving.stop()

    def drop_clients(self) -> None:
        """Close every client connection, as a restarted Redis would."""
        for sock in self.clients:
            sock.shutdown(socket.SHUT_RDWR)
        self.clients.clear()


class _Handler(socketserver.StreamRequestHandler):
    def _read_command(self) -> list[str] | None:
        line = self.rfile.readline()
        if not line:
            return None
        assert line.startswith(b"*"), line
        parts = []
        for _ in range(int(line[1:])):
            size = int(self.rfile.readline()[1:])
            parts.append(self.rfile.read(size + 2)[:-2].decode())
        return parts

    def handle(self) -> None:
        server: FakeRedis = self.server
        server.clients.append(self.connection)
        db, authed = 0, server.password is None
        while (command := self._read_command()) is not None:
            server.commands.append(command)
            name = command[0].upper()
            if name == "AUTH":
                authed = command[-1] == server.password
                self.wfile.write(b"+OK\r\n" if authed else b"-WRONGPASS invalid password\r\n")
            elif not authed:
                self.wfile.write(b"-NOAUTH Authentication required.\r\n")
            elif name == "SELECT":
                db = int(command[1])
                self.wfile.write(b"+OK\r\n")
            elif name in ("SET", "INCR", "INCRBY", "TTL"):
                self.wfile.write(self._data(db, name, command))
            else:
                self.wfile.write(b"-ERR unknown command\r\n")

    def _data(self, db: int, name: str, command: list[str]) -> bytes:
        server: FakeRedis = self.server
        key = (db, command[1])
        with server.lock:
            value = server.data.get(key)
            if value is not None and value[1] is not None and value[1] <= time.monotonic():
                value = server.data.pop(key)  # expired
                value = None
            if name == "SET":
                options = [c.upper() for c in command[3:]]
                if "NX" in options and value is not None:
                    return b"$-1\r\n"
                expiry = None
                if "EX" in options:
                    expiry = time.monotonic() + int(command[3 + options.index("EX") + 1])
                server.data[key] = (int(command[2]), expiry)
                return b"+OK\r\n"
            if name in ("INCR", "INCRBY"):
                count = (value[0] if value else 0) + (int(command[2]) if name == "INCRBY" else 1)
                server.data[key] = (count, value[1] if value else None)
                return b":%d\r\n" % count
            if value is None:
                return b":-2\r\n"
            return b":%d\r\n" % (-1 if value[1] is None else int(value[1] - time.monotonic()))
