"""Opening a PKCS#12 file: wrong passphrase, bad dates and broken files speak Vietnamese."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from motcua.signing import democa
from motcua.signing.base import Signer, SigningError
from motcua.signing.pades import sign_pdf, verify_pdf
from motcua.signing.pkcs12 import Pkcs12Signer
from motcua.signing.tests.conftest import PASSPHRASE


def _issue(ca, valid_from, valid_to, **kwargs):
    return democa.issue_signer(
        ca,
        common_name="Lê Văn Quý",
        organisation="UBND xã Tân Lập",
        valid_from=valid_from,
        valid_to=valid_to,
        passphrase=PASSPHRASE,
        **kwargs,
    )


def test_display_name_is_the_certificate_common_name(leader, seal):
    assert leader.display_name == "Trần Đức Thắng"
    assert seal.display_name == "UBND xã Tân Lập"
    assert isinstance(leader, Signer)


def test_wrong_passphrase_is_refused_in_vietnamese(leader_p12):
    with pytest.raises(SigningError) as caught:
        Pkcs12Signer(leader_p12, "sai-mat-khau")

    assert caught.value.message == "Sai mật khẩu chứng thư số."
    assert caught.value.code == "wrong_passphrase"


def test_a_file_opened_once_still_refuses_a_wrong_passphrase(leader_p12):
    assert Pkcs12Signer(leader_p12, PASSPHRASE).display_name == "Trần Đức Thắng"  # now kept
    with pytest.raises(SigningError, match="Sai mật khẩu"):
        Pkcs12Signer(leader_p12, "sai-mat-khau")
    assert Pkcs12Signer(leader_p12, PASSPHRASE).display_name == "Trần Đức Thắng"


def test_missing_passphrase_is_a_wrong_passphrase(leader_p12):
    with pytest.raises(SigningError, match="Sai mật khẩu"):
        Pkcs12Signer(leader_p12, None)


def test_expired_certificate_is_refused_with_its_end_date(ca):
    expired = _issue(
        ca, datetime(2023, 1, 1, tzinfo=UTC), datetime(2024, 12, 31, 10, 0, tzinfo=UTC)
    )

    with pytest.raises(SigningError) as caught:
        Pkcs12Signer(expired, PASSPHRASE)

    assert caught.value.message == "Chứng thư số đã hết hạn ngày 31/12/2024."
    assert caught.value.code == "certificate_expired"


def test_not_yet_valid_certificate_is_refused(ca):
    future = _issue(ca, datetime(2099, 1, 1, tzinfo=UTC), datetime(2099, 12, 31, tzinfo=UTC))

    with pytest.raises(SigningError, match=r"chưa có hiệu lực .* 01/01/2099"):
        Pkcs12Signer(future, PASSPHRASE)


def test_certificate_valid_when_opened_but_expired_at_signing_is_refused(ca, letter):
    old = _issue(ca, datetime(2020, 1, 1, tzinfo=UTC), datetime(2021, 1, 1, tzinfo=UTC))
    signer = Pkcs12Signer(old, PASSPHRASE, at=datetime(2020, 6, 1, tzinfo=UTC))

    with pytest.raises(SigningError, match="đã hết hạn ngày 01/01/2021"):
        sign_pdf(letter, signer, field_name="Ky")


@pytest.mark.parametrize("broken", [b"", b"not a pkcs12 file", b"0\x82\x01\x00garbage"])
def test_corrupt_file_is_refused(broken):
    with pytest.raises(SigningError) as caught:
        Pkcs12Signer(broken, PASSPHRASE)

    assert caught.value.code == "corrupt_certificate_file"
    assert "bị hỏng" in caught.value.message


def test_truncated_file_is_refused_as_corrupt_not_as_a_wrong_passphrase(leader_p12):
    with pytest.raises(SigningError) as caught:
        Pkcs12Signer(leader_p12[:-1], PASSPHRASE)

    assert caught.value.code == "corrupt_certificate_file"


def test_file_is_read_from_a_path(tmp_path, leader_p12):
    path = tmp_path / "tran-duc-thang.p12"
    path.write_bytes(leader_p12)

    assert Pkcs12Signer(path, PASSPHRASE).display_name == "Trần Đức Thắng"
    with pytest.raises(SigningError, match="Không đọc được"):
        Pkcs12Signer(tmp_path / "khong-co.p12", PASSPHRASE)


@pytest.mark.parametrize("key_type", ["rsa", "ec"])
def test_rsa_and_ecdsa_keys_both_sign(ca, letter, key_type):
    p12 = _issue(
        ca,
        datetime(2024, 1, 1, tzinfo=UTC),
        datetime(2045, 1, 1, tzinfo=UTC),
        key_type=key_type,
    )

    signed = sign_pdf(letter, Pkcs12Signer(p12, PASSPHRASE), field_name="Ky")

    assert verify_pdf(signed, trust_roots=[ca[0]])[0].valid
