"""Payments, the platform message log and mismatches in the admin site: read-only (changes go
through the services, which audit them)."""

from __future__ import annotations

from django.contrib import admin

from motcua.payments.models import Mismatch, Payment, PlatformMessage, ReceiptSeries


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("exchange.manage_exchange")


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = ["reference", "dossier", "amount_vnd", "channel", "method", "state", "paid_at"]
    list_filter = ["channel", "state"]
    search_fields = ["reference", "receipt_number", "transaction_id"]
    list_select_related = ["dossier"]


@admin.register(PlatformMessage)
class PlatformMessageAdmin(ReadOnly):
    list_display = ["at", "kind", "reference", "outcome"]
    list_filter = ["kind", "outcome"]
    search_fields = ["reference"]


@admin.register(Mismatch)
class MismatchAdmin(ReadOnly):
    list_display = ["created_at", "kind", "reference", "reported_vnd", "expected_vnd", "settled_at"]
    list_filter = ["kind"]
    search_fields = ["reference"]


@admin.register(ReceiptSeries)
class ReceiptSeriesAdmin(ReadOnly):
    list_display = ["agency", "year", "symbol", "last_number"]
