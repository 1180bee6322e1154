"""Reads for the reference pages: the tables with their related rows, and a row's change history."""

from django.db.models import Count, Exists, OuterRef, Q

from billing.models import FeeSlip, Tariff, ZonalValue
from offices.models import Attendance, Course
from supervision.models import Policy, ViolationType, YearFigure

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


def tariffs():
    used = FeeSlip.objects.filter(tariff=OuterRef("pk"))
    return (
        Tariff.objects.select_related("service")
        .annotate(used=Exists(used))
        .order_by("service__order", "service_id", "-valid_from")
    )


def zonal_values(*, district=None, block=""):
    qs = ZonalValue.objects.select_related("district__municipality").order_by(
        "district__municipality_id", "district__number", "block", "-valid_from"
    )
    if district is not None:
        qs = qs.filter(district=district)
    if block:
        qs = qs.filter(block=block)
    return qs


def courses():
    return Course.objects.annotate(
        attendees=Count("attendances"),
        passes=Count("attendances", filter=Q(attendances__passed=True)),
    ).order_by("-starts_on", "-id")


def attendance_of(course):
    return (
        Attendance.objects.filter(course=course).select_related("user").order_by("user__last_name", "user__first_name")
    )


def catalogue():
    return ViolationType.objects.annotate(used=Count("violations")).order_by("-is_active", "title")


def figures():
    return YearFigure.objects.select_related("municipality").order_by("municipality_id", "series", "year")


def counts():
    """How many rows each reference table has (one query each, for the hub's cards)."""
    return {
        "tariffs": Tariff.objects.count(),
        "zonal": ZonalValue.objects.count(),
        "courses": Course.objects.count(),
        "catalogue": ViolationType.objects.count(),
        "figures": YearFigure.objects.count(),
        "policy": Policy.objects.count(),
    }
