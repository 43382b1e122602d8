"""The demo province's people: one account per role, with the documented demo password.

Listed in README.md; change nothing here without changing the README."""

from __future__ import annotations

from typing import NamedTuple

DEMO_PASSWORD = "motcua-demo-2025"  # noqa: S105 - documented demo password, demo data only


class DemoUser(NamedTuple):
    username: str
    agency: str
    role: str
    full_name: str
    title: str
    counter_delegate: bool = False


CAST = (
    # Phường Minh Sơn: a commune-level one-stop unit.
    DemoUser("lan", "000.00.31.H99", "counter", "Nguyễn Thị Lan", "Công chức một cửa"),
    DemoUser("minh", "000.00.31.H99", "specialist", "Trần Văn Minh", "Công chức Tư pháp – Hộ tịch"),
    DemoUser("hoa", "000.00.31.H99", "leader", "Lê Thị Hoa", "Phó Chủ tịch UBND phường"),
    DemoUser("thu", "000.00.31.H99", "admin", "Phạm Minh Thu", "Quản trị hệ thống phường"),
    # Xã Tân Lập: a counter officer delegated to decide on the spot (4 tại chỗ).
    DemoUser("tuan", "000.00.33.H99", "counter", "Hoàng Văn Tuấn", "Công chức một cửa", True),
    DemoUser(
        "nga", "000.00.33.H99", "specialist", "Đinh Thị Nga", "Công chức Văn phòng – Thống kê"
    ),
    DemoUser("son", "000.00.33.H99", "leader", "Bùi Văn Sơn", "Chủ tịch UBND xã"),
    # The provincial centre and two deciding departments.
    DemoUser("mai", "000.00.01.H99", "counter", "Vũ Thị Mai", "Chuyên viên Trung tâm PVHCC"),
    DemoUser(
        "khoa",
        "000.00.05.H99",
        "specialist",
        "Ngô Đức Khoa",
        "Chuyên viên Văn phòng đăng ký đất đai",
    ),
    DemoUser("phuong", "000.00.05.H99", "leader", "Đặng Thu Phương", "Phó Giám đốc Sở NN&MT"),
    DemoUser("hai", "000.00.07.H99", "specialist", "Lý Văn Hải", "Cán bộ Phòng Hồ sơ"),
    DemoUser("quang", "000.00.07.H99", "leader", "Trịnh Minh Quang", "Phó Giám đốc Công an tỉnh"),
    # The provincial office watches everything below the province.
    DemoUser(
        "giamsat", "000.00.00.H99", "supervisor", "Phan Thị Giám", "Chuyên viên Văn phòng UBND tỉnh"
    ),
    # The province's administrator: the internal process of the shared commune procedures.
    DemoUser("quantri", "000.00.00.H99", "admin", "Cao Văn Trị", "Quản trị hệ thống tỉnh"),
)
