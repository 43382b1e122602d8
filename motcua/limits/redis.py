"""The Redis counter store: a minimal client of the Redis protocol (RESP 2) over one socket per
thread, so no client library is needed. Only what a counter uses: AUTH, SELECT, SET, INCR."""

from __future__ import annotations

import socket
import threading
from urllib.parse import unquote, urlsplit

TIMEOUT_SECONDS = 2.0


class RedisError(Exception):
    """Redis answered with an error, or the connection failed."""


def encode(*parts: str | int) -> bytes:
    """One command as a RESP array of bulk strings."""
    out = [f"*{len(parts)}\r\n".encode()]
    for part in parts:
        data = str(part).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


class Connection:
    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.address = (parts.hostname or "127.0.0.1", parts.port or 6379)
        self.password = unquote(parts.password) if parts.password else None
        self.username = unquote(parts.username) if parts.username else None
        self.db = int(parts.path.strip("/") or 0)
        self.sock: socket.socket | None = None
        self.buffer = b""

    def _connect(self) -> None:
        self.sock = socket.create_connection(self.address, timeout=TIMEOUT_SECONDS)
        self.buffer = b""
        if self.password:
            auth = (self.username, self.password) if self.username else (self.password,)
            self._call(("AUTH", *auth))
        if self.db:
            self._call(("SELECT", self.db))

    def _line(self) -> bytes:
        while b"\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("Redis closed the connection")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line

    def _reply(self) -> object:
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RedisError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            size = int(rest)
            if size < 0:
                return None
            while len(self.buffer) < size + 2:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise ConnectionError("Redis closed the connection")
                self.buffer += chunk
            data, self.buffer = self.buffer[:size], self.buffer[size + 2 :]
            return data.decode()
        if kind == b"*":
            return [self._reply() for _ in range(int(rest))]
        raise RedisError(f"unexpected reply {line[:20]!r}")

    def _call(self, *commands: tuple) -> list[object]:
        self.sock.sendall(b"".join(encode(*c) for c in commands))
        return [self._reply() for _ in commands]

    def pipeline(self, *commands: tuple) -> list[object]:
        """Send the commands in one write, read their replies; reconnect once if the
        connection went away (a restarted Redis)."""
        for attempt in (1, 2):
            try:
                if self.sock is None:
                    self._connect()
                return self._call(*commands)
            except RedisError:
                self.close()
                raise
            except OSError as exc:
                self.close()
                if attempt == 2:
                    raise RedisError(str(exc)) from exc
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock = None


class RedisStore:
    """``SET key 0 EX ttl NX`` then ``INCR key`` in one round trip: the key expires with its
    window, on every Redis version."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.local = threading.local()

    def _connection(self) -> Connection:
        if not hasattr(self.local, "connection"):
            self.local.connection = Connection(self.url)
        return self.local.connection

    def hit(self, key: str, slot: int, expires: int) -> int:
        from motcua import clock

        ttl = max(1, expires - int(clock.now().timestamp()) + 1)
        name = f"motcua:limit:{key}:{slot}"
        _set, count = self._connection().pipeline(("SET", name, 0, "EX", ttl, "NX"), ("INCR", name))
        return int(count)
