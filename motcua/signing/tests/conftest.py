"""Real key material for the signing tests: one demo CA, signers, a TSA, a PDF to sign."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import typst

from motcua.signing import democa
from motcua.signing.pades import STAMP_FONT_DIR
from motcua.signing.pkcs12 import Pkcs12Signer

PASSPHRASE = "mật-khẩu-2025"
VALID_FROM = datetime(2024, 1, 1, tzinfo=UTC)
VALID_TO = datetime(2045, 12, 31, tzinfo=UTC)

# A small A5 letter, made here: signing sits below documents and must not import it.
LETTER = b"""
#let d = json(bytes(sys.inputs.data))
#set page(paper: "a5")
#set text(font: "Liberation Serif", lang: "vi")
= #d.title
#d.body
"""


def make_pdf(title: str = "Quyết định cấp giấy phép", body: str = "Nội dung văn bản.") -> bytes:
    fonts = typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(STAMP_FONT_DIR)]
    )
    data = json.dumps({"title": title, "body": body}, ensure_ascii=False)
    return typst.compile(LETTER, font_paths=fonts, sys_inputs={"data": data})


@pytest.fixture(scope="session")
def ca() -> tuple[bytes, bytes]:
    return democa.make_demo_ca("MộtCửa Demo Root CA")


@pytest.fixture(scope="session")
def other_ca() -> tuple[bytes, bytes]:
    return democa.make_demo_ca("Một CA khác", key_type="ec")


@pytest.fixture(scope="session")
def leader_p12(ca) -> bytes:
    return democa.issue_signer(
        ca,
        common_name="Trần Đức Thắng",
        organisation="UBND xã Tân Lập",
        valid_from=VALID_FROM,
        valid_to=VALID_TO,
        passphrase=PASSPHRASE,
    )


@pytest.fixture(scope="session")
def seal_p12(ca) -> bytes:
    return democa.issue_signer(
        ca,
        common_name="UBND xã Tân Lập",
        organisation="UBND xã Tân Lập",
        valid_from=VALID_FROM,
        valid_to=VALID_TO,
        passphrase=PASSPHRASE,
        key_type="ec",
    )


@pytest.fixture(scope="session")
def leader(leader_p12) -> Pkcs12Signer:
    return Pkcs12Signer(leader_p12, PASSPHRASE)


@pytest.fixture(scope="session")
def seal(seal_p12) -> Pkcs12Signer:
    return Pkcs12Signer(seal_p12, PASSPHRASE)


@pytest.fixture(scope="session")
def tsa(ca) -> tuple[bytes, bytes]:
    return democa.issue_timestamp_authority(ca)


@pytest.fixture(scope="session")
def letter() -> bytes:
    return make_pdf()
