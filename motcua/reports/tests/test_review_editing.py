"""The editing screens of the review: the year's plan (create, approve, add a procedure, close),
the value of an hour with its source, one procedure's checklist with the signed decision, and
the cost inputs. Each change goes through the review services: audited, and refused with a
message (nothing changed) once the review is closed or the input is bad."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.audit.models import Event
from motcua.documents.tests import files
from motcua.review.models import CostInput, HourValue, ItemStatus, ReviewItem, ReviewPlan

pytestmark = pytest.mark.django_db

CODE = "1.004873"
PLAN = reverse("reports:review_plan")


def events(action: str) -> int:
    return Event.objects.with_scopes_disabled().filter(action=action).count()


def post(client, url: str, data: dict, **query) -> str:
    if query:
        url = f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}"
    return client.post(url, data, follow=True).content.decode()


def test_the_supervisor_runs_a_plan_from_the_screens(client, catalog, giamsat, minh):
    client.force_login(giamsat)
    html = post(
        client, PLAN, {"action": "create_plan", "title": "Kế hoạch rà soát 2026"}, year=2026
    )
    assert "Đã tạo kế hoạch rà soát năm 2026." in html
    plan = ReviewPlan.objects.get(year=2026)
    html = post(
        client,
        PLAN,
        {
            "action": "approve_plan",
            "plan": plan.pk,
            "approval_ref": "9/QĐ-UBND",
            "approved_on": "2026-01-15",
        },
        year=2026,
    )
    assert "Quyết định 9/QĐ-UBND ngày 15/01/2026" in html
    html = post(
        client,
        PLAN,
        {
            "action": "add_item",
            "plan": plan.pk,
            "procedure": CODE,
            "reviewer": "minh",
            "due_on": "2026-06-30",
        },
        year=2026,
    )
    assert f"Đã thêm thủ tục {CODE} vào kế hoạch." in html
    html = post(
        client,
        PLAN,
        {
            "action": "add_item",
            "plan": plan.pk,
            "procedure": CODE,
            "reviewer": "nobody",
            "due_on": "2026-06-30",
        },
        year=2026,
    )
    assert "Không có tài khoản “nobody”." in html
    html = post(
        client,
        PLAN,
        {"action": "hour_value", "amount_vnd": "32000", "source": "Cục Thống kê, 2025"},
        year=2026,
    )
    assert HourValue.objects.get(year=2026).amount_vnd == 32000
    assert "Nguồn: Cục Thống kê, 2025" in html
    html = post(
        client, PLAN, {"action": "hour_value", "amount_vnd": "-5", "source": "x"}, year=2026
    )
    assert "không hợp lệ" in html and HourValue.objects.get(year=2026).amount_vnd == 32000
    assert events("review.plan_created") == events("review.plan_approved") == 1
    assert events("review.item_added") == events("review.hour_value_set") == 1


@pytest.fixture
def item(catalog, giamsat, minh):
    from motcua.review import plans

    plan = plans.create_plan(giamsat, 2026, "Kế hoạch rà soát 2026")
    plans.approve_plan(giamsat, plan.pk, "2026-01-15", "9/QĐ-UBND")
    return plans.add_item(giamsat, plan.pk, CODE, minh.pk, "2026-06-30")


def test_the_reviewer_fills_the_checklist_and_the_province_closes_it(client, item, minh, giamsat):
    url = reverse("reports:review_item", args=[item.pk])
    client.force_login(minh)
    checklist = {
        "action": "record",
        "necessity": "met",
        "necessity_note": "Cần thiết để quản lý hộ tịch",
        "reasonableness": "not_met",
        "reasonableness_note": "Yêu cầu bản sao chứng thực không cần thiết",
        "legality": "met",
        "cost": "not_met",
        "findings": "Bỏ yêu cầu chứng thực",
        "proposal": "simplify",
    }
    html = post(client, url, checklist)
    assert "Đã lưu kết quả rà soát." in html
    html = post(client, url, {"action": "close"})  # the reviewer may not close it
    assert "Bạn không có quyền thực hiện thao tác này." in html
    upload = SimpleUploadedFile("qd-12.pdf", files.a_pdf("Quyết định"), "application/pdf")
    html = post(client, url, {"action": "decision", "file": upload})
    assert "Đã đính kèm quyết định đã ký." in html
    client.force_login(giamsat)
    html = post(client, url, {"action": "close"})
    assert f"Đã kết thúc rà soát thủ tục {CODE}." in html
    assert "Rà soát đã kết thúc: không sửa được nữa." in html
    html = post(client, url, {**checklist, "proposal": "abolish"})
    assert f"Rà soát thủ tục {CODE} đã kết thúc: không sửa được nữa." in html
    item.refresh_from_db()
    assert (item.status, item.proposal) == (ItemStatus.CLOSED, "simplify")
    assert events("review.item_recorded") == 1 and events("review.item_closed") == 1
    decision = client.get(reverse("reports:review_decision", args=[item.pk]))
    assert decision.content.startswith(b"%PDF")


def test_closing_without_a_decision_says_what_is_missing(client, item, giamsat):
    client.force_login(giamsat)
    html = post(client, reverse("reports:review_item", args=[item.pk]), {"action": "close"})
    assert "Chưa kết thúc được: còn thiếu" in html and "quyết định đã ký" in html
    assert ReviewItem.objects.get(pk=item.pk).status == ItemStatus.PLANNED


def test_cost_inputs_are_entered_corrected_and_taken_back(client, item, giamsat, minh):
    url = reverse("reports:compliance_cost", args=[CODE])
    client.force_login(giamsat)
    entry = {
        "action": "set_input",
        "kind": "visits",
        "value": "2",
        "source": "Khảo sát 2026",
        "scenario": "current",
        "paper": "",
    }
    assert "Đã lưu số liệu." in post(client, url, entry, year=2026)
    post(client, url, {**entry, "value": "3"}, year=2026)
    row = CostInput.objects.get(kind="visits")
    assert row.value == Decimal("3.00")
    html = post(client, url, {**entry, "value": "1.5"}, year=2026)
    assert "Số lần đến cơ quan là số nguyên." in html
    html = post(client, url, {**entry, "source": ""}, year=2026)
    assert "Cần ghi nguồn của số liệu" in html
    paper = {**entry, "kind": "paper_hours", "paper": "khong_co", "value": "1"}
    assert "Thủ tục không có giấy tờ mã “khong_co”." in post(client, url, paper, year=2026)
    assert CostInput.objects.get().value == Decimal("3.00")
    html = post(client, url, {"action": "remove_input", "input": row.pk}, year=2026)
    assert "số liệu này lại là còn thiếu" in html and not CostInput.objects.exists()
    assert events("review.cost_input_set") == 2 and events("review.cost_input_removed") == 1
    client.force_login(minh)  # a reviewer reads the cost but enters no input
    html = post(client, url, entry, year=2026)
    assert "Bạn không có quyền thực hiện thao tác này." in html
    assert "Nhập hoặc sửa một số liệu" not in html
    assert not CostInput.objects.exists()
