"""Payments arriving at the same moment: one payment per slip, whatever the race (PostgreSQL and SQLite)."""

import pytest

from billing.models import FeeSlip, Payment
from billing.services import record_payment
from tests.billing.helpers import register_notary
from tests.threads import race

pytestmark = pytest.mark.django_db(transaction=True)


def pay_race(n, fn):
    """The race's results as ("created" | "repeat", payment id), or the refusal."""
    return [("created" if r[1][1] else "repeat", r[1][0].pk) if r[0] == "ok" else r for r in race(n, fn)]


def _pay(slip, reference):
    return record_payment(
        bill_id=slip.bill_id,
        payment_id=slip.payment_id,
        amount_rials=slip.amount_rials,
        reference=reference,
        channel=Payment.Channel.API,
    )


def test_the_same_reference_six_times_at_once_makes_one_payment(city, login_api):
    slip = FeeSlip.objects.get(pk=register_notary(login_api(city.officer))["fee_slips"][0]["id"])
    results = pay_race(6, lambda i: _pay(slip, "RACE-1"))
    assert sorted(r[0] for r in results) == ["created"] + ["repeat"] * 5, results
    assert len({r[1] for r in results}) == 1
    assert Payment.objects.filter(slip=slip).count() == 1
    assert FeeSlip.objects.get(pk=slip.pk).status == "paid"


def test_different_references_for_one_slip_at_once_one_wins_the_rest_409(city, login_api):
    slip = FeeSlip.objects.get(pk=register_notary(login_api(city.officer))["fee_slips"][0]["id"])
    results = pay_race(4, lambda i: _pay(slip, f"RACE-{i}"))
    assert sorted(r[0] for r in results) == ["created", "refused", "refused", "refused"], results
    assert {r[1:] for r in results if r[0] == "refused"} == {(409, "slip-already-paid")}
    assert Payment.objects.filter(slip=slip).count() == 1
