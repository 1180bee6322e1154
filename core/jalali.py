"""Jalali calendar helpers shared by templates, PDFs and forms."""

import datetime
import functools

import jdatetime
from django.utils import timezone

from core.validators import to_ascii_digits, to_persian_digits

MONTHS = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
]


# The dates Pishkhan reads from people and other systems: Jalali years 1300 to 1599 (1921 to 2221). A date
# outside them is a typo, and far outside them the calendar's conversions (and a day before or after) give up.
FIRST_YEAR, LAST_YEAR = 1300, 1599
FIRST_DAY = jdatetime.date(FIRST_YEAR, 1, 1).togregorian()
LAST_DAY = jdatetime.date(LAST_YEAR + 1, 1, 1).togregorian() - datetime.timedelta(days=1)


def in_calendar(day):
    """Whether the Gregorian ``day`` is one Pishkhan reads (``FIRST_DAY`` to ``LAST_DAY``)."""
    if isinstance(day, datetime.datetime):
        day = day.date()
    return FIRST_DAY <= day <= LAST_DAY


def parse_iso_date(text):
    """'2024-10-06' → datetime.date within the calendar's range, or ValueError."""
    day = datetime.date.fromisoformat(text)
    if not in_calendar(day):
        raise ValueError(text)
    return day


def to_jalali(value):
    """A jdatetime date/datetime for a Gregorian date or (aware) datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, jdatetime.datetime | jdatetime.date):
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return jdatetime.datetime.fromgregorian(datetime=value)
    if isinstance(value, datetime.date):
        return jdatetime.date.fromgregorian(date=value)
    return None


@functools.lru_cache(maxsize=4096)
def _jalali_day(day):
    """(year, month, day) of a Gregorian date: a list shows the same few dates on many rows."""
    j = jdatetime.date.fromgregorian(date=day)
    return j.year, j.month, j.day


def _beyond_calendar(value):
    """A stored date the Jalali calendar cannot show (year 1, year 9999), as it is: a page still opens."""
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def _numeric(value, with_time):
    """«1405/09/10» (and « 14:05»): the two formats lists and the API print, without a jdatetime per value."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        year, month, day = _jalali_day(value.date())
        if with_time:
            return f"{year:04d}/{month:02d}/{day:02d} {value.hour:02d}:{value.minute:02d}"
        return f"{year:04d}/{month:02d}/{day:02d}"
    if isinstance(value, datetime.date) and not with_time:
        year, month, day = _jalali_day(value)
        return f"{year:04d}/{month:02d}/{day:02d}"
    return None


_NUMERIC_FORMATS = {"%Y/%m/%d": False, "%Y/%m/%d %H:%M": True}


def format_jalali(value, fmt="%Y/%m/%d", persian=True):
    text = None
    try:
        if fmt in _NUMERIC_FORMATS and not isinstance(value, jdatetime.date):
            text = _numeric(value, _NUMERIC_FORMATS[fmt])
        if text is None:
            j = to_jalali(value)
            if j is None:
                return ""
            text = j.strftime(fmt)
    except (ValueError, OverflowError):
        text = _beyond_calendar(value)
    return to_persian_digits(text) if persian else text


def long_jalali(value):
    """«۵ آذر ۱۴۰۵»"""
    try:
        j = to_jalali(value)
    except (ValueError, OverflowError):
        return to_persian_digits(_beyond_calendar(value))
    if j is None:
        return ""
    return to_persian_digits(f"{j.day} {MONTHS[j.month - 1]} {j.year}")


def parse_jalali_date(text):
    """'1403/07/01' (Persian or ASCII digits, / or -) → datetime.date, or ValueError (also for a year outside
    ``FIRST_YEAR`` to ``LAST_YEAR``)."""
    raw = to_ascii_digits(str(text or "")).strip().replace("-", "/")
    parts = raw.split("/")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() and len(p) <= 4 for p in parts):
        raise ValueError(raw)
    year, month, day = (int(p) for p in parts)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(raw)
    return jdatetime.date(year, month, day).togregorian()


def jalali_year(value=None):
    j = to_jalali(value or timezone.localdate())
    return j.year


def date_hint(today=None):
    """What a Jalali date box shows before anything is typed: a date of this year, «۱۴۰۵/۰۷/۱۵»."""
    return to_persian_digits(f"{jalali_year(today)}/07/15")
