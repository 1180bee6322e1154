"""The working calendar from the database: holidays and step durations."""

import datetime

import holidays as holiday_calendars
import jdatetime
from django.core.cache import cache

from cases import deadlines
from cases.models import Holiday, StepDuration
from cases.workflow import DEFAULT_DURATIONS, flow_for

_CACHE_KEY = "cases:holidays:v1"


def holiday_set():
    """Every holiday date (cached; Holiday saves clear the cache)."""
    dates = cache.get(_CACHE_KEY)
    if dates is None:
        dates = frozenset(Holiday.objects.values_list("date", flat=True))
        cache.set(_CACHE_KEY, dates, 3600)
    return dates


def forget_holidays():
    cache.delete(_CACHE_KEY)


def load_official_holidays(first_jalali_year, last_jalali_year):
    """Fill the table from the `holidays` package's Iranian calendar; manual rows are kept."""
    start = jdatetime.date(first_jalali_year, 1, 1).togregorian()
    end = jdatetime.date(last_jalali_year + 1, 1, 1).togregorian() - datetime.timedelta(days=1)
    calendar = holiday_calendars.country_holidays("IR", years=range(start.year, end.year + 1), language="fa_IR")
    existing = set(Holiday.objects.filter(date__range=(start, end)).values_list("date", flat=True))
    new = [
        Holiday(date=day, name=name[:150])
        for day, name in sorted(calendar.items())
        if start <= day <= end and day not in existing
    ]
    Holiday.objects.bulk_create(new)
    forget_holidays()
    return len(new)


def step_days(service_code, state):
    override = StepDuration.objects.filter(service_id=service_code, state=state).values_list("working_days", flat=True)
    for days in override:
        return days
    return flow_for(service_code).durations.get(state, DEFAULT_DURATIONS.get(state))


def deadline_for(service_code, state, start):
    days = step_days(service_code, state)
    if days is None:
        return None
    return deadlines.add_working_days(start, days, holiday_set())


def working_days_left(deadline, today):
    return deadlines.working_days_between(today, deadline, holiday_set())


def add_days(start, days):
    return deadlines.add_working_days(start, days, holiday_set())
