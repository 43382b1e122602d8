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
