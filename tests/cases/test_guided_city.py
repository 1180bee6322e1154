"""A citizen whose offices are in more than one city first says which city the property is in: the
districts and offices offered are that city's, another city's office is refused, and the fee is one city's."""

import re

import pytest

from cases.models import Draft
from tests.cases.helpers import renewal_code
from tests.cases.test_pages_support import html
from tests.cases.test_pages_support import signed_in as client_of
from tests.city import build_second_city

pytestmark = pytest.mark.django_db

BASE = "/cases/new/excavation/guided/"


@pytest.fixture
def najafabad(city):
    return build_second_city()


def property_step(office, city=None, **overrides):
    data = {"renewal_code": renewal_code(1), "district": "1", "address": "اصفهان، خیابان چهارباغ",
            "postal_code": "", "office": str(office.pk), **overrides}  # fmt: skip
    if city is not None:
        data["city"] = str(city.pk)
    return data


def test_the_page_asks_for_the_city_and_marks_each_office_and_district_with_its_city(citizen, office, najafabad):
    page = html(client_of(citizen).get(BASE + "property/"))
    assert 'name="city"' in page
    assert f'<option value="{office.district.municipality_id}">' in page
    assert f'<option value="{najafabad.municipality.pk}">' in page
    cities = set(re.findall(r'data-office-card\s+data-city="(\d+)"', page))
    assert cities == {str(office.district.municipality_id), str(najafabad.municipality.pk)}
    # District 1 exists in both cities; the district box says so for the page's script.
    both = sorted([office.district.municipality_id, najafabad.municipality.pk])
    assert f'data-cities="{" ".join(map(str, both))}"' in page


def test_another_citys_office_is_refused_and_nothing_is_kept(citizen, office, najafabad):
    client = client_of(citizen)
    isfahan = office.district.municipality
    refused = client.post(BASE + "property/", property_step(najafabad.office, city=isfahan))
    assert refused.status_code == 400
    page = html(refused)
    assert 'data-error-for="office"' in page and "این دفتر در شهر دیگری است" in page
    assert not Draft.objects.exists()
    # Without the city: asked for, beside its box.
    unsaid = client.post(BASE + "property/", property_step(office))
    assert unsaid.status_code == 400 and 'data-error-for="city"' in html(unsaid)
    # The city's own office is taken, the city kept with the step.
    assert client.post(BASE + "property/", property_step(office, city=isfahan)).url == BASE + "applicant/"
    assert Draft.objects.get(user=citizen).data["city"] == str(isfahan.pk)


def test_the_fee_shown_is_the_chosen_citys_only(citizen, office, najafabad):
    client = client_of(citizen)
    before = html(client.get(BASE + "property/"))
    assert before.count('data-testid="term"') >= 2  # both cities' fees, each named, until the city is known
    client.post(BASE + "property/", property_step(office, city=office.district.municipality))
    after = html(client.get(BASE + "property/"))
    above_the_offices = after.split("data-office-choice")[0]
    assert najafabad.municipality.name not in re.sub(r"<option[^>]*>[^<]*</option>", "", above_the_offices)


def test_one_city_asks_nothing_more(citizen, office):
    page = html(client_of(citizen).get(BASE + "property/"))
    assert 'name="city"' not in page and "data-cities" not in page
    assert client_of(citizen).post(BASE + "property/", property_step(office)).status_code == 302


def test_the_first_showing_asks_without_an_error(citizen, office, najafabad):
    page = html(client_of(citizen).get(BASE + "property/"))
    assert 'data-error-for="city"' not in page and 'aria-invalid="true"' not in page
