"""Letter numbers: one gap-free sequence per district and Jalali year, also under concurrency."""

import threading

import pytest
from django.db import connection

from cases.models import Case
from cases.services import apply_action
from core.jalali import jalali_year
from inquiries.letters.numbering import next_serial
from inquiries.models import Letter, LetterSequence
from tests.letters.helpers import issue


@pytest.mark.django_db(transaction=True)
def test_two_responses_issued_at_once_in_one_district_get_consecutive_numbers(city, file_for_answer, login_api):
    first, second = file_for_answer(), file_for_answer()
    municipal, colleague = city.municipal, city.municipal_b
    barrier = threading.Barrier(2)
    errors = []

    def answer(case_id, actor):
        try:
            barrier.wait(timeout=10)
            apply_action(Case.objects.get(pk=case_id), "issue_response", actor, result="approved", text="بلامانع")
        except Exception as exc:  # reported to the test thread below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=args) for args in [(first, municipal), (second, colleague)]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    serials = sorted(Letter.objects.filter(case_id__in=[first, second]).values_list("serial", flat=True))
    assert serials == [1, 2]
    numbers = sorted(Letter.objects.values_list("number", flat=True))
    year = jalali_year()
    assert numbers == [f"{year}/01/000001", f"{year}/01/000002"]
    assert LetterSequence.objects.get(district__number=1, year=year).last_number == 2


@pytest.mark.django_db
def test_sequences_are_per_district_and_year_and_a_rollback_leaves_no_gap(city):
    from django.db import transaction

    one, two = city.district, city.other_district
    assert [next_serial(one, 1404), next_serial(one, 1404), next_serial(two, 1404), next_serial(one, 1405)] == [
        1,
        2,
        1,
        1,
    ]
    with pytest.raises(RuntimeError), transaction.atomic():
        next_serial(one, 1404)
        raise RuntimeError("the action failed after taking a number")
    assert next_serial(one, 1404) == 3


@pytest.mark.django_db
def test_a_refused_answer_takes_no_number(city, file_for_answer, login_api):
    case_id = file_for_answer()
    refused = issue(login_api, case_id, city.other_municipal)  # another district's staff
    assert refused.status_code == 404
    bad = issue(login_api, case_id, city.municipal, result="maybe")
    assert bad.status_code == 400
    assert not Letter.objects.exists() and not LetterSequence.objects.filter(last_number__gt=0).exists()
    assert issue(login_api, case_id, city.municipal).status_code == 200
    assert Letter.objects.get().serial == 1
