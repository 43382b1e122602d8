"""The roles people play in a one-stop unit (DEVELOPERS.md "Who uses it")."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    COUNTER = "counter", "Cán bộ một cửa"
    SPECIALIST = "specialist", "Chuyên viên"
    LEADER = "leader", "Lãnh đạo"
    SUPERVISOR = "supervisor", "Giám sát (Văn phòng UBND)"
    ADMIN = "admin", "Quản trị đơn vị"
    CITIZEN = "citizen", "Công dân, tổ chức"


STAFF_ROLES = frozenset({Role.COUNTER, Role.SPECIALIST, Role.LEADER, Role.SUPERVISOR, Role.ADMIN})
