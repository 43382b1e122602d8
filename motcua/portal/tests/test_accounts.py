"""Citizen accounts: register with a phone or an e-mail, confirm with a one-time code sent
through the outbox (hashed at rest, ten minutes, five tries), log in and out, throttled."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from motcua import clock
from motcua.accounts.models import OneTimeCode, User
from motcua.accounts.services import citizen_from_identity
from motcua.notify.models import Message
from motcua.portal.tests.support import rows

pytestmark = pytest.mark.django_db


PASSWORD = "Mot-mat-khau-dai-2025"


def register(client, contact="0987654321", name="Trần Thị Bình"):
    return client.post(
        "/tai-khoan/dang-ky/",
        {"full_name": name, "contact": contact, "password": PASSWORD, "password_again": PASSWORD},
    )


def sent_code(recipient: str) -> str:
    message = rows(Message).filter(recipient=recipient).latest("id")
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def test_registering_by_phone_sends_an_sms_code_and_the_code_activates(client):
    response = register(client)
    assert response.status_code == 302 and response.url == "/tai-khoan/xac-thuc/"
    user = User.objects.get(username="0987654321")
    assert not user.is_active and user.role == "citizen" and user.phone == "0987654321"
    message = rows(Message).get(recipient="0987654321")
    assert message.channel == "sms" and message.expires_at is not None
    code = sent_code("0987654321")
    row = OneTimeCode.objects.get(user=user)
    assert code not in row.digest and len(row.digest) == 64  # only a keyed hash is stored
    response = client.post("/tai-khoan/xac-thuc/", {"code": code})
    assert response.status_code == 302 and response.url == "/ho-so-cua-toi/"
    user.refresh_from_db()
    assert user.is_active
    assert client.get("/ho-so-cua-toi/").status_code == 200


def test_registering_by_email_sends_the_code_by_email(client, mailoutbox):
    register(client, contact="Binh.Tran@Example.vn")
    user = User.objects.get(username="binh.tran@example.vn")
    assert user.email == "binh.tran@example.vn"
    message = rows(Message).get(user=user)
    assert message.channel == "email"
    assert "Mã xác thực tài khoản MộtCửa" in message.subject


def test_a_wrong_code_counts_and_five_spend_it(client):
    register(client)
    code = sent_code("0987654321")
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        page = client.post("/tai-khoan/xac-thuc/", {"code": wrong}).content.decode()
        assert f"Còn {left} lần thử" in page
    client.post("/tai-khoan/xac-thuc/", {"code": wrong})
    page = client.post("/tai-khoan/xac-thuc/", {"code": code}).content.decode()
    assert "Đã nhập sai quá số lần cho phép" in page
    assert not User.objects.get(username="0987654321").is_active


def test_a_code_expires_after_ten_minutes(client):
    with clock.frozen(clock.now()):
        register(client)
    code = sent_code("0987654321")
    with clock.frozen(clock.now() + timedelta(minutes=11)):
        page = client.post("/tai-khoan/xac-thuc/", {"code": code}).content.decode()
    assert "Mã xác thực đã hết hạn" in page


def test_a_new_code_replaces_the_old_one_but_not_within_a_minute(client):
    start = clock.now()
    with clock.frozen(start):
        register(client)
        first = sent_code("0987654321")
        page = client.post("/tai-khoan/gui-lai-ma/", follow=True).content.decode()
        assert "chờ một phút" in page
    with clock.frozen(start + timedelta(minutes=2)):
        client.post("/tai-khoan/gui-lai-ma/")
        second = sent_code("0987654321")
        if first != second:
            page = client.post("/tai-khoan/xac-thuc/", {"code": first}).content.decode()
            assert "Mã xác thực không đúng" in page
        response = client.post("/tai-khoan/xac-thuc/", {"code": second})
    assert response.status_code == 302
    assert User.objects.get(username="0987654321").is_active


def _same_page(response, contact: str) -> bytes:
    """The answer with what may differ stripped: the form token and the contact typed."""
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    return body.replace(contact.encode(), b"<contact>")


def test_registering_a_contact_that_has_an_account_answers_as_for_a_new_one(citizen):
    from django.test import Client

    from motcua.testing import PASSWORD as CAST

    new, taken = Client(), Client()
    answers = [register(new, contact="0987654321"), register(taken, contact="0912 345 678")]
    assert [(a.status_code, a.url) for a in answers] == [(302, "/tai-khoan/xac-thuc/")] * 2
    pages = [new.get("/tai-khoan/xac-thuc/"), taken.get("/tai-khoan/xac-thuc/")]
    assert _same_page(pages[0], "0987654321") == _same_page(pages[1], "0912345678")
    assert b"0912345678" in pages[1].content
    # The owner is told, by the channel of the account; the account is untouched, no code sent.
    notice = rows(Message).get(recipient="0912345678")
    assert notice.channel == "sms" and notice.user == citizen
    assert "đã có tài khoản" in notice.body and not re.search(r"\b\d{6}\b", notice.body)
    assert not OneTimeCode.objects.filter(user=citizen).exists()
    citizen.refresh_from_db()
    assert citizen.full_name == "Nguyễn Văn An" and citizen.check_password(CAST)
    # The code page counts tries like the real one, and no code opens it.
    wrong = [taken.post("/tai-khoan/xac-thuc/", {"code": "123456"}) for _ in range(5)]
    assert "Còn 4 lần thử" in wrong[0].content.decode()
    assert "Đã nhập sai quá số lần cho phép" in wrong[-1].content.decode()
    assert taken.get("/ho-so-cua-toi/").status_code == 302
    # Trying again soon does not flood the owner.
    register(Client(), contact="0912345678")
    assert rows(Message).filter(recipient="0912345678").count() == 1


def test_a_weak_password_or_bad_contact_is_refused_in_vietnamese(client):
    page = client.post(
        "/tai-khoan/dang-ky/",
        {"full_name": "An", "contact": "12345", "password": "123", "password_again": "123"},
    ).content.decode()
    assert "Nhập số điện thoại di động" in page
    assert not User.objects.exists()


def test_login_with_phone_or_email_and_logout(client, citizen):
    from motcua.testing import PASSWORD as CAST

    page = client.post("/tai-khoan/dang-nhap/", {"contact": "0912345678", "password": "sai"})
    assert "không đúng" in page.content.decode()
    response = client.post(
        "/tai-khoan/dang-nhap/", {"contact": "+84 912 345 678", "password": CAST}
    )
    assert response.status_code == 302 and response.url == "/ho-so-cua-toi/"
    response = client.post("/tai-khoan/dang-xuat/")
    assert response.status_code == 302
    assert client.get("/ho-so-cua-toi/").status_code == 302


def test_an_unverified_account_is_sent_to_the_code_page(client):
    register(client)
    client.get("/")  # a new visit, same browser
    response = client.post("/tai-khoan/dang-nhap/", {"contact": "0987654321", "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/tai-khoan/xac-thuc/"


def test_register_login_and_verify_are_throttled_per_address(client, settings):
    settings.RATELIMIT_REGISTER = "2/h"
    settings.RATELIMIT_LOGIN = "2/m"
    settings.RATELIMIT_VERIFY = "2/h"
    register(client, contact="0987654321")
    register(client, contact="0987654322")
    assert register(client, contact="0987654323").status_code == 429
    for _ in range(2):
        client.post("/tai-khoan/dang-nhap/", {"contact": "0900000000", "password": "x"})
    assert (
        client.post("/tai-khoan/dang-nhap/", {"contact": "0900000000", "password": "x"}).status_code
        == 429
    )
    for _ in range(2):
        client.post("/tai-khoan/xac-thuc/", {"code": "000000"})
    assert client.post("/tai-khoan/xac-thuc/", {"code": "000000"}).status_code == 429


def test_forms_need_the_csrf_token(catalog):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/tai-khoan/dang-ky/", {}).status_code == 403
    assert strict.post("/tra-cuu", {}).status_code == 403
    assert strict.post("/phan-anh-kien-nghi/gui/", {}).status_code == 403


class FakeVNeID:
    """Stands in for the national provider in this test: it vouches for whoever is in the
    callback's query, exactly like a real adapter would after checking the token."""

    name = "vneid"
    label = "Đăng nhập bằng VNeID"

    def authorization_url(self, *, state, redirect_uri):
        return f"https://sso.example/authorize?state={state}&redirect_uri={redirect_uri}"

    def complete(self, *, query, state, redirect_uri):
        from motcua.accounts.identity import VerifiedIdentity
        from motcua.errors import PermissionDenied

        if query.get("state") != state:
            raise PermissionDenied("Sai state.")
        return VerifiedIdentity("vneid", query["sub"], "Lê Văn Định", phone="0911000111")


