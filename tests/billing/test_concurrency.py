"""Payments arriving at the same moment: one payment per slip, whatever the race (PostgreSQL and SQLite)."""

import threading

import pytest
from django.db import connection

from billing.models import FeeSlip, Payment
from billing.services import record_payment
from pishkhan.errors import DomainError
from tests.billing.helpers import register_notary

pytestmark = pytest.mark.django_db(transaction=True)


def race(n, fn):
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        try:
            barrier.wait()
            payment, created = fn(i)
            results[i] = ("created" if created else "repeat", payment.pk)
        except DomainError as exc:
            results[i] = ("refused", exc.http_status, exc.code)
        except Exception as exc:  # anything else is a bug the test must show
            results[i] = ("error", repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def _pay(slip, reference):
    return record_payment(
        bill_id=slip.bill_id,
        payment_id=slip.payment_id,
        amount_rials=slip.amount_rials,
        reference=reference,
        channel=Payment.Channel.API,
    )


def test_the_same_reference_six_times_at_once_makes_one_payment(demo_city, login_api):
    slip = FeeSlip.objects.get(pk=register_notary(login_api("officer"))["fee_slips"][0]["id"])
    results = race(6, lambda i: _pay(slip, "RACE-1"))
    assert sorted(r[0] for r in results) == ["created"] + ["repeat"] * 5, results
    assert len({r[1] for r in results}) == 1
    assert Payment.objects.filter(slip=slip).count() == 1
    assert FeeSlip.objects.get(pk=slip.pk).status == "paid"


def test_different_references_for_one_slip_at_once_one_wins_the_rest_409(demo_city, login_api):
    slip = FeeSlip.objects.get(pk=register_notary(login_api("officer"))["fee_slips"][0]["id"])
    results = race(4, lambda i: _pay(slip, f"RACE-{i}"))
    assert sorted(r[0] for r in results) == ["created", "refused", "refused", "refused"], results
    assert {r[1:] for r in results if r[0] == "refused"} == {(409, "slip-already-paid")}
    assert Payment.objects.filter(slip=slip).count() == 1
