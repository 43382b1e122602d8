from django.contrib import admin, messages
from django.utils.translation import gettext as _

from motcua.errors import DomainError
from motcua.notify import services
from motcua.notify.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Read-only: messages change only through the outbox service."""

    list_display = [
        "created_at",
        "channel",
        "recipient",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "agency",
    ]
    list_filter = ["status", "channel"]
    search_fields = ["recipient", "subject", "target_id", "provider_message_id"]
    date_hierarchy = "created_at"
    list_select_related = ["agency"]
    actions = ["retry_now"]

    @admin.action(
        description=_("Gửi lại ngay các thông báo gửi không thành công"), permissions=["retry"]
    )
    def retry_now(self, request, queryset) -> None:
        retried = skipped = 0
        for message in queryset.filter(status=Message.Status.FAILED):
            try:
                services.retry_message(message, actor=request.user)
            except DomainError as error:
                skipped += 1
                self.message_user(request, f"{message.pk}: {error.message}", messages.WARNING)
            else:
                retried += 1
        skipped += queryset.exclude(status=Message.Status.FAILED).count()
        self.message_user(
            request,
            _("Đã đưa %(retried)s thông báo vào hàng gửi lại; bỏ qua %(skipped)s thông báo.")
            % {"retried": retried, "skipped": skipped},
        )

    def has_retry_permission(self, request) -> bool:
        return request.user.has_perm("notify.retry_message")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
