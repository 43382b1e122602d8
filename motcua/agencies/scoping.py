"""Agency scoping for models whose visibility is more than one foreign key.

django-scopes' ``ScopedManager`` filters one field; a dossier is visible to several agencies
(the receiving one, the deciding one, each agency of an inter-agency process). This manager
keeps django-scopes' contract — the same ``scope()`` / ``scopes_disabled()`` state, and a query
outside any scope raising ``ScopeError`` — with a filter built by the model."""

from __future__ import annotations

import copy
from collections.abc import Callable

from django.db import models
from django.db.models import Q
from django_scopes import ScopeError, get_scope


def _ids(value: object) -> list:
    if isinstance(value, (list, tuple, set, frozenset)):
        return list(value)
    return [value]


class OutOfScope(models.QuerySet):
    """What a query gets outside any agency scope: it builds like any queryset, and raises
    ``ScopeError`` as soon as it would read or write the database (django-scopes' contract,
    through its public API only)."""

    def _refuse(self, *args, **kwargs):
        raise ScopeError("Cần một phạm vi cơ quan (scope agency) cho truy vấn này.")

    _fetch_all = count = exists = aggregate = update = delete = iterator = _refuse
    explain = contains = in_bulk = get_or_create = update_or_create = _refuse


def agency_scoped_manager(
    to_q: Callable[[list], Q], manager_class: type[models.Manager] = models.Manager
) -> models.Manager:
    """A manager that filters with ``to_q(agency_ids)`` inside ``scope(agency=…)``."""

    class Manager(manager_class):  # type: ignore[valid-type, misc]
        _override: dict | None = None

        def with_scopes_disabled(self) -> Manager:
            clone = copy.copy(self)
            clone._override = {"_enabled": False}
            return clone

        def get_queryset(self) -> models.QuerySet:
            current = self._override if self._override is not None else get_scope()
            queryset = super().get_queryset()
            if not current.get("_enabled", True):
                return queryset
            if "agency" not in current:
                return OutOfScope(self.model, using=self._db)
            return queryset.filter(to_q(_ids(current["agency"])))

    return Manager()
