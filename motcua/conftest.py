"""The named cast of the test suite (STYLE.md habit 21) and shared fixtures.

Agency A is phường Minh Sơn (000.00.31.H99), agency B is xã Tân Lập (000.00.33.H99):
``lan`` counter officer, ``minh`` specialist, ``hoa`` leader and ``thu`` agency admin of A;
``outsider`` a counter officer of B; ``giamsat`` the supervisor at the province (sees all);
``citizen`` a citizen account."""

from __future__ import annotations

import gc
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management.commands import flush
from django.db.models import Model
from django.utils import translation
from django_scopes import scopes_disabled

from motcua.audit import triggers
from motcua.testing import PASSWORD
from motcua.tests.migrated_once import (  # noqa: F401 - fixtures that replace pytest-django's
    django_db_keepdb,
    django_db_modify_db_settings,
)

FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_configure(config):
    """Argon2 is slow on purpose; the suite hashes the cast's passwords thousands of times, so
    it uses a fast hasher (test_login checks that production hashes with Argon2)."""
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


def load_catalog() -> None:
    """The demo province's agencies, fields and procedures, and the national calendar."""
    from motcua.calendar.importing import PACKAGED_CALENDAR, import_file
    from motcua.catalog.importing import DEFAULT_CATALOG, import_catalog, load_file

    import_catalog(load_file(DEFAULT_CATALOG))
    import_file(PACKAGED_CALENDAR)


# The rows every test starts from, per model: what the migrations and the catalogue's load
# wrote, ready to insert as the database stores them, kept by each worker to put back after
# a flush.
_initial_rows: list[tuple[type[Model], str, list[tuple]]] = []


def _load_and_keep_initial_rows() -> None:
    """Load the catalogue and keep a copy of every row in the database."""
    from django.apps import apps
    from django.db import connection

    quote = connection.ops.quote_name
    with scopes_disabled():
        load_catalog()
        for model in apps.get_models(include_auto_created=True):
            fields = model._meta.concrete_fields
            rows = model._base_manager.order_by("pk").values_list(*[f.attname for f in fields])
            if not rows:
                continue
            insert = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - the model's own
                quote(model._meta.db_table),
                ", ".join(quote(field.column) for field in fields),
                ", ".join(["%s"] * len(fields)),
            )
            stored = [
                tuple(f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True))
                for row in rows
            ]
            _initial_rows.append((model, insert, stored))


def _restore_initial_rows() -> None:
    """Put back the rows every test starts from, ids included, in the tables found empty
    (by a flush, or by ``empty_catalog``, which keeps the import's audit events): content
    types and permissions as the migrations made them, the catalogue as its first load did.
    The foreign keys are checked at commit (deferred on SQLite and PostgreSQL), so the
    tables' order does not matter; then PostgreSQL's sequences go past the restored ids."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    with scopes_disabled(), transaction.atomic(), connection.cursor() as cursor:
        for model, insert, rows in _initial_rows:
            if not model._base_manager.exists():
                cursor.executemany(insert, rows)
        models = [model for model, _, _ in _initial_rows]
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The catalogue is loaded once per worker, right after the migrations: every test's
    transaction starts from it and rolls back to it. A transactional test empties the
    database when it ends, and the flush puts the same rows back (below)."""
    with django_db_blocker.unblock():
        _load_and_keep_initial_rows()
    # What the worker holds by now (modules, collected tests, migrations, the catalogue) lives
    # as long as it does: frozen, the collector's full passes no longer walk it; and the young
    # generation is collected after 10,000 allocations instead of 700. A worker spent 5.6 s
    # of CPU collecting garbage over the suite, 3.7 s now.
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 100)


@pytest.fixture
def empty_catalog(db):
    """A database without the catalogue, for tests of the catalogue and calendar imports
    (deleted inside the test's transaction, so the next test has it again)."""
    from django.apps import apps
    from django.db import connection

    with connection.cursor() as cursor:
        for label in ("catalog", "calendar", "agencies"):
            for model in apps.get_app_config(label).get_models():
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - a model's own table


