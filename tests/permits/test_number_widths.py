"""Permit and certificate numbers over decades: a serial per district and year that only grows wider."""

import pytest

from permits.models import Certificate, Permit, Sequence
from permits.numbering import format_number, next_serial
from tests.permits.factories import make_city

pytestmark = pytest.mark.django_db


def test_the_hundred_thousandth_permit_of_a_district_in_a_year_is_numbered_and_fits():
    city = make_city()
    Sequence.objects.create(kind="permit", district=city.district, year=1405, last_number=99_999)
    serial = next_serial("permit", city.district, 1405)
    assert serial == 100_000
    assert format_number("permit", 1405, city.district.number, serial) == "1405/03/100000"
    widest = Permit._meta.get_field("number").max_length
    assert len(format_number("permit", 1499, 99, 2**31 - 1)) <= widest
    for kind in ("frame", "completion"):
        max_length = Certificate._meta.get_field("number").max_length
        assert len(format_number(kind, 1499, 99, 2**31 - 1)) <= max_length


def test_each_year_and_district_starts_again_at_one():
    city = make_city()
    Sequence.objects.create(kind="permit", district=city.district, year=1405, last_number=99_999)
    assert next_serial("permit", city.district, 1406) == 1
    assert next_serial("frame", city.district, 1405) == 1
    assert next_serial("permit", city.district, 1405) == 100_000
    assert next_serial("permit", city.district, 1405) == 100_001
