"""Who may do what: every permission of MộtCửa as a ``rules`` predicate, in one place
(STYLE.md §1.4). Views, API and services ask ``user.has_perm(name, obj)`` or :func:`require`.

Object-level predicates take the object's agency from ``obj.agency_id`` unless the object
says otherwise through ``policy_agency_ids()`` (a dossier handled by several agencies)."""

from __future__ import annotations

from typing import Any

import rules
from django.core.cache import cache
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency, Level
from motcua.agencies.roles import Role
from motcua.errors import PermissionDenied

SUBTREE_CACHE_SECONDS = 60


def subtree_ids(agency: Agency) -> list[int]:
    """Ids of ``agency`` and every agency below it (cached briefly: the tree rarely changes)."""
    key = f"agency-subtree:{agency.pk}:{agency.path}"
    ids = cache.get(key)
    if ids is None:
        ids = list(agency.subtree().values_list("pk", flat=True))
        cache.set(key, ids, SUBTREE_CACHE_SECONDS)
    return ids


def commune_ids() -> list[int]:
    """Ids of every commune (cấp xã), cached like :func:`subtree_ids`."""
    key = "agency-communes"
    ids = cache.get(key)
    if ids is None:
        ids = list(Agency.objects.filter(level=Level.COMMUNE).values_list("pk", flat=True))
        cache.set(key, ids, SUBTREE_CACHE_SECONDS)
    return ids


def deciding_agency_ids(procedure: Any) -> set[int]:
    """The agencies deciding a procedure's dossiers (cơ quan giải quyết): the one it names, or
    every commune for a commune-level procedure that names none (each decides its own)."""
    if procedure.deciding_agency_id:
        return {procedure.deciding_agency_id}
    return set(commune_ids())


def visible_agency_ids(user: Any) -> list[int]:
    """The agencies whose rows a staff user may read: a supervisor sees their agency and its
    children, everybody else only their own."""
    if not getattr(user, "is_agency_staff", False):
        return []
    if user.role == Role.SUPERVISOR:
        return subtree_ids(user.agency)
    return [user.agency_id]


def _object_agency_ids(obj: Any) -> set[int]:
    if obj is None:
        return set()
    if hasattr(obj, "policy_agency_ids"):
        return set(obj.policy_agency_ids())
    if isinstance(obj, Agency):
        return {obj.pk}
    return {getattr(obj, "agency_id", None)} - {None}


def _has_role(*roles: str):
    names = "_or_".join(roles)

    @rules.predicate(name=f"is_{names}")
    def predicate(user: Any) -> bool:
        return getattr(user, "is_agency_staff", False) and user.role in roles

    return predicate


is_counter = _has_role(Role.COUNTER)
is_specialist = _has_role(Role.SPECIALIST)
is_leader = _has_role(Role.LEADER)
is_supervisor = _has_role(Role.SUPERVISOR)
is_agency_admin = _has_role(Role.ADMIN)
is_staff_member = _has_role(*(r.value for r in Role if r != Role.CITIZEN))
is_handler = _has_role(Role.SPECIALIST, Role.LEADER)


@rules.predicate
def is_counter_delegate(user: Any) -> bool:
    """A counter officer delegated to decide at the counter (4 tại chỗ, Circular 01/2018
    art. 6)."""
    return getattr(user, "is_agency_staff", False) and bool(user.counter_delegate)


@rules.predicate
def in_object_agency(user: Any, obj: Any) -> bool:
    """The object belongs to (or is handled by) the user's own agency."""
    return getattr(user, "is_agency_staff", False) and user.agency_id in _object_agency_ids(obj)


@rules.predicate
def in_visible_agency(user: Any, obj: Any) -> bool:
    """The object belongs to an agency the user may read (a supervisor: their subtree)."""
    return bool(_object_agency_ids(obj) & set(visible_agency_ids(user)))