@pytest.fixture(autouse=True, scope="session")
def _light_pkcs12_protection():
    """The demo CA's PKCS#12 files derive their key in a thousand rounds, not the library's
    best: making and opening one took 13 ms, under a millisecond now, and the suite issues two
    hundred (test_democa checks what production uses). A wrong passphrase still fails."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import PrivateFormat, pkcs12

    from motcua.signing import democa

    def light(passphrase: str):
        return (
            PrivateFormat.PKCS12.encryption_builder()
            .kdf_rounds(1000)
            .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
            .hmac_hash(hashes.SHA256())
            .build(passphrase.encode("utf-8"))
        )

    original = democa._p12_protection
    democa._p12_protection = light
    yield
    democa._p12_protection = original


@pytest.fixture(autouse=True, scope="session")
def _flush_back_to_the_initial_rows():
    """A transactional test ends with a flush, which now leaves the rows every test starts
    from. SQLite's flush deletes rows: it is let past the audit table's append-only trigger
    (the application itself never unlocks it). Django would then make the content types and
    permissions again (0.1 s a flush) and each later test put the catalogue back inside its
    own transaction; the flush restores both once, with their ids."""
    original = flush.Command.handle

    def handle(self, *args, **options):
        with triggers.unlocked():
            original(self, *args, **{**options, "inhibit_post_migrate": True})
        _restore_initial_rows()

    flush.Command.handle = handle
    yield
    flush.Command.handle = original


@pytest.fixture(autouse=True, scope="session")
def _api_answers_only_what_it_documents():
    """Every API answer in every test must be one its operation documents in the OpenAPI
    document (``motcua/api/openapi.py``): an undocumented status fails the test that caused it."""
    from ninja.operation import Operation

    from motcua.api.openapi import documented_codes

    original = Operation.run

    def run(self, request, **kwargs):
        response = original(self, request, **kwargs)
        status = response.status_code
        if status != 500 and status not in documented_codes(self):
            raise AssertionError(
                f"{request.method} {request.path} answered {status}, which its OpenAPI entry "
                f"does not document ({sorted(documented_codes(self))}): declare it with "
                "@answers(…) (motcua/api/openapi.py)"
            )
        return response

    Operation.run = run
    yield
    Operation.run = original


@pytest.fixture(scope="session")
def _media_folders(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _private_media(settings, _media_folders):
    """Each test stores its files in its own folder, never in the project's var/ (a plain
    temporary folder: pytest's tmp_path moves a symbolic link for each one it makes)."""
    folder = Path(tempfile.mkdtemp(dir=_media_folders))
    settings.MEDIA_ROOT = folder / "media"
    settings.SLOTS_DIR = folder / "slots"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True, scope="session")
def _calendars_built_once_per_content():
    """Each test forgets the working calendars (row ids repeat between tests), and building one
    takes milliseconds; the same sessions, days and years give back the calendar already built
    from them (it is frozen), so most tests build none."""
    from motcua.calendar.workdays import WorkCalendar

    original = WorkCalendar.__dict__["build"]
    built: dict[tuple, WorkCalendar] = {}

    def build(cls, *, sessions, off_days, makeup_days, years, **kwargs):
        key = (
            tuple(map(tuple, sessions)),
            frozenset(off_days),
            frozenset(makeup_days),
            frozenset(years),
            tuple(sorted(kwargs.items())),
        )
        if key not in built:
            built[key] = original.__func__(
                cls, sessions=key[0], off_days=key[1], makeup_days=key[2], years=key[3], **kwargs
            )
        return built[key]

    WorkCalendar.build = classmethod(build)
    yield
    WorkCalendar.build = original


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with empty caches: row ids repeat between tests that roll back."""
    from motcua.calendar.services import forget_calendars
    from motcua.catalog.structure import version_cases

    cache.clear()
    forget_calendars()
    version_cases.cache_clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test ends in the site's language: a request in English leaves English active in the
    thread (the language middleware activates a language per request and nothing deactivates
    it), and the next test's Vietnamese texts built outside a request would come out in
    English."""
    yield
    translation.deactivate()


