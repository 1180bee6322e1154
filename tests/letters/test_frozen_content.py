"""A letter's frozen content is stored compactly, and letters stored before still read and render the same."""

import json

import pytest
from django.core.management import call_command
from django.db import connection

from core.validators import to_persian_digits as fa
from inquiries.letters import pdf
from inquiries.models import Letter
from tests.letters.helpers import APPLICANT_NAME, issue

pytestmark = pytest.mark.django_db


def stored(letter):
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM inquiries_letter WHERE id = %s", [letter.pk])
        value = cursor.fetchone()[0]
    return value if isinstance(value, str) else bytes(value)


def answered(city, file_for_answer, login_api):
    case_id = file_for_answer()
    assert issue(login_api, case_id, city.municipal).status_code == 200
    return Letter.objects.get(case_id=case_id)


def verification(api, letter):
    api.credentials()
    response = api.get(f"/api/v1/letters/verify/{letter.verification_code}/")
    assert response.status_code == 200
    return response.json()


def test_the_content_is_packed_without_repeating_the_letters_own_fields(city, file_for_answer, login_api, api):
    letter = answered(city, file_for_answer, login_api)
    raw = stored(letter)
    assert raw[:1] == b"\x01" and b"applicant_name" not in raw  # compressed, not JSON
    content = Letter.objects.get(pk=letter.pk).content
    assert content["applicant_name"] == APPLICANT_NAME and content["visit"]["floors"] == 2
    assert "text" not in content and "result" not in content  # the row's own columns say those
    assert len(raw) * 2 < len(json.dumps(content, ensure_ascii=False).encode())
    body = verification(api, letter)
    assert body["applicant_name"] == APPLICANT_NAME and body["text"] == "نقل و انتقال ملک بلامانع است."
    assert body["result"] == "approved" and body["renewal_code"] == letter.case.parcel.renewal_code


def test_a_letter_stored_as_plain_json_before_reads_renders_and_is_packed_by_the_command(
    city, file_for_answer, login_api, api
):
    letter = answered(city, file_for_answer, login_api)
    content = Letter.objects.get(pk=letter.pk).content
    # As migration 0005 leaves the letters issued before it: their JSON as it was (less the row's own fields).
    plain = json.dumps(content, ensure_ascii=False).encode()
    Letter.objects.filter(pk=letter.pk).update(content=plain)
    assert stored(letter)[:1] == b"{"
    before = verification(api, letter)
    html = pdf.render_html(Letter.objects.get(pk=letter.pk))
    assert APPLICANT_NAME in html and fa(letter.case.tracking_code) in html

    call_command("compact_letters", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert stored(letter)[:1] == b"\x01"
    assert verification(api, letter) == before
    assert pdf.render_html(Letter.objects.get(pk=letter.pk)) == html
    call_command("compact_letters", stdout=open("/dev/null", "w"))  # noqa: SIM115 - idempotent
    assert Letter.objects.get(pk=letter.pk).content == content
