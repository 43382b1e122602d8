"""The DVCQG gateway client against the local fake speaking the same protocol."""

from __future__ import annotations

import pytest

from motcua.exchange import dvcqg
from motcua.exchange.dvcqg import Client, GatewayError


def hoso(code: str, status: str = "2") -> dict:
    return {
        "MaHoSo": code,
        "MaTTHC": "1.001193",
        "TrangThaiHoSo": status,
        "NgayNopHoSo": "20250310090000",
        "NgayTiepNhan": "20250310090000",
        "NgayHenTra": "",
        "NgayKetThucXuLy": "",
        "NgayTra": "",
        "DonViXuLy": "000.00.31.H99",
    }


@pytest.fixture
def client(dvcqg):
    return Client(dvcqg_config())


def dvcqg_config():
    found = dvcqg.config()
    assert found is not None
    return found


def test_the_sync_is_off_until_every_setting_is_there(settings):
    settings.DVCQG_URL = ""
    settings.DVCQG_AUTH_URL = "http://127.0.0.1:1/auth"

    assert dvcqg.config() is None
    assert "DVCQG_URL" in dvcqg.missing_settings()


def test_login_then_sync_then_look_up(dvcqg, client):
    client.sync_dossiers([hoso("H99.31-250310-0001"), hoso("H99.31-250310-0002")], updating=False)

    assert dvcqg.logins == 1
    assert set(dvcqg.dossiers) == {"H99.31-250310-0001", "H99.31-250310-0002"}
    assert client.look_up("H99.31-250310-0001")["TrangThaiHoSo"] == "2"
    assert client.look_up("H99.31-250310-9999") is None


def test_already_exists_is_answered_with_an_update(dvcqg, client):
    dvcqg.already_there.add("H99.31-250310-0001")

    client.sync_dossiers([hoso("H99.31-250310-0001", "4")], updating=False)

    assert [c["isUpdating"] for c in dvcqg.calls] == ["True"]
    assert dvcqg.status_of("H99.31-250310-0001") == "4"


def test_a_refused_session_logs_in_again_once(dvcqg, client):
    client.sync_dossiers([hoso("A-1")], updating=False)
    dvcqg.expire_sessions()

    client.update_progress([{"MaHoSo": "A-1", "ThoiDiemXuLy": "20250310100000"}])

    assert dvcqg.logins == 2
    assert len(dvcqg.progress) == 1


def test_a_session_refused_twice_is_an_error(dvcqg, client):
    client.login()
    dvcqg.password = "doi-mat-khau"  # the next login fails
    dvcqg.expire_sessions()

    with pytest.raises(GatewayError):
        client.sync_dossiers([hoso("A-1")], updating=False)
    assert dvcqg.dossiers == {}


def test_a_refusal_code_is_an_error_with_that_code(dvcqg, client):
    dvcqg.refuse["A-1"] = "-7"

    with pytest.raises(GatewayError) as refused:
        client.sync_dossiers([hoso("A-1")], updating=False)

    assert refused.value.code == "-7"
    assert not refused.value.unavailable


def test_bad_dates_are_refused_by_the_gateway(dvcqg, client):
    with pytest.raises(GatewayError, match="NgayTiepNhan"):
        client.sync_dossiers([{**hoso("A-1"), "NgayTiepNhan": "10/03/2025"}], updating=False)


def test_a_gateway_that_is_down_or_slow_is_unavailable(dvcqg, settings):
    dvcqg.down = True
    with pytest.raises(GatewayError) as down:
        Client(dvcqg_config()).sync_dossiers([hoso("A-1")], updating=False)
    assert down.value.unavailable
    assert "503" in down.value.message

    dvcqg.down = False
    dvcqg.slow_seconds = 1.0
    settings.DVCQG_TIMEOUT_SECONDS = 0.2
    with pytest.raises(GatewayError) as slow:
        Client(dvcqg_config()).sync_dossiers([hoso("A-1")], updating=False)
    assert slow.value.unavailable


def test_nothing_listening_is_unavailable(dvcqg):
    config = dvcqg_config()
    dvcqg.stop()

    with pytest.raises(GatewayError) as refused:
        Client(config).login()
    assert refused.value.unavailable
