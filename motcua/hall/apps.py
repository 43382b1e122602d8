from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HallConfig(AppConfig):
    name = "motcua.hall"
    label = "hall"
    verbose_name = _("Sảnh tiếp dân: xếp hàng, lịch hẹn, ki-ốt")

    def ready(self) -> None:
        from motcua.audit import actions
        from motcua.hall.services import AUDIT_SENTENCES

        for code, sentence in AUDIT_SENTENCES.items():
            actions.register(f"hall.{code}", sentence)
