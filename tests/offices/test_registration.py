"""may_register: the one answer every app asks before a new file is registered."""

import pytest

from core.errors import DomainError
from offices.models import Contract, Office, OfficeStatus, Service
from offices.services import change_office_status, ensure_may_register, may_register, set_office_selection
from tests.offices.conftest import days

pytestmark = pytest.mark.django_db


def test_an_active_selected_office_with_licence_and_contract_may_register(office):
    check = may_register(office)
    assert check.allowed and check.reason == ""
    allowed, reason = may_register(office, "notary_inquiry")
    assert (allowed, reason) == (True, "")
    assert ensure_may_register(office, "notary_inquiry")


def test_a_lapsed_licence_is_refused_with_its_date(office, today):
    office.licence_expires_on = today - days(1)
    office.save()
    check = may_register(office)
    assert not check
    assert check.reason.startswith("پروانهٔ فعالیت دفتر")
    assert "به پایان رسیده است" in check.reason
    assert not Office.objects.authorized().filter(pk=office.pk).exists()


def test_a_licence_ending_today_is_still_in_force(office, today):
    office.licence_expires_on = today
    office.save()
    assert may_register(office).allowed


def test_an_expired_contract_is_refused(office, today):
    office.contracts.update(starts_on=today - days(400), ends_on=today - days(2))
    check = may_register(office)
    assert not check.allowed
    assert check.reason.startswith("قرارداد دفتر با شهرداری در تاریخ")
    assert not Office.objects.authorized().filter(pk=office.pk).exists()


def test_an_office_that_never_had_a_contract_is_treated_as_lapsed(office):
    Contract.objects.filter(office=office).delete()
    check = may_register(office)
    assert check == (False, "این دفتر قراردادی با شهرداری ندارد و نمی‌تواند پروندهٔ جدید ثبت کند.")


def test_a_contract_that_has_not_started_yet_does_not_count(office, today):
    office.contracts.update(starts_on=today + days(3), ends_on=today + days(300))
    assert "آغاز می‌شود" in may_register(office).reason


def test_a_suspended_office_is_refused_with_the_reason(city):
    reason = "عدم پاسخ‌گویی صحیح و به‌موقع به متقاضیان"
    change_office_status(office=city.office_b, action="suspend", actor=city.supervisor, reason=reason)
    suspended = Office.objects.get(pk=city.office_b.pk)
    assert suspended.status == OfficeStatus.SUSPENDED
    check = may_register(suspended)
    assert not check.allowed
    assert check.reason.startswith("این دفتر تعلیق شده است (عدم پاسخ‌گویی صحیح")
    with pytest.raises(DomainError) as caught:
        ensure_may_register(suspended)
    assert caught.value.code == "office-may-not-register"
    assert caught.value.message == check.reason


def test_an_unselected_or_ended_office_is_refused(city, office):
    set_office_selection(office=city.office_b, selected=False, actor=city.supervisor, reason="کاهش تقاضا")
    assert "منتخب منطقهٔ خود نیست" in may_register(Office.objects.get(pk=city.office_b.pk)).reason
    office.status = OfficeStatus.ENDED
    assert "همکاری این دفتر با شهرداری پایان یافته است" in may_register(office).reason


def test_the_service_must_be_offered_and_in_the_contract(office):
    office.services.remove(Service.objects.get(code="excavation"))
    assert may_register(office, "excavation").reason == "این دفتر خدمت «درخواست حفاری» را ارائه نمی‌دهد."
    contract = office.contracts.get()
    contract.services.set(Service.objects.filter(code__in=["notary_inquiry", "bank_inquiry"]))
    assert may_register(office, "bank_inquiry").allowed
    assert "در قرارداد این دفتر با شهرداری نیست" in may_register(office, "vehicle_duty").reason
    assert "وجود ندارد" in may_register(office, "no_such_service").reason


def test_a_day_can_be_asked_about(office, today):
    contract = office.contracts.get()
    assert may_register(office, on=contract.ends_on).allowed
    assert not may_register(office, on=contract.ends_on + days(1)).allowed
