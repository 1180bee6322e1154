"""Fee-slip numbers that never run out: a serial per municipality and Jalali year inside the bill ID's widths."""

import threading

import jdatetime
import pytest
from django.db import connection, transaction

from billing import bill_ids, numbering
from billing.models import FeeSlip
from billing.services.slips import _draw_number
from core.errors import DomainError
from tests.scale_factories import MunicipalityFactory

# --- the layout (pure) --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("company", "capacity"), [("1002", 999_999), ("102", 9_999_999)])
def test_every_serial_of_a_year_fits_a_valid_bill_id_and_reads_back(company, capacity):
    assert bill_ids.serial_capacity(company) == capacity
    for year in (1400, 1405, 1409, 1410):
        for serial in (1, 2, capacity // 2, capacity):
            file_code = bill_ids.slip_file_code(year, serial, company)
            bill_id = bill_ids.make_bill_id(file_code, company)
            assert len(bill_id) <= bill_ids.MAX_DIGITS
            payment_id = bill_ids.make_payment_id(bill_id, 2_900_000, year, 12)
            bill = bill_ids.parse(bill_id, payment_id, company_code_length=len(company))
            assert (bill.file_code, bill.company_code, bill.year_digit) == (file_code, company, year % 10)
            assert bill_ids.file_code_parts(bill.file_code, company) == (year % 10, serial)


def test_a_serial_past_the_years_capacity_is_refused():
    with pytest.raises(ValueError):
        bill_ids.slip_file_code(1405, 1_000_000, "1002")
    with pytest.raises(ValueError):
        bill_ids.slip_file_code(1405, 0, "1002")


def test_the_same_serial_makes_a_new_bill_id_each_year_for_ten_years():
    ids = {bill_ids.make_bill_id(bill_ids.slip_file_code(year, 7, "1002"), "1002") for year in range(1401, 1411)}
    assert len(ids) == 10
    again = bill_ids.make_bill_id(bill_ids.slip_file_code(1411, 7, "1002"), "1002")
    assert again in ids  # the year digit comes round again after a decade


def test_the_stored_slip_number_keeps_year_and_serial():
    number = bill_ids.slip_number(1405, 999_999)
    assert number == 140_500_999_999
    assert bill_ids.split_slip_number(number) == (1405, 999_999)


# --- drawing serials ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_serials_are_per_municipality_and_year_and_start_again_each_year():
    isfahan, kashan = MunicipalityFactory(), MunicipalityFactory()
    drawn = [numbering.next_serial(isfahan, 1405) for _ in range(3)]
    assert drawn == [1, 2, 3]
    assert numbering.next_serial(kashan, 1405) == 1
    assert numbering.next_serial(isfahan, 1406) == 1
    assert numbering.last_serial(isfahan, 1405) == 3


@pytest.mark.django_db
def test_the_last_serial_of_a_year_is_drawn_and_the_next_is_refused():
    city = MunicipalityFactory(bill_company_code="1002")
    numbering.set_last_serial(city, 1405, 999_998)
    assert numbering.next_serial(city, 1405) == 999_999
    with pytest.raises(numbering.Exhausted):
        numbering.next_serial(city, 1405)
    assert numbering.next_serial(city, 1406) == 1  # the new year has room again


@pytest.mark.django_db
def test_a_slip_number_carries_its_year_and_an_exhausted_year_is_a_clear_refusal():
    city = MunicipalityFactory(bill_company_code="1002")
    day = jdatetime.date(1405, 9, 10)
    number, bill_id, payment_id = _draw_number(city, 2_900_000, day)
    year, serial = bill_ids.split_slip_number(number)
    assert year == 1405 and serial >= 1
    assert bill_ids.parse(bill_id, payment_id, company_code_length=4).file_code == bill_ids.slip_file_code(
        1405, serial, "1002"
    )
    numbering.set_last_serial(city, 1405, 999_999)
    with pytest.raises(DomainError) as refused:
        _draw_number(city, 2_900_000, day)
    assert refused.value.code == "bill-id-exhausted"


@pytest.mark.django_db
def test_an_amount_past_what_a_payment_id_carries_is_a_clear_persian_refusal_at_the_boundary():
    from django.utils import translation

    city = MunicipalityFactory(bill_company_code="1003")
    day = jdatetime.date(1405, 9, 10)
    assert bill_ids.MAX_SLIP_AMOUNT == 99_999_999_000
    *_rest, payment_id = _draw_number(city, bill_ids.MAX_SLIP_AMOUNT, day)  # the most one slip carries
    assert len(payment_id) == 13
    with translation.override("fa"), pytest.raises(DomainError) as refused:
        _draw_number(city, bill_ids.MAX_SLIP_AMOUNT + 1000, day)
    assert refused.value.code == "amount-too-large"
    assert "بیش از آن است که یک فیش بپذیرد" in refused.value.message and "payment" not in refused.value.message


@pytest.mark.django_db
def test_a_bill_id_still_awaiting_payment_from_ten_years_ago_is_not_given_again():
    city = MunicipalityFactory(bill_company_code="1002")
    day = jdatetime.date(1415, 1, 5)
    first = _draw_number(city, 1_000_000, day)
    numbering.set_last_serial(city, 1415, 0)
    # The slip of 1405 with the same serial is still unpaid.
    FeeSlip.objects.create(
        municipality=city,
        number=bill_ids.slip_number(1405, bill_ids.split_slip_number(first[0])[1]),
        kind=FeeSlip.Kind.SERVICE_FEE,
        amount_rials=1_000_000,
        bill_id=first[1],
        payment_id=first[2],
    )
    second = _draw_number(city, 1_000_000, day)
    assert second[1] != first[1]
    assert bill_ids.split_slip_number(second[0])[1] > bill_ids.split_slip_number(first[0])[1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time anyway")
@pytest.mark.django_db(transaction=True)
def test_drawing_a_serial_takes_no_lock_another_registration_holds():
    city = MunicipalityFactory()
    numbering.set_last_serial(city, 1405, 0)  # the year's first slip made its sequence
    drawn, holding, done = [], threading.Event(), threading.Event()

    def registration_still_working():
        try:
            with transaction.atomic():
                drawn.append(numbering.next_serial(city, 1405))
                holding.set()
                done.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=registration_still_working)
    thread.start()
    try:
        assert holding.wait(30)
        with transaction.atomic(), connection.cursor() as cursor:
            # Any lock the other registration holds would make this fail at once instead of waiting.
            cursor.execute("SET LOCAL lock_timeout = '100ms'")
            drawn.append(numbering.next_serial(city, 1405))
    finally:
        done.set()
        thread.join(30)
    assert sorted(drawn) == [1, 2]
