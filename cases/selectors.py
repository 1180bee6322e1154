"""Reads on files: who may see what, cartables, look-ups."""

import datetime

import jdatetime
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Role
from accounts.tenancy import NOTHING, city_of, in_city
from cases.models import (
    CLOSED_STATES,
    PAUSED_STATES,
    Case,
    CorrectionItem,
    Draft,
    DraftDocument,
    Property,
    State,
    Transition,
    overdue_q,
)
from cases.plugins import registry
from cases.progress import steps_of
from cases.tracking import is_well_formed, normalize_tracking_code
from core.queries import InSubquery
from offices.models import District, Membership, Office, Service

# The rows a list of files shows beside each file. The people on a file (holder, inspector) are not joined:
# a list shows no inspector and the API its holder through one prefetch, and every join more multiplies
# PostgreSQL's planning (with both users joined, planning a page took ten times longer than running it).
LIST_RELATED = ("service", "office", "district", "parcel")
PEOPLE = ("holder", "inspector")
# The columns a row of the API's lists shows (cases.serializers.CaseListSerializer), see ``list_rows``.
LIST_COLUMNS = (
    "id",
    "tracking_code",
    "service_id",
    "channel",
    "state",
    "applicant_first_name",
    "applicant_last_name",
    "holder_id",
    "holder_role",
    "deadline",
    "created_at",
    "updated_at",
)


def _current(user):
    """The user's current posts in their own city (a post elsewhere, were there one, counts for nothing)."""
    return Membership.objects.current().filter(user=user, district__municipality_id=city_of(user))


def _city_files(user):
    """``in_city`` over the file's district, with the city's districts read once beforehand: the file table
    alone then answers the condition (its district indexes), no join to the districts for every row."""
    city = in_city(user, "municipality")
    if city == NOTHING or not city:
        return city
    return Q(InSubquery("district_id", District.objects.filter(city).order_by().values("pk")))


def scope_for(user):
    """THE rule of who may see and act on which files, as a Q: another office's file simply is not there.

    The city first: a city's supervisors and administrators see its files, a platform administrator
    every city's; then office staff their offices' (inspectors the files they inspect), municipal staff
    their districts', all within their city; a citizen their own files, wherever they are.
    Visibility, ``works_for`` (who may act) and the cartables all start from it."""
    if user is None or not user.is_authenticated:
        return NOTHING
    role = user.role
    if role in (Role.SUPERVISOR, Role.ADMIN):
        return _city_files(user)
    if city_of(user) is None and role != Role.CITIZEN:
        return NOTHING
    if role == Role.INSPECTOR:
        return Q(inspector=user) & _city_files(user)
    if role in (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER, Role.FOLLOWUP_OFFICER):
        return Q(InSubquery("office_id", _current(user).exclude(office=None).order_by().values("office")))
    if role == Role.MUNICIPAL_STAFF:
        return Q(InSubquery("district_id", _current(user).order_by().values("district")))
    return Q(applicant_user=user)


def visible_cases(user):
    return Case.objects.filter(scope_for(user)).select_related(*LIST_RELATED)


def _one_value(model, column, key, case_column):
    """``model``'s ``column`` in the row whose ``key`` is the file's ``case_column``: a subquery written once
    (as an ORM subquery it was compiled anew for each page, which cost more than the join it replaces)."""
    table, case_table = model._meta.db_table, Case._meta.db_table
    # Names from the models, no input: nothing to bind.
    sql = f'SELECT "{column}" FROM "{table}" WHERE "{key}" = "{case_table}"."{case_column}"'  # noqa: S608
    return RawSQL(sql, ())  # noqa: S611


_LISTED = {
    "service_title": _one_value(Service, "title", "code", "service_code"),
    "office_code": _one_value(Office, "code", "id", "office_id"),
    "district_number": _one_value(District, "number", "id", "district_id"),
    "parcel_renewal_code": _one_value(Property, "renewal_code", "id", "parcel_id"),
}


def list_rows(queryset):
    """``queryset`` read as the API's lists show a file (``LIST_COLUMNS``, and ``service_title``,
    ``office_code``, ``district_number`` and ``parcel_renewal_code``).

    A file and its related rows have some hundred columns: only these are read, compiled and loaded. The
    related values are each a subquery of one row (``_one_value``), run for the page's rows only, once they
    are sorted and cut: joined, the property was read for every open file of an office before the page was
    cut from them, and the three small tables made PostgreSQL plan a page for longer (a millisecond) than it
    took to run it, whatever the number of files."""
    return queryset.select_related(None).annotate(**_LISTED).only(*LIST_COLUMNS)


