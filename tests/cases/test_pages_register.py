"""Registering a file through the pages: at the counter and online."""

import pytest

from cases.models import Case, Document, State
from offices.models import Office, OfficeStatus
from tests.cases.helpers import PDF, notary_payload, png_bytes, renewal_code, upload
from tests.cases.test_pages_support import fa, html, register, signed_in

pytestmark = pytest.mark.django_db


def form_data(code=None, **overrides):
    data = {
        "national_id": "۰۴۹۹۳۷۰۸۹۹",
        "first_name": "علی",
        "last_name": "رضایی",
        "mobile": "09131112233",
        "renewal_code": code or renewal_code(1),
        "address": "اصفهان، خیابان چهارباغ",
        "postal_code": "",
        "district": "1",
        "notary_number": "۱۲۳",
        "notary_city": "اصفهان",
        "letter_number": "۴۵۶/ن",
        "letter_date": "۱۴۰۴/۰۷/۰۱",
        "purpose": "transfer",
    }
    data.update(overrides)
    return data


def test_choose_a_service(officer):
    page = html(signed_in(officer).get("/cases/new/"))
    for code in ("notary_inquiry", "bank_inquiry", "excavation", "building_permit"):
        assert f'data-service="{code}"' in page
    assert 'data-service="renewal_duty"' not in page  # duties are slips, not files
    assert signed_in(officer).get("/cases/new/renewal_duty/").status_code == 404


def test_each_service_has_its_own_details(officer):
    client = signed_in(officer)
    notary = html(client.get("/cases/new/notary_inquiry/"))
    assert 'name="notary_number"' in notary and 'name="letter_date"' in notary and "data-jdp" in notary
    assert '<option value="1" selected>' in notary  # the office's district
    assert 'name="office"' not in notary  # staff register at their own office
    bank = html(client.get("/cases/new/bank_inquiry/"))
    assert 'name="bank_name"' in bank and 'name="notary_number"' not in bank
    dig = html(client.get("/cases/new/excavation/"))
    for name in ("utility_company", "location", "cut_length_m", "cut_width_m", "planned_start", "planned_end"):
        assert f'name="{name}"' in dig
    permit = html(client.get("/cases/new/building_permit/"))
    assert 'name="letter_number"' not in permit and 'name="renewal_code"' in permit


def test_only_desk_roles_and_citizens_register(inspector, followup, municipal, supervisor):
    for user in (inspector, followup, municipal, supervisor):
        assert signed_in(user).get("/cases/new/").status_code == 403, user.role
        assert signed_in(user).get("/cases/new/notary_inquiry/").status_code == 403, user.role


def test_registering_at_the_counter(officer):
    response = signed_in(officer).post("/cases/new/notary_inquiry/", form_data(), follow=True)
    case = Case.objects.get()
    assert response.redirect_chain == [(f"/cases/{case.pk}/", 302)]
    page = html(response)
    assert f"کد رهگیری: {fa(case.tracking_code)}" in page
    assert case.state == State.SUBMITTED and case.applicant_national_id == "0499370899"
    assert case.inquiry.notary_number == "123"
    assert 'data-testid="upload-form"' in page


def test_bad_input_shows_every_field_error_and_saves_nothing(officer):
    data = form_data(
        national_id="1234567890",
        mobile="0912",
        renewal_code="12-3",
        letter_date="1404/13/01",
        first_name="",
        notary_city="",
    )
    response = signed_in(officer).post("/cases/new/notary_inquiry/", data)
    assert response.status_code == 400
    page = html(response)
    for name in ("national_id", "mobile", "renewal_code", "letter_date", "first_name", "notary_city"):
        assert f'data-error-for="{name}"' in page, name
    assert "is-invalid" in page
    assert "۱۲-۳" not in page or 'value="12-3"' in page  # what was typed stays in the form
    assert not Case.objects.exists()


def test_another_districts_property_is_refused(officer):
    response = signed_in(officer).post("/cases/new/notary_inquiry/", form_data(code=renewal_code(2), district="2"))
    assert response.status_code == 400
    assert 'data-error-for="district"' in html(response)
    assert not Case.objects.exists()


def test_the_renewal_code_shows_the_propertys_open_files(officer, citizen):
    first = register(officer)
    client = signed_in(officer)
    typed = fa(first.parcel.renewal_code.replace("-", " "))
    partial = html(client.get("/cases/new/property-files/", {"renewal_code": typed}))
    assert 'data-testid="property-files"' in partial and fa(first.tracking_code) in partial
    assert "<html" not in partial
    clear = html(client.get("/cases/new/property-files/", {"renewal_code": renewal_code(1)}))
    assert 'data-testid="property-clear"' in clear
    assert html(client.get("/cases/new/property-files/", {"renewal_code": "not a code"})).strip() == ""
    # A citizen learns which service already has an open file (a second would be refused), nothing of whose it
    # is: no tracking code, office, state or date (in the city of the office chosen).
    chosen = {"renewal_code": typed, "office": first.office_id}
    seen = html(signed_in(citizen).get("/cases/new/property-files/", chosen))
    assert 'data-testid="property-files"' in seen and first.service.title in seen
    assert fa(first.tracking_code) not in seen and fa(first.office.name) not in seen
    assert first.get_state_display() not in seen


def test_a_second_open_file_of_the_same_service_shows_the_first(officer):
    first = register(officer)
    response = signed_in(officer).post("/cases/new/notary_inquiry/", form_data(code=first.parcel.renewal_code))
    assert response.status_code == 400
    page = html(response)
    assert fa(first.tracking_code) in page and 'data-error-for="renewal_code"' in page
    assert Case.objects.count() == 1