def test_an_identity_provider_logs_a_citizen_in_without_a_code(client, settings):
    settings.IDENTITY_PROVIDERS = {"vneid": f"{__name__}.FakeVNeID"}
    assert "Đăng nhập bằng VNeID" in client.get("/tai-khoan/dang-nhap/").content.decode()
    response = client.get("/tai-khoan/dang-nhap/vneid/")
    state = re.search(r"state=([^&]+)", response.url).group(1)
    response = client.get("/tai-khoan/dang-nhap/vneid/ve/", {"state": state, "sub": "001090000009"})
    assert response.status_code == 302 and response.url == "/ho-so-cua-toi/"
    user = User.objects.get(username="vneid:001090000009")
    assert user.is_active and not user.has_usable_password()
    assert (
        citizen_from_identity(
            FakeVNeID().complete(
                query={"state": "s", "sub": "001090000009"}, state="s", redirect_uri=""
            )
        ).pk
        == user.pk
    )


def test_in_the_demo_the_code_goes_to_the_demo_inbox_and_the_code_page_says_so(client, settings):
    """Issue 21 item 6: sign-up by phone in the demo does not dead-end."""
    from motcua.notify.services import deliver

    settings.DEMO_INBOX = True
    register(client)
    page = client.get("/tai-khoan/xac-thuc/").content.decode()
    assert "Hộp thư trình diễn" in page and "/hop-thu-trinh-dien/" in page
    message = deliver(rows(Message).get(recipient="0987654321").pk)
    assert message.status == "sent" and message.last_error == ""
    assert message.provider_message_id.startswith("hop-thu-trinh-dien:")
    inbox = client.get("/hop-thu-trinh-dien/").content.decode()
    code = sent_code("0987654321")
    assert code in inbox and "0987654321" in inbox
    assert client.post("/tai-khoan/xac-thuc/", {"code": code}).url == "/ho-so-cua-toi/"


