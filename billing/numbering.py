"""Fee-slip numbers: a serial per municipality and Jalali year, laid into the bill ID by ``bill_ids``.

On PostgreSQL each municipality-year draws from a sequence of its own (made on first
use by the ``billing_slip_serial`` function of migration 0003): ``nextval`` takes no
row lock, so registrations in one municipality never wait for each other's
transactions to end. A rolled-back registration leaves a gap, as does a pair skipped
for robustness; slip numbers are identifiers, not a gap-free register (letters are).
Elsewhere (SQLite, one writer at a time anyway) a ``SlipCounter`` row per
municipality-year is locked and advanced instead.
"""

from django.db import connection

from billing import bill_ids
from billing.models import SlipCounter


class Exhausted(Exception):
    """The municipality issued every serial its bill IDs hold this year."""


def sequence_name(municipality_id, year):
    return f"billing_slip_m{int(municipality_id)}_y{int(year)}"


def next_serial(municipality, year):
    """The next serial for a slip of ``municipality`` in Jalali ``year``; raises Exhausted past the last."""
    capacity = bill_ids.serial_capacity(municipality.bill_company_code)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT billing_slip_serial(%s, %s::bigint)", [sequence_name(municipality.pk, year), capacity]
            )
            serial = cursor.fetchone()[0]
    else:
        counter, _created = SlipCounter.objects.get_or_create(municipality=municipality, year=year)
        counter = SlipCounter.objects.select_for_update().get(pk=counter.pk)
        serial = counter.last_number + 1
        if serial <= capacity:
            SlipCounter.objects.filter(pk=counter.pk).update(last_number=serial)
    if serial is None or serial > capacity:
        raise Exhausted(f"{capacity:,} slips of {year}")
    return serial


def last_serial(municipality, year):
    """The last serial handed out (0 before the first): for the admin and the tests."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [sequence_name(municipality.pk, year)])
            if not cursor.fetchone()[0]:
                return 0
            cursor.execute(f"SELECT last_value, is_called FROM {sequence_name(municipality.pk, year)}")  # noqa: S608
            value, called = cursor.fetchone()
            return value if called else 0
    counter = SlipCounter.objects.filter(municipality=municipality, year=year).first()
    return counter.last_number if counter else 0


def set_last_serial(municipality, year, serial):
    """Move the municipality-year's counter to ``serial`` (a bulk import, the boundary tests)."""
    serial = int(serial)
    if connection.vendor == "postgresql":
        capacity = bill_ids.serial_capacity(municipality.bill_company_code)
        name = sequence_name(municipality.pk, year)
        with connection.cursor() as cursor:
            cursor.execute("SELECT billing_slip_serial(%s, %s::bigint)", [name, capacity])
            cursor.execute("SELECT setval(%s, %s, %s)", [name, max(serial, 1), serial > 0])
        return
    SlipCounter.objects.update_or_create(municipality=municipality, year=year, defaults={"last_number": serial})