@pytest.fixture
def no_scopes():
    with scopes_disabled():
        yield


@pytest.fixture
def catalog(db):
    """The demo province's agencies, fields and procedures, and the national calendar: the
    agencies by code."""
    from motcua.agencies.models import Agency
    from motcua.calendar.services import forget_calendars

    agencies = {a.code: a for a in Agency.objects.all()}
    if not agencies:  # emptied by ``empty_catalog``, inside this test's transaction
        _restore_initial_rows()
        agencies = {a.code: a for a in Agency.objects.all()}
    forget_calendars()
    return agencies


@pytest.fixture
def agency_a(catalog):
    return catalog["000.00.31.H99"]


@pytest.fixture
def agency_b(catalog):
    return catalog["000.00.33.H99"]


def _staff(username, agency, role, **extra):
    from motcua.accounts.services import create_staff_user

    return create_staff_user(username, agency=agency, role=role, password=PASSWORD, **extra)


@pytest.fixture
def lan(agency_a):
    return _staff("lan", agency_a, "counter", full_name="Nguyễn Thị Lan")


@pytest.fixture
def minh(agency_a):
    return _staff("minh", agency_a, "specialist", full_name="Trần Văn Minh")


@pytest.fixture
def hoa(agency_a):
    return _staff("hoa", agency_a, "leader", full_name="Lê Thị Hoa")


@pytest.fixture
def thu(agency_a):
    return _staff("thu", agency_a, "admin", full_name="Phạm Minh Thu")


@pytest.fixture
def outsider(agency_b):
    return _staff("outsider", agency_b, "counter", full_name="Đỗ Văn Ngoại")


@pytest.fixture
def giamsat(catalog):
    return _staff("giamsat", catalog["000.00.00.H99"], "supervisor", full_name="Vũ Thị Giám")


@pytest.fixture
def citizen(db):
    from motcua.accounts.models import User

    user = User(username="0912345678", full_name="Nguyễn Văn An", phone="0912345678")
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def api_token():
    """``api_token(user)``: the auth headers of a fresh API token for that user."""
    from motcua.dossiers.tests.support import bearer

    return bearer


@pytest.fixture
def monday():
    """The clock stopped on an ordinary Monday morning, 2025-03-10 09:00 in Vietnam."""
    from motcua import clock
    from motcua.dossiers.tests.support import MONDAY

    with clock.frozen(MONDAY):
        yield MONDAY


@pytest.fixture
def as_user(client):
    """``as_user(user)``: an API client logged in as that person."""
    from motcua.dossiers.tests.support import Api

    return lambda user: Api(client, user)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


_chromium: dict[str, Any] = {}


def _close_chromium() -> None:
    if _chromium:
        _chromium.pop("browser").close()
        _chromium.pop("playwright").stop()


# Debian's build of Chromium's headless shell (package chromium-headless-shell, from the same
# source and version as the package chromium): the browser the tests drive, never a downloaded
# one. It is the engine of the full browser without its windowing and profile services: the
# browser tests take half the CPU they took under the full browser (47 s of CPU instead of 90).
CHROMIUM = "/usr/bin/chromium-headless-shell"


@pytest.fixture
def browser(django_db_setup):
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser).

    Playwright's sync API keeps an event loop in the test thread while it runs: Django's
    async-safety check mistakes it for async code, and pyHanko (which runs its own loop) cannot
    sign beside it. So one Chromium serves the browser tests that run one after another (they
    are collected together) and is closed before any other test starts. The pages a test opened
    are closed when it ends: left open, a hall display would go on polling the live server
    through every later browser test."""
    if not _chromium:
        from playwright.sync_api import sync_playwright

        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        playwright = sync_playwright().start()
        _chromium["playwright"] = playwright
        _chromium["browser"] = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
    chromium = _chromium["browser"]
    yield chromium
    for context in chromium.contexts:
        context.close()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The browser tests run one after another, where the first of them was collected (among
    the transactional tests, which pytest-django puts after the others), so one Chromium
    serves them all instead of one per test module."""
    in_browser = [item for item in items if "browser" in getattr(item, "fixturenames", ())]
    if in_browser:
        first = items.index(in_browser[0])
        moved = set(in_browser)
        rest = [item for item in items if item not in moved]
        items[:] = rest[:first] + in_browser + rest[first:]


