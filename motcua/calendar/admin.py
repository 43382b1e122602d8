from django.contrib import admin

from motcua.calendar.models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Add next year's official announcement by hand: one row per weekday off or Saturday
    worked, with the document number as its source."""

    list_display = ["date", "kind", "name", "source", "agency"]
    list_filter = ["kind", "agency"]
    search_fields = ["name", "source"]
    date_hierarchy = "date"
