"""import_dossiers: historical dossiers load all or nothing, with counts; counters move on."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from motcua.dossiers.models import Dossier
from motcua.dossiers.services.intake import receive_dossier
from motcua.dossiers.tests.support import MONDAY, intake_body

pytestmark = pytest.mark.django_db


def line(**overrides):
    item = {
        "code": "000.00.31.H99-250310-0001",
        "agency": "000.00.31.H99",
        "procedure": "1.004873",
        "channel": "online",
        "applicant": {"name": "Phạm Thị Mai", "phone": "0911222333"},
        "received_at": "2025-03-10T08:15:00+07:00",
        "due_at": "2025-03-13T08:15:00+07:00",
        "finished_at": "2025-03-12T16:00:00+07:00",
        "returned_at": None,
        "outcome": "done",
    }
    item.update(overrides)
    return json.dumps(item, ensure_ascii=False)


def write(tmp_path, lines):
    path = tmp_path / "hoso.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_a_file_loads_with_counts_and_statuses(tmp_path, catalog, capsys):
    path = write(
        tmp_path,
        [
            line(),
            line(code="000.00.31.H99-250310-0002", outcome=None, finished_at=None, due_at=None),
            line(code="000.00.31.H99-250310-0003", returned_at="2025-03-13T08:00:00+07:00"),
        ],
    )
    call_command("import_dossiers", path)
    assert "Đã nạp 3 hồ sơ" in capsys.readouterr().out
    with scopes_disabled():
        rows = {d.code[-4:]: d for d in Dossier.objects.all()}
    assert (rows["0001"].status, rows["0001"].status_code, rows["0001"].outcome) == (
        "done",
        9,
        "done",
    )
    assert (rows["0002"].status_code, rows["0002"].outcome) == (4, "")
    # A missing due is computed from the procedure (3 working days on the ward's calendar).
    assert rows["0002"].due_at.isoformat() == "2025-03-13T01:15:00+00:00"
    assert rows["0003"].status_code == 10


def test_new_receptions_continue_after_the_imported_codes(tmp_path, catalog, lan):
    from motcua import clock

    call_command("import_dossiers", write(tmp_path, [line(code="000.00.31.H99-250310-0041")]))
    with clock.frozen(MONDAY):
        body = intake_body()
        dossier = receive_dossier(actor=lan, **body)
    assert dossier.code == "000.00.31.H99-250310-0042"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "Dòng 2: không phải JSON"),
        (
            line(code="000.00.31.H99-250310-0002", agency="000.00.99.H99"),
            "Dòng 2: không có cơ quan",
        ),
        (line(code="XX-1"), "Dòng 2: mã hồ sơ"),
        (line(code="000.00.31.H99-250310-0002", procedure="0.000000"), "Dòng 2: không có thủ tục"),
        (
            line(code="000.00.31.H99-250310-0002", outcome="done", finished_at=None),
            "thiếu finished_at",
        ),
        (line(code="000.00.31.H99-250310-0002", outcome="lost"), "outcome"),
        (line(), "Dòng 2: mã hồ sơ 000.00.31.H99-250310-0001 bị trùng"),
        (
            line(code="000.00.31.H99-190310-0002", received_at="2019-03-10T08:00", due_at=None),
            "năm 2019",
        ),
    ],
)
def test_one_bad_line_loads_nothing(tmp_path, catalog, bad, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_dossiers", write(tmp_path, [line(), bad]))
    with scopes_disabled():
        assert Dossier.objects.count() == 0


def test_codes_already_in_the_system_are_refused(tmp_path, catalog):
    call_command("import_dossiers", write(tmp_path, [line()]))
    with pytest.raises(CommandError, match="đã có trong hệ thống"):
        call_command("import_dossiers", write(tmp_path, [line()]))
    with scopes_disabled():
        assert Dossier.objects.count() == 1


def test_the_import_leaves_fresh_planner_statistics(tmp_path, catalog):
    """The worklists' plans must not rest on the counts of an empty table until autovacuum
    comes round: the import runs ANALYZE on what it filled."""
    from django.db import connection

    codes = [f"000.00.31.H99-250310-{n:04d}" for n in range(1, 4)]
    call_command("import_dossiers", write(tmp_path, [line(code=code) for code in codes]))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'dossiers_dossier'")
        else:
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'dossiers_dossier'")
        (found,) = cursor.fetchone()
    assert float(str(found).split()[0]) == 3


@pytest.mark.django_db(transaction=True)
def test_the_import_leaves_the_pages_it_filled_all_visible_on_postgresql(tmp_path, catalog):
    """Outside a transaction (as ``manage.py import_dossiers`` runs) the import vacuums what it
    filled on PostgreSQL, so the worklists' index-only scans skip the rows' pages at once; on
    SQLite it leaves statistics as above."""
    from django.db import connection

    codes = [f"000.00.31.H99-250310-{n:04d}" for n in range(1, 4)]
    call_command("import_dossiers", write(tmp_path, [line(code=code) for code in codes]))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT relpages, relallvisible, reltuples FROM pg_class "
                "WHERE relname = 'dossiers_dossier'"
            )
            pages, visible, rows = cursor.fetchone()
            assert (pages, visible, rows) == (1, 1, 3)
        else:
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'dossiers_dossier'")
            (found,) = cursor.fetchone()
            assert float(str(found).split()[0]) == 3
