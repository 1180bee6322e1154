"""The daily warning about licences and contracts that are about to end."""

import pytest
from django_celery_beat.models import PeriodicTask

from core.validators import to_persian_digits as fa
from notifications.models import Message
from offices.models import Contract, Office
from offices.tasks import warn_expiring_licences_and_contracts
from tests.accounts.factories import SupervisorFactory
from tests.offices.conftest import days

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiet_city(city, today):
    """The city, with two supervisors and nothing ending in the next 30 days except what a test sets."""
    Office.objects.update(licence_expires_on=today + days(200))
    for contract in Contract.objects.filter(ends_on__lte=today + days(40)):
        contract.ends_on = today + days(100)
        contract.save()
    Message.objects.all().delete()
    city.supervisors = sorted([city.supervisor, SupervisorFactory()], key=lambda u: u.username)
    return city


def test_supervisors_are_warned_once_per_item(quiet_city, today, django_capture_on_commit_callbacks):
    city = quiet_city
    office = city.other_office
    office.licence_expires_on = today + days(30)
    office.save()
    contract = city.other_office_b.contracts.get()
    contract.ends_on = today + days(10)
    contract.save()

    with django_capture_on_commit_callbacks(execute=True):
        sent = warn_expiring_licences_and_contracts.delay().get()
    assert sent == 4  # two items, two supervisors
    messages = Message.objects.order_by("event", "user__username")
    first, second = city.supervisors
    assert [(m.event, m.user) for m in messages] == [
        ("contract_expiring", first),
        ("contract_expiring", second),
        ("licence_expiring", first),
        ("licence_expiring", second),
    ]
    licence = messages.get(event="licence_expiring", user=first)
    assert "پروانه فعالیت دفتر پیشخوان" in licence.body and fa(office.name) in licence.body
    assert "۳۰ روز دیگر" in licence.body
    assert licence.subject.startswith("پایان پروانه دفتر")
    assert fa(contract.number) in messages.get(event="contract_expiring", user=first).body
    assert all(m.status == Message.Status.SENT for m in messages)

    with django_capture_on_commit_callbacks(execute=True):
        assert warn_expiring_licences_and_contracts.delay().get() == 0
    assert Message.objects.count() == 4


def test_a_new_expiry_date_is_warned_about_again(quiet_city, today):
    office = quiet_city.other_office
    office.licence_expires_on = today + days(20)
    office.save()
    assert warn_expiring_licences_and_contracts() == 2
    office.licence_expires_on = today + days(25)
    office.save()
    assert warn_expiring_licences_and_contracts() == 2


def test_renewed_contracts_ended_offices_and_far_dates_are_not_warned(quiet_city, today):
    city = quiet_city
    contract = city.other_office_b.contracts.get()
    contract.ends_on = today + days(10)
    contract.save()
    Contract.objects.create(
        office=contract.office, number=f"{contract.number}-R", starts_on=today + days(11), ends_on=today + days(375)
    )
    ended = city.office_b
    ended.status = "ended"
    ended.licence_expires_on = today + days(3)
    ended.save()
    far = city.office
    far.licence_expires_on = today + days(31)
    far.save()
    assert warn_expiring_licences_and_contracts() == 0


def test_the_task_is_scheduled_daily_at_seven_tehran_time(db):
    task = PeriodicTask.objects.get(task="offices.tasks.warn_expiring_licences_and_contracts")
    assert task.enabled
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_week) == ("0", "7", "*")
    assert str(task.crontab.timezone) == "Asia/Tehran"


def test_the_schedule_migration_is_idempotent(db):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("offices.migrations.0003_schedule_expiry_warnings")
    migration.schedule(apps, None)
    migration.schedule(apps, None)
    assert PeriodicTask.objects.filter(task="offices.tasks.warn_expiring_licences_and_contracts").count() == 1
