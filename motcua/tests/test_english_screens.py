"""With the language switched to English (the header's switch: Django's set_language view, which
stores the choice in the language cookie that ``motcua.language`` reads), the screens speak English;
the API, the official forms and what is written to the record stay Vietnamese."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.utils import translation
from django_scopes import scopes_disabled

from motcua.audit.models import Event
from motcua.dossiers.services.intake import receive_dossier
from motcua.dossiers.tests.support import intake_body
from motcua.feedback import services as feedback
from motcua.notify.models import Message
from motcua.tests.reading import text_of
from motcua.tests.test_english_catalogue import messages

pytestmark = pytest.mark.django_db

ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")


class _Texts(HTMLParser):
    """The words a person reads: text nodes and labelling attributes, scripts left out."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.texts += [value for name, value in attrs if name in ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.texts.append(data)


def untranslated(page: str) -> set[str]:
    """Texts of the page that are, word for word, a Vietnamese message of the catalogue: a label
    that should have been translated (data, such as procedure names, is never a message)."""
    vietnamese = {
        e.msgid.replace("%%", "%")
        for e in messages()
        if e.context is None and e.plural is None and "%(" not in e.msgid
    }
    reader = _Texts()
    reader.feed(page)
    found = set()
    for text in reader.texts:
        words = " ".join(text.split()).strip(" :·–—←→‹›")
        if words in vietnamese:
            found.add(words)
    return found


