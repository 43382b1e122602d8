"""``/api/v1/archive/…``: the archive package of a finished dossier (CONTRACT v1.1) and the
lodging and destruction steps. Thin: every rule is in ``archive.services``.

The router lives here rather than in ``motcua.api`` because both are edges and edges do not
import each other (STYLE.md §1.3); ``motcua/urls.py`` mounts it on the v1 API."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from motcua.archive import services
from motcua.documents.services import file_response
from motcua.errors import answers

router = Router(tags=["archive"])


@router.get("/{code}.zip")
@answers(403, 404, 409)
def archive_package(request: HttpRequest, code: str):
    """Gói hồ sơ lưu trữ: documents in time order, ``metadata.xml`` (Decree 30 Appendix VI),
    ``manifest-sha256.txt``. Supervisor or the agency's administrator; a dossier still at
    work answers 409."""
    built = services.package_for(request.user, code)
    return file_response(built.content, built.filename, "application/zip", inline=False)


class ArchiveBatchOut(Schema):
    agency: str
    year: int
    created_at: datetime
    lodged_by: str
    files: list[str]


class ArchiveLodgeIn(Schema):
    agency: str
    year: int


@router.post("/lodging", response=ArchiveBatchOut)
@answers(400, 403, 404)
def lodge(request: HttpRequest, payload: ArchiveLodgeIn):
    """Nộp lưu the agency's files of a past year (idempotent: lodging again adds only files
    closed since, and answers the same batch)."""
    batch = services.lodge(request.user, payload.agency, payload.year)
    return ArchiveBatchOut(
        agency=batch.agency.code,
        year=batch.year,
        created_at=batch.created_at,
        lodged_by=batch.lodged_by.get_username(),
        files=list(batch.files.order_by("number").values_list("file_code", flat=True)),
    )


@router.get("/lodging/{agency}/{year}.zip")
@answers(403, 404)
def lodging_export(request: HttpRequest, agency: str, year: int):
    """The export of a lodging batch: its list (mục lục hồ sơ) and each file's package."""
    built = services.batch_export(request.user, agency, year)
    return file_response(built.content, built.filename, "application/zip", inline=False)


class ArchiveDestructionOut(Schema):
    id: int
    agency: str
    state: str
    proposed_at: datetime
    approved_at: datetime | None
    destroyed_at: datetime | None
    files: list[str]


def _destruction(listed) -> ArchiveDestructionOut:
    return ArchiveDestructionOut(
        id=listed.pk,
        agency=listed.agency.code,
        state=listed.state,
        proposed_at=listed.proposed_at,
        approved_at=listed.approved_at,
        destroyed_at=listed.destroyed_at,
        files=list(listed.files.order_by("year", "number").values_list("file_code", flat=True)),
    )


class ArchiveProposeIn(Schema):
    agency: str


@router.post("/destruction", response={201: ArchiveDestructionOut})
@answers(403, 404, 409)
def propose(request: HttpRequest, payload: ArchiveProposeIn):
    """Lập danh sách hồ sơ đề nghị hủy: the files past retention, not held."""
    return Status(201, _destruction(services.propose_destruction(request.user, payload.agency)))


@router.post("/destruction/{pk}/approve", response=ArchiveDestructionOut)
@answers(403, 404, 409)
def approve(request: HttpRequest, pk: int):
    """The agency's leader approves the list (refused while a file is held)."""
    return _destruction(services.approve_destruction(request.user, pk))


@router.post("/destruction/{pk}/destroy", response=ArchiveDestructionOut)
@answers(403, 404, 409)
def destroy(request: HttpRequest, pk: int):
    """Tiêu hủy an approved list: documents removed, a minimal record kept."""
    return _destruction(services.destroy(request.user, pk))


class ArchiveHoldIn(Schema):
    hold: bool
    reason: str = ""


class ArchiveFileOut(Schema):
    file_code: str
    dossier: str
    title: str
    state: str
    retention_years: int | None
    start_date: date
    end_date: date
    lodge_due: date
    hold: bool


@router.post("/files/{file_code}/hold", response=ArchiveFileOut)
@answers(400, 403, 404)
def hold(request: HttpRequest, file_code: str, payload: ArchiveHoldIn):
    """Tạm giữ (legal hold) or release a file: a held file cannot be destroyed."""
    file = services.set_hold(request.user, file_code, hold=payload.hold, reason=payload.reason)
    return ArchiveFileOut(
        file_code=file.file_code,
        dossier=file.dossier.code,
        title=file.title,
        state=file.state,
        retention_years=file.retention_years,
        start_date=file.start_date,
        end_date=file.end_date,
        lodge_due=file.lodge_due,
        hold=file.hold,
    )
