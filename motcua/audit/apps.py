from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "motcua.audit"
    label = "audit"
    verbose_name = "Nhật ký"

    def ready(self) -> None:
        from motcua.audit import triggers

        triggers.install_sqlite_guard()