_NAMES = {
    "office_name": _one_value(Office, "name", "id", "office_id"),
    "district_name": _one_value(District, "name", "id", "district_id"),
}


def page_rows(queryset):
    """``list_rows`` for the pages' lists of files, which also show the office's and the district's names."""
    return list_rows(queryset).annotate(**_NAMES)


def with_progress(queryset):
    """Files with ``left_state``: the state each was in before its present one (where a rejected or
    cancelled file stopped, whether an answer came straight after registration), for ``steps_of``.
    A correlated subquery on the history's (case, seq) index: no extra query."""
    # The newest row that changed the state is the one that put the file in its present state.
    moved = (
        Transition.objects.filter(case=OuterRef("pk"))
        .exclude(from_state=F("to_state"))
        .order_by("-seq")
        .values("from_state")[:1]
    )
    return queryset.annotate(left_state=Subquery(moved))


def my_files(user, state=""):
    """A citizen's own files for their cards, newest first, in ``state`` if given.

    Each carries ``left_state`` (``with_progress``), ``open_items`` (its open correction items, a
    subquery) and, once the page is read, ``latest`` (its newest history row, ONE prefetch query for
    the page)."""
    queryset = visible_cases(user)
    if state:
        queryset = queryset.filter(state=state)
    open_items = (
        CorrectionItem.objects.filter(case=OuterRef("pk"), status=CorrectionItem.Status.OPEN)
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    latest = Prefetch(
        "transitions", queryset=Transition.objects.select_related("actor").order_by("-seq")[:1], to_attr="latest"
    )
    return (
        with_progress(queryset)
        .annotate(open_items=Coalesce(Subquery(open_items, output_field=IntegerField()), Value(0)))
        .prefetch_related(latest)
        .order_by("-created_at", "-pk")
    )


def my_file_counts(user):
    """{state: files} of a citizen's own files, in the workflow's order: ONE aggregate query."""
    rows = dict(Case.objects.filter(scope_for(user)).order_by().values_list("state").annotate(n=Count("pk")))
    return {state.value: rows[state.value] for state in State if rows.get(state.value)}


def file_cards(cases):
    """The cards of a page of files: each file with its steps, what it issued (a letter, a permit) and
    the payments it waits for. The plugins answer for the whole page at once: a fixed number of
    queries, whatever the number of files."""
    cases = list(cases)
    issued = registry().issued(cases)
    dues = registry().dues(cases)
    return [
        {
            "case": case,
            "steps": steps_of(case),
            "issued": issued.get(case.pk, []),
            "dues": dues.get(case.pk, []),
            "latest": (getattr(case, "latest", None) or [None])[0],
        }
        for case in cases
    ]


def public_progress(case):
    """What the public tracking page and API show of a file beyond its state: its steps and, once it is
    answered, the verification codes of what it issued. Nothing about its applicant."""
    issued = registry().issued([case]).get(case.pk, []) if case.state == State.RESPONDED else []
    return {"steps": steps_of(case), "issued": issued}


def case_for(user, pk):
    """The file if this user may see it, else None (callers answer 404)."""
    return visible_cases(user).select_related(*PEOPLE).filter(pk=pk).first()


def cartable_for(user, today=None):
    """The files waiting for this person, most urgent deadline first."""
    today = today or timezone.localdate()
    role = user.role
    qs = Case.objects.filter(scope_for(user)).exclude(state__in=CLOSED_STATES)
    if role in (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER):
        qs = qs.filter(holder_role=Role.TECHNICAL_OFFICER)
    elif role == Role.INSPECTOR:
        qs = qs.filter(holder=user)
    elif role == Role.MUNICIPAL_STAFF:
        qs = qs.filter(holder_role=Role.MUNICIPAL_STAFF)
    elif role == Role.FOLLOWUP_OFFICER:
        qs = qs.filter(overdue_q(today))
    elif role in (Role.SUPERVISOR, Role.ADMIN):
        pass
    else:
        qs = qs.filter(state__in=PAUSED_STATES)
    return qs.select_related(*LIST_RELATED).order_by("deadline", "created_at")


# The states a file can be in while it waits in a role's cartable (cartable_for above): the cartable's
# state filter offers these only, since any other state's list would always be empty.
_DESK_STATES = (State.SUBMITTED, State.AWAITING_VISIT, State.PLAN_REVIEW)
_CARTABLE_STATES = {
    # New files, visits still to assign, and the detailed-plan review.
    Role.TECHNICAL_OFFICER: _DESK_STATES,
    Role.OFFICE_MANAGER: _DESK_STATES,
    Role.INSPECTOR: (State.AWAITING_VISIT,),
    Role.MUNICIPAL_STAFF: (State.MUNICIPAL_REVIEW,),
    # Late files anywhere in the chain; a returned file's clock is stopped, a draft has none.
    Role.FOLLOWUP_OFFICER: (*_DESK_STATES, State.MUNICIPAL_REVIEW),
    Role.CITIZEN: (State.DRAFT, State.RETURNED),
}


def cartable_states(user):
    """The states this person's cartable can hold, in the workflow's order."""
    states = _CARTABLE_STATES.get(user.role)
    if states is None:  # supervisors and administrators read every open file
        states = [s for s in State if s not in CLOSED_STATES]
    return [s for s in State if s in states]


def history_of(case):
    return Transition.objects.filter(case=case).select_related("actor").order_by("seq")


def _assigns_by_id(row):
    return (
        isinstance(row.data, dict) and isinstance(row.data.get("inspector"), int) and "inspector_name" not in row.data
    )


def inspector_names(case, rows):
    """{user id: name} of the inspectors the history rows assigned (a row names its inspector by id). The file's
    own inspector is known already (``case_for`` reads it); others (a reassigned visit) cost one query."""
    ids = {row.data["inspector"] for row in rows if _assigns_by_id(row)}
    names = {}
    if case.inspector_id in ids:
        names[case.inspector_id] = str(case.inspector)
        ids.discard(case.inspector_id)
    if ids:
        names.update((user.pk, str(user)) for user in get_user_model().objects.filter(pk__in=ids))
    return names


def assigned_inspector(row, names):
    """The name of the inspector a history row assigned, or None (rows written before named them themselves)."""
    if not isinstance(row.data, dict):
        return None
    return row.data.get("inspector_name") or names.get(row.data.get("inspector"))


def case_by_tracking_code(code, national_id):
    """The file with this tracking code AND this applicant's national ID, or None."""
    code = normalize_tracking_code(code)
    if not is_well_formed(code):
        return None
    found = Case.objects.select_related("service").filter(tracking_code=code, applicant_national_id=national_id)
    return with_progress(found).first()


def known_parcel(user, renewal_code):
    """The parcel with this renewal code in the municipality this person works for, or None.

    Registering a file at the counter fills in the address the municipality already holds."""
    municipality_id = city_of(user)
    if municipality_id is None:
        return None
    return (
        Property.objects.select_related("district")
        .filter(renewal_code=renewal_code, district__municipality_id=municipality_id)
        .first()
    )


def open_cases_of_property(renewal_code, municipality_id):
    """The open files, at any office, of the parcel with this renewal code in this city (renewal codes are a
    city's own: another city's parcel may have the same). A citizen's draft is not yet a file (as
    ``cases.services.registration.refuse_duplicate`` counts them)."""
    if municipality_id is None:
        return Case.objects.none()
    return (
        Case.objects.exclude(state__in=[*CLOSED_STATES, State.DRAFT])
        .filter(parcel__renewal_code=renewal_code, district__municipality_id=municipality_id)
        .select_related("service", "office")
        .order_by("-created_at")
    )


def cartable_counts(user, today=None):
    """Files waiting for this person, by state, with the total and the overdue ones: ONE aggregate query,
    counted now (the cartable page, whose state counts sit above its own list).

    Memoized on the user object, since the navigation badge and the cartable page both ask for it while
    rendering the same request; kept for ``recent_cartable_counts`` too.
    """
    cached = getattr(user, "_cartable_counts", None)
    if cached is not None:
        return cached
    today = today or timezone.localdate()
    late = overdue_q(today)
    # Counted over columns the open-work indexes hold (every file has a state; an overdue one a deadline), so
    # PostgreSQL can answer from the index alone.
    rows = (
        cartable_for(user, today)
        .order_by()
        .values("state")
        .annotate(n=Count("state"), late=Count("deadline", filter=late))
    )
    counts = {"by_state": {}, "total": 0, "overdue": 0}
    for row in rows:
        counts["by_state"][row["state"]] = row["n"]
        counts["total"] += row["n"]
        counts["overdue"] += row["late"]
    user._cartable_counts = counts
    cache.set(_counts_key(user, today), counts, COUNTS_SECONDS)
    return counts


# The navigation badge and the dashboard's cards show the cartable counts on every signed-in page; for a
# supervisor they are an aggregate over every open file of the city. So they are kept for COUNTS_SECONDS
# rather than counted on every page: the cartable page counts afresh and keeps what it counted, a person's
# own actions forget theirs at once (``forget_cartable_counts``), other people's show within COUNTS_SECONDS.
COUNTS_SECONDS = 60


def _counts_key(user, today):
    # The role and the day are part of what is counted (a follow-up officer's cartable is what is late today).
    return f"cartable-counts:{user.pk}:{user.role}:{today.isoformat()}"


def recent_cartable_counts(user, today=None):
    """``cartable_counts`` as counted at most ``COUNTS_SECONDS`` ago (this request's own count if it made one)."""
    counted = getattr(user, "_cartable_counts", None) or getattr(user, "_recent_cartable_counts", None)
    if counted is not None:
        return counted
    today = today or timezone.localdate()
    counted = cache.get(_counts_key(user, today))
    if counted is None:
        return cartable_counts(user, today)
    user._recent_cartable_counts = counted
    return counted


def _responded_key(user, month_start):
    return f"dashboard-responded:{user.pk}:{user.role}:{month_start.isoformat()}"


def forget_cartable_counts(*users):
    """These people's cartables have just changed: their next page counts them again (and their files answered
    this month, which an answer of theirs changes)."""
    today = timezone.localdate()
    month_start = _month_start(today)
    people = [user for user in users if user is not None and user.pk is not None]
    keys = [_counts_key(user, today) for user in people] + [_responded_key(user, month_start) for user in people]
    if keys:
        cache.delete_many(keys)


def _month_start(today):
    return jdatetime.date.fromgregorian(date=today).replace(day=1).togregorian()


def dashboard_counts(user, today=None):
    """The dashboard's cards: files in my cartable and overdue among them (``recent_cartable_counts``, as the
    navigation badge shows them), and files of mine (my office's, my district's) answered since the start of
    this Jalali month: one query over that month's answers, kept like the cartable's counts for
    ``COUNTS_SECONDS`` (one's own answer shows at once, ``forget_cartable_counts``)."""
    today = today or timezone.localdate()
    month_start = _month_start(today)
    counts = recent_cartable_counts(user, today)
    key = _responded_key(user, month_start)
    responded = cache.get(key)
    if responded is None:
        since = timezone.make_aware(datetime.datetime.combine(month_start, datetime.time.min))
        responded = Case.objects.filter(scope_for(user), state=State.RESPONDED, closed_at__gte=since).count()
        cache.set(key, responded, COUNTS_SECONDS)
    return {"cartable": counts["total"], "overdue": counts["overdue"], "responded": responded}


def registered_today(office_ids, today=None):
    """{office id: files registered there today}: an office's load as an applicant choosing one sees it."""
    today = today or timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    rows = (
        Case.objects.filter(office_id__in=list(office_ids), created_at__gte=start)
        .values("office_id")
        .annotate(n=Count("pk"))
    )
    return {row["office_id"]: row["n"] for row in rows}


# --- drafts of online requests -----------------------------------------------------------------------------------


def draft_for(user, service_code):
    """The citizen's own draft of ``service_code``, with its documents, or None. Drafts are their owner's only."""
    if user.role != Role.CITIZEN:
        return None
    return Draft.objects.filter(user=user, service_id=service_code).prefetch_related("documents").first()


def draft_requests(user):
    """A citizen's guided requests not yet submitted (``Draft``), last saved first, with their service: one
    query."""
    if user.role != Role.CITIZEN:
        return Draft.objects.none()
    return Draft.objects.filter(user=user).select_related("service").order_by("-updated_at", "-pk")


def drafts_of(user):
    """The service codes this citizen has a draft of."""
    return set(Draft.objects.filter(user=user).values_list("service_id", flat=True))


def draft_document_for(user, pk):
    """A document of one of this citizen's drafts, or None (another citizen's does not exist for them)."""
    return DraftDocument.objects.filter(pk=pk, draft__user=user).select_related("draft").first()


def missing_draft_documents(draft):
    """The kinds the service requires that the draft has no document of yet, in the service's order."""
    present = {document.kind for document in draft.documents.all()}
    return [kind for kind in registry().flow(draft.service_id).required_documents if kind not in present]
