from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "motcua.notify"
    label = "notify"
    verbose_name = "Thông báo"

    def ready(self) -> None:
        from motcua.audit.actions import register

        register("notify.message_retried", "Gửi lại thông báo không thành công")
