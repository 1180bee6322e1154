"""A returned file lists what must change, item by item; the applicant answers each (a new document, a
corrected value), the office accepts or asks again; the history shows both sides; the clock stays paused."""

import pytest
from rest_framework.test import APIClient

from cases.models import CorrectionItem, State, Transition
from tests.cases.helpers import PDF, notary_payload, png_bytes, upload

pytestmark = pytest.mark.django_db


def as_user(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def act(client, case_id, action, **data):
    return client.post(f"/api/v1/cases/{case_id}/actions/", {"action": action, **data}, format="json")


@pytest.fixture
def returned(city, citizen):
    """A citizen's online notary inquiry, submitted, then returned by the officer with two items."""
    me = as_user(citizen)
    case_id = me.post("/api/v1/cases/", notary_payload(office=city.office.pk), format="json").json()["id"]
    for kind, name, content in (("inquiry_letter", "l.pdf", PDF), ("deed", "d.png", png_bytes())):
        assert (
            me.post(f"/api/v1/cases/{case_id}/documents/", {"kind": kind, "file": upload(name, content)}).status_code
            == 201
        )
    assert act(me, case_id, "submit").status_code == 200
    officer = as_user(city.officer)
    response = act(
        officer,
        case_id,
        "return_to_applicant",
        note="دو مورد را اصلاح کنید.",
        items=[
            {"kind": "document", "target": "deed", "note": "تصویر سند خوانا نیست."},
            {"kind": "field", "target": "applicant.mobile", "note": "شماره همراه اشتباه است."},
        ],
    )
    assert response.status_code == 200, response.content
    return case_id, me, officer


def test_the_officer_returns_a_file_with_items_and_the_clock_stops(returned):
    case_id, me, _officer = returned
    shown = me.get(f"/api/v1/cases/{case_id}/").json()
    assert shown["state"] == State.RETURNED
    items = shown["corrections"]
    assert [(i["kind"], i["target"], i["status"]) for i in items] == [
        ("document", "deed", "open"),
        ("field", "applicant.mobile", "open"),
    ]
    assert items[0]["target_label"] and items[0]["note"] == "تصویر سند خوانا نیست."
    row = Transition.objects.filter(case_id=case_id, action="return_to_applicant").get()
    assert [i["target"] for i in row.data["items"]] == ["deed", "applicant.mobile"]


def test_items_are_checked_at_the_edge(city, citizen, returned):
    case_id, _me, officer = returned
    act(as_user(citizen), case_id, "submit")  # not open: returned
    bad = act(
        officer, case_id, "return_to_applicant", note="x", items=[{"kind": "document", "target": "nope", "note": "x"}]
    )
    assert bad.status_code in (400, 409)
    unknown = act(officer, case_id, "return_to_applicant", note="x", items=[{"kind": "field", "note": "x", "at": 1}])
    assert unknown.status_code in (400, 409)


def test_the_applicant_answers_item_by_item_and_resubmits(returned):
    case_id, me, officer = returned
    deed, mobile = CorrectionItem.objects.filter(case_id=case_id).order_by("id")

    early = act(me, case_id, "resubmit")
    assert early.status_code == 409 and "۲" in early.json()["detail"]

    # A document item needs the new document, not words.
    words = me.post(f"/api/v1/cases/{case_id}/corrections/{deed.pk}/answer/", {"text": "فرستادم"}, format="json")
    assert words.status_code == 400 and "document" in words.json()["errors"]
    new = me.post(f"/api/v1/cases/{case_id}/documents/", {"kind": "deed", "file": upload("d2.pdf", PDF)}).json()
    answered = me.post(f"/api/v1/cases/{case_id}/corrections/{deed.pk}/answer/", {"document": new["id"]}, format="json")
    assert answered.status_code == 200, answered.content
    assert (
        me.post(
            f"/api/v1/cases/{case_id}/corrections/{mobile.pk}/answer/", {"text": "09131112244"}, format="json"
        ).status_code
        == 200
    )
    sneaky = me.post(f"/api/v1/cases/{case_id}/corrections/{mobile.pk}/answer/", {"text": "x", "at": 1}, format="json")
    assert sneaky.status_code == 400 and "at" in sneaky.json()["errors"]

    assert act(me, case_id, "resubmit").status_code == 200
    shown = officer.get(f"/api/v1/cases/{case_id}/").json()
    assert shown["state"] == State.SUBMITTED
    assert [(i["status"], i["answer_document"], i["answer_text"]) for i in shown["corrections"]] == [
        ("answered", new["id"], ""),
        ("answered", None, "09131112244"),
    ]
    # The office accepts one and asks the other again; returning the file reopens it in a new round.
    assert (
        officer.post(
            f"/api/v1/cases/{case_id}/corrections/{deed.pk}/decision/", {"decision": "accept"}, format="json"
        ).status_code
        == 200
    )
    again = officer.post(
        f"/api/v1/cases/{case_id}/corrections/{mobile.pk}/decision/",
        {"decision": "again", "note": "شماره به نام متقاضی نیست."},
        format="json",
    )
    assert again.status_code == 200
    assert act(officer, case_id, "return_to_applicant", note="شماره را درست کنید.").status_code == 200
    statuses = {i["id"]: (i["status"], i["round"]) for i in me.get(f"/api/v1/cases/{case_id}/").json()["corrections"]}
    assert statuses == {deed.pk: ("accepted", 1), mobile.pk: ("open", 2)}

    # Both sides are in the history.
    events = list(Transition.objects.filter(case_id=case_id).values_list("action", flat=True))
    assert events.count("correction_answered") == 2 and events.count("correction_reviewed") == 2


def test_another_citizen_cannot_see_or_answer(returned, city):
    from tests.accounts.factories import CitizenFactory

    case_id, _me, _officer = returned
    stranger = as_user(CitizenFactory())
    item = CorrectionItem.objects.filter(case_id=case_id).first()
    response = stranger.post(f"/api/v1/cases/{case_id}/corrections/{item.pk}/answer/", {"text": "x"}, format="json")
    assert response.status_code == 404


def test_the_page_shows_the_items_and_the_answer_forms(returned, citizen, client):
    case_id, _me, _officer = returned
    client.force_login(citizen)
    page = client.get(f"/cases/{case_id}/").content.decode()
    assert 'data-testid="corrections"' in page and "تصویر سند خوانا نیست." in page
    assert page.count("data-answer=") == 2 and 'type="file"' in page
    item = CorrectionItem.objects.filter(case_id=case_id, kind="field").get()
    answered = client.post(f"/cases/{case_id}/corrections/{item.pk}/answer/", {"text": "09131112244"})
    assert answered.status_code == 302
    item.refresh_from_db()
    assert item.status == "answered" and item.answer_text == "09131112244"


def test_the_return_form_on_the_page_takes_items(city, officer, client):
    from tests.cases.factories import register

    case = register(officer)
    client.force_login(officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'name="return_to_applicant-items-0-kind"' in page
    response = client.post(
        f"/cases/{case.pk}/actions/return_to_applicant/",
        {
            "return_to_applicant-note": "اصلاح کنید",
            "return_to_applicant-items-0-kind": "request",
            "return_to_applicant-items-0-note": "نامه را امضا کنید.",
        },
    )
    assert response.status_code == 302
    assert list(CorrectionItem.objects.filter(case=case).values_list("kind", "note")) == [
        ("request", "نامه را امضا کنید.")
    ]
