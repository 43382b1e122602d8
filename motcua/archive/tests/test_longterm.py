"""Long-term signatures (DOMAIN R14.15): results signed as PAdES B-LT against a local RFC 3161
time-stamp server and a local OCSP/CRL responder, sealed with a document time-stamp (B-LTA) at
closing, still valid after the signer's certificate expired (time travel), re-stamped by
``archive_refresh`` before the time-stamp's certificate expires; an altered file is reported,
never re-stamped."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command

from motcua import clock
from motcua.archive import closing, verify
from motcua.archive.tests.conftest import dossier, finish
from motcua.audit.models import Event
from motcua.documents import signatures, storage
from motcua.signing import democa
from motcua.signing.longterm import last_timestamp_expiry, verify_long_term
from motcua.signing.pades import verify_pdf
from motcua.signing.tests.revocation import LocalRevocationResponder
from motcua.signing.tests.tsa import LocalTimestampAuthority

pytestmark = pytest.mark.django_db

NOW = datetime.now(UTC)  # noqa: TID251 - certificates are judged by the machine's clock


@pytest.fixture
def pki(settings, tmp_path):
    """A CA with its OCSP/CRL responder, trusted; a TSA whose certificate lasts."""
    ca = democa.make_demo_ca("MộtCửa Long-term Test Root")
    root = tmp_path / "root.pem"
    root.write_bytes(ca[0])
    settings.SIGNING_TRUST_ROOTS = [str(root)]
    settings.SIGNING_TRUST_DEMO_CA = False
    with LocalRevocationResponder(ca) as responder:
        tsa = democa.issue_timestamp_authority(ca, revocation=responder.urls)
        with LocalTimestampAuthority(tsa, chain=(ca[0],)) as authority:
            settings.TSA_URL = authority.url
            yield ca, responder, authority


def _identity(pki, *, user=None, agency=None, days: int = 30):
    ca, responder, _authority = pki
    owner = agency or user.agency
    p12 = democa.issue_signer(
        ca,
        common_name=user.display_name if user else owner.name,
        organisation=owner.name,
        valid_from=NOW - timedelta(days=1),
        valid_to=NOW + timedelta(days=days),
        passphrase="mật-khẩu",
        key_type="ec",
        revocation=responder.urls,
    )
    return signatures.register_identity(
        p12, kind="person" if user else "seal", agency=owner, user=user, passphrase="mật-khẩu"
    )


@pytest.fixture
def closed(pki, as_user, lan, minh, hoa, agency_a, monday, no_scopes):
    """A returned dossier whose result the leader and the seal signed with certificates that
    expire in 30 days, its file closed (B-LTA)."""
    _identity(pki, user=hoa)
    _identity(pki, agency=agency_a)
    code = finish(as_user, lan, minh, hoa)
    return closing.close_file(dossier(code))


def _result(file) -> tuple[object, bytes]:
    doc = file.documents.get(kind="result")
    return doc, storage.read_blob(doc.document.storage_name, sha256=doc.sha256)


def _command(name: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command(name, stdout=out)
    except SystemExit as exit:
        return int(exit.code), out.getvalue()
    return 0, out.getvalue()


def test_the_archived_result_stays_valid_after_the_signers_certificate_expired(pki, closed):
    ca = pki[0]
    doc, content = _result(closed)
    assert doc.document.origin == "archive"
    assert b"/DocTimeStamp" in content and b"/DSS" in content
    assert doc.signatures == 2
    now = verify_long_term(content, trust_roots=[ca[0]])
    assert [(r.signer_name, r.valid) for r in now] == [
        ("Lê Thị Hoa", True),
        ("Ủy ban nhân dân phường Minh Sơn", True),
    ]

    with time_machine.travel(NOW + timedelta(days=3 * 365), tick=False):
        plain = verify_pdf(content, trust_roots=[ca[0]])
        later = verify_long_term(content, trust_roots=[ca[0]])

    assert not any(r.valid for r in plain)  # the certificates have expired by then
    assert [(r.valid, r.indication) for r in later] == [(True, "OK"), (True, "OK")]


def test_the_result_as_signed_carries_its_validation_data(pki, closed, no_scopes):
    """B-LT at signing: the dossier's own result file has the DSS already (certificates and
    OCSP responses fetched from the local responder)."""
    result = closed.dossier
    from motcua.documents.services import attachments_of

    [signed] = [a.document for a in attachments_of(result) if a.role == "result"]
    content = storage.read_blob(signed.storage_name)
    assert b"/DSS" in content and b"/OCSPs" in content
    assert b"/DocTimeStamp" not in content  # that comes at closing
    assert pki[1].requests > 0


def test_archive_refresh_re_stamps_before_the_time_stamp_certificate_expires(pki, closed, settings):
    ca, responder, _authority = pki
    doc, content = _result(closed)
    first_expiry = last_timestamp_expiry(content)
    settings.ARCHIVE_REFRESH_DAYS = 180

    code, out = _command("archive_refresh")  # the TSA's certificate lasts until 2049

    assert (code, "cho 0 tệp; 0 lỗi" in out) == (0, True)
    new_tsa = democa.issue_timestamp_authority(
        ca, valid_to=datetime(2060, 1, 1, tzinfo=UTC), revocation=responder.urls
    )
    # Later on, the first TSA's certificate is within ARCHIVE_REFRESH_DAYS of its end.
    settings.ARCHIVE_REFRESH_DAYS = (first_expiry - clock.now()).days + 1
    with LocalTimestampAuthority(new_tsa, chain=(ca[0],)) as fresh:
        settings.TSA_URL = fresh.url
        code, out = _command("archive_refresh")
    assert code == 0, out
    assert f"Đã gắn dấu thời gian mới: {closed.file_code}" in out
    doc.refresh_from_db()
    stamped = storage.read_blob(doc.document.storage_name, sha256=doc.sha256)
    assert stamped.startswith(content)  # an incremental update: the old bytes untouched
    assert stamped.count(b"/DocTimeStamp") > content.count(b"/DocTimeStamp")
    assert last_timestamp_expiry(stamped).year == 2060
    assert Event.objects.filter(action="archive.timestamp_refreshed").count() == 1
    assert verify.sealed(doc.signatures_seal, doc.sha256, 2)  # the new bytes, checked
    code, out = _command("archive_verify")
    assert code == 0 and "0 kiểm tra lại đầy đủ; 2 không phân tích lại" in out


def test_an_altered_archived_result_is_reported_and_never_re_stamped(pki, closed, settings):
    doc, content = _result(closed)
    altered = bytearray(content)
    altered[altered.index(b"Catalog")] ^= 0x20
    store = storage.storage()
    store.delete(doc.document.storage_name)
    store.save(doc.document.storage_name, io.BytesIO(bytes(altered)))
    settings.ARCHIVE_REFRESH_DAYS = 365 * 40  # everything is due

    code, out = _command("archive_refresh")

    assert code == 1
    assert f"LỖI {closed.file_code} {doc.path}: Tệp trong kho lưu trữ đã bị thay đổi" in out
    assert storage.read_blob(doc.document.storage_name) == bytes(altered)
    assert not Event.objects.filter(action="archive.timestamp_refreshed").exists()
