"""The deadline arithmetic, as a table: Fridays, holidays, year ends."""

import datetime

import jdatetime
import pytest

from cases.deadlines import add_working_days, working_days_between


def j(y, m, d):
    return jdatetime.date(y, m, d).togregorian()


NOWRUZ_1404 = {j(1404, 1, d) for d in (1, 2, 3, 4, 12, 13)}
HOLIDAYS = NOWRUZ_1404 | {j(1403, 12, 30), j(1403, 11, 22)}


@pytest.mark.parametrize(
    "start, days, expected, why",
    [
        (j(1403, 7, 1), 1, j(1403, 7, 2), "Sunday 1 Mehr 1403 + 1 → Monday"),
        (j(1403, 7, 4), 1, j(1403, 7, 5), "Wednesday + 1 → Thursday (a working day)"),
        (j(1403, 7, 5), 1, j(1403, 7, 7), "Thursday + 1 skips Friday"),
        (j(1403, 7, 5), 2, j(1403, 7, 8), "Thursday + 2"),
        (j(1403, 7, 6), 1, j(1403, 7, 7), "a Friday start counts from Saturday"),
        (j(1403, 11, 21), 1, j(1403, 11, 23), "22 Bahman is a holiday"),
        (j(1403, 12, 28), 1, j(1403, 12, 29), "29 Esfand 1403 is a working Wednesday"),
        (j(1403, 12, 28), 2, j(1404, 1, 5), "over the year end: 30 Esfand and 1-4 Farvardin are off"),
        (j(1403, 12, 28), 5, j(1404, 1, 9), "into the new year, skipping Friday 8 Farvardin"),
        (j(1404, 1, 1), 1, j(1404, 1, 5), "on a holiday: the next working day after it"),
        (j(1403, 7, 1), 0, j(1403, 7, 1), "zero days on a working day is that day"),
        (j(1403, 7, 6), 0, j(1403, 7, 7), "zero days on a Friday is the next working day"),
        (j(1403, 7, 1), 10, j(1403, 7, 12), "ten working days skip one Friday"),
    ],
)
def test_add_working_days(start, days, expected, why):
    assert add_working_days(start, days, HOLIDAYS) == expected, why


def test_each_jalali_year_end_is_handled():
    # 1403 is a leap year (30 Esfand exists); 1402 is not.
    assert add_working_days(j(1402, 12, 29), 1, set()) == j(1403, 1, 1)
    assert add_working_days(j(1403, 12, 29), 1, set()) == j(1403, 12, 30)


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (j(1403, 7, 1), j(1403, 7, 1), 0),
        (j(1403, 7, 1), j(1403, 7, 2), 1),
        (j(1403, 7, 5), j(1403, 7, 7), 1),  # over a Friday
        (j(1403, 7, 7), j(1403, 7, 5), -1),  # overdue: negative
        (j(1403, 12, 28), j(1404, 1, 5), 2),  # 29 Esfand and 5 Farvardin
    ],
)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end, HOLIDAYS) == expected


def test_add_and_between_agree():
    start = j(1403, 10, 1)
    for days in range(0, 30):
        end = add_working_days(start, days, HOLIDAYS)
        assert working_days_between(start, end, HOLIDAYS) == days or days == 0


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(datetime.date(2024, 1, 1), -1)


def test_official_holidays_load_from_the_package(db):
    from cases.calendar import holiday_set, load_official_holidays
    from cases.models import Holiday

    added = load_official_holidays(1403, 1405)
    assert added > 40
    assert Holiday.objects.filter(date=j(1404, 1, 1)).exists()  # Nowruz
    assert Holiday.objects.filter(date=j(1403, 11, 22)).exists()  # Revolution day
    assert load_official_holidays(1403, 1405) == 0  # idempotent
    assert j(1404, 1, 2) in holiday_set()
