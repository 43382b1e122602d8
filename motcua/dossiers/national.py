"""What the national portal (Cổng DVCQG) is told about a dossier (CONTRACT v1.1, DOMAIN §1.8,
§14.1): the ``HoSo`` of ``DongBoHoSoMC`` and the step rows of ``CapNhatTienDoHoSoMC``.

:func:`queue_changes` is called by ``services.core.record`` for every recorded action, in its
transaction: one outbox message per movement. The ``HoSo`` is built at delivery time from the
dossier as it is then (a dossier's waiting messages go out as one up-to-date ``HoSo`` plus one
step row per movement, in order); dates are ``yyyyMMddHHmmss`` in Asia/Ho_Chi_Minh, "" when
unknown. A dossier that came from DVCQG is sent under the code DVCQG gave it."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.utils import translation
from django.utils.translation import gettext as _

from motcua import clock
from motcua.catalog.models import Fee
from motcua.documents.models import APPLICANT_ROLES, Attachment, Role
from motcua.dossiers.lifecycle import ACTION_SENTENCES
from motcua.dossiers.models import (
    ApplicantKind,
    Channel,
    Dossier,
    DossierComponent,
    Movement,
    PaymentRequest,
)
from motcua.exchange import mapping, sync
from motcua.exchange.models import Message

CHANNEL_CODE = {Channel.COUNTER: "1", Channel.ONLINE: "2", Channel.POST: "3"}
APPLICANT_CODE = {ApplicantKind.CITIZEN: "1", ApplicantKind.BUSINESS: "2"}
DOSSIER_TYPE = "dossiers.dossier"


def national_code(dossier: Dossier) -> str:
    """``MaHoSo``: the code DVCQG gave the dossier, else ours."""
    return getattr(dossier, "national_code", "") or dossier.code


def queue_changes(dossier: Dossier, movement: Movement | None = None) -> Message | None:
    """Queue the dossier's sync to DVCQG in the caller's transaction (one message per action).

    A portal submission not yet accepted has only a provisional code, replaced at acceptance,
    and is not DVCQG's to know: nothing is queued for it until then (its acceptance sends the
    whole record). A dossier from DVCQG is always sent, under DVCQG's code."""
    if not getattr(dossier, "national_code", "") and dossier.received_at is None:
        return None
    return sync.queue(
        key=str(dossier.pk),
        label=dossier.code,
        payload={"movement": movement.pk} if movement is not None else {},
        agency_id=dossier.agency_id,
    )


def stamp(instant: datetime | None) -> str:
    """``yyyyMMddHHmmss`` in Vietnam's time, "" when unknown."""
    if instant is None:
        return ""
    t = clock.local(instant)
    return f"{t.year:04d}{t.month:02d}{t.day:02d}{t.hour:02d}{t.minute:02d}{t.second:02d}"


