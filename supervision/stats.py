"""Yearly figures (DOMAIN: inquiries registered and responses issued per Jalali year), by district and office."""

import datetime

import jdatetime
from django.db.models import Count, Q
from django.utils import timezone

from cases.models import Case, State


def jalali_year_bounds(year):
    """Aware datetimes [start, end) of a Jalali year in the site's time zone."""
    start = jdatetime.date(year, 1, 1).togregorian()
    end = jdatetime.date(year + 1, 1, 1).togregorian()
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
        datetime.datetime.combine(end, datetime.time.min, tzinfo=tz),
    )


def annual(year):
    """Files registered in the year and responses issued in it: totals, per district, per office.

    Three aggregate queries whatever the volume.
    """
    start, end = jalali_year_bounds(year)
    registered = Q(created_at__gte=start, created_at__lt=end)
    responded = Q(state=State.RESPONDED, closed_at__gte=start, closed_at__lt=end)
    touched = Case.objects.filter(registered | responded)
    totals = touched.aggregate(registered=Count("pk", filter=registered), responded=Count("pk", filter=responded))
    by_district = (
        touched.values("district__number", "district__name")
        .annotate(registered=Count("pk", filter=registered), responded=Count("pk", filter=responded))
        .order_by("district__number")
    )
    by_office = (
        touched.values("office__code", "office__name", "district__number")
        .annotate(registered=Count("pk", filter=registered), responded=Count("pk", filter=responded))
        .order_by("office__code")
    )
    return {
        "year": year,
        "registered": totals["registered"],
        "responded": totals["responded"],
        "by_district": [
            {
                "district": r["district__number"],
                "name": r["district__name"],
                "registered": r["registered"],
                "responded": r["responded"],
            }
            for r in by_district
        ],
        "by_office": [
            {
                "office": r["office__code"],
                "name": r["office__name"],
                "district": r["district__number"],
                "registered": r["registered"],
                "responded": r["responded"],
            }
            for r in by_office
        ],
    }
