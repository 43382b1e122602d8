from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "motcua.archive"
    label = "archive"
    verbose_name = _("Lưu trữ điện tử")

    def ready(self) -> None:
        from motcua.audit import actions

        actions.register("archive.file_closed", _("Đóng hồ sơ lưu trữ"))
        actions.register("archive.lodged", _("Nộp lưu hồ sơ"))
        actions.register("archive.hold_set", _("Tạm giữ hồ sơ lưu trữ"))
        actions.register("archive.hold_released", _("Bỏ tạm giữ hồ sơ lưu trữ"))
        actions.register("archive.destruction_proposed", _("Lập danh sách hồ sơ đề nghị hủy"))
        actions.register("archive.destruction_approved", _("Phê duyệt danh sách hồ sơ hủy"))
        actions.register("archive.destroyed", _("Tiêu hủy hồ sơ lưu trữ"))
        actions.register("archive.timestamp_refreshed", _("Gia hạn dấu thời gian lưu trữ"))
