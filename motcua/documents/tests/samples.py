"""Realistic data for every form: a commune after the 2025 reform, names with every tone mark."""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any

VN = timezone(timedelta(hours=7))

CODE = "000.00.06.H56-250124-0361"
LOOKUP = f"https://motcua.tanlap.gov.vn/tra-cuu?code={CODE}"
RECEIVED = datetime(2025, 1, 24, 16, 45, tzinfo=VN)
DUE = datetime(2025, 2, 10, 9, 30, tzinfo=VN)

AGENCY = {
    "name": "Trung tâm Phục vụ hành chính công xã Tân Lập",
    "superior_name": "UBND xã Tân Lập",
    "address": "Số 1 đường Quang Trung, xã Tân Lập",
    "phone": "0237 3852 111",
}
APPLICANT = {
    "name": "Nguyễn Thị Hường",
    "address": "Thôn Đồng Xuân, xã Tân Lập, tỉnh Thanh Hóa",
    "phone": "0912 345 678",
    "email": "huong.nguyen@example.vn",
    "id_number": "038185001234",
}
HEAD = {"agency": AGENCY, "place": "Minh Sơn", "printed_at": date(2025, 1, 24)}


def _fresh(build: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    """Each call returns its own deep copy, so a test may change it freely."""

    @functools.wraps(build)
    def wrapper(*args: Any, **kwargs: Any) -> dict[str, Any]:
        return copy.deepcopy(build(*args, **kwargs))

    return wrapper


@_fresh
def receipt() -> dict[str, Any]:
    return {
        **HEAD,
        "lookup_url": LOOKUP,
        "dossier": {
            "code": CODE,
            "received_at": RECEIVED,
            "due_at": DUE,
            "channel_label": "Trực tiếp",
            "procedure_name": "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
            "case_name": "Hộ gia đình, cá nhân",
            "time_limit_text": "10 ngày làm việc",
            "result_delivery": "Bộ phận Một cửa xã Tân Lập",
            "sets_count": 1,
            "fee_vnd": 1_500_000,
            "book_volume": "01",
            "book_entry": "361",
        },
        "applicant": APPLICANT,
        "owner": {"name": "Lê Văn Quý", "address": "Xóm Thượng, xã Tân Lập"},
        "components": [
            {"name": "Đơn đăng ký, cấp Giấy chứng nhận (Mẫu số 04a/ĐK)", "originals": 1},
            {"name": "Giấy tờ về quyền sử dụng đất", "certified_copies": 1, "copies": 2},
            {"name": "Sơ đồ thửa đất", "originals": 1, "pages": 3},
        ],
        "receiver_name": "Trần Đức Thắng",
    }


@_fresh
def supplement_request() -> dict[str, Any]:
    return {
        **HEAD,
        "lookup_url": LOOKUP,
        "dossier": {"code": CODE, "procedure_name": "Đăng ký khai sinh", "received_at": RECEIVED},
        "applicant": APPLICANT,
        "missing": [
            "Bản chính giấy chứng sinh của bệnh viện",
            "Bản sao giấy chứng nhận kết hôn của cha mẹ (có chứng thực)",
        ],
        "reason": "Hồ sơ thiếu giấy tờ theo quy định tại Điều 16 Luật Hộ tịch",
        "officer": {"name": "Trần Đức Thắng", "phone": "0237 3852 112"},
        "website": "https://dichvucong.gov.vn",
    }


@_fresh
def refusal() -> dict[str, Any]:
    return {
        **HEAD,
        "lookup_url": LOOKUP,
        "dossier": {
            "code": CODE,
            "procedure_name": "Cấp phép xây dựng nhà ở riêng lẻ",
            "submitted_at": RECEIVED,
        },
        "applicant": APPLICANT,
        "reasons": [
            "Thửa đất nằm trong hành lang an toàn đường bộ",
            "Thủ tục không thuộc thẩm quyền giải quyết của xã",
        ],
        "legal_basis": "Điều 89 Luật Xây dựng 2014",
        "officer": {"name": "Trần Đức Thắng", "phone": "0237 3852 112"},
    }


@_fresh
def apology() -> dict[str, Any]:
    return {
        **HEAD,
        "lookup_url": LOOKUP,
        "number": "12/PXL-TTPVHCC",
        "dossier": {
            "code": CODE,
            "received_at": RECEIVED,
            "due_at": DUE,
            "procedure_name": "Chứng thực hợp đồng chuyển nhượng quyền sử dụng đất",
        },
        "applicant": APPLICANT,
        "reason": "Cần xác minh thêm nguồn gốc thửa đất với Văn phòng đăng ký đất đai",
        "new_due_at": datetime(2025, 2, 17, 14, 0, tzinfo=VN),
        "return_place": "Bộ phận Một cửa xã Tân Lập",
        "signer": {"title": "Giám đốc", "name": "Lê Văn Quý"},
    }


@_fresh
def stop_notice() -> dict[str, Any]:
    return {
        **HEAD,
        "lookup_url": LOOKUP,
        "number": "03/TB-TTPVHCC",
        "dossier": {
            "code": CODE,
            "received_at": RECEIVED,
            "procedure_name": "Đăng ký biến động đất đai",
        },
        "applicant": APPLICANT,
        "requested_at": date(2025, 1, 30),
        "reason": "Người nộp hồ sơ đề nghị rút hồ sơ để bổ sung hợp đồng tặng cho",
        "return_place": "Bộ phận Một cửa xã Tân Lập",
        "signer": {"title": "Giám đốc", "name": "Lê Văn Quý"},
    }


@_fresh
def control_sheet() -> dict[str, Any]:
    step = timedelta(days=1, hours=2)
    return {
        "agency": AGENCY,
        "lookup_url": LOOKUP,
        "dossier": {
            "code": CODE,
            "received_at": RECEIVED,
            "due_at": DUE,
            "procedure_name": "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
        },
        "applicant": {"name": "Nguyễn Thị Hường"},
        "handling_agency": "Công chức địa chính - xây dựng",
        "coordinating_agencies": "Văn phòng đăng ký đất đai tỉnh",
        "handovers": [
            {
                "from_unit": "Bộ phận Một cửa",
                "to_unit": "Công chức địa chính",
                "at": RECEIVED + step,
                "giver_name": "Trần Đức Thắng",
                "receiver_name": "Lê Văn Quý",
                "result": "before",
            },
            {
                "from_unit": "Công chức địa chính",
                "to_unit": "Lãnh đạo UBND xã",
                "at": RECEIVED + 2 * step,
                "giver_name": "Lê Văn Quý",
                "receiver_name": "Nguyễn Thị Hường",
                "result": "on_time",
                "note": "Trình ký",
            },
            {
                "from_unit": "Lãnh đạo UBND xã",
                "to_unit": "Bộ phận Một cửa",
                "at": RECEIVED + 3 * step,
                "giver_name": "Nguyễn Thị Hường",
                "receiver_name": "Trần Đức Thắng",
                "result": "overdue",
            },
        ],
    }


@_fresh
def tracking_book(rows: int = 12) -> dict[str, Any]:
    names = ("Nguyễn Thị Hường", "Trần Đức Thắng", "Lê Văn Quý")
    procedures = (
        "Đăng ký khai sinh",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
    )
    return {
        "agency": AGENCY,
        "place": "Minh Sơn",
        "printed_at": date(2025, 2, 1),
        "period_from": date(2025, 1, 1),
        "period_to": date(2025, 1, 31),
        "book_volume": "01/2025",
        "rows": [
            {
                "no": i + 1,
                "code": f"000.00.06.H56-2501{(i % 28) + 1:02d}-{i + 1:04d}",
                "procedure_name": procedures[i % 3],
                "sets": 1,
                "applicant_name": names[i % 3],
                "address_phone": "Thôn Đồng Xuân, 0912 345 678",
                "handling_agency": "UBND xã Tân Lập",
                "received_at": RECEIVED,
                "due_at": DUE,
                "transferred_at": RECEIVED + timedelta(hours=1),
                "result_received_at": DUE - timedelta(days=1),
                "returned_at": DUE.date(),
                "note": "Trả qua bưu chính" if i % 5 == 0 else None,
            }
            for i in range(rows)
        ],
    }


SAMPLES = {
    "mau01_receipt": receipt,
    "mau02_supplement_request": supplement_request,
    "mau03_refusal": refusal,
    "mau04_apology": apology,
    "mau05_stop_notice": stop_notice,
    "mau05_control_sheet": control_sheet,
    "mau06_tracking_book": tracking_book,
}
