"""The yearly review plan: procedures, reviewers, the Decree 63 checklist, proposal, signed
decision; closed reviews refuse edits; every change audited."""

from __future__ import annotations

from datetime import date

import pytest

from motcua.audit.models import Event
from motcua.documents.models import Attachment, Document
from motcua.documents.storage import FileRejected
from motcua.documents.tests import files
from motcua.errors import Conflict, PermissionDenied, ValidationFailed
from motcua.review import plans
from motcua.review.models import ItemStatus, PlanStatus, ReviewItem

CODE = "1.004873"


@pytest.fixture
def plan(catalog, giamsat):
    return plans.create_plan(giamsat, 2026, "Kế hoạch rà soát, đánh giá TTHC năm 2026")


@pytest.fixture
def approved(plan, giamsat):
    return plans.approve_plan(giamsat, plan.pk, "2026-01-20", "15/QĐ-UBND")


@pytest.fixture
def item(approved, giamsat, minh):
    return plans.add_item(giamsat, approved.pk, CODE, minh.pk, "2026-06-30")


def fill(user, item):
    return plans.record_review(
        user,
        item.pk,
        necessity="met",
        necessity_note="Cần thiết để quản lý hộ tịch",
        reasonableness="not_met",
        reasonableness_note="Yêu cầu giấy tờ đã có trong cơ sở dữ liệu hộ tịch",
        legality="met",
        cost="not_met",
        cost_note="273 000 đ một hồ sơ",
        findings="Bỏ yêu cầu nộp giấy tờ ly hôn khi đã có trong cơ sở dữ liệu",
        proposal="simplify",
    )


def test_a_plan_approved_by_31_january_is_on_time_and_after_it_is_late(plan, giamsat):
    assert plan.status == PlanStatus.DRAFT
    approved = plans.approve_plan(giamsat, plan.pk, "2026-01-31", "15/QĐ-UBND")
    assert approved.status == PlanStatus.APPROVED and not approved.approved_late
    approved = plans.approve_plan(giamsat, plan.pk, date(2026, 2, 1), "15/QĐ-UBND")
    assert approved.approved_late


def test_one_plan_a_year(plan, giamsat):
    with pytest.raises(Conflict):
        plans.create_plan(giamsat, 2026, "Kế hoạch khác")


def test_the_reviewer_fills_the_checklist_and_the_province_closes_it(item, minh, giamsat):
    filled = fill(minh, item)
    assert filled.status == ItemStatus.IN_REVIEW
    assert filled.reasonableness == "not_met" and filled.proposal == "simplify"
    with pytest.raises(ValidationFailed, match="quyết định đã ký"):
        plans.close_item(giamsat, item.pk)
    plans.attach_decision(minh, item.pk, files.a_pdf("Quyết định"), "quyet-dinh.pdf")
    closed = plans.close_item(giamsat, item.pk)
    assert closed.status == ItemStatus.CLOSED
    assert Attachment.objects.filter(document=closed.decision, role="result").count() == 1


def test_closing_needs_every_criterion_and_a_proposal(item, minh, giamsat):
    plans.record_review(minh, item.pk, necessity="met", legality="met")
    plans.attach_decision(minh, item.pk, files.a_pdf("Quyết định"), "qd.pdf")
    with pytest.raises(ValidationFailed) as caught:
        plans.close_item(giamsat, item.pk)
    assert caught.value.details["missing"] == [
        "Tính hợp lý",
        "Chi phí tuân thủ",
        "phương án xử lý",
    ]
    assert ReviewItem.objects.get(pk=item.pk).status == ItemStatus.IN_REVIEW


def test_a_closed_review_refuses_every_edit(item, minh, giamsat):
    fill(minh, item)
    plans.attach_decision(minh, item.pk, files.a_pdf("Quyết định"), "qd.pdf")
    plans.close_item(giamsat, item.pk)
    documents_before = Document.objects.count()
    with pytest.raises(Conflict, match="đã kết thúc"):
        plans.record_review(giamsat, item.pk, findings="Sửa lại")
    with pytest.raises(Conflict, match="đã kết thúc"):
        plans.attach_decision(giamsat, item.pk, files.a_pdf("Khác"), "khac.pdf")
    with pytest.raises(Conflict, match="đã kết thúc"):
        plans.close_item(giamsat, item.pk)
    assert Document.objects.count() == documents_before  # no orphan file row
    assert ReviewItem.objects.get(pk=item.pk).findings.startswith("Bỏ yêu cầu")
    plans.close_plan(giamsat, item.plan_id)
    with pytest.raises(Conflict, match="đã kết thúc"):
        plans.add_item(giamsat, item.plan_id, "1.001193", giamsat.pk, "2026-07-01")


def test_a_plan_closes_only_when_every_procedure_is_closed(item, giamsat):
    with pytest.raises(Conflict, match=CODE):
        plans.close_plan(giamsat, item.plan_id)


def test_nothing_is_recorded_before_the_plan_is_approved(plan, giamsat, minh):
    draft_item = plans.add_item(giamsat, plan.pk, CODE, minh.pk, "2026-06-30")
    with pytest.raises(Conflict, match="chưa được phê duyệt"):
        plans.record_review(minh, draft_item.pk, necessity="met")


def test_bad_input_is_refused_and_nothing_written(approved, giamsat, minh, citizen):
    with pytest.raises(ValidationFailed, match="trong năm 2026"):
        plans.add_item(giamsat, approved.pk, CODE, minh.pk, "2027-01-05")
    with pytest.raises(ValidationFailed, match="cán bộ"):
        plans.add_item(giamsat, approved.pk, CODE, citizen.pk, "2026-06-30")
    with pytest.raises(ValidationFailed, match="YYYY-MM-DD"):
        plans.add_item(giamsat, approved.pk, CODE, minh.pk, "30/06/2026")
    assert not ReviewItem.objects.exists()
    item = plans.add_item(giamsat, approved.pk, CODE, minh.pk, "2026-06-30")
    with pytest.raises(ValidationFailed, match="maybe"):
        plans.record_review(minh, item.pk, necessity="maybe")
    with pytest.raises(ValidationFailed, match="rename"):
        plans.record_review(minh, item.pk, proposal="rename")
    with pytest.raises(FileRejected):
        plans.attach_decision(minh, item.pk, files.a_png(), "quyet-dinh.png")
    item.refresh_from_db()
    assert item.status == ItemStatus.PLANNED and item.decision_id is None


def test_who_may_do_what(item, giamsat, minh, lan, hoa):
    with pytest.raises(PermissionDenied):
        plans.create_plan(hoa, 2027, "Kế hoạch")
    with pytest.raises(PermissionDenied):
        plans.record_review(lan, item.pk, necessity="met")  # not the reviewer
    fill(minh, item)
    plans.attach_decision(minh, item.pk, files.a_pdf("Quyết định"), "qd.pdf")
    with pytest.raises(PermissionDenied):
        plans.close_item(minh, item.pk)  # the reviewer does not close their own review


def test_every_change_is_audited(item, minh, giamsat, no_scopes):
    fill(minh, item)
    plans.attach_decision(minh, item.pk, files.a_pdf("Quyết định"), "qd.pdf")
    plans.close_item(giamsat, item.pk)
    actions = list(
        Event.objects.filter(action__startswith="review.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "review.plan_created",
        "review.plan_approved",
        "review.item_added",
        "review.item_recorded",
        "review.decision_attached",
        "review.item_closed",
    ]
    recorded = Event.objects.get(action="review.item_recorded")
    assert recorded.before["proposal"] == "" and recorded.after["proposal"] == "simplify"
