from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    label = "dossiers"
    verbose_name = pgettext_lazy("application", "Hồ sơ")

    def ready(self) -> None:
        from motcua.agencies import policy
        from motcua.audit import actions
        from motcua.dossiers.lifecycle import ACTION_SENTENCES, NATIONAL_CODE, TRANSITIONS

        policy.add_lifecycle_perms("dossiers", TRANSITIONS, policy.dossier_where)
        from motcua.exchange.mapping import register_local_statuses

        register_local_statuses(NATIONAL_CODE)
        from motcua.dossiers.national import build
        from motcua.exchange.sync import register_builder

        register_builder(build)

        for code, sentence in ACTION_SENTENCES.items():
            actions.register(f"dossier.{code}", sentence)
        actions.register("dossier.imported", _("Nạp hồ sơ lịch sử"))
        actions.register(
            "dossier.counter_supplement_request", _("Hướng dẫn bổ sung hồ sơ tại quầy (Mẫu 02)")
        )
        actions.register(
            "dossier.national_reconciled", _("Đối chiếu hồ sơ với Cổng Dịch vụ công quốc gia")
        )
        actions.register("dossier.counter_refusal", _("Từ chối tiếp nhận hồ sơ tại quầy (Mẫu 03)"))
