"""Staff screens without a browser: the pages render in Vietnamese, htmx gets partials, actions
go through the services, errors come back beside the form."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.intake import receive_dossier
from motcua.dossiers.tests.support import intake_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(lan, monday):
    body = intake_body()
    body.pop("channel")
    return receive_dossier(actor=lan, **body)


def test_each_role_lands_on_its_desk(client, lan, minh):
    client.force_login(lan)
    assert client.get("/office/").url == "/office/quay/"
    client.force_login(minh)
    assert client.get("/office/").url == "/office/ho-so/?view=mine"


def test_citizens_and_strangers_are_kept_out(client, citizen):
    assert client.get("/office/ho-so/").status_code == 302  # to the login page
    client.force_login(citizen)
    assert client.get("/office/ho-so/").status_code == 403


def test_the_worklist_shows_the_units_dossiers_with_their_standing(client, lan, dossier):
    client.force_login(lan)
    page = client.get("/office/ho-so/?view=unit").content.decode()
    assert dossier.code in page
    assert "Hồ sơ của đơn vị" in page
    assert "Trong hạn" in page


def test_htmx_gets_only_the_rows(client, lan, dossier):
    client.force_login(lan)
    response = client.get("/office/ho-so/", {"q": "nguyen van an"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert dossier.code in html
    assert "<html" not in html
    assert (
        client.get("/office/ho-so/", {"q": "khong co ai"}, HTTP_HX_REQUEST="true")
        .content.decode()
        .count("Không có hồ sơ nào")
        == 1
    )


def test_the_dossier_page_offers_only_what_the_role_may_do_now(client, lan, minh, dossier):
    client.force_login(lan)
    page = client.get(f"/office/ho-so/{dossier.code}/").content.decode()
    assert "Chuyển xử lý" in page
    assert "Phê duyệt kết quả" not in page
    client.force_login(minh)
    page = client.get(f"/office/ho-so/{dossier.code}/").content.decode()
    assert "Chuyển xử lý</summary>" not in page  # the counter still holds the first step
    assert "Phê duyệt kết quả" not in page


def test_another_agency_gets_404(client, outsider, dossier):
    client.force_login(outsider)
    assert client.get(f"/office/ho-so/{dossier.code}/").status_code == 404


def test_an_action_from_the_page_goes_through_the_service(client, lan, dossier):
    client.force_login(lan)
    response = client.post(
        f"/office/ho-so/{dossier.code}/thao-tac/transfer/", {"to_step": "2", "note": "Đủ"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert Dossier.objects.get(pk=dossier.pk).status_code == 4


def test_a_refused_action_shows_its_reason_and_changes_nothing(client, hoa, lan, dossier):
    client.force_login(lan)
    response = client.post(
        f"/office/ho-so/{dossier.code}/thao-tac/withdraw/", {"reason": ""}, follow=True
    )
    # Back on the dossier's page, not the action's address (issue 21, minor), with the reason.
    assert response.redirect_chain == [(f"/office/ho-so/{dossier.code}/", 302)]
    assert "Cần nêu rõ lý do" in response.content.decode()
    with scopes_disabled():
        assert Dossier.objects.get(pk=dossier.pk).status_code == 2


def test_the_counter_finds_procedures_without_diacritics(client, lan):
    client.force_login(lan)
    html = client.get(
        "/office/quay/thu-tuc/", {"q": "ket hon"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Đăng ký kết hôn" in html
    assert "Cấp đổi Giấy chứng nhận" not in html  # a provincial procedure is not received here


def test_the_counter_receives_a_dossier_from_the_form(client, lan, monday):
    client.force_login(lan)
    form = {
        "procedure": "1.004873",
        "case": "default",
        "intent": "receive",
        "c_to_khai_tthn": "1",
        "o_to_khai_tthn": "1",
        "c_giay_to_tuy_than": "1",
        "s_giay_to_tuy_than": "1",
        "applicant_name": "Trần Thị Bình",
        "applicant_phone": "0912 111 222",
        "channel": "counter",
    }
    response = client.post("/office/quay/", form)
    assert response.status_code == 302, response.content.decode()[:500]
    with scopes_disabled():
        dossier = Dossier.objects.get()
    assert response.url == f"/office/ho-so/{dossier.code}/?in=receipt"
    assert (dossier.applicant_name, dossier.applicant_phone) == ("Trần Thị Bình", "0912111222")


def test_the_counter_records_photocopies_and_who_submits_for_the_owner(client, lan, monday):
    """Issue 18 item 3: originals, certified copies and photocopies apart; the submitter
    (người nộp thay, ủy quyền) beside the owner (chủ hồ sơ)."""
    client.force_login(lan)
    form = {
        "procedure": "1.004873",
        "case": "default",
        "intent": "receive",
        "c_to_khai_tthn": "1",
        "o_to_khai_tthn": "1",
        "c_giay_to_tuy_than": "1",
        "s_giay_to_tuy_than": "1",
        "p_giay_to_tuy_than": "2",
        "applicant_name": "Trần Thị Bình",
        "applicant_phone": "0912 111 222",
        "submitter_name": "Lê Văn Cường",
        "submitter_id_number": "001090000777",
        "channel": "counter",
    }
    assert client.post("/office/quay/", form).status_code == 302
    with scopes_disabled():
        dossier = Dossier.objects.get()
        paper = dossier.components.get(code="giay_to_tuy_than")
    assert (paper.originals, paper.copies, paper.photocopies) == (0, 1, 2)
    assert (dossier.applicant_name, dossier.submitter_name) == ("Trần Thị Bình", "Lê Văn Cường")
    assert dossier.submitter_id_number == "001090000777"


def test_a_counter_form_missing_papers_says_which(client, lan, monday):
    client.force_login(lan)
    response = client.post(
        "/office/quay/",
        {"procedure": "1.004873", "intent": "receive", "applicant_name": "Trần Thị Bình"},
    )
    assert response.status_code == 400
    assert "chưa đủ thành phần bắt buộc" in response.content.decode()
    with scopes_disabled():
        assert not Dossier.objects.exists()


def test_a_delegated_officer_decides_at_the_counter_in_one_go(client, agency_b, monday):
    from motcua.accounts.services import create_staff_user
    from motcua.testing import PASSWORD

    tuan = create_staff_user(
        "tuan", agency=agency_b, role="counter", password=PASSWORD, counter_delegate=True
    )
    Procedure.objects.filter(code="2.000815").update(at_counter=True)
    client.force_login(tuan)
    assert "4 tại chỗ" in client.get("/office/quay/", {"procedure": "2.000815"}).content.decode()
    response = client.post(
        "/office/quay/",
        {
            "procedure": "2.000815",
            "intent": "decide_now",
            "c_ban_chinh": "1",
            "o_ban_chinh": "1",
            "applicant_name": "Lê Văn Quý",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert Dossier.objects.get().status_code == 10


def test_scanning_the_slip_opens_the_dossier(client, lan, dossier):
    client.force_login(lan)
    response = client.get(
        "/office/quay/tra-ket-qua/", {"scan": f"https://motcua.example/tra-cuu?code={dossier.code}"}
    )
    assert response.url == f"/office/ho-so/{dossier.code}/"


def test_the_step_editor_refuses_more_hours_than_the_limit(client, catalog):
    from motcua.accounts.services import create_staff_user

    province_admin = create_staff_user(
        "qt", agency=catalog["000.00.00.H99"], role="admin", password=None
    )
    client.force_login(province_admin)
    url = "/office/quan-tri/thu-tuc/1.004873/quy-trinh/default/"
    assert "Quy trình nội bộ" in client.get(url).content.decode()
    form = {
        "rows": "2",
        "name_0": "Tiếp nhận",
        "role_0": "counter",
        "hours_0": "4",
        "name_1": "Thẩm định",
        "role_1": "specialist",
        "hours_1": "40",
    }
    response = client.post(url, form)
    assert response.status_code == 400
    assert "vượt thời hạn giải quyết" in response.content.decode()
    form["hours_1"] = "16"
    assert client.post(url, form).status_code == 302
    version = Procedure.objects.get(code="1.004873").current_version
    assert version.number == 2
    assert list(version.cases.get().steps.values_list("hours", flat=True)) == [4, 16]


def test_an_admin_adds_a_local_holiday(client, thu):
    client.force_login(thu)
    response = client.post(
        "/office/quan-tri/lich/?year=2026",
        {"date": "2026-12-01", "kind": "holiday", "name": "Ngày truyền thống phường"},
    )
    assert response.status_code == 302
    bad = client.post(
        "/office/quan-tri/lich/?year=2026",
        {"date": "2026-12-05", "kind": "holiday", "name": "Thứ Bảy"},
    )
    assert bad.status_code == 400
    assert "cuối tuần" in bad.content.decode()


def test_an_admin_manages_the_agencys_users(client, thu):
    from motcua.accounts.models import User

    client.force_login(thu)
    response = client.post(
        "/office/quan-tri/nguoi-dung/",
        {"username": "moi", "role": "specialist", "full_name": "Cán Bộ Mới"},
    )
    assert response.status_code == 302
    newcomer = User.objects.get(username="moi")
    assert (newcomer.agency, newcomer.role) == (thu.agency, "specialist")
    client.post(
        "/office/quan-tri/nguoi-dung/", {"user": newcomer.pk, "role": "leader", "is_active": "1"}
    )
    newcomer.refresh_from_db()
    assert newcomer.role == "leader"


def test_a_counter_officer_cannot_open_administration(client, lan):
    client.force_login(lan)
    assert client.get("/office/quan-tri/").status_code == 403
