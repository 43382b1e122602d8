from django.contrib import admin

from motcua.reports.models import Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["agency", "year", "kpi", "comparison", "value", "source"]
    list_filter = ["year", "kpi"]
    search_fields = ["agency__code", "agency__name", "source"]
    autocomplete_fields = ["agency"]
