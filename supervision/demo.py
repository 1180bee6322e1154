"""The supervision unit's data in the demo city: the published figures of earlier years (DOMAIN.md),
kept as rows the unit can edit on its reference pages. Idempotent."""

import jdatetime

from offices.models import Municipality
from supervision.models import YearFigure

SOURCE = "گفت‌وگوی مدیر شهرسازی الکترونیک شهرداری اصفهان"

# (series, year, registered, answered, from, to): the figures the municipality published.
FIGURES = [
    (YearFigure.Series.FILES, 1395, 7949, 5985, None, None),
    (YearFigure.Series.FILES, 1397, 86820, 77730, None, None),
    (YearFigure.Series.FILES, 1402, 41626, 36123, None, None),
    # Building-permit registrations and visits: 15 Aban 1402 to the year's end; 1403 to the start of Mehr.
    (YearFigure.Series.PERMITS, 1402, 1301, None, (1402, 8, 15), (1402, 12, 29)),
    (YearFigure.Series.PERMITS, 1403, 1645, None, (1403, 1, 1), (1403, 6, 31)),
]


def _day(parts):
    return jdatetime.date(*parts).togregorian() if parts else None


def seed_figures(municipality):
    """The published figures for ``municipality``; a figure the unit has edited is left as it is."""
    created = 0
    for series, year, registered, answered, start, end in FIGURES:
        _, made = YearFigure.objects.get_or_create(
            municipality=municipality,
            series=series,
            year=year,
            defaults={
                "registered": registered,
                "answered": answered,
                "period_from": _day(start),
                "period_to": _day(end),
                "source": SOURCE,
            },
        )
        created += made
    return created


def seed(*, rng=None, log=print):
    city = Municipality.objects.filter(code="isfahan").first()
    if city is None:
        return
    created = seed_figures(city)
    if created:
        log(f"Published figures of earlier years: {created}.")
