"""The statistics page: the yearly table the municipality publishes, monthly trends, building
permits and the years before Pishkhan, in charts (Chart.js, served locally) and tables, all
exported to Excel."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.jalali import jalali_year, to_jalali
from core.validators import is_digits, to_ascii_digits
from supervision import reports
from supervision.models import YearFigure
from supervision.selectors import stats
from supervision.selectors.scope import cities_to_choose, municipality_for
from supervision.views.common import STATISTICS_READERS, roles_required, xlsx_response


def _year(request):
    raw = to_ascii_digits(request.GET.get("year", "")).strip()
    if is_digits(raw) and 1300 <= int(raw) <= 1500:
        return int(raw)
    return jalali_year()


def _figures(request):
    year = _year(request)
    municipality = municipality_for(request.user, request.GET.get("city"))
    if municipality is None:
        raise Http404  # nobody's figures but a city's own, never every city's mixed
    data = stats.annual(year, municipality=municipality)
    data["monthly"] = stats.monthly(year, municipality=municipality)
    until = max(year, jalali_year())
    series = stats.yearly_series(YearFigure.Series.FILES, municipality=municipality, until=until)
    permits = stats.yearly_series(YearFigure.Series.PERMITS, municipality=municipality, until=until)
    permit_months = stats.monthly(year, municipality=municipality, services=stats.permit_services())
    return year, municipality, data, series, permits, permit_months


@roles_required(*STATISTICS_READERS)
@require_GET
def statistics(request):
    """Queries: session and user, the city, the yearly table (1), two monthly (2), two series (4)."""
    year, municipality, data, series, permits, permit_months = _figures(request)
    now = to_jalali(timezone.localdate())
    last = 12 if year < now.year else now.month if year == now.year else 0
    chart = {
        "years": {
            "labels": [r["year"] for r in series],
            "registered": [r["registered"] for r in series],
            "answered": [r["answered"] for r in series],
            "entered": [r["entered"] for r in series],
        },
        "months": {
            "labels": [m["label"] for m in data["monthly"]],
            # Months still to come are no point (null) rather than a fall to zero.
            "registered": [m["registered"] if m["month"] <= last else None for m in data["monthly"]],
            "answered": [m["responded"] if m["month"] <= last else None for m in data["monthly"]],
        },
        "permits": {"labels": [r["year"] for r in permits], "registered": [r["registered"] for r in permits]},
        "names": {"registered": _("Registered"), "answered": _("Answered"), "permits": _("Building permits")},
    }
    cities = cities_to_choose(request.user)
    return render(
        request,
        "supervision/statistics.html",
        {
            "year": year,
            "years": list(range(jalali_year(), 1394, -1)),
            "municipality": municipality,
            "cities": list(cities),
            "data": data,
            "series": series,
            "permits": permits,
            "permit_months": permit_months,
            "chart": chart,
        },
    )


@roles_required(*STATISTICS_READERS)
@require_GET
def statistics_excel(request):
    year, _municipality, data, series, permits, _months = _figures(request)
    return xlsx_response(reports.annual_workbook(data, series=series, permits=permits), f"pishkhan-{year}.xlsx")
