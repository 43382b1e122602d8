"""Fictional applicants for the demo and the benchmarks: common Vietnamese family, middle and
given names put together at random, with randomly generated phone and ID numbers (not taken
from any real person)."""

from __future__ import annotations

import random

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Trịnh",
    "Mai",
    "Cao",
]
MIDDLE = [
    "Văn",
    "Thị",
    "Đức",
    "Minh",
    "Ngọc",
    "Thu",
    "Quang",
    "Thanh",
    "Hữu",
    "Xuân",
    "Hồng",
    "Kim",
    "Bảo",
    "Gia",
    "Anh",
]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hoa",
    "Hùng",
    "Hường",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Nga",
    "Nhung",
    "Phong",
    "Phúc",
    "Quân",
    "Quý",
    "Sơn",
    "Tâm",
    "Thắng",
    "Thảo",
    "Thủy",
    "Trang",
    "Trung",
    "Tuấn",
    "Tú",
    "Uyên",
    "Việt",
    "Vy",
    "Yến",
]
STREETS = [
    "Trần Hưng Đạo",
    "Lê Lợi",
    "Nguyễn Trãi",
    "Hùng Vương",
    "Lý Thường Kiệt",
    "Hai Bà Trưng",
    "Quang Trung",
    "Phan Đình Phùng",
]


def person(rng: random.Random) -> dict[str, str]:
    """A fictional applicant."""
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return {
        "name": name,
        "phone": f"099{rng.randint(0, 1)}{rng.randint(0, 999999):06d}",
        "id_number": f"0{rng.randint(1, 96):02d}{rng.randint(0, 999999999):09d}",
        "address": f"Số {rng.randint(1, 200)} đường {rng.choice(STREETS)}, tỉnh Minh Sơn",
    }
