from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    label = "payments"
    verbose_name = _("Phí, lệ phí và thanh toán")

    def ready(self) -> None:
        from motcua.audit.actions import register

        register("payments.init", _("Gửi yêu cầu thanh toán trực tuyến"))
        register("payments.counter", _("Thu phí, lệ phí tại quầy"))
        register("payments.mismatch_settled", _("Xử lý sai lệch thanh toán"))
        register("payments.refunded", _("Hoàn trả phí, lệ phí"))
