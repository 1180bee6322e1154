"""The municipality's published figures: files registered and answered per Jalali year and month,
by service family, service, district and office; building permits; and the years before Pishkhan.

Every figure is an aggregate query over the file table (never a query per office or per file):
``annual`` makes four, ``monthly`` one, ``yearly_series`` three. Rows are grouped by district
*id* — two districts of different cities may share a number or a name.
"""

from django.db.models import Count, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, State
from cases.plugins import registry
from core.jalali import MONTHS, jalali_year
from offices.models import District, Office, Service
from supervision.models import YearFigure
from supervision.selectors.periods import Period

# Labels of the service families (``cases.plugins``) in the published table.
FAMILY_LABELS = {"inquiries": _("Inquiries"), "permits": _("Building permits and certificates")}
OTHER_FAMILY = "other"
PERMITS_FAMILY = "permits"


def family_of(service_code):
    """(key, label) of the family a service belongs to, from the files registry."""
    family = registry().family(service_code)
    if family is None:
        return OTHER_FAMILY, _("Other services")
    return family.name, FAMILY_LABELS.get(family.name, family.name)


def family_order():
    return [family.name for family in registry().families] + [OTHER_FAMILY]


def permit_services():
    """The services of the permits family (permits and their certificates)."""
    return tuple(code for code in registry().service_codes() if registry().family(code).name == PERMITS_FAMILY)


def _files(municipality):
    qs = Case.objects.all()
    if municipality is not None:
        qs = qs.filter(district__municipality=municipality)
    return qs


def _registered_and_responded(files, start, end, keys):
    """[{*keys, registered, responded}]: files registered in [start, end) and answers issued in it, grouped
    by ``keys`` — ONE query, two grouped halves joined by UNION ALL so that each half reads its own index
    (``created_at``; ``closed_at`` of answered files, migration cases 0009) and nothing else: an OR of the
    two would read every file. ``COUNT(*)``: the indexes carry the grouping columns, so PostgreSQL counts from
    them alone."""
    registered = (
        files.filter(created_at__gte=start, created_at__lt=end)
        .values(*keys)
        .annotate(registered=Count("*"), responded=Value(0))
        .order_by()
    )
    responded = (
        files.filter(state=State.RESPONDED, closed_at__gte=start, closed_at__lt=end)
        .values(*keys)
        .annotate(registered=Value(0), responded=Count("*"))
        .order_by()
    )
    merged = {}
    for row in registered.union(responded, all=True):
        key = tuple(row[k] for k in keys)
        entry = merged.setdefault(key, {**{k: row[k] for k in keys}, "registered": 0, "responded": 0})
        entry["registered"] += row["registered"]
        entry["responded"] += row["responded"]
    return list(merged.values())


def annual(year, *, municipality=None):
    """Files registered in the Jalali year and responses issued in it: totals and by family, service,
    district (id) and office. Four queries whatever the volume: the figures, then the names."""
    start, end = Period("year", year).bounds()
    rows = _registered_and_responded(_files(municipality), start, end, ("service_id", "district_id", "office_id"))
    # Only the names and numbers: a district's outline and an office's hours are JSON, slow to read.
    districts = {
        d.pk: d for d in District.objects.filter(pk__in={r["district_id"] for r in rows}).only("number", "name")
    }
    offices = {
        o.pk: o
        for o in Office.objects.filter(pk__in={r["office_id"] for r in rows})
        .select_related("district")
        .only("code", "name", "district__number")
    }
    services = dict(Service.objects.filter(code__in={r["service_id"] for r in rows}).values_list("code", "title"))

    def add(table, key, row, **fields):
        entry = table.setdefault(key, {**fields, "registered": 0, "responded": 0})
        entry["registered"] += row["registered"]
        entry["responded"] += row["responded"]

    by_family, by_service, by_district, by_office = {}, {}, {}, {}
    for row in rows:
        family, label = family_of(row["service_id"])
        add(by_family, family, row, family=family, title=str(label))
        add(by_service, row["service_id"], row, service=row["service_id"], title=services.get(row["service_id"], ""))
        district = districts[row["district_id"]]
        add(by_district, district.pk, row, id=district.pk, district=district.number, name=district.name)
        office = offices[row["office_id"]]
        add(
            by_office,
            office.pk,
            row,
            id=office.pk,
            office=office.code,
            name=office.name,
            district=office.district.number,
            district_id=office.district_id,
        )
    order = family_order()
    return {
        "year": year,
        "municipality": municipality.code if municipality is not None else None,
        "registered": sum(r["registered"] for r in rows),
        "responded": sum(r["responded"] for r in rows),
        "by_family": sorted(by_family.values(), key=lambda r: order.index(r["family"])),
        "by_service": sorted(by_service.values(), key=lambda r: r["service"]),
        "by_district": sorted(by_district.values(), key=lambda r: (r["district"], r["id"])),
        "by_office": sorted(by_office.values(), key=lambda r: (r["district"], r["office"])),
    }


