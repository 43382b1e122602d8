"""A local OCSP responder (RFC 6960) and CRL (RFC 5280) of one demo CA, on 127.0.0.1, for the
long-term signature tests: pyHanko fetches from it exactly as from a real CA's responder.

Answers are made at the moment they are asked, by the machine's clock (which a test may move
with ``time_machine``), signed by the CA itself; ``revoke(serial)`` makes a certificate
revoked from then on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from motcua.local_server import LocalServer
from motcua.signing.democa import Revocation

VALIDITY = timedelta(days=7)


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        responder: LocalRevocationResponder = self.server.owner  # type: ignore[attr-defined]
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            request = ocsp.load_der_ocsp_request(body)
        except ValueError:
            self.send_error(400)
            return
        self._reply("application/ocsp-response", responder.answer(request))

    def do_GET(self) -> None:
        responder: LocalRevocationResponder = self.server.owner  # type: ignore[attr-defined]
        self._reply("application/pkix-crl", responder.crl())

    def _reply(self, content_type: str, content: bytes) -> None:
        self.server.owner.requests += 1  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, format: str, *args: object) -> None:
        pass


class LocalRevocationResponder:
    """``with LocalRevocationResponder(ca) as responder: responder.urls …``"""

    def __init__(self, ca: tuple[bytes, bytes]) -> None:
        self.cert = x509.load_pem_x509_certificate(ca[0])
        self.key = serialization.load_pem_private_key(ca[1], password=None)
        # OCSP answers come from a delegated responder certificate marked "no check"
        # (RFC 6960 §4.2.2.2.1), as real CAs do: its own status is never asked.
        self.responder_key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.now(UTC)  # noqa: TID251 - the machine's clock, as pyHanko
        self.responder = (
            x509.CertificateBuilder()
            .subject_name(
                x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "MộtCửa OCSP (thử nghiệm)")])
            )
            .issuer_name(self.cert.subject)
            .public_key(self.responder_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.OCSP_SIGNING]), critical=True)
            .add_extension(x509.OCSPNoCheck(), critical=False)
            .sign(self.key, hashes.SHA256())  # type: ignore[arg-type]
        )
        self.revoked: dict[int, datetime] = {}
        self.requests = 0
        self._server = LocalServer(_Handler, self)
        base = f"http://127.0.0.1:{self._server.port}"
        self.urls = Revocation(ocsp_url=f"{base}/ocsp", crl_url=f"{base}/crl")

    def revoke(self, serial: int) -> None:
        self.revoked[serial] = datetime.now(UTC)  # noqa: TID251 - the machine's clock, as pyHanko

    def answer(self, request: ocsp.OCSPRequest) -> bytes:
        now = datetime.now(UTC)  # noqa: TID251 - the machine's clock, as pyHanko
        revoked_at = self.revoked.get(request.serial_number)
        builder = (
            ocsp.OCSPResponseBuilder()
            .add_response_by_hash(
                issuer_name_hash=request.issuer_name_hash,
                issuer_key_hash=request.issuer_key_hash,
                serial_number=request.serial_number,
                algorithm=request.hash_algorithm,
                cert_status=ocsp.OCSPCertStatus.REVOKED if revoked_at else ocsp.OCSPCertStatus.GOOD,
                this_update=now,
                next_update=now + VALIDITY,
                revocation_time=revoked_at,
                revocation_reason=x509.ReasonFlags.key_compromise if revoked_at else None,
            )
            .responder_id(ocsp.OCSPResponderEncoding.HASH, self.responder)
            .certificates([self.responder])
        )
        response = builder.sign(self.responder_key, hashes.SHA256())
        return response.public_bytes(serialization.Encoding.DER)

    def crl(self) -> bytes:
        now = datetime.now(UTC)  # noqa: TID251 - the machine's clock, as pyHanko
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.cert.subject)
            .last_update(now)
            .next_update(now + VALIDITY)
        )
        for serial, at in self.revoked.items():
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(at).build()
            )
        crl = builder.sign(self.key, hashes.SHA256())  # type: ignore[arg-type]
        return crl.public_bytes(serialization.Encoding.DER)

    def __enter__(self) -> LocalRevocationResponder:
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop()
