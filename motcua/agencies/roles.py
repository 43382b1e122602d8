"""The roles people play in a one-stop unit (DEVELOPERS.md "Who uses it")."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNTER = "counter", _("Cán bộ một cửa")
    SPECIALIST = "specialist", _("Chuyên viên")
    LEADER = "leader", _("Lãnh đạo")
    SUPERVISOR = "supervisor", _("Giám sát (Văn phòng UBND)")
    ADMIN = "admin", _("Quản trị đơn vị")
    CITIZEN = "citizen", _("Công dân, tổ chức")


STAFF_ROLES = frozenset({Role.COUNTER, Role.SPECIALIST, Role.LEADER, Role.SUPERVISOR, Role.ADMIN})
