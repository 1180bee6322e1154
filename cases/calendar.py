"""The working calendar from the database: holidays and step durations."""

import datetime

import holidays as holiday_calendars
import jdatetime
from django.core.cache import cache
from django.db.models import Q

from accounts.tenancy import own_first
from cases import deadlines
from cases.models import Holiday, StepDuration
from cases.workflow import DEFAULT_DURATIONS, flow_for

_CACHE_KEY = "cases:holidays:v2"


def _holidays_by_city():
    """{municipality id or None (national): frozenset of dates}, cached; Holiday saves clear the cache."""
    by_city = cache.get(_CACHE_KEY)
    if by_city is None:
        rows = {}
        for day, city in Holiday.objects.values_list("date", "municipality_id"):
            rows.setdefault(city, set()).add(day)
        by_city = {city: frozenset(days) for city, days in rows.items()}
        cache.set(_CACHE_KEY, by_city, 3600)
    return by_city


def holiday_set(municipality=None):
    """The days off of a city (a Municipality or its id): the country's official holidays and the city's own
    closures (another city's closure is a working day here). Without a city, the national ones only."""
    by_city = _holidays_by_city()
    national = by_city.get(None, frozenset())
    city = getattr(municipality, "pk", municipality)
    return national | by_city[city] if city in by_city and city is not None else national


def forget_holidays():
    cache.delete(_CACHE_KEY)


def load_official_holidays(first_jalali_year, last_jalali_year):
    """Fill the table from the `holidays` package's Iranian calendar; manual rows are kept."""
    start = jdatetime.date(first_jalali_year, 1, 1).togregorian()
    end = jdatetime.date(last_jalali_year + 1, 1, 1).togregorian() - datetime.timedelta(days=1)
    calendar = holiday_calendars.country_holidays("IR", years=range(start.year, end.year + 1), language="fa_IR")
    existing = set(
        Holiday.objects.filter(date__range=(start, end), municipality__isnull=True).values_list("date", flat=True)
    )
    new = [
        Holiday(date=day, name=name[:150])
        for day, name in sorted(calendar.items())
        if start <= day <= end and day not in existing
    ]
    Holiday.objects.bulk_create(new)
    forget_holidays()
    return len(new)


def step_days(service_code, state, municipality=None):
    """Working days for a step: the city's own duration, else the national one, else the workflow's."""
    city = getattr(municipality, "pk", municipality)
    rows = StepDuration.objects.filter(service_id=service_code, state=state).filter(
        Q(municipality__isnull=True) | Q(municipality_id=city)
    )
    override = own_first(rows.only("working_days", "municipality_id"), city)
    if override is not None:
        return override.working_days
    return flow_for(service_code).durations.get(state, DEFAULT_DURATIONS.get(state))


def city_of_case(case):
    """The id of the file's city (its district is loaded with it wherever a deadline is computed)."""
    return case.district.municipality_id


def deadline_for(service_code, state, start, municipality=None):
    days = step_days(service_code, state, municipality)
    if days is None:
        return None
    return deadlines.add_working_days(start, days, holiday_set(municipality))


def working_days_left(deadline, today, municipality=None):
    return deadlines.working_days_between(today, deadline, holiday_set(municipality))


def add_days(start, days, municipality=None):
    return deadlines.add_working_days(start, days, holiday_set(municipality))
