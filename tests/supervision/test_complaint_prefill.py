"""A signed-in citizen's complaint form: the file they came from and its applicant's national ID are filled in,
else the national ID of their account; another's file is never filled in."""

import re

import pytest

from cases.models import Case
from tests.accounts.factories import CitizenFactory
from tests.supervision.factories import register_file

pytestmark = pytest.mark.django_db


def value_of(page, name):
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
    found = re.search(r'value="([^"]*)"', tag)
    return found.group(1) if found else ""


def test_the_complaint_form_is_filled_in_from_the_citizens_file(town, client):
    citizen = CitizenFactory(national_id="1271403005")
    case = register_file(town["officer"], national_id="0499370899")
    Case.objects.filter(pk=case.pk).update(applicant_user=citizen)
    client.force_login(citizen)

    detail = client.get(f"/cases/{case.pk}/").content.decode()
    link = re.search(r'href="([^"]+)" data-testid="complain"', detail).group(1)
    assert link == f"/complaints/?file={case.tracking_code}"
    form = client.get(link).content.decode()
    # The file's applicant may be someone the citizen applied for: the form wants the file's national ID.
    assert value_of(form, "tracking_code") == case.tracking_code
    assert value_of(form, "national_id") == "0499370899"

    # Straight to the form: the account's national ID; another citizen's file is not filled in.
    assert value_of(client.get("/complaints/").content.decode(), "national_id") == "1271403005"
    others = register_file(town["officer"], national_id="0084575948")
    form = client.get(f"/complaints/?file={others.tracking_code}").content.decode()
    assert value_of(form, "tracking_code") == "" and value_of(form, "national_id") == "1271403005"

    # Nobody signed in, or staff: nothing is filled in, and the file page of staff has no such link.
    client.logout()
    form = client.get(f"/complaints/?file={case.tracking_code}").content.decode()
    assert value_of(form, "tracking_code") == "" and value_of(form, "national_id") == ""
    client.force_login(town["officer"])
    assert 'data-testid="complain"' not in client.get(f"/cases/{case.pk}/").content.decode()
