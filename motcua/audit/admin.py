from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.audit.actions import describe
from motcua.audit.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only."""

    list_display = ["at", "action", "sentence", "actor", "agency", "target_repr"]
    list_filter = ["action", "agency"]
    search_fields = ["target_repr", "target_id", "request_id"]
    date_hierarchy = "at"

    @admin.display(description=_("mô tả"))
    def sentence(self, event: Event) -> str:
        return describe(event.action)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
