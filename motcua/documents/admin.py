from django.contrib import admin

from motcua.documents.models import Document, StoreItem


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by the services (uploads, approvals, imports)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "name", "content_type", "size", "origin", "electronic", "agency"]
    list_filter = ["origin", "electronic", "content_type"]
    search_fields = ["name", "sha256"]
    date_hierarchy = "created_at"
    list_select_related = ["agency"]


@admin.register(StoreItem)
class StoreItemAdmin(ReadOnlyAdmin):
    list_display = ["id_number", "title", "kind", "source_code", "agency", "issued_on"]
    list_filter = ["kind"]
    search_fields = ["id_number", "source_code"]
    list_select_related = ["agency"]
