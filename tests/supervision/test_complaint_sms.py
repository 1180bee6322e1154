"""The SMS a complainant gets carries the complaint's own code, the one /complaints/status/ asks for."""

import pytest

from core.validators import to_ascii_digits
from notifications.models import Message
from tests.supervision.factories import register_file

pytestmark = pytest.mark.django_db


def test_the_complaint_sms_gives_the_complaint_code(town, client, django_capture_on_commit_callbacks):
    case = register_file(town["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        made = client.post(
            "/complaints/",
            {
                "tracking_code": case.tracking_code,
                "national_id": case.applicant_national_id,
                "text": "پاسخ ندادند و پرونده ماند.",
            },
        )
    assert made.status_code == 200
    code = case.violations.get().complaint.tracking_code
    sms = Message.objects.get(event="complaint_received")
    # In its first sentence, named as the complaint's (the file's code is there too, and is not the one asked for).
    first = to_ascii_digits(sms.body.splitlines()[0])
    assert code in first and "کد رهگیری شکایت" in first and case.tracking_code in first
    # A gateway's template (SMS_TEMPLATES) gets it as a value of its own.
    assert list(sms.params) == [case.tracking_code, code]