def pytest_runtest_setup(item: pytest.Item) -> None:
    if "browser" not in getattr(item, "fixturenames", ()):
        _close_chromium()


def pytest_sessionfinish() -> None:
    _close_chromium()


@pytest.fixture
def screenshots(request):
    """``shot(page, name)`` saves a screenshot under test-artifacts/ for people to look at, when
    ``SCREENSHOTS=1`` asks for them (the README's pictures): a full page costs Chromium a
    fifth of a second, 12 s over the browser tests, and nothing asserts on them."""
    folder = Path(__file__).resolve().parent.parent / "test-artifacts" / request.node.name
    wanted = os.environ.get("SCREENSHOTS") == "1"

    def shot(page, name: str) -> None:
        if wanted:
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    return shot


@pytest.fixture(scope="session")
def signing_ca(tmp_path_factory):
    """A demo certificate authority for the tests, its root written to a PEM file."""
    from motcua.signing import democa

    ca = democa.make_demo_ca("MộtCửa Test Root CA")
    root = tmp_path_factory.mktemp("trust") / "root.pem"
    root.write_bytes(ca[0])
    return ca, root


@pytest.fixture
def trusted_ca(settings, signing_ca):
    """Signatures under :func:`signing_ca` are trusted (``SIGNING_TRUST_ROOTS``)."""
    ca, root = signing_ca
    settings.SIGNING_TRUST_ROOTS = [str(root)]
    settings.SIGNING_TRUST_DEMO_CA = False
    return ca


@pytest.fixture
def give_certificate(trusted_ca):
    """Register a signing identity: ``give_certificate(user)`` for a person,
    ``give_certificate(agency=…)`` for a seal (EC keys: quick to make)."""
    from datetime import UTC, datetime

    from motcua.documents import signatures
    from motcua.signing import democa

    def give(
        user=None,
        *,
        agency=None,
        passphrase="mật-khẩu-thử",
        valid_from=datetime(2024, 1, 1, tzinfo=UTC),
        valid_to=datetime(2045, 12, 31, tzinfo=UTC),
    ):
        agency = agency or user.agency
        p12 = democa.issue_signer(
            trusted_ca,
            common_name=user.display_name if user else agency.name,
            organisation=agency.name,
            valid_from=valid_from,
            valid_to=valid_to,
            passphrase=passphrase,
            key_type="ec",
        )
        return signatures.register_identity(
            p12,
            kind="person" if user else "seal",
            agency=agency,
            user=user,
            passphrase=passphrase,
        )

    return give


@pytest.fixture
def dvcqg(settings):
    """A fake national portal gateway (Cổng DVCQG) on a free port; the DVCQG settings point at
    it, so the outbound sync is on."""
    from motcua.exchange import fake_dvcqg

    fake = fake_dvcqg.FakeDvcqg()
    fake.start()
    settings.DVCQG_AUTH_URL = fake.auth_url
    settings.DVCQG_URL = fake.url
    settings.DVCQG_USERNAME = fake_dvcqg.USERNAME
    settings.DVCQG_PASSWORD = fake_dvcqg.PASSWORD
    settings.DVCQG_MADONVI = fake_dvcqg.MADONVI
    settings.DVCQG_TIMEOUT_SECONDS = 5
    yield fake
    fake.stop()


@pytest.fixture
def platform_fake(settings):
    """The fake national payment platform on a free port; the PAYMENT_* settings point at it."""
    from motcua.payments import fake_platform

    fake = fake_platform.FakePlatform()
    fake.start()
    settings.PAYMENT_INIT_URL = fake.init_url
    settings.PAYMENT_QUERY_URL = fake.query_url
    settings.PAYMENT_PARTNER_CODE = fake_platform.PARTNER
    settings.PAYMENT_SECRET = fake_platform.SECRET
    settings.PAYMENT_TIMEOUT_SECONDS = 5
    yield fake
    fake.stop()
