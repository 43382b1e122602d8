from django.contrib import admin

from motcua.agencies.models import Agency


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "phone", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["code", "name", "short_name"]
    readonly_fields = ["path"]
