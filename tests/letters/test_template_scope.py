"""Letter templates are a city's own: another city's supervisor lists none of them, gets 404 on one, and
writes only their own city's; a file's response offers only its city's templates."""

import pytest

from inquiries.models import LetterTemplate
from tests.cases.test_pages_support import signed_in
from tests.city import build_second_city

pytestmark = pytest.mark.django_db


def _template(municipality, title):
    return LetterTemplate.objects.create(
        municipality=municipality, service_id="notary_inquiry", result="approved", title=title, text="بلامانع است."
    )


def test_another_citys_templates_are_not_there(city):
    najafabad = build_second_city()
    isfahans = _template(city.municipality, "قالب اصفهان")
    theirs = _template(najafabad.municipality, "قالب نجف‌آباد")
    client = signed_in(najafabad.supervisor)
    listing = client.get("/letters/templates/").content.decode()
    assert "قالب نجف‌آباد" in listing and "قالب اصفهان" not in listing
    assert client.get(f"/letters/templates/{isfahans.pk}/").status_code == 404
    changed = client.post(
        f"/letters/templates/{isfahans.pk}/",
        {"service": "notary_inquiry", "result": "approved", "title": "عوض شد", "text": "x", "is_active": "on"},
    )
    assert changed.status_code == 404
    isfahans.refresh_from_db()
    assert isfahans.title == "قالب اصفهان"
    # Their own: the form has no city to choose, and what they write is their city's whatever they send.
    form = client.get(f"/letters/templates/{theirs.pk}/").content.decode()
    assert 'name="municipality"' not in form
    made = client.post(
        "/letters/templates/new/",
        {"municipality": city.municipality.pk, "service": "notary_inquiry", "result": "denied",
         "title": "قالب تازه", "text": "مخالفت می‌شود.", "is_active": "on"},
    )  # fmt: skip
    assert made.status_code == 302
    assert LetterTemplate.objects.get(title="قالب تازه").municipality == najafabad.municipality
    # And the first city's supervisor does not see the second's either.
    assert signed_in(city.supervisor).get(f"/letters/templates/{theirs.pk}/").status_code == 404


def test_a_template_of_another_city_is_refused_in_persian_when_answering(city, login_api, advance):
    from cases.models import State
    from tests.cases.test_pages_support import register

    najafabad = build_second_city()
    theirs = _template(najafabad.municipality, "قالب نجف‌آباد")
    case = advance(register(city.officer), State.MUNICIPAL_REVIEW)
    answer = login_api(city.municipal).post(
        f"/api/v1/cases/{case.pk}/actions/",
        {"action": "issue_response", "result": "approved", "text": "بلامانع است.", "template": theirs.pk},
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json()["errors"]["template"] == ["چنین قالب نامه‌ای برای این پرونده وجود ندارد."]
