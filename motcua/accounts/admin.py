from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "role", "agency", "counter_delegate", "is_active"]
    list_filter = ["role", "agency", "is_active", "counter_delegate"]
    search_fields = ["username", "full_name", "email", "phone"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            _("Đơn vị và vai trò"),
            {"fields": ("full_name", "phone", "agency", "role", "title", "counter_delegate")},
        ),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "created_at", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = ["user", "digest", "prefix", "created_at", "expires_at", "last_used_at"]
    list_filter = ["revoked_at"]

    def has_add_permission(self, request) -> bool:
        return False  # tokens are issued through the API only