@rules.predicate
def is_province_admin(user: Any) -> bool:
    agency = getattr(user, "agency", None)
    return is_agency_admin(user) and agency is not None and agency.parent_id is None


@rules.predicate
def is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False))


@rules.predicate
def governs_procedure(user: Any, procedure: Any) -> bool:
    """Every agency deciding the procedure is the user's own agency or below it: a ward's
    admin governs no shared commune-level procedure, the province's admin governs them all."""
    if procedure is None or not getattr(user, "is_agency_staff", False):
        return False
    return deciding_agency_ids(procedure) <= set(subtree_ids(user.agency))


def step_agency_allowed(user: Any, procedure: Any, agency: Agency) -> bool:
    """Whether a step of ``procedure``'s internal process may be placed on ``agency``: one in
    the editor's subtree, and never a commune for a commune-level procedure (a blank agency
    already means the commune handling the dossier; a named one would send every commune's
    applicants there)."""
    if procedure.deciding_agency_id is None and agency.level == Level.COMMUNE:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return getattr(user, "is_agency_staff", False) and agency.pk in subtree_ids(user.agency)


# --- Organisation -----------------------------------------------------------------------------
rules.add_perm("agencies.view_agency", is_staff_member & in_visible_agency | is_superuser)
rules.add_perm("agencies.manage_agency", is_agency_admin & in_object_agency | is_superuser)
rules.add_perm("accounts.manage_users", is_agency_admin & in_object_agency | is_superuser)
rules.add_perm("calendar.manage_calendar", is_agency_admin | is_superuser)
rules.add_perm("catalog.manage_catalog", is_agency_admin | is_superuser)
# Objects are procedures: an admin changes the internal process only of what their agency decides.
rules.add_perm("catalog.edit_process", is_agency_admin & governs_procedure | is_superuser)
# The national exchange (DVCQG) is the province's: its supervisor or the administrator of the
# province's own agency (the root of the tree) manage the mappings and the sync backlog.
rules.add_perm("exchange.manage_exchange", is_supervisor | is_province_admin | is_superuser)
rules.add_perm("audit.view_events", is_supervisor | is_agency_admin | is_superuser)
# The electronic archive (lưu trữ điện tử): objects are agencies, archived files or dossiers.
# The supervisor and the agency's administrator read and package; the administrator lodges and
# proposes destruction, which only the agency's leader approves.
_archive_reader = is_supervisor & in_visible_agency | is_agency_admin & in_object_agency
rules.add_perm(
    "archive.view_archive", _archive_reader | is_leader & in_object_agency | is_superuser
)
rules.add_perm("archive.package", _archive_reader | is_superuser)
rules.add_perm("archive.hold", _archive_reader | is_superuser)
rules.add_perm("archive.lodge", is_agency_admin & in_object_agency | is_superuser)
rules.add_perm("archive.propose_destruction", is_agency_admin & in_object_agency | is_superuser)
rules.add_perm("archive.approve_destruction", is_leader & in_object_agency | is_superuser)


