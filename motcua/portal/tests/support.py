"""Helpers for portal tests: an online submission and the staff steps that follow it."""

from __future__ import annotations

from django.db.models import QuerySet
from django_scopes import scopes_disabled

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import actions, intake

ANSWERS = {
    "ho_ten_tre": "Nguyễn Minh Khôi",
    "ngay_sinh": "2025-03-01",
    "gioi_tinh": "Nam",
    "noi_sinh": "Bệnh viện đa khoa tỉnh Minh Sơn",
    "ho_ten_me": "Trần Thị Mai",
    "ho_ten_cha": "Nguyễn Văn An",
}
COMPONENTS = [
    {"code": "to_khai_ks", "originals": 1},
    {"code": "giay_chung_sinh", "originals": 1},
    {"code": "giay_to_tuy_than", "originals": 1},
]


def submit(citizen, **overrides) -> Dossier:
    """Đăng ký khai sinh (toàn trình), submitted online to phường Minh Sơn."""
    body = {
        "procedure": "1.001193",
        "agency": "000.00.31.H99",
        "applicant": {"name": "Nguyễn Văn An", "phone": "0912345678"},
        "components": COMPONENTS,
        "answers": ANSWERS,
    }
    body.update(overrides)
    return intake.submit_online(actor=citizen, **body)


def act(dossier: Dossier, action: str, user, **body) -> Dossier:
    with scopes_disabled():
        fresh = Dossier.objects.get(pk=dossier.pk)
    return actions.perform(fresh, action, actor=user, body=body)


def to_result(dossier: Dossier, lan, minh, hoa, *, returned: bool = True) -> Dossier:
    """Accept, appraise, approve and (by default) hand over the result at the counter."""
    dossier = act(dossier, "accept", lan)
    dossier = act(dossier, "transfer", lan)
    dossier = act(dossier, "transfer", minh)
    dossier = act(dossier, "approve", hoa)
    if returned:
        dossier = act(dossier, "return_result", lan, channel="counter")
    return dossier


def rows(model) -> QuerySet:
    """Every row of ``model``, past its agency scope (tests only)."""
    return QuerySet(model)
