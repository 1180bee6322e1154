"""The municipality's published figures: files registered and answered per Jalali year and month,
by service family, service, district and office; building permits; and the years before Pishkhan.

Every figure is an aggregate query over the files' monthly roll-up (cases.FileCount, kept by the services),
never over the file table and never a query per office or per file: ``annual`` makes one, ``monthly`` one,
``yearly_series`` two. Rows are grouped by district *id* — two districts of different cities may share a
number or a name.
"""

from django.db import connection
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from cases.models import FileCount
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


def _counts(municipality, year=None):
    """The monthly roll-up of the files (cases.FileCount), of one city and year when given."""
    qs = FileCount.objects.all()
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    if year is not None:
        qs = qs.filter(year=year)
    return qs


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _annual_rows(year, municipality):
    """[(service, service title, district id, number, name, office id, code, name, office's district id,
    number, registered, responded)]: the year's rows summed per service, district and office, with the names
    — ONE query over the few thousand rows of the year (grouped first, then joined to the names)."""
    where, params = "year = %s", [year]
    if municipality is not None:
        where, params = where + " AND municipality_id = %s", [year, municipality.pk]
    district = _table(District)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT f.service_code, s.title, f.district_id, d.number, d.name,
                       f.office_id, o.code, o.name, o.district_id, od.number, f.registered, f.responded
                FROM (SELECT service_code, district_id, office_id,
                             SUM(registered) AS registered, SUM(responded) AS responded
                      FROM {_table(FileCount)} WHERE {where}
                      GROUP BY service_code, district_id, office_id) AS f
                JOIN {_table(Service)} s ON s.code = f.service_code
                JOIN {district} d ON d.id = f.district_id
                JOIN {_table(Office)} o ON o.id = f.office_id
                JOIN {district} od ON od.id = o.district_id
                WHERE f.registered <> 0 OR f.responded <> 0""",  # noqa: S608
            params,
        )
        return cursor.fetchall()


def annual(year, *, municipality=None):
    """Files registered in the Jalali year and responses issued in it: totals and by family, service,
    district (id) and office. One query whatever the volume."""
    rows = _annual_rows(year, municipality)
    families = {}

    def add(table, key, registered, responded, fields):
        entry = table.get(key)
        if entry is None:
            entry = table[key] = {**fields, "registered": 0, "responded": 0}
        entry["registered"] += registered
        entry["responded"] += responded

    by_family, by_service, by_district, by_office = {}, {}, {}, {}
    registered_total = responded_total = 0
    for row in rows:
        code, title, district_id, number, name, office_id, office_code, office_name = row[:8]
        office_district_id, office_district, registered, responded = row[8:]
        registered_total += registered
        responded_total += responded
        if code not in families:
            family, label = family_of(code)
            families[code] = (family, str(label))
        family, label = families[code]
        add(by_family, family, registered, responded, {"family": family, "title": label})
        add(by_service, code, registered, responded, {"service": code, "title": title})
        add(by_district, district_id, registered, responded, {"id": district_id, "district": number, "name": name})
        add(
            by_office,
            office_id,
            registered,
            responded,
            {
                "id": office_id,
                "office": office_code,
                "name": office_name,
                "district": office_district,
                "district_id": office_district_id,
            },
        )
    order = family_order()
    return {
        "year": year,
        "municipality": municipality.code if municipality is not None else None,
        "registered": registered_total,
        "responded": responded_total,
        "by_family": sorted(by_family.values(), key=lambda r: order.index(r["family"])),
        "by_service": sorted(by_service.values(), key=lambda r: r["service"]),
        "by_district": sorted(by_district.values(), key=lambda r: (r["district"], r["id"])),
        "by_office": sorted(by_office.values(), key=lambda r: (r["district"], r["office"])),
    }


def monthly(year, *, municipality=None, services=None):
    """Registered and answered per Jalali month of ``year`` (one query)."""
    qs = _counts(municipality, year)
    if services is not None:
        qs = qs.filter(service_id__in=services)
    totals = {
        row["month"]: row
        for row in qs.values("month").annotate(registered=Sum("registered"), responded=Sum("responded")).order_by()
    }
    return [
        {
            "month": m.number,
            "label": MONTHS[m.number - 1],
            "registered": totals[m.number]["registered"] if m.number in totals else 0,
            "responded": totals[m.number]["responded"] if m.number in totals else 0,
        }
        for m in Period("year", year).parts("month")
    ]


def yearly_series(series=YearFigure.Series.FILES, *, municipality=None, until=None):
    """Per Jalali year: the published figure where the unit entered one, else what the files say.

    Two queries: the entered figures, then the roll-up grouped by year (its first year with a registration is
    the first file's). For permits, "answered" is the permits issued (approved responses of the permit services).
    """
    until = until or jalali_year()
    figures = {
        f.year: f
        for f in YearFigure.objects.filter(series=series, municipality=municipality).order_by("year")
        if municipality is not None
    }
    qs = _counts(municipality)
    if series == YearFigure.Series.PERMITS:
        qs = qs.filter(service_id__in=permit_services())
    # For permits, "answered" is the permits issued: the approved answers of the permit services.
    answered = Sum("approved") if series == YearFigure.Series.PERMITS else Sum("responded")
    computed = {
        row["year"]: row
        for row in qs.values("year").annotate(registered=Sum("registered"), answered=answered).order_by()
    }
    first_file = [year for year, row in computed.items() if row["registered"]]
    first_year = min([*figures, *first_file] or [until])
    years = list(range(first_year, until + 1))
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
                    "registered": computed[year]["registered"] if year in computed else 0,
                    "answered": computed[year]["answered"] if year in computed else 0,
                    "entered": False,
                    "period_from": None,
                    "period_to": None,
                    "source": "",
                }
            )
    return rows
