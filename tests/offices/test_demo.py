"""The demo city's office network: what it holds, and that loading it again changes nothing."""

import pytest
from django.core.management import call_command

from offices.models import Acknowledgement, Attendance, Contract, Course, Instruction, Office, OfficeChange
from offices.services import may_register
from tests.offices.conftest import days

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (Contract, OfficeChange, Course, Attendance, Instruction, Acknowledgement)]


def test_every_office_has_a_contract_and_the_history_is_varied(demo_city, today):
    offices = Office.objects.all()
    assert all(o.contracts.filter(starts_on__lte=today, ends_on__gte=today).exists() for o in offices)
    assert Contract.objects.filter(ends_on__gte=today, ends_on__lte=today + days(30)).count() == 3
    assert Contract.objects.filter(renews__isnull=False).exists()
    kinds = set(OfficeChange.objects.values_list("kind", flat=True))
    assert kinds >= {"added", "suspended", "reactivated", "unselected"}
    assert sum(1 for o in offices if not may_register(o).allowed) == 2
    assert Course.objects.count() == 3 and Instruction.objects.count() == 2
    assert Acknowledgement.objects.exists()


def test_seeding_again_changes_nothing(demo_city):
    before = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == before
