"""The system operator's view of the hall: booking rules are data edited here; counters are
made on the agency's administration screen or with ``manage.py create_counter``; tickets and
appointments change only through :mod:`motcua.hall.services` and are read-only here."""

from django.contrib import admin

from motcua.hall.models import Appointment, BookingRule, Counter, Ticket


@admin.register(BookingRule)
class BookingRuleAdmin(admin.ModelAdmin):
    list_display = [
        "agency",
        "field",
        "opens",
        "closes",
        "slot_minutes",
        "capacity",
        "days_ahead",
        "per_person_per_day",
    ]
    list_select_related = ["agency", "field"]


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Counter)
class CounterAdmin(ReadOnly):
    list_display = ["name", "agency", "officer", "active"]
    list_select_related = ["agency", "officer"]


@admin.register(Ticket)
class TicketAdmin(ReadOnly):
    list_display = ["code", "day", "agency", "field", "status", "issued_at", "called_at", "counter"]
    list_filter = ["status", "channel", "day"]
    list_select_related = ["agency", "field", "counter"]


@admin.register(Appointment)
class AppointmentAdmin(ReadOnly):
    list_display = ["code", "day", "agency", "field", "status", "created_at"]
    list_filter = ["status", "day"]
    search_fields = ["code"]
    list_select_related = ["agency", "field"]
