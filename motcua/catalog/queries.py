"""Read-side queries over the published catalogue (danh mục TTHC công khai), shared by the
citizen portal and the public API (DOMAIN §8, R8.1)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from django.core.cache import cache
from django.db import models
from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from motcua import text
from motcua.agencies.models import Agency, Level
from motcua.catalog import fees as fee_rules
from motcua.catalog.models import (
    Fee,
    OnlineLevel,
    Procedure,
    ProcedureLevel,
    ProcedureVersion,
    Receiving,
)
from motcua.catalog.structure import CaseStructure, version_cases
from motcua.errors import NotFound

STAMP_KEY = "catalog:stamp"
STAMP_SECONDS = 5  # a publication shows within seconds; the catalogue is read far more often
T = TypeVar("T")


@dataclass(frozen=True)
class Stamp:
    """When the published catalogue last changed, and a validator for HTTP caching."""

    last_modified: datetime | None
    etag: str


def stamp() -> Stamp:
    """The catalogue's version: the newest published version's time and a hash of what is
    published (a procedure withdrawn from publication changes it too)."""
    found = cache.get(STAMP_KEY)
    if found is not None:
        return found
    versions = ProcedureVersion.objects.aggregate(last=Max("published_at"), top=Max("pk"))
    published = Procedure.objects.filter(published=True).aggregate(
        n=Count("pk"), top=Max("current_version_id")
    )
    seed = f"{versions['last']}|{versions['top']}|{published['n']}|{published['top']}"
    found = Stamp(versions["last"], hashlib.sha256(seed.encode()).hexdigest()[:20])
    cache.set(STAMP_KEY, found, STAMP_SECONDS)
    return found


def forget_stamp() -> None:
    cache.delete(STAMP_KEY)


def kept(name: str, parts: tuple, build: Callable[[], T], seconds: int) -> T:
    """What ``build()`` makes from the published catalogue for ``parts`` (a query, a page, a
    code), kept in the cache while the catalogue does not change: its stamp and the language
    are in the key. What lets a small server answer the catalogue a thousand times a second."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:24]
    key = f"catalog:{name}:{stamp().etag}:{get_language()}:{digest}"
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, seconds)
    return found


def published() -> QuerySet[Procedure]:
    return (
        Procedure.objects.filter(published=True, current_version__isnull=False)
        .select_related("field", "deciding_agency", "current_version")
        .order_by("field__name", "name")
    )


def _for_agency(agency: Agency) -> Q:
    """Procedures this agency receives or decides."""
    if agency.level == Level.COMMUNE:
        return Q(level=ProcedureLevel.COMMUNE)
    if agency.level == Level.CENTRE:
        return Q(receiving=Receiving.CENTRE)
    return Q(deciding_agency=agency)


def search(
    *,
    q: str = "",
    field: str = "",
    agency: str = "",
    level: str = "",
    online: str = "",
) -> QuerySet[Procedure]:
    """Published procedures matching a diacritic-insensitive query (``"khai sinh"`` finds
    ``Đăng ký khai sinh``), a field code, an agency code, a level or an online level."""
    found = published()
    for word in text.search_key(q).split():
        found = found.filter(search_key__contains=word)
    if field:
        found = found.filter(field__code=field)
    if level in ProcedureLevel.values:
        found = found.filter(level=level)
    if online == "online":
        found = found.exclude(online_level=OnlineLevel.NONE)
    elif online in OnlineLevel.values:
        found = found.filter(online_level=online)
    if agency:
        row = Agency.objects.filter(code=agency).first()
        found = found.filter(_for_agency(row)) if row is not None else found.none()
    return found


def procedure(code: str) -> Procedure:
    """One published procedure, or :class:`NotFound`."""
    found = published().filter(code=code).first()
    if found is None:
        raise NotFound(
            _("Không có thủ tục hành chính mã %(code)s.") % {"code": repr(code)},
            code="unknown_procedure",
        )
    return found


@dataclass(frozen=True)
class CaseDetail:
    structure: CaseStructure
    fees: tuple[Fee, ...]

    @property
    def case(self):
        return self.structure.case

    @property
    def quote(self) -> fee_rules.Quote:
        return fee_rules.quote(self.fees)


def cases(found: Procedure) -> list[CaseDetail]:
    """The procedure's cases with their components, steps and fees, in order."""
    structures = version_cases(found.current_version_id)
    fees: dict[int, list[Fee]] = {s.case.pk: [] for s in structures}
    for fee in Fee.objects.filter(case__version_id=found.current_version_id).order_by("order"):
        fees[fee.case_id].append(fee)
    return [CaseDetail(s, tuple(fees[s.case.pk])) for s in structures]


def receiving_agencies(found: Procedure) -> list[Agency]:
    """Where a citizen may submit the procedure (nơi tiếp nhận): every commune for a
    commune procedure, else the provincial centre (and the deciding agency itself)."""
    if found.level == ProcedureLevel.COMMUNE:
        return list(Agency.objects.filter(level=Level.COMMUNE).order_by("name"))
    centres = list(Agency.objects.filter(level=Level.CENTRE).order_by("name"))
    return centres or ([found.deciding_agency] if found.deciding_agency else [])


def blank_form(code: str, component: str):
    """The component of a published procedure's current version that has a blank form."""
    from motcua.catalog.models import Component

    found = (
        Component.objects.filter(
            case__version__procedure__code=code,
            case__version__procedure__published=True,
            case__version__procedure__current_version=models.F("case__version"),
            code=component,
        )
        .exclude(form_file="", form_url="")
        .first()
    )
    if found is None:
        raise NotFound(_("Không có mẫu đơn, tờ khai này."))
    return found


def filled_sample(code: str, component: str):
    """The component of a published procedure's current version that has a filled sample."""
    from motcua.catalog.models import Component

    found = (
        Component.objects.filter(
            case__version__procedure__code=code,
            case__version__procedure__published=True,
            case__version__procedure__current_version=models.F("case__version"),
            code=component,
        )
        .exclude(sample_file="")
        .first()
    )
    if found is None:
        raise NotFound(_("Không có mẫu đã điền của mẫu đơn, tờ khai này."))
    return found
