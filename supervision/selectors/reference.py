"""Reads for the reference pages: the tables with their related rows, and a row's change history."""

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Length

from accounts.tenancy import in_city
from billing.models import FeeSlip, Tariff, ZonalValue
from offices.models import Attendance, Course
from supervision.models import Policy, YearFigure

HISTORY_KINDS = {"+": "created", "~": "changed", "-": "deleted"}


def history_rows(instance, limit=15):
    """The latest changes of a row: when, who, and which fields went from what to what (two queries)."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    rows = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        if len(rows) == limit:
            break
        changes = []
        if older is not None:
            delta = newer.diff_against(older)
            for change in delta.changes:
                field = instance._meta.get_field(change.field)
                changes.append((field.verbose_name, change.old, change.new))
        rows.append(
            {
                "at": newer.history_date,
                "user": newer.history_user,
                "kind": HISTORY_KINDS.get(newer.history_type, newer.history_type),
                "changes": changes,
            }
        )
    return rows


# Each reference table on these pages is the reader's city's own (a platform administrator: every city's
# and the national rows); the national rows apply to a city with no row of its own.


def mine(user, model, path="municipality"):
    """The rows of ``model`` the user's unit keeps (and so may open and change)."""
    return model.objects.filter(in_city(user, path))


def tariffs(user):
    used = FeeSlip.objects.filter(tariff=OuterRef("pk"))
    return (
        mine(user, Tariff)
        .select_related("service")
        .annotate(used=Exists(used))
        .order_by("service__order", "service_id", "-valid_from")
    )


def zonal_values(user, *, district=None, block=""):
    qs = (
        mine(user, ZonalValue, "district__municipality")
        .select_related("district__municipality")
        # Blocks in their numbers' order (2 before 10): the shorter block first, then as text.
        .order_by("district__municipality_id", "district__number", Length("block"), "block", "-valid_from")
    )
    if district is not None:
        qs = qs.filter(district=district)
    if block:
        qs = qs.filter(block=block)
    return qs


def courses(user):
    return (
        mine(user, Course)
        .annotate(
            attendees=Count("attendances"),
            passes=Count("attendances", filter=Q(attendances__passed=True)),
        )
        .order_by("-starts_on", "-id")
    )


def attendance_of(course):
    return (
        Attendance.objects.filter(course=course).select_related("user").order_by("user__last_name", "user__first_name")
    )


def catalogue(user):
    """The catalogue the city uses: its own entries and the national ones it has not replaced with its own
    (``violation_types``), in use first; each with how many violations name it."""
    from supervision.selectors.violations import violation_types

    rows = violation_types(user.municipality_id, active=False)
    return rows.annotate(used=Count("violations")).order_by("-is_active", "title")


def figures(user):
    return mine(user, YearFigure).select_related("municipality").order_by("municipality_id", "series", "year")


def counts(user):
    """How many rows each of the city's reference tables has (one query each, for the hub's cards)."""
    return {
        "tariffs": mine(user, Tariff).count(),
        "zonal": mine(user, ZonalValue, "district__municipality").count(),
        "courses": mine(user, Course).count(),
        "catalogue": catalogue(user).count(),
        "figures": mine(user, YearFigure).count(),
        "policy": mine(user, Policy).count(),
    }
