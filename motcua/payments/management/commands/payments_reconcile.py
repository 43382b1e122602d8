"""payments_reconcile: ask the payment platform (QUERY) about every reference still open, apply
the paid ones as confirmations, and print ``paid N, open N, failed N``; then issue the e-receipts
owed. The worker does the same every few minutes."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from motcua.payments import ereceipts, platform, services


class Command(BaseCommand):
    help = "Đối soát với nền tảng thanh toán các khoản còn chờ thanh toán (QUERY)."

    def handle(self, *args, **options) -> None:
        if platform.config() is None:
            missing = ", ".join(platform.missing_settings())
            self.stderr.write(f"Thanh toán trực tuyến đang tắt (chưa đặt {missing}).")
        self.stdout.write(str(services.reconcile()))
        if ereceipts.provider() is not None:
            self.stdout.write(str(ereceipts.deliver_due()))
