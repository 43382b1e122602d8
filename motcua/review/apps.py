from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "motcua.review"
    label = "review"
    verbose_name = _("Rà soát thủ tục, chi phí tuân thủ")

    def ready(self) -> None:
        from motcua.audit import actions

        actions.register("review.hour_value_set", _("Nhập giá trị một giờ làm việc"))
        actions.register("review.cost_input_set", _("Nhập số liệu tính chi phí tuân thủ"))
        actions.register("review.cost_input_removed", _("Xóa số liệu tính chi phí tuân thủ"))
