"""The audit trail: one append-only table of everything anybody did (nhật ký thao tác)."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from motcua import clock


class Event(models.Model):
    """One action: who, for which agency, when, what (dotted code), on what, before and after.

    Written in the same transaction as the change it records; database triggers refuse UPDATE
    and DELETE (see ``triggers.py``)."""

    at = models.DateTimeField(_("thời điểm"), default=clock.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("thao tác"), max_length=64, db_index=True)
    target_type = models.CharField(_("loại đối tượng"), max_length=64, blank=True)
    target_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    target_repr = models.CharField(_("đối tượng"), max_length=255, blank=True)
    before = models.JSONField(_("trước"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField("sau", null=True, blank=True, encoder=DjangoJSONEncoder)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    request_id = models.CharField(_("mã yêu cầu"), max_length=36, blank=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("nhật ký thao tác")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_event_target")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"
