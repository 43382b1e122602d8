"""Files at intake: uploads and store items linked to the dossier's papers, checked all at once;
a bad id writes nothing. Digitised papers go into the applicant's data store at reception."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django_scopes import scopes_disabled

from motcua.audit.models import Event
from motcua.documents.models import Attachment, Document, StoreItem
from motcua.documents.tests import files
from motcua.dossiers.models import DailyCounter, Dossier, DossierComponent
from motcua.dossiers.tests.support import intake_body

pytestmark = pytest.mark.django_db

ID_NUMBER = "001090000001"  # the applicant of intake_body()


def upload(api, content=None, name="giấy tờ.pdf") -> int:
    response = files.post_file(api.client, api.auth, "/files", content or files.a_pdf(), name)
    assert response.status_code == 201, response.content
    return response.json()["id"]


def with_files(tokhai=(), giayto=(), stored=()):
    return intake_body(
        components=[
            {"code": "to_khai_tthn", "originals": 1, "file_ids": list(tokhai)},
            {
                "code": "giay_to_tuy_than",
                "copies": 1,
                "file_ids": list(giayto),
                "store_item_ids": list(stored),
            },
        ]
    )


def nothing_written():
    with scopes_disabled():
        return (
            Dossier.objects.count() == 0
            and DailyCounter.objects.filter(last__gt=0).count() == 0
            and Attachment.objects.count() == 0
            and StoreItem.objects.count() == 0
        )


def test_uploaded_files_are_linked_to_their_papers_and_marked_digitised(as_user, lan, monday):
    counter = as_user(lan)
    form, card = upload(counter, name="Tờ khai.pdf"), upload(counter, files.a_jpeg(), "CCCD.jpg")

    response = counter.post("/dossiers", with_files(tokhai=[form], giayto=[card]))

    assert response.status_code == 201, response.content
    detail = counter.get(f"/dossiers/{response.json()['code']}").json()
    assert {(d["id"], d["part"], d["role"]) for d in detail["documents"]} == {
        (form, "to_khai_tthn", "component"),
        (card, "giay_to_tuy_than", "component"),
    }
    assert all(c["digitised"] for c in detail["components"])


def test_a_paper_file_can_be_downloaded_through_its_dossier(as_user, lan, outsider, monday):
    counter = as_user(lan)
    content = files.a_pdf("Tờ khai xác nhận tình trạng hôn nhân")
    form = upload(counter, content, "Tờ khai.pdf")
    code = counter.post("/dossiers", with_files(tokhai=[form])).json()["code"]

    response = counter.get(f"/dossiers/{code}/files/{form}")

    assert response.status_code == 200
    assert response.content == content
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert as_user(outsider).get(f"/dossiers/{code}/files/{form}").status_code == 404


@pytest.mark.parametrize("who", ["missing", "someone_else", "attached"])
def test_a_bad_file_id_refuses_the_dossier_in_vietnamese_and_writes_nothing(
    as_user, lan, outsider, monday, who
):
    counter = as_user(lan)
    good = upload(counter)
    if who == "missing":
        bad = 999_999
    elif who == "someone_else":
        bad = upload(as_user(outsider))
    else:
        bad = upload(counter)
        assert counter.post("/dossiers", with_files(tokhai=[bad])).status_code == 201
    before = _counts()

    response = counter.post("/dossiers", with_files(tokhai=[good], giayto=[bad]))

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_files"
    assert body["message"].startswith("Tệp đính kèm không hợp lệ: tệp số")
    assert str(bad) in body["details"]["file_ids"]
    assert _counts() == before
    assert not Attachment.objects.filter(document_id=good).exists()


def _counts():
    with scopes_disabled():
        return (
            Dossier.objects.count(),
            DailyCounter.objects.filter(last__gt=0).count(),
            Attachment.objects.count(),
            Event.objects.filter(action="dossier.receive").count(),
        )


def test_the_same_file_for_two_papers_is_refused(as_user, lan, monday):
    counter = as_user(lan)
    one = upload(counter)

    response = counter.post("/dossiers", with_files(tokhai=[one], giayto=[one]))

    assert response.status_code == 400
    assert "hai thành phần" in response.json()["message"]
    assert nothing_written()


def test_digitised_papers_go_into_the_applicants_data_store_at_reception(as_user, lan, monday):
    counter = as_user(lan)
    form = upload(counter, name="Tờ khai.pdf")
    code = counter.post("/dossiers", with_files(tokhai=[form])).json()["code"]

    [item] = StoreItem.objects.all()
    assert (item.id_number, item.kind, item.source_code) == (ID_NUMBER, "component", code)
    assert item.title == "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu"
    assert item.document_id == form
    assert item.holder_name == "Nguyễn Văn An"


def test_the_counter_looks_up_the_store_and_reuses_a_paper_instead_of_a_copy(as_user, lan, monday):
    counter = as_user(lan)
    card = upload(counter, files.a_jpeg(), "CCCD.jpg")
    counter.post("/dossiers", with_files(giayto=[card]))

    listing = counter.get("/store", {"id_number": ID_NUMBER})
    assert listing.status_code == 200
    [item] = listing.json()
    assert item["title"].startswith("Giấy tờ tùy thân của người yêu cầu")
    assert (item["kind"], item["source_code"], item["file"]["id"]) == (
        "component",
        "000.00.31.H99-250310-0001",
        card,
    )

    second = counter.post("/dossiers", with_files(stored=[item["id"]]))

    assert second.status_code == 201, second.content
    detail = counter.get(f"/dossiers/{second.json()['code']}").json()
    paper = next(c for c in detail["components"] if c["code"] == "giay_to_tuy_than")
    assert (paper["digitised"], paper["from_store"], paper["reused"]) == (True, True, True)
    [document] = detail["documents"]
    assert (document["id"], document["from_store"]) == (card, True)
    assert StoreItem.objects.count() == 1  # the same paper, not filed twice


def test_a_store_item_of_another_person_cannot_be_attached(as_user, lan, monday):
    counter = as_user(lan)
    card = upload(counter, files.a_jpeg(), "CCCD.jpg")
    counter.post("/dossiers", with_files(giayto=[card]))
    item = StoreItem.objects.get()
    someone_else = with_files(stored=[item.pk])
    someone_else["applicant"]["id_number"] = "001090000999"

    response = counter.post("/dossiers", someone_else)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_store_items"


def test_each_store_lookup_is_recorded_and_only_the_counter_may_look(
    as_user, lan, minh, monday, no_scopes
):
    assert as_user(minh).get("/store", {"id_number": ID_NUMBER}).status_code == 403
    as_user(lan).get("/store", {"id_number": ID_NUMBER})
    as_user(lan).get("/store", {"id_number": ID_NUMBER})

    events = Event.objects.filter(action="documents.store_looked_up")
    assert events.count() == 2
    assert {(e.actor, e.data["id_number"]) for e in events} == {(lan, ID_NUMBER)}


def test_an_officer_sees_and_reuses_only_their_own_agencys_store_items(
    as_user, lan, outsider, monday, no_scopes
):
    counter = as_user(lan)
    card = upload(counter, files.a_jpeg(), "CCCD.jpg")
    counter.post("/dossiers", with_files(giayto=[card]))
    item = StoreItem.objects.get()
    other = as_user(outsider)

    listing = other.get("/store", {"id_number": ID_NUMBER, "purpose": "Cấp bản sao"})
    reuse = other.post("/dossiers", with_files(stored=[item.pk]))

    assert listing.status_code == 200
    assert listing.json() == []
    assert reuse.status_code == 400
    assert reuse.json()["error"] == "invalid_store_items"
    assert [i["id"] for i in counter.get("/store", {"id_number": ID_NUMBER}).json()] == [item.pk]
    events = Event.objects.filter(action="documents.store_looked_up").order_by("id")
    assert [(e.actor, e.data["found"], e.data["purpose"]) for e in events] == [
        (outsider, 0, "Cấp bản sao"),
        (lan, 1, "tiếp nhận hồ sơ"),
    ]


def test_a_store_lookup_needs_a_valid_id_number(as_user, lan):
    response = as_user(lan).get("/store", {"id_number": "abc"})

    assert response.status_code == 400
    assert "Số định danh" in response.json()["message"]


def test_a_citizen_submits_online_with_their_own_uploads(as_user, citizen, lan, monday):
    own = as_user(citizen)
    form = upload(own, name="Tờ khai.pdf")
    response = own.post("/public/dossiers", online(with_files(tokhai=[form])))

    assert response.status_code == 201, response.content
    assert StoreItem.objects.count() == 0  # filed in the store when the counter accepts it
    code = response.json()["code"]
    accepted = as_user(lan).act(code, "accept").json()
    [item] = StoreItem.objects.all()
    assert item.source_code == accepted["code"] != code


def online(body: dict) -> dict:
    body.pop("channel")
    body["agency"] = "000.00.31.H99"
    return body


def test_a_citizen_reuses_a_paper_their_own_dossier_put_in_the_store(as_user, citizen, lan, monday):
    own = as_user(citizen)
    scanned = files.a_jpeg()
    card = upload(own, scanned, "CCCD.jpg")
    first = own.post("/public/dossiers", online(with_files(giayto=[card]))).json()["code"]
    as_user(lan).act(first, "accept")
    [item] = own.get("/my/store").json()
    assert (item["kind"], item["file"]["id"]) == ("component", card)
    assert own.client.get(f"/api/v1/my/store/{item['id']}/file", **own.auth).content == scanned

    response = own.post("/public/dossiers", online(with_files(stored=[item["id"]])))

    assert response.status_code == 201, response.content
    second = as_user(lan).act(response.json()["code"], "accept").json()["code"]
    detail = as_user(lan).get(f"/dossiers/{second}").json()
    paper = next(c for c in detail["components"] if c["code"] == "giay_to_tuy_than")
    assert (paper["from_store"], paper["reused"]) == (True, True)
    assert [d["id"] for d in detail["documents"]] == [card]
    assert StoreItem.objects.count() == 1


def test_a_citizen_may_not_reuse_a_paper_their_own_dossiers_did_not_file(
    as_user, citizen, lan, monday
):
    counter = as_user(lan)
    card = upload(counter, files.a_jpeg(), "CCCD.jpg")
    counter.post("/dossiers", with_files(giayto=[card]))  # same ID number, at the counter
    item = StoreItem.objects.get()
    own = as_user(citizen)
    assert own.get("/my/store").json() == []
    assert own.client.get(f"/api/v1/my/store/{item.pk}/file", **own.auth).status_code == 404

    response = own.post("/public/dossiers", online(with_files(stored=[item.pk])))

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_store_items"
    with scopes_disabled():
        assert Dossier.objects.filter(citizen=citizen).count() == 0
    assert Attachment.objects.filter(document=item.document).count() == 1


def test_staff_have_no_store_of_their_own(as_user, lan, monday):
    counter = as_user(lan)
    counter.post("/dossiers", with_files(giayto=[upload(counter, files.a_jpeg(), "CCCD.jpg")]))

    assert counter.get("/my/store").json() == []


def test_a_scan_made_later_digitises_one_paper_of_a_received_dossier(
    as_user, lan, outsider, monday, no_scopes
):
    counter = as_user(lan)
    code = counter.post("/dossiers", intake_body()).json()["code"]
    scan = files.a_jpeg()

    response = files.post_file(
        counter.client,
        counter.auth,
        f"/dossiers/{code}/components/giay_to_tuy_than/files",
        scan,
        "CCCD.jpg",
    )

    assert response.status_code == 201, response.content
    file_id = response.json()["file"]["id"]
    paper = DossierComponent.objects.get(dossier__code=code, code="giay_to_tuy_than")
    assert paper.digitised
    assert StoreItem.objects.get().document_id == file_id
    assert default_storage.open(Document.objects.get(pk=file_id).storage_name).read() == scan
    [event] = Event.objects.filter(action="dossier.component_digitised")
    assert (event.actor, event.data["component"]) == (lan, "giay_to_tuy_than")
    other = files.post_file(
        counter.client,
        as_user(outsider).auth,
        f"/dossiers/{code}/components/giay_to_tuy_than/files",
        scan,
    )
    assert other.status_code == 404


def test_a_scan_for_a_paper_the_dossier_does_not_have_is_404(as_user, lan, monday):
    counter = as_user(lan)
    code = counter.post("/dossiers", intake_body()).json()["code"]

    response = files.post_file(
        counter.client, counter.auth, f"/dossiers/{code}/components/khong_co/files", files.a_pdf()
    )

    assert response.status_code == 404
    assert Document.objects.count() == 0


def test_supplement_files_are_attached_to_the_dossier(as_user, lan, minh, monday):
    counter, specialist = as_user(lan), as_user(minh)
    code = counter.post("/dossiers", intake_body()).json()["code"]
    counter.act(code, "transfer")
    specialist.act(code, "request_supplement", reason="Thiếu bản án ly hôn")
    paper = upload(counter, name="Bản án ly hôn.pdf")

    resumed = counter.act(code, "supplement_received", file_ids=[paper])

    assert resumed.status_code == 200, resumed.content
    documents = counter.get(f"/dossiers/{code}").json()["documents"]
    assert [(d["id"], d["role"]) for d in documents] == [(paper, "supplement")]
    again = counter.act(code, "supplement_received", file_ids=[paper])
    assert again.status_code == 409
