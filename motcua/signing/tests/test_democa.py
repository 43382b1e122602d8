"""The demo CA issues certificates that chain to it and carry the right key usages."""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID

from motcua.signing.democa import _p12_protection as production_protection
from motcua.signing.tests.conftest import PASSPHRASE


def test_an_issued_file_is_protected_with_the_librarys_best_encryption():
    """What production uses: imported before conftest.py lightens it for the suite."""
    assert isinstance(production_protection("mật-khẩu"), BestAvailableEncryption)


def test_demo_root_is_a_certificate_authority(ca):
    root = x509.load_pem_x509_certificate(ca[0])

    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert root.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
    root.verify_directly_issued_by(root)


def test_signer_file_holds_key_certificate_and_chain(ca, leader_p12):
    loaded = pkcs12.load_pkcs12(leader_p12, PASSPHRASE.encode())
    root = x509.load_pem_x509_certificate(ca[0])
    cert = loaded.cert.certificate

    assert loaded.key is not None
    assert [c.certificate for c in loaded.additional_certs] == [root]
    cert.verify_directly_issued_by(root)
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert cert.subject.rfc4514_string() == "CN=Trần Đức Thắng,O=UBND xã Tân Lập,C=VN"


def test_timestamp_authority_certificate_is_for_time_stamping_only(ca, tsa):
    cert = x509.load_pem_x509_certificate(tsa[0])

    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert eku.critical
    assert list(eku.value) == [ExtendedKeyUsageOID.TIME_STAMPING]
    cert.verify_directly_issued_by(x509.load_pem_x509_certificate(ca[0]))
