"""``seed_demo``: the demo province Minh Sơn: agencies, fields, procedures, the national working
calendar, one account per role, its plans' targets, and demo signing certificates (a demo CA in
storage, one certificate per leader and one seal per agency). Idempotent: a second run changes
nothing."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from motcua.accounts.models import User
from motcua.accounts.services import create_staff_user
from motcua.agencies.models import Agency
from motcua.calendar.importing import PACKAGED_CALENDAR, import_file
from motcua.catalog.importing import DEFAULT_CATALOG, import_catalog, load_file
from motcua.demo.cast import CAST, DEMO_PASSWORD
from motcua.demo.dossiers import seed_dossiers
from motcua.demo.hall import seed_hall
from motcua.demo.review import seed_review
from motcua.demo.schedule import seed_report_schedule
from motcua.demo.targets import seed_targets
from motcua.documents import signatures
from motcua.documents.models import IdentityKind
from motcua.signing import democa


class Command(BaseCommand):
    help = "Tạo tỉnh mẫu Minh Sơn: cơ quan, thủ tục, lịch làm việc, tài khoản mọi vai trò."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dossiers", type=int, default=300, help="Số hồ sơ mẫu (mặc định 300)")

    def handle(self, *args, **options) -> None:
        self.stdout.write(import_catalog(load_file(DEFAULT_CATALOG)).summary())
        self.stdout.write(import_file(PACKAGED_CALENDAR).summary())
        created = 0
        with transaction.atomic():
            for person in CAST:
                if User.objects.filter(username=person.username).exists():
                    continue
                create_staff_user(
                    person.username,
                    agency=Agency.objects.get(code=person.agency),
                    role=person.role,
                    password=DEMO_PASSWORD,
                    full_name=person.full_name,
                    title=person.title,
                    counter_delegate=person.counter_delegate,
                )
                created += 1
        self.stdout.write(f"Tài khoản mẫu: {created} mới, mật khẩu chung {DEMO_PASSWORD}.")
        self.stdout.write(seed_signing_identities())
        made = seed_dossiers(options["dossiers"])
        self.stdout.write(f"Hồ sơ mẫu: {made} mới." if made else "Hồ sơ mẫu: đã có, giữ nguyên.")
        self.stdout.write(seed_review())
        self.stdout.write(seed_hall())
        self.stdout.write(seed_report_schedule())
        self.stdout.write(seed_targets())


def _issue(ca: tuple[bytes, bytes], common_name: str, organisation: str) -> tuple[bytes, str]:
    passphrase = democa.random_passphrase()  # kept encrypted with SECRET_KEY, never shown
    p12 = democa.issue_signer(
        ca,
        common_name=common_name,
        organisation=organisation,
        valid_from=democa.DEMO_CA_FROM,
        valid_to=democa.DEMO_CA_TO,
        passphrase=passphrase,
    )
    return p12, passphrase


def seed_signing_identities() -> str:
    """Demo certificates under the demo CA (in storage, never in the repository): every
    leader signs results, every agency has a seal."""
    ca = signatures.demo_ca(create=True)
    people = seals = 0
    for leader in User.objects.filter(role="leader", is_active=True).select_related("agency"):
        if signatures.identity_of(leader) is None:
            p12, passphrase = _issue(ca, leader.display_name, leader.agency.name)
            signatures.register_identity(
                p12,
                kind=IdentityKind.PERSON,
                agency=leader.agency,
                user=leader,
                passphrase=passphrase,
            )
            people += 1
    for agency in Agency.objects.filter(is_active=True):
        if signatures.seal_of(agency) is None:
            p12, passphrase = _issue(ca, agency.name, agency.name)
            signatures.register_identity(
                p12, kind=IdentityKind.SEAL, agency=agency, passphrase=passphrase
            )
            seals += 1
    return f"Chứng thư số thử nghiệm: {people} lãnh đạo, {seals} con dấu mới."
