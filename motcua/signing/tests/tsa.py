"""A tiny RFC 3161 time-stamp server on 127.0.0.1 for the tests (máy chủ cấp dấu thời gian).

pyHanko's in-process ``DummyTimeStamper`` makes the tokens; this wraps it in HTTP so the
signing code talks to it exactly as to a real TSA.
"""

from __future__ import annotations

from datetime import datetime
from http.server import BaseHTTPRequestHandler
from types import TracebackType

from asn1crypto import keys, pem, tsp, x509
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from motcua.local_server import LocalServer


def _der(data: bytes) -> bytes:
    return pem.unarmor(data)[2] if pem.detect(data) else data


class LocalTimestampAuthority:
    """Serve ``application/timestamp-query`` → ``application/timestamp-reply`` on a free port."""

    def __init__(self, tsa: tuple[bytes, bytes], chain: tuple[bytes, ...] = ()) -> None:
        cert_pem, key_pem = tsa
        self.stamper = DummyTimeStamper(
            tsa_cert=x509.Certificate.load(_der(cert_pem)),
            tsa_key=keys.PrivateKeyInfo.load(_der(key_pem)),
            certs_to_embed=[x509.Certificate.load(_der(c)) for c in chain],
        )
        self.issued: list[datetime] = []
        self.requests = 0
        authority = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                authority.requests += 1
                if self.headers.get("Content-Type") != "application/timestamp-query":
                    self.send_error(415)
                    return
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                response = authority.stamper.request_tsa_response(tsp.TimeStampReq.load(body))
                content = response["time_stamp_token"]["content"]
                tst_info = content["encap_content_info"]["content"].parsed
                authority.issued.append(tst_info["gen_time"].native)
                reply = response.dump()
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = LocalServer(Handler, self)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.port}/tsa"

    def __enter__(self) -> LocalTimestampAuthority:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.stop()