def english_page(client, url: str, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    page = response.content.decode()
    assert '<html lang="en">' in page, url
    assert untranslated(page) == set(), url
    return page


@pytest.fixture
def english(client):
    """The visitor chose English in the page header (POST to set_language)."""
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    return client


@pytest.fixture
def dossier(lan, monday):
    body = intake_body()
    body.pop("channel")
    return receive_dossier(actor=lan, **body)


def test_the_portal_home_and_catalogue_are_in_english(english, catalog):
    home = english_page(english, "/")
    assert "One-stop unit for receiving dossiers and returning results" in home
    assert "Administrative procedures" in home and "Submit a dossier online" in home
    assert "Feedback and petitions" in home and "Dossier lookup" in home

    listing = english_page(english, "/thu-tuc/")
    assert "<h1>Catalogue of administrative procedures</h1>" in listing
    assert "All fields" in listing and "procedures found." in listing
    assert "Commune</option>" in listing and "Full online public service" in listing

    procedure = english_page(english, "/thu-tuc/1.001193/")
    assert "Fees and charges" in procedure and "Where to submit" in procedure
    assert "Specialist processes" in procedure  # the steps' roles, from the model's choices


def test_the_staff_login_page_is_in_english(english):
    page = english_page(english, "/accounts/login/")
    assert "<h1>Log in</h1>" in page
    assert ">Username</label>" in page and ">Password</label>" in page
    assert "Skip to the main content" in page


def test_the_counter_desk_is_in_english(english, lan, monday):
    english.force_login(lan)
    page = english_page(english, "/office/quay/")
    assert "Dossier reception counter" in page
    assert "Reception counter" in page and "Return of results" in page  # the staff menu

    chosen = english_page(english, "/office/quay/?procedure=1.004873")
    assert "2. Dossier components" in chosen and "4. Reception" in chosen
    assert "Originals" in chosen and "Copies" in chosen
    assert "3 working days" in chosen  # the time limit's unit, from the model's choices
    assert "Receive and print the appointment slip (Form 01)" in chosen


def test_a_worklist_and_the_dossier_page_are_in_english(english, lan, dossier):
    english.force_login(lan)
    page = english_page(english, "/office/ho-so/?view=unit")
    assert "<h1>My unit&#x27;s dossiers</h1>" in page
    assert dossier.code in page
    assert "Within time" in page  # the standing badge
    assert "4. In progress</option>" in page  # the national status names
    assert "Overdue dossiers" in page  # the other lists' titles

    detail = english_page(english, f"/office/ho-so/{dossier.code}/")
    assert "Transfer for processing" in detail  # an action the counter may take now
    assert "Receipt and appointment slip (Form 01)" in detail
    assert "In person" in detail  # the channel, from the model's choices


def test_the_supervisors_dashboard_names_its_chart_series_in_english(english, giamsat):
    english.force_login(giamsat)
    page = english_page(english, "/office/reports/dashboard/")
    assert 'data-received="Received"' in page and 'data-on-time="On time (%)"' in page


def test_a_browser_set_to_english_still_gets_vietnamese_until_the_visitor_chooses(client, catalog):
    """Issue 21 (polish): "Lệ phí: free of charge" came from a browser whose own language is
    English; the catalogue's data stays Vietnamese, so the screen mixed the two."""
    page = client.get("/thu-tuc/1.001193/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    text = page.content.decode()
    assert page["Content-Language"] == "vi" and '<html lang="vi">' in text
    assert "<td>Lệ phí</td>" in text and "Miễn phí" in text
    assert "Free of charge" not in text and "Tổng phải nộp" in text
    english = english_page(
        client, "/thu-tuc/1.001193/", HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}=en"
    )
    assert "Free of charge" in english and "Total due" in english


def test_switching_back_gives_vietnamese(english, catalog):
    english.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    page = english.get("/thu-tuc/").content.decode()
    assert '<html lang="vi">' in page and "Danh mục thủ tục hành chính" in page


def test_the_api_answers_in_vietnamese_whatever_language_is_asked(english, as_user, lan, dossier):
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    found = english.get(
        "/api/v1/public/lookup",
        {"code": dossier.code, "phone": "0912345678"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert found.status_code == 200 and found["Content-Language"] == "vi"
    assert found.json()["status"] == "Được tiếp nhận"
    assert found.json()["history"][0]["text"] == "Tiếp nhận hồ sơ"
    missing = english.get(
        "/api/v1/public/lookup",
        {"code": dossier.code, "phone": "0999999999"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert missing.json()["message"] == "Không tìm thấy hồ sơ với mã và số điện thoại đã nhập."
    refused = as_user(lan).post("/dossiers", intake_body(procedure="9.999999"))
    assert refused.json()["message"] == "Không có thủ tục hành chính mã '9.999999'."

    # The portal's own lookup page follows the visitor's language.
    response = english.post("/tra-cuu", {"code": dossier.code, "phone": "0912345678"})
    page = response.content.decode()
    assert response.status_code == 200 and untranslated(page) == set()
    assert "2. Received" in page and "Receive the dossier" in page


def test_the_official_forms_stay_vietnamese_on_an_english_screen(english, lan, dossier):
    english.force_login(lan)
    receipt = text_of(english.get(f"/office/ho-so/{dossier.code}/in/receipt.pdf").content)
    assert "3 ngày làm việc" in receipt and "working days" not in receipt
    sheet = text_of(english.get(f"/office/ho-so/{dossier.code}/in/control_sheet.pdf").content)
    assert "1. Giao: Bộ phận Một cửa tiếp nhận 2. Nhận: Chuyên viên xử lý" in sheet
    assert "One-stop unit" not in sheet and "Specialist" not in sheet


def test_the_record_and_the_senders_messages_stay_vietnamese(catalog, lan):
    petition = feedback.submit_petition(
        agency="000.00.31.H99",
        category="rules",
        subject="Thời gian chờ ở quầy quá lâu",
        content="Tôi phải chờ hơn một giờ để được tiếp nhận hồ sơ.",
        name="Trần Văn Bảo",
        phone="0903123456",
    )
    with translation.override("en"):  # the officer works in English
        petition = feedback.act(petition, "classify", actor=lan, category="rules")
        feedback.act(petition, "answer", actor=lan, answer="Đơn vị đã bố trí thêm quầy.")
    with scopes_disabled():
        note = Event.objects.get(action="petition.classify").data["note"]
        sms = Message.objects.get(channel="sms", recipient="0903123456")
    assert note == "Về quy định hành chính, thủ tục hành chính"
    assert "đã trả lời phản ánh, kiến nghị" in sms.body


def test_the_payment_archive_and_report_schedule_screens_are_in_english(
    english, lan, thu, hoa, giamsat
):
    """The screens of payments, the archive and the report schedule speak English too (and no
    label of the catalogue is left in Vietnamese on them)."""
    english.force_login(lan)
    mismatches = english_page(english, "/office/thanh-toan/sai-lech/")
    assert "<h1>Payment mismatches to handle</h1>" in mismatches
    assert "No mismatches are waiting." in mismatches
    assert "Online payment is off" in mismatches

    english.force_login(thu)
    archive = english_page(english, "/office/luu-tru/")
    assert "Archive file list" in archive and "Transfer to the agency archive" in archive
    assert "Files with a retention period of 5 years or more" in archive
    destruction = english_page(english, "/office/luu-tru/huy/")
    assert "Files past their retention period" in destruction

    english.force_login(hoa)
    schedule = english_page(english, "/office/reports/schedule/")
    assert "Periodic report schedule" in schedule
    assert "No reports in the schedule yet." in schedule

    english.force_login(giamsat)
    fees = english_page(english, "/office/reports/fees/")
    assert "Report on fees and charges collected" in fees
