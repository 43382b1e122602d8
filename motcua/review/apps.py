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
        actions.register("review.plan_created", _("Lập kế hoạch rà soát TTHC"))
        actions.register("review.plan_approved", _("Phê duyệt kế hoạch rà soát TTHC"))
        actions.register("review.plan_closed", _("Kết thúc kế hoạch rà soát TTHC"))
        actions.register("review.item_added", _("Đưa thủ tục vào kế hoạch rà soát"))
        actions.register("review.item_recorded", _("Ghi kết quả rà soát thủ tục"))
        actions.register("review.decision_attached", _("Đính kèm quyết định đã ký"))
        actions.register("review.item_closed", _("Kết thúc rà soát thủ tục"))
