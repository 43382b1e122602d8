from django.contrib import admin

from motcua.reports.models import ReportDue, ReportSchedule, Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["agency", "year", "kpi", "comparison", "value", "source"]
    list_filter = ["year", "kpi"]
    search_fields = ["agency__code", "agency__name", "source"]
    autocomplete_fields = ["agency"]


@admin.register(ReportSchedule)
class ReportScheduleAdmin(admin.ModelAdmin):
    list_display = ["agency", "kind", "frequency", "due_day", "remind_days", "starts_on", "active"]
    list_filter = ["kind", "frequency", "active"]
    search_fields = ["agency__code", "agency__name"]
    autocomplete_fields = ["agency"]


@admin.register(ReportDue)
class ReportDueAdmin(admin.ModelAdmin):
    """What was sent and reminded: recorded on the schedule screen, read here."""

    list_display = ["agency", "schedule", "period", "due_on", "reminded_at", "sent_on"]
    list_filter = ["schedule__kind"]
    search_fields = ["agency__code", "period"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
