"""Files (CONTRACT.md): uploads, scans of a dossier's papers, its files, the citizen's data
store, and signature verification."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.http import HttpRequest
from ninja import File, Router, Schema, Status, UploadedFile

from motcua.api.security import AddressThrottle, AnyToken, TokenUnlessPublic
from motcua.documents import services as files
from motcua.documents import signatures, storage
from motcua.dossiers import access
from motcua.dossiers.services import digitisation
from motcua.errors import NotFound, answers
from motcua.limits import slots

router = Router(tags=["documents"])


class FileOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    sha256: str


class ComponentFileOut(Schema):
    component: str
    file: FileOut


class StoreItemOut(Schema):
    id: int
    title: str
    kind: str
    holder_name: str
    source_code: str
    procedure_code: str
    agency: str | None
    issued_on: date | None
    created_at: datetime
    file: FileOut


class SignatureOut(Schema):
    field: str
    signer: str
    signing_time: datetime | None
    timestamp_time: datetime | None
    intact: bool
    valid: bool
    trusted: bool
    coverage: str
    problems: list[str]


class VerificationOut(Schema):
    signed: bool
    valid: bool
    signatures: list[SignatureOut]


@router.post("/files", response={201: FileOut}, auth=AnyToken())
@answers(413, 429)
def upload_file(request: HttpRequest, file: File[UploadedFile]):
    """Tải tệp lên (PDF, JPEG, PNG; nhận dạng theo nội dung): thành phần hồ sơ sẽ nộp, hoặc dự
    thảo kết quả. Tệp chưa đính kèm vào hồ sơ thuộc về người tải lên."""
    content = storage.read_upload(file)
    return Status(201, files.upload(content, file.name or "", actor=request.user))


@router.post("/dossiers/{code}/components/{component_code}/files", response={201: ComponentFileOut})
@answers(403, 409, 413)
def scan_component(request: HttpRequest, code: str, component_code: str, file: File[UploadedFile]):
    """Số hóa một thành phần của hồ sơ đã tiếp nhận (bản quét tại quầy)."""
    dossier = access.dossier_for(request.user, code)
    document = digitisation.digitise_component(
        dossier,
        component_code,
        actor=request.user,
        content=storage.read_upload(file),
        name=file.name or "",
    )
    return Status(201, {"component": component_code, "file": document})


@router.get("/dossiers/{code}/files/{file_id}")
@answers(403, 409)
def dossier_file(request: HttpRequest, code: str, file_id: int):
    """Tải về một tệp của hồ sơ (thành phần, kết quả điện tử)."""
    dossier = access.dossier_for(request.user, code)
    document = files.attached_document(dossier, file_id)
    if document is None:
        raise NotFound("Hồ sơ không có tệp này.")
    return files.download(document)


def _store_item(item) -> dict:
    return {
        "id": item.pk,
        "title": item.title,
        "kind": item.kind,
        "holder_name": item.holder_name,
        "source_code": item.source_code,
        "procedure_code": item.procedure_code,
        "agency": item.agency.code if item.agency_id else None,
        "issued_on": item.issued_on,
        "created_at": item.created_at,
        "file": item.document,
    }


@router.get("/store", response=list[StoreItemOut])
@answers(403)
def store_items(request: HttpRequest, id_number: str, purpose: str = ""):
    """Kho dữ liệu điện tử của công dân, tổ chức: giấy tờ đã số hóa và kết quả điện tử của một
    số định danh do chính cơ quan mình lưu (cán bộ một cửa; mỗi lần tra cứu được ghi nhật ký
    cùng mục đích ``purpose``, mặc định "tiếp nhận hồ sơ")."""
    found = files.look_up_store(id_number, actor=request.user, purpose=purpose)
    return [_store_item(item) for item in found]


@router.get("/my/store", response=list[StoreItemOut], auth=AnyToken())
def my_store(request: HttpRequest):
    """Kho dữ liệu của tôi (tài khoản công dân): giấy tờ và kết quả điện tử mà các hồ sơ của
    chính mình đã đưa vào kho, để chọn lại (``store_item_ids``) khi nộp hồ sơ mới."""
    items = digitisation.citizen_store(request.user).select_related("document", "agency")
    return [_store_item(item) for item in items[:500]]


@router.get("/my/store/{item_id}/file", auth=AnyToken())
@answers(409)
def my_store_file(request: HttpRequest, item_id: int):
    """Tải về một giấy tờ trong kho dữ liệu của mình."""
    document = digitisation.citizen_store_document(request.user, item_id)
    if document is None:
        raise NotFound("Không tìm thấy giấy tờ trong kho dữ liệu.")
    return files.download(document)


@router.post(
    "/verify",
    response=VerificationOut,
    auth=TokenUnlessPublic("VERIFY_PUBLIC"),
    throttle=[AddressThrottle("RATELIMIT_PUBLIC")],
)
@answers(413, 503)
def verify(request: HttpRequest, file: File[UploadedFile]):
    """Xác thực chữ ký số trên một tệp PDF: người ký, thời điểm ký, văn bản còn nguyên vẹn
    không, chứng thư có được tin cậy không. Cần đăng nhập (trừ khi máy chủ bật VERIFY_PUBLIC);
    tệp tối đa VERIFY_MAX_BYTES; mỗi máy chủ xác thực tối đa VERIFY_CONCURRENCY tệp cùng lúc
    (bận thì trả 503)."""
    content = storage.read_upload(file, limit=settings.VERIFY_MAX_BYTES)
    checked = storage.check_upload(content, file.name or "", allowed=(storage.PDF,))
    with slots.slot("verify", settings.VERIFY_CONCURRENCY):
        result = signatures.verify(checked.content)
    return {
        "signed": bool(result.signatures),
        "valid": result.valid,
        "signatures": [
            {
                "field": s.field_name,
                "signer": s.signer_name,
                "signing_time": s.signing_time,
                "timestamp_time": s.timestamp_time,
                "intact": s.intact,
                "valid": s.valid,
                "trusted": s.trusted,
                "coverage": str(s.coverage),
                "problems": list(s.problems),
            }
            for s in result.signatures
        ],
    }