def build(claimed: dict[str, list[Message]]) -> dict[str, sync.Bundle]:
    """The ``HoSo`` and step rows for each claimed dossier (a few queries for the batch)."""
    ids = [int(key) for key in claimed]
    dossiers = {
        d.pk: d
        for d in Dossier.objects.with_scopes_disabled()
        .filter(pk__in=ids)
        .select_related("procedure", "field", "handling_agency", "agency", "version")
    }
    components = defaultdict(list)
    for component in DossierComponent.objects.filter(dossier_id__in=ids).order_by("id"):
        components[component.dossier_id].append(component)
    files = defaultdict(list)
    for attachment in (
        Attachment.objects.filter(target_type=DOSSIER_TYPE, target_id__in=ids)
        .filter(role__in=APPLICANT_ROLES)
        .select_related("document")
        .order_by("attached_at", "id")
    ):
        files[attachment.target_id].append(attachment)
    fees = defaultdict(list)
    for fee in Fee.objects.filter(case_id__in={d.case_id for d in dossiers.values()}):
        fees[fee.case_id].append(fee)
    paid_online = set(
        PaymentRequest.objects.filter(
            dossier_id__in=ids, online=True, paid_at__isnull=False
        ).values_list("dossier_id", flat=True)
    )
    movement_ids = [
        m.payload["movement"]
        for found in claimed.values()
        for m in found
        if m.payload.get("movement")
    ]
    movements = {
        m.pk: m
        for m in Movement.objects.filter(pk__in=movement_ids).select_related(
            "actor", "to_agency", "step"
        )
    }
    codes = mapping.current()
    bundles: dict[str, sync.Bundle] = {}
    with translation.override("vi"):
        for key, messages in claimed.items():
            dossier = dossiers.get(int(key))
            if dossier is None:
                bundles[key] = sync.Bundle(None)
                continue
            record = hoso(
                dossier,
                codes,
                components=components[dossier.pk],
                files=files[dossier.pk],
                fees=fees[dossier.case_id],
                paid_online=dossier.pk in paid_online,
            )
            rows = [
                step_row(dossier, movements[m.payload["movement"]], codes)
                for m in messages
                if m.payload.get("movement") in movements
            ]
            bundles[key] = sync.Bundle(record, rows)
    return bundles


def hoso(
    dossier: Dossier,
    codes: mapping.Mappings,
    *,
    components: list[DossierComponent],
    files: list[Attachment],
    fees: list[Fee],
    paid_online: bool,
) -> dict[str, Any]:
    """The ``HoSo`` of ``DongBoHoSoMC``."""
    code = national_code(dossier)
    papers = [a for a in files if a.role != Role.RESULT]
    results = [a for a in files if a.role == Role.RESULT]
    by_part = defaultdict(list)
    for attachment in papers:
        by_part[attachment.part].append(attachment)
    submitted = []
    for component in components:
        flags = {
            "DuocSoHoa": "1" if component.digitised else "0",
            "DuocTaiSuDung": "1" if component.reused else "0",
            "DuocLayTuKhoDMQG": "1" if component.from_store else "0",
        }
        attached = by_part.get(component.code) or [None]
        for attachment in attached:
            submitted.append(
                {
                    "TenTepDinhKem": attachment.document.name if attachment else component.name,
                    "MaThanhPhanHoSo": component.code,
                    "DuongDanTaiTepTin": _link(dossier, attachment) if attachment else "",
                    **flags,
                }
            )
    return {
        "MaHoSo": code,
        "MaTTHC": codes.procedure(dossier.procedure.code),
        "TenTTHC": dossier.procedure.name,
        "MaLinhVuc": dossier.field.code,
        "TenLinhVuc": dossier.field.name,
        "KenhThucHien": CHANNEL_CODE.get(dossier.channel, "1"),
        "ChuHoSo": dossier.applicant_name,
        "LoaiDoiTuong": APPLICANT_CODE.get(dossier.applicant_kind, "1"),
        "SoGiayToChuHoSo": dossier.applicant_id_number,
        "SoDienThoai": dossier.applicant_phone,
        "Email": dossier.applicant_email,
        "DiaChi": dossier.applicant_address,
        "TrichYeuHoSo": dossier.note or dossier.procedure.name,
        "NgayNopHoSo": stamp(dossier.submitted_at or dossier.received_at),
        "NgayTiepNhan": stamp(dossier.received_at),
        "NgayHenTra": stamp(dossier.due_at),
        "TrangThaiHoSo": codes.status(dossier.status),
        "NgayKetThucXuLy": stamp(dossier.finished_at),
        "NgayTra": stamp(dossier.returned_at),
        "HinhThuc": "1" if dossier.result_delivery == Channel.POST else "0",
        "DonViXuLy": codes.unit(dossier.handling_agency),
        "HoSoCoThanhPhanSoHoa": "1" if any(c.digitised for c in components) else "0",
        "DuocThanhToanTrucTuyen": "1" if paid_online else "0",
        "TaiLieuNop": submitted,
        "DanhSachLePhi": [
            {
                "TenPhiLePhi": fee.name,
                "MaPhiLePhi": str(fee.pk),
                "HinhThucThu": "1",
                "Gia": str(fee.amount_vnd),
                "LoaiPhiLePhi": fee.kind,
            }
            for fee in fees
        ],
        "DanhSachGiayToKetQua": [
            {
                "TenGiayTo": dossier.version.result_name or attachment.document.name,
                "MaGiayToKetQua": f"{code}-KQ{attachment.document_id}",
                "DuongDanTepTinKetQua": _link(dossier, attachment),
            }
            for attachment in results
        ],
    }


