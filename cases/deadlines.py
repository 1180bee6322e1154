"""Working-day arithmetic: pure functions over dates, a weekend and a set of holidays.

Iran's weekend is Friday (Python weekday 4); official holidays come from the
Holiday table. A step that starts on day D with N working days is due at the
end of the N-th working day after D.
"""

import datetime

FRIDAY = 4
DEFAULT_WEEKEND = frozenset({FRIDAY})


def is_working_day(day, holidays=frozenset(), weekend=DEFAULT_WEEKEND):
    return day.weekday() not in weekend and day not in holidays


def add_working_days(start, days, holidays=frozenset(), weekend=DEFAULT_WEEKEND):
    """The date of the ``days``-th working day after ``start`` (``start`` itself not counted).

    With ``days`` = 0 the deadline is ``start`` itself if it is a working day,
    else the next working day.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    if days == 0:
        while not is_working_day(day, holidays, weekend):
            day += datetime.timedelta(days=1)
        return day
    counted = 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays, weekend):
            counted += 1
    return day


def working_days_between(start, end, holidays=frozenset(), weekend=DEFAULT_WEEKEND):
    """How many working days lie after ``start`` up to and including ``end`` (negative if ``end`` is earlier)."""
    if end == start:
        return 0
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays, weekend):
            count += 1
    return sign * count
