"""Reconciliation with the national portal (DVCQG), against the local fake gateway: the dossiers
of a range whose national status differs, or that DVCQG lacks, are printed and queued again."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from motcua import clock
from motcua.audit.models import Event
from motcua.dossiers import reconcile
from motcua.dossiers.models import Dossier, NationalCheck
from motcua.dossiers.services import intake
from motcua.dossiers.tests.support import MONDAY, intake_body, queued_again
from motcua.exchange import mapping

pytestmark = pytest.mark.django_db

DAY = "2025-03-10"  # MONDAY


def received(as_user, officer, count: int, at=MONDAY) -> list[str]:
    with clock.frozen(at):
        return [
            as_user(officer).post("/dossiers", intake_body()).json()["code"] for _ in range(count)
        ]


def on_dvcqg(fake, code: str, status: str) -> None:
    fake.dossiers[code] = {"MaHoSo": code, "TrangThaiHoSo": status}


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("dvcqg_reconcile", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_differing_and_missing_dossiers_are_printed_and_queued_again(as_user, lan, dvcqg):
    same, differs, missing = received(as_user, lan, 3)
    on_dvcqg(dvcqg, same, "2")
    on_dvcqg(dvcqg, differs, "4")

    out, _err = run("--from", DAY, "--to", DAY)

    lines = out.splitlines()
    assert lines[:-1] == [
        f"{differs}\t{differs}\ttại hệ thống 2\ttrên DVCQG 4",
        f"{missing}\t{missing}\ttại hệ thống 2\ttrên DVCQG không có",
    ]
    assert lines[-1] == "checked 3, same 1, differ 1, missing 1, failed 0, queued again 2"
    assert queued_again() == [differs, missing]
    looked_up = [c["mahoso"] for c in dvcqg.calls if c["service"] == "TraCuuHoSo"]
    assert looked_up == [same, differs, missing]


def test_the_next_sync_sends_a_missing_dossier_to_dvcqg(as_user, lan, dvcqg):
    [code] = received(as_user, lan, 1)
    run("--from", DAY, "--to", DAY)

    call_command("dvcqg_sync", "--retry-now", stdout=StringIO())

    assert dvcqg.status_of(code) == "2"
    out, _err = run("--from", DAY, "--to", DAY)
    assert out.splitlines() == ["checked 1, same 1, differ 0, missing 0, failed 0, queued again 0"]


def test_each_check_is_kept_for_the_supervisor(as_user, lan, dvcqg, no_scopes):
    same, missing = received(as_user, lan, 2)
    on_dvcqg(dvcqg, same, "2")

    with clock.frozen(MONDAY + timedelta(days=1)):
        run("--from", DAY, "--to", DAY)

    checks = {c.dossier.code: c for c in NationalCheck.objects.select_related("dossier")}
    assert (checks[same].national_status, checks[same].requeued) == ("2", False)
    assert (checks[missing].national_status, checks[missing].requeued) == ("", True)
    assert checks[missing].checked_at == MONDAY + timedelta(days=1)
    event = Event.objects.get(action="dossier.national_reconciled")
    assert event.data["checked"] == 2
    assert event.data["missing"] == 1


def test_a_dossier_from_dvcqg_is_looked_up_under_its_national_code(client, dvcqg, settings):
    from motcua.dossiers.tests.support import inbound_body

    settings.DVCQG_INBOUND_KEY = "khoa"
    with clock.frozen(MONDAY):
        client.post(
            "/api/v1/dvcqg/dossiers",
            inbound_body(),
            content_type="application/json",
            HTTP_X_API_KEY="khoa",
        )
    on_dvcqg(dvcqg, "G22.99-250310-0042", "1")

    out, _err = run("--from", DAY, "--to", DAY)

    assert out.splitlines()[-1].startswith("checked 1, same 1,")
    assert [c["mahoso"] for c in dvcqg.calls] == ["G22.99-250310-0042"]


def test_only_dossiers_received_in_the_range_are_asked_about(as_user, lan, dvcqg):
    before = received(as_user, lan, 1, at=MONDAY - timedelta(days=1, hours=2))  # Sunday 07:00
    inside = received(as_user, lan, 1)
    after = received(as_user, lan, 1, at=MONDAY + timedelta(hours=15))  # Tuesday 00:00

    run("--from", DAY, "--to", DAY)

    assert [c["mahoso"] for c in dvcqg.calls] == inside
    assert not set(before + after) & set(queued_again())


def test_a_portal_submission_waiting_for_acceptance_is_left_out(as_user, lan, citizen, dvcqg):
    body = intake_body()
    body.pop("channel")
    with clock.frozen(MONDAY):
        waiting = intake.submit_online(actor=citizen, agency="000.00.31.H99", **body).code
    [code] = received(as_user, lan, 1)

    out, _err = run("--from", DAY, "--to", DAY)

    assert [c["mahoso"] for c in dvcqg.calls] == [code]
    assert waiting not in out
    assert queued_again() == [code]


def test_the_status_is_compared_through_the_province_mapping(as_user, lan, giamsat, dvcqg):
    [code] = received(as_user, lan, 1)
    mapping.change_mapping("status", "received", "4", actor=giamsat)
    on_dvcqg(dvcqg, code, "4")

    out, _err = run("--from", DAY, "--to", DAY)

    assert out.splitlines() == ["checked 1, same 1, differ 0, missing 0, failed 0, queued again 0"]


def test_a_gateway_that_is_down_fails_the_run_and_changes_nothing(as_user, lan, dvcqg, no_scopes):
    received(as_user, lan, 3)
    dvcqg.down = True

    with pytest.raises(CommandError, match="3 hồ sơ không tra cứu được"):
        run("--from", DAY, "--to", DAY)

    assert queued_again() == []
    assert NationalCheck.objects.count() == 0


def test_without_the_gateway_settings_it_says_which_are_missing(settings, db):
    settings.DVCQG_URL = ""

    with pytest.raises(CommandError, match="DVCQG_URL"):
        run("--from", DAY, "--to", DAY)


def test_a_backwards_or_malformed_range_is_refused(db):
    with pytest.raises(CommandError):
        run("--from", "2025-03-11", "--to", DAY)
    with pytest.raises(CommandError):
        run("--from", "11/03/2025", "--to", DAY)


def test_periods_count_here_against_dvcqg(as_user, lan, agency_a, dvcqg, no_scopes):
    codes = received(as_user, lan, 3)
    on_dvcqg(dvcqg, codes[0], "2")
    on_dvcqg(dvcqg, codes[1], "9")
    run("--from", DAY, "--to", DAY)
    march = reconcile.received_between(date(2025, 2, 15), date(2025, 3, 14))

    class Period:
        code, label, start, end = "2025-03", "Tháng 3", date(2025, 2, 15), date(2025, 3, 14)

    [row] = reconcile.counts([agency_a.pk], [Period])

    assert march.count() == 3
    assert (row.here, row.checked, row.on_national) == (3, 3, 2)
    assert (row.same, row.differing, row.missing) == (1, 1, 1)
    with scopes_disabled():
        assert Dossier.objects.count() == 3