def step_row(dossier: Dossier, movement: Movement, codes: mapping.Mappings) -> dict[str, str]:
    """One ``CapNhatTienDoHoSoMC`` row: one recorded action."""
    actor = movement.actor
    sentence = str(ACTION_SENTENCES.get(movement.action, movement.action))
    step = movement.step
    return {
        "MaHoSo": national_code(dossier),
        "NguoiXuLy": (actor.full_name or actor.username) if actor else "",
        "ChucDanh": (actor.title or actor.get_role_display()) if actor else "",
        "ThoiDiemXuLy": stamp(movement.at),
        "PhongBanXuLy": movement.to_agency.name if movement.to_agency else "",
        "NoiDungXuLy": f"{sentence}: {movement.note}" if movement.note else sentence,
        "TrangThai": codes.status(movement.to_status),
        "NgayBatDau": stamp(step.started_at if step else movement.at),
        "NgayKetThucTheoQuyDinh": stamp(movement.step_due_at),
    }


FILE_LINK_SALT = "motcua.dvcqg.file"


def _link(dossier: Dossier, attachment: Attachment) -> str:
    """A signed link DVCQG fetches the file by (``DuongDanTaiTepTin``), without an account."""
    until = clock.now() + timedelta(days=settings.DVCQG_LINK_DAYS)
    token = signing.dumps(
        {"d": dossier.pk, "f": attachment.document_id, "e": int(until.timestamp())},
        salt=FILE_LINK_SALT,
    )
    return f"{settings.SITE_URL}/dvcqg/tep/{token}/"


def linked_document(token: str) -> Any:
    """The document a link of :func:`_link` names, while the link is valid and the file is
    still attached to that dossier; else NotFound."""
    from motcua.documents import services as files
    from motcua.errors import NotFound

    try:
        found = signing.loads(token, salt=FILE_LINK_SALT)
        if int(found["e"]) < clock.now().timestamp():
            raise signing.BadSignature("expired")
        dossier = Dossier.objects.with_scopes_disabled().get(pk=int(found["d"]))
        document = files.attached_document(dossier, int(found["f"]), applicant=True)
    except (signing.BadSignature, Dossier.DoesNotExist, KeyError, TypeError, ValueError):
        document = None
    if document is None:
        raise NotFound(_("Liên kết tệp không hợp lệ hoặc đã hết hạn."))
    return document


def resend(dossier: Dossier, *, actor: Any) -> None:
    """Gửi lại một hồ sơ: its waiting messages become due now; a dossier with none waiting is
    queued again (a full ``HoSo`` as an update, harmless). Audited."""
    from django.db import transaction

    from motcua import audit
    from motcua.agencies.policy import require
    from motcua.exchange import outbox

    require(actor, "exchange.manage_exchange")
    key = str(dossier.pk)
    with transaction.atomic():
        waiting = outbox.pending(sync.SYSTEM).filter(key=key).exists()
        if waiting:
            outbox.retry_now(sync.SYSTEM, [key])
        else:
            queue_changes(dossier)
        audit.record(
            "exchange.resent",
            actor=actor,
            agency=getattr(actor, "agency", None),
            target=dossier,
            data={"system": sync.SYSTEM, "dossier": dossier.code, "was_waiting": waiting},
        )
