from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "motcua.documents"
    label = "documents"
    verbose_name = _("Tài liệu, kho dữ liệu, chữ ký số")

    def ready(self) -> None:
        from motcua.audit.actions import register
        from motcua.documents import checks  # noqa: F401  (registers the deploy check)

        register("documents.uploaded", _("Tải tệp lên"))
        register("documents.store_looked_up", _("Tra cứu kho dữ liệu điện tử của công dân"))
        register("documents.swept", _("Dọn tệp không được sử dụng"))
        register("documents.backlog_imported", _("Nạp hồ sơ, kết quả số hóa tồn đọng"))
        register("documents.signing_identity_registered", _("Đăng ký chứng thư số"))
