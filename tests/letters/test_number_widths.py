"""Letter numbers over decades and across cities: a serial per district and year that only grows wider."""

import pytest
from django.utils import timezone

from inquiries.letters.numbering import format_number, next_serial
from inquiries.models import Letter, LetterSequence
from tests.scale_factories import Desk

pytestmark = pytest.mark.django_db


def test_the_millionth_letter_of_a_district_in_a_year_is_numbered_and_fits():
    desk = Desk()
    LetterSequence.objects.create(district=desk.district, year=1405, last_number=999_999)
    serial = next_serial(desk.district, 1405)
    assert serial == 1_000_000
    number = format_number(1405, desk.district.number, serial)
    assert number == "1405/01/1000000"
    assert len(number) <= Letter._meta.get_field("number").max_length
    assert len(format_number(1499, 99, 2**31 - 1)) <= Letter._meta.get_field("number").max_length


def test_two_cities_district_1_each_have_their_own_first_letter_of_the_year():
    letters = []
    for desk in (Desk(), Desk()):
        case = desk.file()
        serial = next_serial(desk.district, 1405)
        letters.append(
            Letter.objects.create(
                case=case,
                district=desk.district,
                year=1405,
                serial=serial,
                number=format_number(1405, desk.district.number, serial),
                verification_code=f"ABCDEFGHJ{len(letters) + 3}",
                result=Letter.Result.APPROVED,
                text="بلامانع",
                issued_at=timezone.now(),
            )
        )
    assert [letter.number for letter in letters] == ["1405/01/000001", "1405/01/000001"]
    assert letters[0].district.municipality_id != letters[1].district.municipality_id
