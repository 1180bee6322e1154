"""The statistics and scorecard tables as Excel sheets: one definition for the pages and the API."""

from django.utils.translation import gettext as _

from supervision.excel import Sheet, workbook


def _pair(rows, *first):
    return [[*(r[name] for name in first), r["registered"], r["responded"]] for r in rows]


def annual_sheets(data):
    year = data["year"]
    counts = [_("Registered"), _("Answered")]
    sheets = [
        Sheet(
            _("Totals"),
            [_("Jalali year"), *counts],
            [[year, data["registered"], data["responded"]]],
            note=_("Files registered and answered in %(year)s") % {"year": year},
        ),
        Sheet(_("By service family"), [_("Service family"), *counts], _pair(data["by_family"], "title")),
        Sheet(
            _("By service"), [_("Service code"), _("Service"), *counts], _pair(data["by_service"], "service", "title")
        ),
        Sheet(_("By district"), [_("District"), _("Name"), *counts], _pair(data["by_district"], "district", "name")),
        Sheet(
            _("By office"),
            [_("Office code"), _("Name"), _("District"), *counts],
            _pair(data["by_office"], "office", "name", "district"),
        ),
    ]
    if "monthly" in data:
        sheets.append(Sheet(_("By month"), [_("Month"), *counts], _pair(data["monthly"], "label")))
    return sheets


def series_sheet(title, rows):
    return Sheet(
        title,
        [_("Jalali year"), _("Registered"), _("Answered"), _("From"), _("To"), _("Entered by the unit"), _("Source")],
        [
            [
                r["year"],
                r["registered"],
                r["answered"],
                r["period_from"],
                r["period_to"],
                _("yes") if r["entered"] else _("no (from the files)"),
                r["source"],
            ]
            for r in rows
        ],
    )


def annual_workbook(data, *, series=None, permits=None):
    sheets = annual_sheets(data)
    if series is not None:
        sheets.append(series_sheet(_("Years"), series))
    if permits is not None:
        sheets.append(series_sheet(_("Building permits"), permits))
    return workbook(sheets)


def ranking_workbook(rows, period):
    headers = [
        _("Rank"),
        _("Office code"),
        _("Name"),
        _("District"),
        _("Score"),
        _("Previous period"),
        _("Change"),
        _("Registered"),
        _("Answered"),
        _("Steps on time (%)"),
        _("Returns for correction"),
        _("Complaints"),
        _("Violations"),
        _("Decisions upheld"),
        _("Training (%)"),
        _("Instructions acknowledged (%)"),
    ]

    def percent(value):
        return None if value is None else round(100 * value, 1)

    body = [
        [
            c.rank,
            c.office.code,
            c.office.name,
            c.office.district.number,
            c.score,
            c.previous_score,
            c.trend,
            c.registered,
            c.answered,
            percent(c.on_time_rate),
            c.returns,
            c.complaints,
            c.violations,
            c.upheld,
            percent(c.components["training"]),
            percent(c.components["instructions"]),
        ]
        for c in rows
    ]
    return workbook([Sheet(_("Scorecards"), headers, body, note=str(period.label))])
