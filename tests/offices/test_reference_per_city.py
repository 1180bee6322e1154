"""Reference data is a city's own or national: a city's row is taken first, then the national one; another
city's row never counts."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from billing.models import FeeDue
from billing.selectors import fee_due, tariff_in_force
from cases import calendar
from cases.models import Holiday, State, StepDuration
from offices.selectors import instructions_for, required_courses
from supervision.models import Policy, ViolationType
from supervision.selectors.violations import violation_type, violation_types
from tests.billing.factories import FeePolicyFactory, TariffFactory
from tests.city import build_second_city
from tests.offices.factories import CourseFactory, InstructionFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(city):
    return build_second_city()


def next_weekday(day, weekday):
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7 or 7)


def test_a_citys_closure_is_a_day_off_there_only_and_official_holidays_everywhere(city, second):
    monday = next_weekday(timezone.localdate(), 0)
    Holiday.objects.create(date=monday, name="تعطیل رسمی")
    tuesday = monday + datetime.timedelta(days=1)
    Holiday.objects.create(date=tuesday, name="تعطیلی ویژهٔ شهر", is_manual=True, municipality=city.municipality)
    calendar.forget_holidays()
    assert {monday, tuesday} <= calendar.holiday_set(city.municipality)
    assert monday in calendar.holiday_set(second.municipality)
    assert tuesday not in calendar.holiday_set(second.municipality)
    assert tuesday not in calendar.holiday_set()  # nationally, only the official ones
    # A deadline counts the city's own closures, not another city's.
    sunday = monday - datetime.timedelta(days=1)
    here = calendar.add_days(sunday, 2, city.municipality)
    there = calendar.add_days(sunday, 2, second.municipality)
    assert here > there
    # The same date may be a closure of two cities, but once per city.
    Holiday.objects.create(date=tuesday, name="همان روز", is_manual=True, municipality=second.municipality)


def test_step_durations_the_citys_then_the_national_then_the_workflows(city, second):
    default = calendar.step_days("notary_inquiry", State.AWAITING_VISIT)
    StepDuration.objects.create(service_id="notary_inquiry", state=State.AWAITING_VISIT, working_days=default + 3)
    StepDuration.objects.create(
        service_id="notary_inquiry",
        state=State.AWAITING_VISIT,
        working_days=default + 7,
        municipality=city.municipality,
    )
    assert calendar.step_days("notary_inquiry", State.AWAITING_VISIT, city.municipality) == default + 7
    assert calendar.step_days("notary_inquiry", State.AWAITING_VISIT, second.municipality) == default + 3
    assert calendar.step_days("notary_inquiry", State.PLAN_REVIEW, second.municipality) == calendar.step_days(
        "notary_inquiry", State.PLAN_REVIEW
    )


def test_tariffs_and_fee_policies_the_citys_first_then_the_national(city, second):
    national = tariff_in_force("notary_inquiry")  # the factories' tariffs are national
    assert national is not None and national.municipality is None
    notary = ServiceFactory(code="notary_inquiry")
    own = TariffFactory(service=notary, municipality=second.municipality, municipality_fee_rials=700_000)
    assert tariff_in_force("notary_inquiry", municipality=second.municipality) == own
    assert tariff_in_force("notary_inquiry", municipality=city.municipality) == national
    FeePolicyFactory(
        service=ServiceFactory(code="excavation"), fee_due=FeeDue.ACCEPTANCE, municipality=second.municipality
    )
    assert fee_due("excavation", second.municipality) == FeeDue.ACCEPTANCE
    assert fee_due("excavation", city.municipality) != FeeDue.ACCEPTANCE


def test_courses_and_instructions_are_the_citys_and_the_national_ones(city, second):
    national = city.course  # CourseFactory without a municipality: every city's
    theirs = CourseFactory(title="ویژهٔ نجف‌آباد", municipality=second.municipality)
    assert theirs not in required_courses(municipality=city.municipality)[str(Role.TECHNICAL_OFFICER)]
    assert {national, theirs} <= set(required_courses(municipality=second.municipality)[str(Role.TECHNICAL_OFFICER)])
    everyone = InstructionFactory(title="سراسری")
    theirs_only = InstructionFactory(title="ویژهٔ نجف‌آباد", municipality=second.municipality)
    assert set(instructions_for(city.officer)) == {everyone}
    assert set(instructions_for(second.officer)) == {everyone, theirs_only}


def test_the_units_rules_and_catalogue_the_citys_first(city, second):
    Policy.objects.update_or_create(municipality=None, defaults={"response_days": 6})
    Policy.objects.create(municipality=second.municipality, response_days=9)
    assert Policy.current(second.municipality).response_days == 9
    assert Policy.current(city.municipality).response_days == 6
    late = ViolationType.objects.get(code="late_answer", municipality=None)
    own = ViolationType.objects.create(code="late_answer", title="تأخیر (نجف‌آباد)", municipality=second.municipality)
    assert violation_type("late_answer", second.municipality.pk) == own
    assert violation_type("late_answer", city.municipality.pk) == late
    assert late not in violation_types(second.municipality.pk) and own not in violation_types(city.municipality.pk)
