"""Fees at the counter (thu phí, lệ phí tại quầy), the e-receipt adapter, mismatches settled by
the officer and refunds."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from motcua.audit.models import Event
from motcua.catalog import fees
from motcua.catalog.models import Fee
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.support import intake_body
from motcua.exchange.models import Message as Outbound
from motcua.payments import ereceipts
from motcua.payments.fake_ereceipt import PASSWORD, USERNAME, FakeEReceipts
from motcua.payments.models import Mismatch, Payment
from motcua.payments.tests.conftest import post_confirmation
from motcua.tests.reading import text_of

pytestmark = pytest.mark.django_db


def test_the_quote_counts_fixed_tiered_capped_and_free_lines(catalog):
    fixed = Fee(pk=1, name="Lệ phí", kind="fixed", amount_vnd=8000)
    tiered = Fee(
        pk=2,
        name="Phí chứng thực",
        kind="per_unit",
        amount_vnd=2000,
        unit="trang",
        tiers=[
            {"from": 1, "to": 2, "amount_vnd": 2000},
            {"from": 3, "to": None, "amount_vnd": 1000},
        ],
        max_vnd=200000,
    )
    free = Fee(pk=3, name="Lệ phí", kind="free", note="Miễn cho hộ nghèo")
    quote = fees.quote([fixed, tiered, free], {2: 5})
    assert [line.amount_vnd for line in quote.lines] == [8000, 7000, 0]
    assert (quote.total_vnd, quote.has_fee, quote.free) == (15000, True, False)
    assert fees.unit_amount(tiered, 500) == 200000  # the cap
    assert fees.quote([free]).free
    assert fees.quote([]).total_vnd == 0


def test_the_counter_form_shows_the_fee_line_of_the_chosen_case(client, lan):
    client.force_login(lan)
    page = client.get("/office/quay/", {"procedure": "1.004873"}).content.decode()
    assert "Phí, lệ phí" in page and "3.000 đ" in page and 'data-fee-total="3000"' in page
    free = client.get("/office/quay/", {"procedure": "1.001193"}).content.decode()
    assert "Miễn phí" in free


def test_cash_at_the_counter_takes_the_next_receipt_number_and_ends_the_wait(
    waiting, as_user, lan, minh
):
    code, counter, specialist = waiting
    paid = counter.post(f"/dossiers/{code}/payments", {"channel": "counter", "method": "cash"})
    assert paid.status_code == 201, paid.content
    assert paid.json()["receipt_number"] == "BL25-0000001"
    assert paid.json()["payment_url"] == ""
    with scopes_disabled():
        dossier = Dossier.objects.get(code=code)
        assert dossier.status_code == 4
        assert dossier.payments.get().receipt == "BL25-0000001"
    other = counter.post("/dossiers", intake_body()).json()["code"]
    counter.act(other, "transfer")
    specialist.act(other, "request_payment", amount=3000)
    second = counter.post(f"/dossiers/{other}/payments", {"channel": "counter", "method": "card"})
    assert second.json()["receipt_number"] == "BL25-0000002"
    assert counter.get(f"/dossiers/{code}").json()["payments"][0]["channel"] == "counter"
    assert counter.post(f"/dossiers/{code}/payments", {"channel": "counter"}).status_code == 409


def test_the_receipt_pdf_of_a_counter_payment(client, waiting, lan):
    code, counter, _ = waiting
    number = counter.post(f"/dossiers/{code}/payments", {"channel": "counter"}).json()
    client.force_login(lan)
    pdf = client.get(f"/office/thanh-toan/{number['reference']}/bien-lai.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    printed = text_of(pdf.content)
    assert number["amount"] == 150000
    assert "Tổng cộng 150.000 đ Bằng chữ: Một trăm năm mươi nghìn đồng" in printed


def test_an_online_confirmation_after_cash_at_the_counter_is_listed_as_paid_twice(
    client, platform_fake, waiting
):
    code, counter, _ = waiting
    reference = counter.post(f"/dossiers/{code}/payments").json()["reference"]
    counter.post(f"/dossiers/{code}/payments", {"channel": "counter"})
    late = post_confirmation(client, platform_fake.confirmation(reference))
    assert late.status_code == 200
    listed = Mismatch.objects.get()
    assert (listed.kind, listed.payment.reference) == ("paid_twice", reference)
    assert Payment.objects.get(reference=reference).state == "open"


def test_e_receipts_wait_until_a_provider_is_set_then_are_issued_once(settings, waiting):
    code, counter, _ = waiting
    reference = counter.post(f"/dossiers/{code}/payments", {"channel": "counter"}).json()[
        "reference"
    ]
    assert ereceipts.deliver_due().sent == 0  # off by default: the message waits
    assert Outbound.objects.filter(system="ereceipt", status="pending").count() == 1
    fake = FakeEReceipts()
    fake.start()
    try:
        settings.ERECEIPT_URL, settings.ERECEIPT_USERNAME = fake.url, USERNAME
        settings.ERECEIPT_PASSWORD = PASSWORD
        fake.down = True
        assert ereceipts.deliver_due().failed == 1
        assert Outbound.objects.get(system="ereceipt").status == "pending"
        fake.down = False
        Outbound.objects.filter(system="ereceipt").update(next_attempt_at="2000-01-01T00:00Z")
        assert ereceipts.deliver_due().sent == 1
    finally:
        fake.stop()
    assert Payment.objects.get(reference=reference).e_receipt == "BLDT-0000001"
    assert fake.issued[reference]["body"]["total"] == 150000


def test_the_officer_settles_a_mismatch_with_a_note_once(
    client, platform_fake, waiting, as_user, lan, outsider
):
    code, counter, _ = waiting
    reference = counter.post(f"/dossiers/{code}/payments").json()["reference"]
    post_confirmation(client, platform_fake.confirmation(reference, amount=1000))
    listed = counter.get("/payments/mismatches").json()
    assert [m["kind"] for m in listed] == ["wrong_amount"]
    assert as_user(outsider).get("/payments/mismatches").json() == []
    pk = listed[0]["id"]
    assert counter.post(f"/payments/mismatches/{pk}/settle", {"resolution": ""}).status_code == 400
    done = counter.post(
        f"/payments/mismatches/{pk}/settle", {"resolution": "Đã liên hệ ngân hàng hoàn 1.000 đ"}
    )
    assert done.status_code == 200 and done.json()["settled_at"]
    assert counter.post(f"/payments/mismatches/{pk}/settle", {"resolution": "x"}).status_code == 409
    assert counter.get("/payments/mismatches").json() == []
    with scopes_disabled():
        assert Event.objects.filter(action="payments.mismatch_settled").count() == 1


def test_a_refund_is_only_for_a_refused_or_withdrawn_dossier_and_records_who_when_why(
    waiting, as_user, hoa
):
    code, counter, specialist = waiting
    reference = counter.post(f"/dossiers/{code}/payments", {"channel": "counter"}).json()[
        "reference"
    ]
    early = counter.post(f"/payments/{reference}/refund", {"reason": "Người nộp đề nghị"})
    assert early.status_code == 409
    specialist.act(code, "transfer")
    refused = as_user(hoa).act(code, "refuse", reason="Không đủ điều kiện")
    assert refused.status_code == 200, refused.content
    assert counter.post(f"/payments/{reference}/refund", {"reason": ""}).status_code == 400
    done = counter.post(f"/payments/{reference}/refund", {"reason": "Hồ sơ bị từ chối giải quyết"})
    assert done.status_code == 200 and done.json()["state"] == "refunded"
    payment = Payment.objects.get(reference=reference)
    assert (payment.refunded_by.username, payment.refund_reason) == (
        "lan",
        "Hồ sơ bị từ chối giải quyết",
    )
    assert payment.refunded_at is not None
    assert counter.post(f"/payments/{reference}/refund", {"reason": "lại"}).status_code == 409


def test_the_dossier_page_collects_at_the_counter_and_links_the_receipt(client, waiting, lan):
    code, _counter, _ = waiting
    client.force_login(lan)
    page = client.get(f"/office/ho-so/{code}/").content.decode()
    assert "Đang chờ nộp 150.000 đ" in page and "Gửi đường dẫn thanh toán trực tuyến" in page
    done = client.post(f"/office/ho-so/{code}/thu-phi/", {"method": "card"}, follow=True)
    page = done.content.decode()
    assert "biên lai số BL25-0000001" in page
    assert "/office/thanh-toan/BL25-0000001/bien-lai.pdf" in page


def test_the_mismatch_screen_lists_and_settles(client, platform_fake, waiting, lan, minh):
    code, counter, _ = waiting
    reference = counter.post(f"/dossiers/{code}/payments").json()["reference"]
    post_confirmation(client, platform_fake.confirmation(reference, amount=1000))
    client.force_login(minh)
    assert client.get("/office/thanh-toan/sai-lech/").status_code == 403
    client.force_login(lan)
    page = client.get("/office/thanh-toan/sai-lech/").content.decode()
    assert "Sai số tiền" in page and reference in page
    pk = Mismatch.objects.get().pk
    assert client.post("/office/thanh-toan/sai-lech/", {"mismatch": pk}).status_code == 400
    client.post("/office/thanh-toan/sai-lech/", {"mismatch": pk, "resolution": "Đã hoàn tiền"})
    assert Mismatch.objects.get().resolution == "Đã hoàn tiền"


def test_the_citizen_pays_from_the_portal_and_sees_the_fee(client, platform_fake, waiting, citizen):
    code, *_ = waiting
    with scopes_disabled():
        Dossier.objects.filter(code=code).update(citizen=citizen)
    client.force_login(citizen)
    page = client.get(f"/ho-so-cua-toi/{code}/").content.decode()
    assert "Phí, lệ phí" in page and "150.000 đ" in page and 'id="pay-online"' in page
    went = client.post(f"/ho-so-cua-toi/{code}/thanh-toan/", follow=True)
    link = f'href="http://127.0.0.1:{platform_fake.port}/pay/'
    assert link in went.content.decode() and "Mở trang thanh toán" in went.content.decode()
    platform_fake.down = True
    Payment.objects.update(state="new")
    refused = client.post(f"/ho-so-cua-toi/{code}/thanh-toan/")
    assert refused.status_code == 503
    assert "thử lại" in refused.content.decode()
