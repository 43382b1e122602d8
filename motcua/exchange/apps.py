from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "motcua.exchange"
    label = "exchange"
    verbose_name = _("Trao đổi với hệ thống ngoài")

    def ready(self) -> None:
        from motcua.audit.actions import register

        register("exchange.mapping_changed", _("Sửa bảng mã liên thông với DVCQG"))
        register("exchange.resent", _("Gửi lại tin đồng bộ lên Cổng DVCQG"))