def monthly(year, *, municipality=None, services=None):
    """Registered and answered per Jalali month of ``year`` (one query)."""
    months = Period("year", year).parts("month")
    counts = {}
    for m in months:
        s, e = m.bounds()
        counts[f"r{m.number}"] = Count("pk", filter=Q(created_at__gte=s, created_at__lt=e))
        counts[f"a{m.number}"] = Count("pk", filter=Q(state=State.RESPONDED, closed_at__gte=s, closed_at__lt=e))
    start, end = Period("year", year).bounds()
    qs = _files(municipality).filter(
        Q(created_at__gte=start, created_at__lt=end) | Q(closed_at__gte=start, closed_at__lt=end)
    )
    if services is not None:
        qs = qs.filter(service_id__in=services)
    totals = qs.aggregate(**counts)
    return [
        {
            "month": m.number,
            "label": MONTHS[m.number - 1],
            "registered": totals[f"r{m.number}"],
            "responded": totals[f"a{m.number}"],
        }
        for m in months
    ]


def _counts_per_year(qs, years, *, approved_only=False):
    counts = {}
    answered = Q(state=State.RESPONDED, result="approved") if approved_only else Q(state=State.RESPONDED)
    for year in years:
        s, e = Period("year", year).bounds()
        counts[f"r{year}"] = Count("pk", filter=Q(created_at__gte=s, created_at__lt=e))
        counts[f"a{year}"] = Count("pk", filter=answered & Q(closed_at__gte=s, closed_at__lt=e))
    return qs.aggregate(**counts) if counts else {}


def yearly_series(series=YearFigure.Series.FILES, *, municipality=None, until=None):
    """Per Jalali year: the published figure where the unit entered one, else what the files say.

    Three queries: the entered figures, the first file, one aggregate over the files. For permits, "answered"
    is the permits issued (approved responses of the permit services).
    """
    until = until or jalali_year()
    figures = {
        f.year: f
        for f in YearFigure.objects.filter(series=series, municipality=municipality).order_by("year")
        if municipality is not None
    }
    qs = _files(municipality)
    if series == YearFigure.Series.PERMITS:
        qs = qs.filter(service_id__in=permit_services())
    first_file = qs.order_by("created_at").values_list("created_at", flat=True)[:1]
    first_year = min([*figures, *(jalali_year(timezone.localtime(d)) for d in first_file)] or [until])
    years = list(range(first_year, until + 1))
    computed = _counts_per_year(qs, years, approved_only=series == YearFigure.Series.PERMITS)
    rows = []
    for year in years:
        figure = figures.get(year)
        if figure is not None:
            rows.append(
                {
                    "year": year,
                    "registered": figure.registered,
                    "answered": figure.answered,
                    "entered": True,
                    "period_from": figure.period_from,
                    "period_to": figure.period_to,
                    "source": figure.source,
                }
            )
        else:
            rows.append(
                {
                    "year": year,
                    "registered": computed[f"r{year}"],
                    "answered": computed[f"a{year}"],
                    "entered": False,
                    "period_from": None,
                    "period_to": None,
                    "source": "",
                }
            )
    return rows