def require(user: Any, perm: str, obj: Any = None) -> None:
    """Raise :class:`PermissionDenied` (403) unless ``user`` has ``perm`` on ``obj``."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(
            _("Bạn không có quyền thực hiện thao tác này."), details={"permission": perm}
        )


# --- Dossiers ---------------------------------------------------------------------------------
# Objects are dossiers, read duck-typed: agency_id (receiving), handling_agency_id,
# current_agency_id, current_step (role, agency_id, assignee_id), citizen_id, procedure.at_counter.


@rules.predicate
def in_receiving_agency(user: Any, dossier: Any) -> bool:
    """The one-stop unit that received the dossier (it accepts, returns and hands out slips)."""
    return getattr(user, "is_agency_staff", False) and user.agency_id == dossier.agency_id


@rules.predicate
def in_handling_agency(user: Any, dossier: Any) -> bool:
    """The agency deciding the dossier, or the one holding it now (liên thông)."""
    return getattr(user, "is_agency_staff", False) and user.agency_id in (
        dossier.handling_agency_id,
        dossier.current_agency_id,
    )


@rules.predicate
def holds_current_step(user: Any, dossier: Any) -> bool:
    """The user may act on the dossier's current step: it is assigned to them, or it is
    unassigned and waits for their role in their agency."""
    step = dossier.current_step
    if step is None or not getattr(user, "is_agency_staff", False):
        return False
    if step.assignee_id is not None:
        return step.assignee_id == user.pk
    staff_role = Role.COUNTER if step.role in ("counter", "counter_return") else step.role
    return step.agency_id == user.agency_id and user.role == staff_role


@rules.predicate
def decided_at_counter(user: Any, dossier: Any) -> bool:
    """A procedure handled wholly at the one-stop counter (4 tại chỗ)."""
    return bool(dossier.procedure.at_counter)


@rules.predicate
def is_applicant(user: Any, dossier: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and dossier.citizen_id == user.pk


@rules.predicate
def is_citizen_account(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role == Role.CITIZEN


rules.add_perm("dossiers.view_dossier", in_visible_agency | is_applicant)
rules.add_perm("dossiers.print", is_staff_member & in_visible_agency)

# --- Lifecycle actions: generated from the lifecycle tables ------------------------------------
# The table's roles column says WHO may do an action and its where column at which place
# (dossiers/lifecycle.py, feedback/lifecycle.py); this policy says what each place means (which
# agency's staff, whose dossier). Each app registers its table when it is ready
# (add_lifecycle_perms), so a row naming an unknown place fails at start-up.

ROLE_PREDICATES = {
    Role.COUNTER: is_counter,
    Role.SPECIALIST: is_specialist,
    Role.LEADER: is_leader,
    Role.SUPERVISOR: is_supervisor,
    Role.ADMIN: is_agency_admin,
    Role.CITIZEN: is_citizen_account,
}

DOSSIER_PLACES = {
    "new": rules.always_allow,  # a new dossier at the officer's own counter
    "receiving": in_receiving_agency,
    "handling": in_handling_agency,
    "step": holds_current_step,
}
# A counter officer approves only when delegated, for a procedure decided at the counter
# (4 tại chỗ, R11.1–R11.2).
DOSSIER_ROLE_WHERE = {
    ("approve", Role.COUNTER): is_counter_delegate & decided_at_counter,
    # A leader apologises for the agency at any step; a specialist only while holding it.
    ("apologize", Role.SPECIALIST): holds_current_step,
}


def dossier_where(row: Any, role: str) -> Any:
    """Where a role may do a dossier action: a citizen on their own dossier (or a new one of
    their own: submit); staff at the row's place (:data:`DOSSIER_PLACES`)."""
    if role == Role.CITIZEN:
        return rules.always_allow if row.where == "new" else is_applicant
    extra = DOSSIER_ROLE_WHERE.get((str(row.action), role), rules.always_allow)
    return DOSSIER_PLACES[row.where] & extra


def petition_where(row: Any, role: str) -> Any:
    """Staff act on a petition held by their own agency."""
    return in_object_agency


def lifecycle_predicate(row: Any, where: Any) -> Any:
    """``row``'s roles, each where ``where(row, role)`` allows."""
    predicate = rules.always_deny
    for role in sorted(row.roles):
        predicate = predicate | ROLE_PREDICATES[role] & where(row, role)
    return predicate


def add_lifecycle_perms(app_label: str, rows: Any, where: Any) -> None:
    """Register ``<app_label>.<action>`` for every row that names roles (no roles: anyone,
    the service checks nothing)."""
    for row in rows:
        if row.roles:
            rules.add_perm(f"{app_label}.{row.action}", lifecycle_predicate(row, where))


