"""``import_backlog``: scanned records of past years into the holders' data stores, all or
nothing, every file checked by its content first."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from motcua.audit.models import Event
from motcua.documents.models import Document, StoreItem
from motcua.documents.tests import files

pytestmark = pytest.mark.django_db

HEADER = "file,code,agency,procedure,id_number,applicant_name,issued_on,title"


@pytest.fixture
def folder(tmp_path, catalog):
    (tmp_path / "2008").mkdir()
    (tmp_path / "2008" / "khai-sinh-0012.pdf").write_bytes(files.a_pdf("Giấy khai sinh", pages=2))
    (tmp_path / "2015-ket-hon.pdf").write_bytes(files.a_pdf("Giấy chứng nhận kết hôn"))
    (tmp_path / "2019 xác nhận.pdf").write_bytes(files.a_pdf("Giấy xác nhận tình trạng hôn nhân"))
    return tmp_path


def write_index(folder, *rows, name="index.csv"):
    content = "\n".join([HEADER, *rows]) + "\n"
    (folder / name).write_bytes(b"\xef\xbb\xbf" + content.encode("utf-8"))  # as Excel saves it
    return folder / name


GOOD = (
    "2008/khai-sinh-0012.pdf,KS-2008-0012,000.00.31.H99,1.001193,038185001234,"
    "Nguyễn Thị Hường,14/03/2008,Giấy khai sinh",
    "2015-ket-hon.pdf,,000.00.33.H99,1.000894,038185001234,Nguyễn Thị Hường,2015-06-20,"
    "Giấy chứng nhận kết hôn",
    "2019 xác nhận.pdf,000.00.31.H99-190301-0007,000.00.31.H99,1.004873,001090000001,"
    "Nguyễn Văn An,01/03/2019,Giấy xác nhận tình trạng hôn nhân",
)


def run(folder, index=None):
    out = io.StringIO()
    args = [str(folder)] + (["--index", str(index)] if index else [])
    call_command("import_backlog", *args, stdout=out)
    return out.getvalue()


def test_the_backlog_goes_into_each_holders_store(folder, no_scopes):
    write_index(folder, *GOOD)

    assert "nạp 3 giấy tờ" in run(folder)

    items = StoreItem.objects.order_by("issued_on")
    assert [(i.id_number, i.title, str(i.issued_on)) for i in items] == [
        ("038185001234", "Giấy khai sinh", "2008-03-14"),
        ("038185001234", "Giấy chứng nhận kết hôn", "2015-06-20"),
        ("001090000001", "Giấy xác nhận tình trạng hôn nhân", "2019-03-01"),
    ]
    birth = items[0]
    assert (birth.kind, birth.source_code, birth.procedure_code) == (
        "result",
        "KS-2008-0012",
        "1.001193",
    )
    assert (birth.holder_name, birth.agency.code) == ("Nguyễn Thị Hường", "000.00.31.H99")
    assert birth.document.origin == "backlog" and birth.document.pages == 2
    assert (
        default_storage.open(birth.document.storage_name).read()
        == (folder / "2008" / "khai-sinh-0012.pdf").read_bytes()
    )
    [event] = Event.objects.filter(action="documents.backlog_imported")
    assert (event.data["rows"], event.data["added"]) == (3, 3)


def test_running_the_same_index_again_adds_nothing(folder):
    write_index(folder, *GOOD)
    run(folder)

    assert "nạp 0 giấy tờ vào kho dữ liệu, 3 giấy tờ đã có" in run(folder)

    assert (Document.objects.count(), StoreItem.objects.count()) == (3, 3)


def test_the_counter_finds_backlog_papers_by_id_number(folder, client, api_token, lan):
    write_index(folder, *GOOD)
    run(folder)

    listing = client.get("/api/v1/store", {"id_number": "038185001234"}, **api_token(lan))

    # Only the papers of the officer's own agency: the marriage certificate is xã Tân Lập's.
    assert [i["title"] for i in listing.json()] == ["Giấy khai sinh"]


def test_one_bad_row_imports_nothing_and_every_problem_is_named(folder):
    (folder / "quyet-dinh.pdf").write_bytes(files.EXE)
    write_index(
        folder,
        *GOOD,
        "quyet-dinh.pdf,,000.00.31.H99,,001090000002,Trần Văn Minh,,Quyết định",
        "khong-co.pdf,,000.00.31.H99,,001090000003,Lê Thị Hoa,,Quyết định",
        "2015-ket-hon.pdf,,000.00.99.H99,,001090000004,Lê Thị Hoa,,Giấy chứng nhận",
        "2015-ket-hon.pdf,,000.00.31.H99,,12345,Lê Thị Hoa,,Giấy chứng nhận",
        "../ngoai-thu-muc.pdf,,000.00.31.H99,,001090000005,Lê Thị Hoa,,Giấy chứng nhận",
    )

    with pytest.raises(CommandError) as caught:
        run(folder)

    message = str(caught.value)
    assert message.startswith("Không nạp gì: ")
    assert "dòng 5: tệp 'quyet-dinh.pdf': Chỉ nhận tệp PDF" in message
    assert "dòng 6: không có tệp 'khong-co.pdf'" in message
    assert "dòng 7: không có cơ quan mã '000.00.99.H99'" in message
    assert "dòng 8: số định danh '12345' không hợp lệ" in message
    assert "dòng 9: không có tệp '../ngoai-thu-muc.pdf'" in message
    assert (Document.objects.count(), StoreItem.objects.count()) == (0, 0)
    assert not default_storage.exists("documents")


def test_an_index_without_the_expected_columns_is_refused(folder):
    (folder / "index.csv").write_text("tep,ten\n2015-ket-hon.pdf,Kết hôn\n", encoding="utf-8")

    with pytest.raises(CommandError, match="thiếu cột: file, code, agency"):
        run(folder)


def test_another_index_file_can_be_named(folder):
    index = write_index(folder, GOOD[1], name="chi-muc-2015.csv")

    assert "nạp 1 giấy tờ" in run(folder, index)
