"""The report schedule (lịch báo cáo): due days as data (the 17th by default), periods of
Decree 09/2019 art. 12, reminders once through the outbox, "sent" with its day and file, late
reports on the supervisor's dashboard, and who may change what."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua import clock
from motcua.audit.models import Event
from motcua.documents.tests import files
from motcua.errors import PermissionDenied, ValidationFailed
from motcua.notify.models import Message
from motcua.reports import schedule
from motcua.reports.models import ReportDue

pytestmark = pytest.mark.django_db


def at(day: date):
    return clock.frozen(datetime(day.year, day.month, day.day, 9, tzinfo=clock.VN))


@pytest.mark.parametrize(
    ("end", "due_day", "due"),
    [
        (date(2026, 3, 14), 17, date(2026, 3, 17)),  # Q1 2026 ends 14/03, due the 17th
        (date(2026, 12, 14), 17, date(2026, 12, 17)),  # the year
        (date(2026, 12, 14), 20, date(2026, 12, 20)),
        (date(2026, 12, 14), 14, date(2027, 1, 14)),  # not after the 14th: the next month
        (date(2026, 1, 14), 5, date(2026, 2, 5)),
    ],
)
def test_the_due_day_follows_the_period_end(end, due_day, due):
    assert schedule.due_date(end, due_day) == due


def test_periods_of_each_frequency():
    assert [p.code for p in schedule.periods_of("quarter", 2026)] == [
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]
    assert len(schedule.periods_of("month", 2026)) == 12
    assert [p.code for p in schedule.periods_of("half", 2026)] == ["2026-H1"]
    assert [p.code for p in schedule.periods_of("nine", 2026)] == ["2026-9M"]
    assert [p.code for p in schedule.periods_of("year", 2026)] == ["2026"]


@pytest.fixture
def quarterly(agency_a, giamsat):
    return schedule.set_schedule(giamsat, agency_a, "bieu_06", "quarter", starts_on="2026-01-01")


def test_a_schedule_owes_the_periods_begun_since_it_applies(quarterly):
    owed = schedule.owed(quarterly, date(2026, 7, 1))
    assert [(o.period.code, o.due_on) for o in owed] == [
        ("2026-Q1", date(2026, 3, 17)),
        ("2026-Q2", date(2026, 6, 17)),
        ("2026-Q3", date(2026, 9, 17)),  # begun 15/06, not yet due
    ]
    assert [o.status(date(2026, 7, 1)) for o in owed] == ["overdue", "overdue", "open"]


def test_the_defaults_are_the_17th_and_three_days(quarterly, giamsat):
    assert (quarterly.due_day, quarterly.remind_days) == (17, 3)
    event = Event.objects.with_scopes_disabled().get(action="reports.schedule_set")
    assert event.actor == giamsat and event.after["due_day"] == 17


def test_bad_schedule_input_is_refused_and_nothing_changes(agency_a, giamsat, quarterly):
    for kwargs in (
        {"kind": "bieu_07", "frequency": "quarter"},
        {"kind": "bieu_06", "frequency": "weekly"},
        {"kind": "bieu_06", "frequency": "quarter", "due_day": 31},
        {"kind": "bieu_06", "frequency": "quarter", "due_day": "mười bảy"},
        {"kind": "bieu_06", "frequency": "quarter", "remind_days": -1},
        {"kind": "bieu_06", "frequency": "quarter", "starts_on": "2026-02-30"},
    ):
        with pytest.raises(ValidationFailed):
            schedule.set_schedule(giamsat, agency_a, **kwargs)
    quarterly.refresh_from_db()
    assert quarterly.due_day == 17
    assert Event.objects.with_scopes_disabled().filter(action="reports.schedule_set").count() == 1


def test_only_the_unit_admin_or_a_supervisor_above_sets_the_schedule(
    agency_a, agency_b, hoa, thu, outsider
):
    schedule.set_schedule(thu, agency_a, "one_stop", "half", due_day=20)
    for user, agency in ((hoa, agency_a), (thu, agency_b), (outsider, agency_a)):
        with pytest.raises(PermissionDenied):
            schedule.set_schedule(user, agency, "one_stop", "half")


def test_reminders_go_once_through_the_outbox_before_the_due_day(quarterly, hoa, thu, minh):
    hoa.email = "hoa@minhson.example.vn"
    hoa.save()
    thu.phone = "0912000111"
    thu.save()  # minh, a specialist, is not reminded
    assert schedule.send_reminders(date(2026, 6, 13)) == 0  # four days before the 17th
    assert schedule.send_reminders(date(2026, 6, 14)) == 2
    assert schedule.send_reminders(date(2026, 6, 15)) == 0  # once
    sent = {(m.channel, m.recipient) for m in Message.objects.with_scopes_disabled().all()}
    assert sent == {("email", "hoa@minhson.example.vn"), ("sms", "0912000111")}
    body = Message.objects.with_scopes_disabled().get(channel="sms").body
    assert "Quý II năm 2026" in body and "17/06/2026" in body
    row = ReportDue.objects.get(period="2026-Q2")
    assert row.reminders == 2 and row.sent_on is None


def test_a_report_sent_is_not_reminded(quarterly, hoa):
    hoa.email = "hoa@minhson.example.vn"
    hoa.save()
    with at(date(2026, 6, 10)):
        schedule.mark_sent(hoa, quarterly.pk, "2026-Q2", "2026-06-10", files.a_pdf(), "q2.pdf")
    assert schedule.send_reminders(date(2026, 6, 15)) == 0
    assert not Message.objects.with_scopes_disabled().exists()


def test_sent_with_its_day_and_file_late_when_after_the_due_day(quarterly, hoa):
    with at(date(2026, 6, 20)):
        on_time = schedule.mark_sent(
            hoa, quarterly.pk, "2026-Q1", "2026-03-17", files.a_pdf(), "bieu06-q1.pdf"
        )
        late = schedule.mark_sent(
            hoa, quarterly.pk, "2026-Q2", "2026-06-18", files.a_pdf(), "bieu06-q2.pdf"
        )
    assert (on_time.sent_late, late.sent_late) == (False, True)
    assert late.document.name == "bieu06-q2.pdf" and late.sent_by == hoa
    event = Event.objects.with_scopes_disabled().filter(action="reports.report_sent").latest("id")
    assert event.after["late"] is True and event.after["sent_on"] == "2026-06-18"


def test_sent_refuses_bad_input_and_writes_nothing(quarterly, hoa, outsider):
    with at(date(2026, 6, 20)):
        cases = [
            ("2026-03", "2026-06-01", files.a_pdf(), "a.pdf"),  # a month of a quarterly report
            ("2025-Q4", "2026-06-01", files.a_pdf(), "a.pdf"),  # before the schedule applies
            ("2026-Q2", "2026-06-21", files.a_pdf(), "a.pdf"),  # tomorrow
            ("2026-Q2", "2026-06-01", b"<html><script>x</script></html>", "a.pdf"),
        ]
        for period, day, content, name in cases:
            with pytest.raises(ValidationFailed):
                schedule.mark_sent(hoa, quarterly.pk, period, day, content, name)
        with pytest.raises(PermissionDenied):
            schedule.mark_sent(
                outsider, quarterly.pk, "2026-Q2", "2026-06-01", files.a_pdf(), "a.pdf"
            )
    assert not ReportDue.objects.exists()


def test_the_supervisor_dashboard_flags_late_reports(client, quarterly, hoa, giamsat, agency_a):
    with at(date(2026, 6, 20)):
        schedule.mark_sent(hoa, quarterly.pk, "2026-Q1", "2026-03-18", files.a_pdf(), "q1.pdf")
        client.force_login(giamsat)
        html = client.get(reverse("reports:dashboard")).content.decode()
    assert "Báo cáo định kỳ trễ hạn" in html
    assert "Gửi trễ ngày 18/03/2026" in html  # Q1, a day late
    assert "Quá hạn, chưa gửi" in html  # Q2, due 17/06
    late = schedule.late_reports([agency_a.pk], date(2026, 6, 20))
    assert [o.period.code for o in late] == ["2026-Q1", "2026-Q2"]


def test_the_schedule_screen_records_a_report_sent(client, quarterly, hoa):
    client.force_login(hoa)
    with at(date(2026, 6, 16)):
        page = client.get(reverse("reports:report_schedule"))
        assert "Quý II năm 2026" in page.content.decode()
        upload = SimpleUploadedFile("bieu06-q2.pdf", files.a_pdf(), "application/pdf")
        client.post(
            reverse("reports:report_schedule"),
            {
                "action": "sent",
                "schedule": quarterly.pk,
                "period": "2026-Q2",
                "sent_on": "2026-06-16",
                "file": upload,
            },
        )
        html = client.get(reverse("reports:report_schedule")).content.decode()
    row = ReportDue.objects.get(period="2026-Q2")
    assert row.sent_on == date(2026, 6, 16)
    assert "Đã gửi đúng hạn" in html
    download = client.get(reverse("reports:report_file", args=[row.pk]))
    assert download.status_code == 200 and download.content.startswith(b"%PDF")


def test_the_schedule_screen_shows_a_refusal(client, quarterly, hoa):
    client.force_login(hoa)
    with at(date(2026, 6, 16)):
        answer = client.post(
            reverse("reports:report_schedule"),
            {
                "action": "schedule",
                "unit": quarterly.agency.code,
                "kind": "review",
                "frequency": "year",
                "due_day": "17",
                "remind_days": "3",
            },
            follow=True,
        )
    assert "Bạn không có quyền thực hiện thao tác này." in answer.content.decode()
    assert quarterly.agency.report_schedules.count() == 1