def test_without_the_demo_there_is_no_demo_inbox(client):
    assert client.get("/hop-thu-trinh-dien/").status_code == 404
    register(client)
    assert "Hộp thư trình diễn" not in client.get("/tai-khoan/xac-thuc/").content.decode()


def test_registration_keeps_where_the_citizen_was_going(client):
    """Issue 21 (minor): login → "Đăng ký" → code → back to the page that asked for login."""
    login = client.get("/tai-khoan/dang-nhap/?next=/nop-ho-so/1.001193/").content.decode()
    assert "/tai-khoan/dang-ky/?next=/nop-ho-so/1.001193/" in login
    client.post(
        "/tai-khoan/dang-ky/?next=/nop-ho-so/1.001193/",
        {
            "full_name": "Trần Thị Bình",
            "contact": "0987654321",
            "password": PASSWORD,
            "password_again": PASSWORD,
            "next": "/nop-ho-so/1.001193/",
        },
    )
    response = client.post("/tai-khoan/xac-thuc/", {"code": sent_code("0987654321")})
    assert response.url == "/nop-ho-so/1.001193/"


def test_registration_ignores_a_next_on_another_site(client):
    register_page = client.get("/tai-khoan/dang-ky/?next=https://evil.example/").content
    assert b'name="next" value=""' in register_page
    client.post(
        "/tai-khoan/dang-ky/",
        {
            "full_name": "Trần Thị Bình",
            "contact": "0987654321",
            "password": PASSWORD,
            "password_again": PASSWORD,
            "next": "https://evil.example/",
        },
    )
    response = client.post("/tai-khoan/xac-thuc/", {"code": sent_code("0987654321")})
    assert response.url == "/ho-so-cua-toi/"


def test_the_home_page_has_the_portal_header_and_its_login(client):
    page = client.get("/").content.decode()
    header = page.split("</header>")[0]
    assert "/tai-khoan/dang-nhap/" in header and "/tai-khoan/dang-ky/" in header
    assert "/accounts/login/" not in header
    assert "/thu-tuc/" in header  # the same links as every portal page
