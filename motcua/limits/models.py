"""One row per (key, time slot) of a rate limit; written only by :mod:`.counters`."""

from __future__ import annotations

from django.db import models


class Counter(models.Model):
    """Attempts of one key (a scope and a hashed address or account) in one fixed window."""

    key = models.CharField(max_length=100)
    slot = models.BigIntegerField(help_text="Window number: Unix time // period.")
    count = models.PositiveIntegerField(default=0)
    expires = models.BigIntegerField(db_index=True, help_text="Unix time the row may go.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "slot"], name="one_counter_per_slot")]

    def __str__(self) -> str:
        return f"{self.key}@{self.slot}: {self.count}"


class Backoff(models.Model):
    """Failures of one key (an account at one address) in a row, and when the last happened:
    the next attempt waits a delay that grows with them (:mod:`.backoff`)."""

    key = models.CharField(max_length=100, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_at = models.BigIntegerField(help_text="Unix time of the last failure.")

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"
