"""Read-side queries of the reports shared by the pages, the API and the documents engineer's
printed book: the list of dossiers behind a figure and the Mẫu 06 tracking book (Sổ theo dõi
hồ sơ, Circular 01/2018 form 06; DOMAIN §2)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from motcua.dossiers.lifecycle import Action, Outcome
from motcua.dossiers.models import Dossier, Movement
from motcua.reports.periods import Period

LIST_RELATED = ("procedure", "field", "agency", "handling_agency")


class DossierRow:
    """One dossier as the report lists show it (read from a model instance)."""

    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier
        self.code = dossier.code
        self.procedure = dossier.procedure.code
        self.procedure_name = dossier.procedure.name
        self.field = dossier.field.code
        self.applicant_name = dossier.applicant_name
        self.agency = dossier.agency.code
        self.agency_name = dossier.agency.name
        self.handling_agency = dossier.handling_agency.code
        self.handling_agency_name = dossier.handling_agency.name
        self.channel = dossier.channel
        self.channel_label = dossier.get_channel_display()
        self.status = dossier.status
        self.status_label = dossier.get_status_display()
        self.outcome = dossier.outcome
        self.received_at = dossier.received_at
        self.due_at = dossier.due_at
        self.legal_due_at = dossier.original_due_at or dossier.due_at
        self.finished_at = dossier.finished_at
        self.returned_at = dossier.returned_at


class Rows(Sequence):
    """A lazy, sliceable list over a queryset: counts with one query, turns only the slice it
    is asked for into rows (what a paginator needs)."""

    def __init__(self, queryset: QuerySet, make, *, numbered: bool = False) -> None:
        self.queryset = queryset
        self.make = make
        self.numbered = numbered
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.queryset.count()
        return self._count

    def __getitem__(self, index):
        if isinstance(index, slice):
            start = index.start or 0
            items = self.queryset[index]
            if self.numbered:
                return [self.make(item, start + n + 1) for n, item in enumerate(items)]
            return [self.make(item) for item in items]
        return self[index : index + 1][0]

    def __iter__(self):
        return iter(self[0 : len(self)])


def dossier_rows(dossiers: QuerySet[Dossier]) -> Rows:
    """The dossiers behind a figure as :class:`DossierRow` objects, in the queryset's order."""
    return Rows(dossiers.select_related(*LIST_RELATED), DossierRow)


def _book_row(dossier: Dossier, number: int) -> dict[str, Any]:
    """One line of Mẫu 06, with the keys of the form's data contract (documents/pdf.py)."""
    finished_with_result = dossier.outcome in (Outcome.DONE, Outcome.REFUSED)
    contact = ", ".join(p for p in (dossier.applicant_address, dossier.applicant_phone) if p)
    return {
        "no": number,
        "code": dossier.code,
        "procedure_name": dossier.procedure.name,
        "sets": dossier.sets_count,
        "applicant_name": dossier.applicant_name,
        "address_phone": contact,
        "handling_agency": dossier.handling_agency.name,
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "transferred_at": dossier.transferred_at,
        "result_received_at": dossier.finished_at if finished_with_result else None,
        "returned_at": dossier.returned_at,
        "note": dossier.note,
    }


def tracking_book(agency_ids: list[int], period: Period) -> Rows:
    """Sổ theo dõi hồ sơ (Mẫu 06) of the receiving one-stop unit(s): every dossier received in
    the period, in order of reception, numbered from 1. ``transferred_at`` is the first
    hand-over (chuyển xử lý); ``result_received_at`` is when a result (or a refusal after
    appraisal) came back to the one-stop unit, i.e. the end of processing."""
    first_transfer = (
        Movement.objects.filter(dossier=OuterRef("pk"), action=Action.TRANSFER)
        .order_by("at", "pk")
        .values("at")[:1]
    )
    dossiers = (
        Dossier.objects.with_scopes_disabled()
        .filter(
            agency_id__in=agency_ids,
            received_at__gte=period.start_at,
            received_at__lt=period.end_at,
        )
        .select_related("procedure", "handling_agency")
        .annotate(transferred_at=Subquery(first_transfer))
        .order_by("received_at", "pk")
    )
    return Rows(dossiers, _book_row, numbered=True)