def test_a_citizens_duplicate_of_someone_elses_file_is_refused_without_its_tracking_code(officer, citizen):
    from rest_framework.test import APIClient

    first = register(officer)
    api = APIClient()
    api.force_authenticate(citizen)
    payload = notary_payload(code=first.parcel.renewal_code, office=first.office_id)
    response = api.post("/api/v1/cases/", payload, format="json")
    assert response.status_code == 409 and response.json()["code"] == "duplicate-open-file"
    assert first.tracking_code not in response.content.decode()
    assert response.json()["detail"] == "این ملک برای همین خدمت پروندهٔ باز دارد."
    assert Case.objects.count() == 1


def test_a_citizens_draft_blocks_no_registration_and_is_checked_when_submitted(officer, citizen, office):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(citizen)
    code = renewal_code(1)
    draft = api.post("/api/v1/cases/", notary_payload(code=code, office=office.pk), format="json")
    assert draft.status_code == 201 and draft.json()["state"] == "draft"
    # A draft never submitted is no file yet: the counter registers the property's file.
    counter = APIClient()
    counter.force_authenticate(officer)
    registered = counter.post("/api/v1/cases/", notary_payload(code=code), format="json")
    assert registered.status_code == 201, registered.content
    # Submitting the draft now finds the registered file: refused, without its code, and the draft stays a draft.
    case_id = draft.json()["id"]
    submitted = api.post(f"/api/v1/cases/{case_id}/actions/", {"action": "submit"}, format="json")
    assert submitted.status_code == 409 and submitted.json()["code"] == "duplicate-open-file"
    assert registered.json()["tracking_code"] not in submitted.content.decode()
    assert Case.objects.get(pk=case_id).state == "draft"


def test_an_office_that_may_not_register_is_told_why(office, officer):
    Office.objects.filter(pk=office.pk).update(status=OfficeStatus.SUSPENDED, status_reason="بازرسی")
    client = signed_in(officer)
    for url in ("/cases/new/", "/cases/new/notary_inquiry/"):
        page = html(client.get(url))
        assert 'data-testid="may-not-register"' in page and "بازرسی" in page
    assert 'data-testid="register-form"' not in html(client.get("/cases/new/notary_inquiry/"))
    refused = client.post("/cases/new/notary_inquiry/", form_data())
    assert refused.status_code == 400 and "بازرسی" in html(refused)
    assert not Case.objects.exists()


def test_a_citizen_registers_online_uploads_and_submits(office, citizen):
    client = signed_in(citizen)
    form = html(client.get("/cases/new/notary_inquiry/"))
    listed = f'name="office" value="{office.pk}"'
    assert listed in form
    Office.objects.filter(pk=office.pk).update(status=OfficeStatus.SUSPENDED)
    assert listed not in html(client.get("/cases/new/notary_inquiry/"))
    Office.objects.filter(pk=office.pk).update(status=OfficeStatus.ACTIVE)

    no_office = client.post("/cases/new/notary_inquiry/", form_data())
    assert no_office.status_code == 400 and 'data-error-for="office"' in html(no_office)
    response = client.post("/cases/new/notary_inquiry/", form_data(office=office.pk), follow=True)
    case = Case.objects.get()
    assert case.state == State.DRAFT and case.channel == "online" and case.office == office
    page = html(response)
    # Saved, not yet sent: the message says so (not "registered").
    assert "پیش‌نویس ذخیره شد" in page and "پرونده ثبت شد" not in page
    assert 'data-action="submit"' in page and 'data-testid="upload-form"' in page
    for kind, name, content in (("inquiry_letter", "l.pdf", PDF), ("deed", "d.png", png_bytes())):
        r = client.post(
            f"/cases/{case.pk}/documents/", {"kind": kind, "file": upload(name, content)}, HTTP_HX_REQUEST="true"
        )
        assert r.status_code == 201
    assert Document.objects.filter(case=case).count() == 2
    submitted = client.post(f"/cases/{case.pk}/actions/submit/", HTTP_HX_REQUEST="true")
    assert submitted.status_code == 200 and 'data-state="submitted"' in html(submitted)
    assert 'data-testid="upload-form"' not in html(submitted)  # the office has it now
    mine = html(client.get("/my/"))
    assert fa(case.tracking_code) in mine and f"/cases/{case.pk}/" in mine


def test_a_citizen_chooses_among_the_offices_of_the_propertys_district(city, citizen):
    client = signed_in(citizen)
    page = html(client.get("/cases/new/notary_inquiry/"))
    # Every office that may register now, as a card with its district, address and today's load.
    for office in (city.office, city.office_b, city.other_office):
        assert f'name="office" value="{office.pk}"' in page
    assert f'data-district="{city.other_office.district.number}"' in page
    assert "امروز ۰ پرونده از ظرفیت" in page and "نزدیک‌ترین به من" in page
    assert "office_choice.js" in page

    # A district-2 office for a district-1 property is refused, with the reason beside the choice.
    refused = client.post("/cases/new/notary_inquiry/", form_data(office=city.other_office.pk))
    assert refused.status_code == 400
    body = html(refused)
    assert 'data-error-for="office"' in body and "دفتری از منطقهٔ ملک را انتخاب کنید" in body
    assert not Case.objects.exists()

    # Today's load counts the files registered at the office today.
    client.post("/cases/new/notary_inquiry/", form_data(office=city.office.pk))
    assert "امروز ۱ پرونده از ظرفیت" in html(client.get("/cases/new/notary_inquiry/"))


def test_a_service_may_let_any_district_s_office_take_it(city, citizen):
    from offices.models import Service

    Service.objects.filter(code="notary_inquiry").update(any_district=True)
    response = signed_in(citizen).post("/cases/new/notary_inquiry/", form_data(office=city.other_office.pk))
    assert response.status_code == 302
    assert Case.objects.get().office == city.other_office
