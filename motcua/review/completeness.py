"""Catalogue completeness (plan item (c), DOMAIN R8.1, R8.8): the share of procedures
published, of paper forms (mẫu đơn, tờ khai) with a blank to download and with a filled sample,
and of procedures offered online; and the list of what is missing. A filled sample is the
agency's file (mẫu đã điền) uploaded beside the blank one; a form without it is listed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from motcua.catalog.models import OnlineLevel, Procedure
from motcua.catalog.structure import version_cases


@dataclass(frozen=True)
class Share:
    count: int
    total: int

    @property
    def percent(self) -> Decimal | None:
        if not self.total:
            return None
        return (Decimal(self.count) * 100 / self.total).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


@dataclass(frozen=True)
class Gap:
    code: str
    name: str
    what: str


@dataclass(frozen=True)
class Completeness:
    published: Share
    blank_forms: Share
    filled_samples: Share
    online: Share
    gaps: list[Gap]


def catalogue_completeness() -> Completeness:
    """Shares and gaps over every procedure of the catalogue (its version in force)."""
    procedures = list(Procedure.objects.filter(current_version__isnull=False).order_by("code"))
    gaps: list[Gap] = []
    forms = blanks = samples = published = online = 0
    for p in procedures:
        if p.published:
            published += 1
        else:
            gaps.append(Gap(p.code, p.name, _("Chưa công bố")))
        if p.online_level != OnlineLevel.NONE:
            online += 1
        else:
            gaps.append(Gap(p.code, p.name, _("Chưa cung cấp dịch vụ công trực tuyến")))
        seen: set[str] = set()
        for structure in version_cases(p.current_version_id):
            for c in structure.components:
                if not c.form_name or c.code in seen:
                    continue
                seen.add(c.code)
                forms += 1
                if c.has_blank_form:
                    blanks += 1
                else:
                    gaps.append(
                        Gap(
                            p.code,
                            p.name,
                            _("Mẫu “%(form)s” chưa có tệp để trống") % {"form": c.form_name},
                        )
                    )
                if c.has_filled_sample:
                    samples += 1
                else:
                    gaps.append(
                        Gap(
                            p.code,
                            p.name,
                            _("Mẫu “%(form)s” chưa có mẫu đã điền") % {"form": c.form_name},
                        )
                    )
    total = len(procedures)
    return Completeness(
        published=Share(published, total),
        blank_forms=Share(blanks, forms),
        filled_samples=Share(samples, forms),
        online=Share(online, total),
        gaps=gaps,
    )
