"""Online payment through the national payment platform (CONTRACT v1.1 "Online payment"): INIT,
the link, confirmations (valid, replayed, forged, short, unknown, wrong amount), the platform
down, reconciliation by QUERY, against the local fake speaking the protocol over HTTP."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from motcua.audit.models import Event
from motcua.dossiers.models import Dossier, Movement
from motcua.notify.models import Message
from motcua.payments import platform
from motcua.payments.models import Mismatch, Payment, PlatformMessage
from motcua.payments.tests.conftest import post_confirmation

pytestmark = pytest.mark.django_db


def _dossier(code):
    with scopes_disabled():
        return Dossier.objects.get(code=code)


def _started(waiting):
    code, counter, _ = waiting
    answer = counter.post(f"/dossiers/{code}/payments")
    assert answer.status_code == 201, answer.content
    return code, answer.json()


def test_init_answers_the_link_signed_as_the_contract_says_and_sends_it_to_the_applicant(
    platform_fake, waiting
):
    code, body = _started(waiting)
    assert body["amount"] == 150000
    assert body["payment_url"] == f"http://127.0.0.1:{platform_fake.port}/pay/{body['reference']}"
    assert body["reference"].startswith(code.replace(".", "").replace("-", ""))
    sent = platform_fake.orders[body["reference"]]
    assert (sent["LoaiBanTin"], sent["PhienBan"], sent["SoTien"]) == ("INIT", "1.0.6", 150000)
    assert sent["MaXacThuc"] == platform.sign(sent, platform.INIT_FIELDS, platform_fake.secret)
    assert sent["ThongTinBienLai"]["MaHoSo"] == code
    assert sent["ThongTinBienLai"]["PhiLePhi"][0]["SoTien"] == 150000
    with scopes_disabled():
        links = Message.objects.filter(body__contains=body["payment_url"])
        assert sorted(links.values_list("channel", flat=True)) == ["email", "sms"]
    logged = PlatformMessage.objects.get(kind="INIT")
    assert (logged.outcome, logged.reference) == ("ok", body["reference"])
    assert _dossier(code).status_code == 6  # waits until the platform confirms
    again = waiting[1].post(f"/dossiers/{code}/payments").json()
    assert again["reference"] == body["reference"]  # still open: the same link, no new INIT
    assert platform_fake.inits == 1


def test_a_valid_confirmation_ends_the_wait_once_and_a_replay_changes_nothing(
    client, platform_fake, waiting
):
    code, body = _started(waiting)
    confirmation = platform_fake.confirmation(body["reference"])
    first = post_confirmation(client, confirmation)
    assert (first.status_code, first.json()["error_code"]) == (200, "0")
    dossier = _dossier(code)
    assert dossier.status_code == 4
    payment = Payment.objects.get(reference=body["reference"])
    assert (payment.state, payment.transaction_id) == ("paid", confirmation["MaGiaoDich"])
    request = dossier.payments.get()
    assert (request.online, request.receipt) == (True, body["reference"])
    replay = post_confirmation(client, confirmation)
    assert (replay.status_code, replay.json()["error_code"]) == (200, "0")
    with scopes_disabled():
        assert Movement.objects.filter(dossier=dossier, action="payment_received").count() == 1
    outcomes = list(
        PlatformMessage.objects.filter(kind="CONFIRM").values_list("outcome", flat=True)
    )
    assert sorted(outcomes) == ["applied", "replay"]
    assert not Mismatch.objects.exists()
    listed = waiting[1].get(f"/dossiers/{code}").json()["payments"]
    assert listed == [
        {
            "reference": body["reference"],
            "amount": 150000,
            "state": "paid",
            "paid_at": listed[0]["paid_at"],
            "channel": "online",
        }
    ]
    with scopes_disabled():
        paid = Event.objects.get(action="dossier.payment_received")
        assert paid.actor_id is None and paid.data["receipt"] == body["reference"]


@pytest.mark.parametrize(
    ("change", "kind"),
    [
        ({"MaXacThuc": "0" * 64}, "forged"),
        ({"SoTien": 150001}, "forged"),  # the amount changed after signing
        ({"MaGiaoDich": None}, "malformed"),  # a short message
        ({"SoTien": "150000"}, "malformed"),  # money is an integer
    ],
)
def test_a_forged_or_short_confirmation_is_400_changes_nothing_and_is_listed(
    client, platform_fake, waiting, change, kind
):
    code, body = _started(waiting)
    confirmation = {**platform_fake.confirmation(body["reference"]), **change}
    confirmation = {k: v for k, v in confirmation.items() if v is not None}
    answer = post_confirmation(client, confirmation)
    assert answer.status_code == 400
    assert (answer.json()["error"], answer.json()["details"]["kind"]) == ("payment_refused", kind)
    assert _dossier(code).status_code == 6
    assert Payment.objects.get(reference=body["reference"]).state == "open"
    listed = Mismatch.objects.get()
    assert (listed.kind, listed.settled_at) == (kind, None)
    assert listed.message.outcome == "refused"


def test_a_body_that_is_not_json_is_400_and_listed(client, platform_fake):
    answer = client.post(
        "/api/v1/payments/dvcqg/confirm", "không phải JSON", content_type="text/plain"
    )
    assert answer.status_code == 400
    assert Mismatch.objects.get().kind == "malformed"


def test_an_unknown_reference_or_another_amount_is_400_and_listed_for_the_officer(
    client, platform_fake, waiting
):
    code, body = _started(waiting)
    platform_fake.orders["LA0000000001"] = {**platform_fake.orders[body["reference"]]}
    unknown = platform_fake.confirmation("LA0000000001")
    assert post_confirmation(client, unknown).status_code == 400
    other_amount = platform_fake.confirmation(body["reference"], amount=15000)
    assert post_confirmation(client, other_amount).status_code == 400
    assert _dossier(code).status_code == 6
    kinds = dict(Mismatch.objects.values_list("kind", "reported_vnd"))
    assert kinds == {"unknown_reference": 150000, "wrong_amount": 15000}
    wrong = Mismatch.objects.get(kind="wrong_amount")
    assert (wrong.expected_vnd, wrong.agency_id) == (150000, _dossier(code).agency_id)


def test_a_second_transaction_for_a_paid_reference_is_acknowledged_and_listed_as_paid_twice(
    client, platform_fake, waiting
):
    _code, body = _started(waiting)
    assert (
        post_confirmation(client, platform_fake.confirmation(body["reference"])).status_code == 200
    )
    second = platform_fake.confirmation(body["reference"])  # another MaGiaoDich
    assert post_confirmation(client, second).status_code == 200
    assert Mismatch.objects.get().kind == "paid_twice"
    with scopes_disabled():
        assert Movement.objects.filter(action="payment_received").count() == 1


def test_the_platform_down_at_init_is_a_clear_503_and_the_officer_can_retry(platform_fake, waiting):
    code, counter, _ = waiting
    platform_fake.down = True
    refused = counter.post(f"/dossiers/{code}/payments")
    assert refused.status_code == 503
    assert "thử lại" in refused.json()["message"]
    assert _dossier(code).status_code == 6
    payment = Payment.objects.get()
    assert payment.state == "new"
    assert PlatformMessage.objects.get().outcome == "failed"
    with scopes_disabled():
        assert not Message.objects.filter(body__contains="/pay/").exists()
    platform_fake.down = False
    retried = counter.post(f"/dossiers/{code}/payments")
    assert retried.status_code == 201
    assert retried.json()["reference"] == payment.reference  # the same reference again


def test_without_the_platform_settings_online_payment_says_it_is_off(waiting):
    code, counter, _ = waiting
    answer = counter.post(f"/dossiers/{code}/payments")
    assert answer.status_code == 503
    assert "PAYMENT_INIT_URL" in answer.json()["message"]
    assert not Payment.objects.exists()


def test_only_a_dossier_waiting_for_fees_can_be_paid_and_only_by_its_agency(
    as_user, platform_fake, waiting, outsider
):
    code, counter, _specialist = waiting
    assert as_user(outsider).post(f"/dossiers/{code}/payments").status_code in (403, 404)
    _started(waiting)
    counter.post(f"/dossiers/{code}/payments", {"channel": "counter"})
    assert counter.post(f"/dossiers/{code}/payments").status_code == 409


def test_reconciliation_asks_query_for_open_references_and_applies_the_paid_ones(
    platform_fake, waiting
):
    code, body = _started(waiting)
    platform_fake.pay(body["reference"])  # the confirmation never reached us
    out = io.StringIO()
    call_command("payments_reconcile", stdout=out)
    assert out.getvalue().strip() == "paid 1, open 0, failed 0"
    assert _dossier(code).status_code == 4
    assert Payment.objects.get().state == "paid"
    assert PlatformMessage.objects.filter(kind="QUERY", outcome="applied").count() == 1
    out = io.StringIO()
    call_command("payments_reconcile", stdout=out)
    assert out.getvalue().strip() == "paid 0, open 0, failed 0"


def test_reconciliation_keeps_unpaid_and_unreachable_references_open(platform_fake, waiting):
    _code, _body = _started(waiting)
    out = io.StringIO()
    call_command("payments_reconcile", stdout=out)
    assert out.getvalue().strip() == "paid 0, open 1, failed 0"
    platform_fake.down = True
    out = io.StringIO()
    call_command("payments_reconcile", stdout=out)
    assert out.getvalue().strip() == "paid 0, open 0, failed 1"
    assert Payment.objects.get().state == "open"
    assert platform_fake.queries == 1