# --- Fees and payments (phí, lệ phí) ----------------------------------------------------------
# Dossier objects for starting a payment; payments and mismatches carry the collecting agency.
# A mismatch with no agency (an unknown reference) is the province's: its supervisor sees it.
rules.add_perm("payments.start_online", is_counter & in_receiving_agency | is_applicant)
rules.add_perm("payments.view_payments", is_staff_member & in_visible_agency | is_superuser)
rules.add_perm("payments.view_mismatches", is_counter | is_agency_admin | is_supervisor)
rules.add_perm(
    "payments.settle_mismatch",
    (is_counter | is_agency_admin) & in_object_agency | is_supervisor | is_superuser,
)
rules.add_perm("payments.refund", (is_counter | is_agency_admin) & in_object_agency)

# --- Documents, the citizen's data store, digitisation ---------------------------------------

rules.add_perm("documents.upload", is_staff_member | is_citizen_account)
# The counter has the citizen in front of it; every lookup is an audit event. A citizen account
# reuses only what its own dossiers put in the store (its identity is not verified by VNeID).
rules.add_perm("documents.view_store", is_counter)
rules.add_perm("documents.use_store", is_counter | is_citizen_account)
rules.add_perm(
    "dossiers.digitise", is_counter & in_receiving_agency | is_handler & in_handling_agency
)

# --- Feedback: ratings and PAKN ------------------------------------------------------------------
# Ratings are objects of a dossier; petitions carry the agency that holds them now.

rules.add_perm("feedback.rate_dossier", is_applicant)
rules.add_perm("feedback.open_kiosk", is_counter & in_receiving_agency)
rules.add_perm("feedback.view_petition", is_staff_member & in_visible_agency)
# Petition actions (feedback.<action>) come from the PAKN lifecycle table (above).

# --- Reports ----------------------------------------------------------------------------------
# Objects are agencies: the agency a report is about. Every staff member may read the reports
# of their own agency; a supervisor also those of every agency below theirs. Targets are data
# edited by the system operator in the admin site (Chỉ tiêu kế hoạch).
rules.add_perm("reports.view_reports", is_staff_member & in_visible_agency | is_superuser)
rules.add_perm("reports.view_dossier_lists", is_staff_member & in_visible_agency | is_superuser)
# The report schedule (lịch báo cáo): a unit's admin or a supervisor above it sets which reports
# the unit owes and by which day; the unit's leader or admin (or that supervisor) records one sent.
rules.add_perm(
    "reports.manage_schedule",
    is_agency_admin & in_object_agency | is_supervisor & in_visible_agency | is_superuser,
)
rules.add_perm(
    "reports.send_report",
    (is_leader | is_agency_admin) & in_object_agency
    | is_supervisor & in_visible_agency
    | is_superuser,
)

# --- Procedure review and compliance cost (Decree 63/2010 art. 27–31) ---------------------------
# The review is the province's: its supervisor or the administrator of the province's own agency
# (the provincial office) enter cost inputs and run the review; every staff member reads them.
rules.add_perm("review.manage_review", is_supervisor | is_province_admin | is_superuser)
rules.add_perm("review.view_review", is_staff_member | is_superuser)


@rules.predicate
def reviews_item(user: Any, item: Any) -> bool:
    """The reviewer named on one procedure of the review plan."""
    return item is not None and getattr(item, "reviewer_id", None) == getattr(user, "pk", -1)


# Objects are review items: the province or the reviewer named on it fills the checklist.
rules.add_perm(
    "review.record_review", is_supervisor | is_province_admin | is_superuser | reviews_item
)

# --- The hall: counters, queue tickets, appointments (DOMAIN §14.3) ------------------------------
# Objects are counters or tickets (agency_id). A counter officer calls and serves tickets at the
# counters of their own agency; the agency's administrator sets up counters and booking rules;
# the queue report is read like the other reports. Taking a number and booking are public.
rules.add_perm("hall.serve", is_counter & in_object_agency)
rules.add_perm("hall.manage", is_agency_admin & in_object_agency | is_superuser)
rules.add_perm("hall.view_queue_report", is_staff_member & in_visible_agency | is_superuser)
