"""Jalali months, quarters and years as Gregorian date ranges [start, end)."""

import datetime
from dataclasses import dataclass

import jdatetime
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.jalali import MONTHS, to_jalali
from core.validators import to_persian_digits

KINDS = ("year", "quarter", "month")
QUARTERS = [_("Spring"), _("Summer"), _("Autumn"), _("Winter")]


def _start(year, month):
    if month > 12:
        year, month = year + 1, month - 12
    return jdatetime.date(year, month, 1).togregorian()


@dataclass(frozen=True)
class Period:
    kind: str  # year, quarter or month
    year: int
    number: int = 0  # quarter 1–4 or month 1–12; 0 for a year

    @property
    def start(self):
        if self.kind == "year":
            return _start(self.year, 1)
        if self.kind == "quarter":
            return _start(self.year, 3 * (self.number - 1) + 1)
        return _start(self.year, self.number)

    @property
    def end(self):
        if self.kind == "year":
            return _start(self.year + 1, 1)
        if self.kind == "quarter":
            return _start(self.year, 3 * self.number + 1)
        return _start(self.year, self.number + 1)

    @property
    def key(self):
        return f"{self.year}" if self.kind == "year" else f"{self.year}-{self.kind[0]}{self.number}"

    @property
    def label(self):
        year = to_persian_digits(str(self.year))
        if self.kind == "year":
            return year
        if self.kind == "quarter":
            return f"{QUARTERS[self.number - 1]} {year}"
        return f"{MONTHS[self.number - 1]} {year}"

    def contains(self, day):
        return self.start <= day < self.end

    def bounds(self):
        """Aware datetimes [start, end) in the site's time zone."""
        tz = timezone.get_current_timezone()
        return (
            datetime.datetime.combine(self.start, datetime.time.min, tzinfo=tz),
            datetime.datetime.combine(self.end, datetime.time.min, tzinfo=tz),
        )

    def previous(self):
        if self.kind == "year":
            return Period("year", self.year - 1)
        last = 4 if self.kind == "quarter" else 12
        if self.number == 1:
            return Period(self.kind, self.year - 1, last)
        return Period(self.kind, self.year, self.number - 1)

    def parts(self, kind):
        """The months or quarters of a year (or the months of a quarter)."""
        if kind == "month":
            first = 1 if self.kind == "year" else 3 * (self.number - 1) + 1
            count = 12 if self.kind == "year" else 3
            return [Period("month", self.year, m) for m in range(first, first + count)]
        return [Period("quarter", self.year, q) for q in range(1, 5)]


def current(kind="year", today=None):
    j = to_jalali(today or timezone.localdate())
    if kind == "year":
        return Period("year", j.year)
    if kind == "quarter":
        return Period("quarter", j.year, (j.month - 1) // 3 + 1)
    return Period("month", j.year, j.month)


def parse(kind, year, number=None):
    """A Period from query values, or ValueError."""
    if kind not in KINDS:
        raise ValueError("kind")
    year = int(year)
    if not 1300 <= year <= 1500:
        raise ValueError("year")
    if kind == "year":
        return Period("year", year)
    number = int(number)
    if not 1 <= number <= (4 if kind == "quarter" else 12):
        raise ValueError("number")
    return Period(kind, year, number)
