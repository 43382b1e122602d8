"""Digitisation shares of the Decision 766 index, group "Số hóa hồ sơ" (DOMAIN §6, criteria
4.1–4.4), as numerator and denominator for a set of agencies and a range of local days: the
reports round them once, at display (STYLE.md habit 12).

Every function is one or two COUNT queries whatever the number of dossiers; "an agency's
dossiers" are those it decides (``handling_agency``), as the 766 index counts them. Call them
inside the caller's agency scope."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, QuerySet

from motcua import clock
from motcua.documents.models import Attachment, Role, StoreItem
from motcua.dossiers.lifecycle import Outcome
from motcua.dossiers.models import Dossier, DossierComponent

TARGET = Dossier._meta.label_lower


@dataclass(frozen=True)
class Share:
    """``numerator`` of ``denominator`` dossiers (tử số / mẫu số)."""

    numerator: int
    denominator: int


def _span(first: date, last: date) -> tuple[datetime, datetime]:
    start = datetime.combine(first, time(0), tzinfo=clock.VN)
    return start, datetime.combine(last + timedelta(days=1), time(0), tzinfo=clock.VN)


def _received(agency_ids: Iterable[int], first: date, last: date) -> QuerySet[Dossier]:
    start, end = _span(first, last)
    return Dossier.objects.filter(
        handling_agency_id__in=list(agency_ids), received_at__gte=start, received_at__lt=end
    )


def _attached(role: str, **document: object) -> Exists:
    return Exists(
        Attachment.objects.filter(
            target_type=TARGET,
            target_id=OuterRef("pk"),
            role=role,
            **{f"document__{k}": v for k, v in document.items()},
        )
    )


def _component(**flags: bool) -> Exists:
    return Exists(DossierComponent.objects.filter(dossier=OuterRef("pk"), **flags))


def _share(dossiers: QuerySet[Dossier], condition: Exists) -> Share:
    return Share(dossiers.filter(condition).count(), dossiers.count())


def electronic_results(agency_ids: Iterable[int], first: date, last: date) -> Share:
    """4.1 Hồ sơ có cấp kết quả điện tử: of the dossiers finished with a result in the period
    whose procedure's result is a document, those with a signed electronic result."""
    start, end = _span(first, last)
    finished = Dossier.objects.filter(
        handling_agency_id__in=list(agency_ids),
        outcome=Outcome.DONE,
        finished_at__gte=start,
        finished_at__lt=end,
        version__result_is_document=True,
    )
    return _share(finished, _attached(Role.RESULT, electronic=True))


def digitised_dossiers(agency_ids: Iterable[int], first: date, last: date) -> Share:
    """4.2 Hồ sơ thực hiện số hóa: of the dossiers received in the period, those with digitised
    papers and an electronic result."""
    dossiers = _received(agency_ids, first, last)
    with_papers = dossiers.filter(_component(digitised=True))
    return Share(
        with_papers.filter(_attached(Role.RESULT, electronic=True)).count(), dossiers.count()
    )


def dossiers_with_digitised_papers(agency_ids: Iterable[int], first: date, last: date) -> Share:
    """Hồ sơ có thành phần số hóa (``HoSoCoThanhPhanSoHoa``): at least one digitised paper."""
    return _share(_received(agency_ids, first, last), _component(digitised=True))


def reused_papers(agency_ids: Iterable[int], first: date, last: date) -> Share:
    """4.3 Khai thác, sử dụng lại dữ liệu số hóa: dossiers received in the period with at least
    one paper reused instead of asked again."""
    return _share(_received(agency_ids, first, last), _component(reused=True))


def connected_to_store(agency_ids: Iterable[int], first: date, last: date) -> Share:
    """4.4 Hồ sơ số hóa kết nối, chia sẻ với kho cá nhân: dossiers received in the period with a
    paper taken from the data store or an electronic result filed in it."""
    pushed = Exists(
        StoreItem.objects.filter(
            source_type=TARGET, source_id=OuterRef("pk"), document__electronic=True
        )
    )
    dossiers = _received(agency_ids, first, last)
    return Share(dossiers.filter(_component(from_store=True) | pushed).count(), dossiers.count())
