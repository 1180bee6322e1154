"""Letter templates: the supervision unit writes them (with their history); the municipal staff start a
response from one, adjust it and issue; the letter and the action's history record which."""

import json
import re
import shutil
import subprocess
from html import unescape

import pytest

from accounts.models import Role
from cases.models import State
from core.validators import normalize_text
from core.validators import to_persian_digits as fa
from inquiries.models import Letter, LetterTemplate
from inspections.models import VisitReport
from tests.accounts.factories import PASSWORD
from tests.cases.factories import CaseFactory, staff
from tests.inspections.factories import SubmittedReportFactory
from tests.offices.factories import DistrictFactory, MunicipalityFactory, OfficeFactory, ServiceFactory

pytestmark = pytest.mark.django_db

TEXT = "ملک {address} به کد نوسازی {renewal_code} متعلق به {applicant_name}؛ زیربنا {built_area} مترمربع."


@pytest.fixture
def awaiting_answer():
    """A file waiting for its district's municipal staff, with its visit report in."""
    district = DistrictFactory()
    office = OfficeFactory(district=district)
    inspector = staff(Role.INSPECTOR, office=office)
    case = CaseFactory(office=office, state=State.MUNICIPAL_REVIEW, holder_role=Role.MUNICIPAL_STAFF)
    SubmittedReportFactory(
        visit__case=case,
        visit__inspector=inspector,
        findings="ساختمان دو طبقه",
        land_area="200.00",
        built_area="320.50",
        floors=2,
    )
    municipal = staff(Role.MUNICIPAL_STAFF, district=district)
    approved = LetterTemplate.objects.create(
        municipality=district.municipality, service=case.service, result="approved", title="بلامانع", text=TEXT
    )
    denied = LetterTemplate.objects.create(
        municipality=district.municipality, service=case.service, result="denied", title="با مانع", text="مخالفت."
    )
    return {"case": case, "municipal": municipal, "approved": approved, "denied": denied}


def _drafts(html):
    return json.loads(unescape(re.search(r'data-letter-composer data-drafts="([^"]*)"', html).group(1)))


def test_a_template_fills_in_the_corrected_visit_report(client, awaiting_answer):
    """A corrected report (the next version) replaces the first one in what a letter says."""
    case, template = awaiting_answer["case"], awaiting_answer["approved"]
    first = VisitReport.objects.get(case=case)
    SubmittedReportFactory(visit=first.visit, version=2, built_area="410.00", correction_reason="اندازه‌گیری دوباره")
    client.login(username=awaiting_answer["municipal"].username, password=PASSWORD)
    drafts = {d["id"]: d for d in _drafts(client.get(f"/cases/{case.pk}/").content.decode())}
    assert drafts[template.pk]["text"].endswith("زیربنا ۴۱۰ مترمربع.")


def test_a_letter_issued_from_a_template_holds_its_text_with_the_files_data(
    client, awaiting_answer, django_capture_on_commit_callbacks
):
    case, template = awaiting_answer["case"], awaiting_answer["approved"]
    client.login(username=awaiting_answer["municipal"].username, password=PASSWORD)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="letter-issue"' in page
    assert 'data-action="issue_response"' not in page  # the composer takes the action's place
    drafts = {d["id"]: d for d in _drafts(page)}
    assert set(drafts) == {template.pk, awaiting_answer["denied"].pk}
    filled = drafts[template.pk]["text"]
    assert filled == (
        f"ملک {fa(case.parcel.address)} به کد نوسازی {fa(case.parcel.renewal_code)} متعلق به {case.applicant_name}؛ "
        "زیربنا ۳۲۰٫۵ مترمربع."
    )

    with django_capture_on_commit_callbacks(execute=True):  # the letter's PDF is made after the commit
        response = client.post(
            f"/cases/{case.pk}/letter/issue/",
            {"result": "approved", "template": template.pk, "text": filled, "note": "بررسی شد"},
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200 and response["HX-Redirect"] == f"/cases/{case.pk}/"
    letter = Letter.objects.get(case=case)
    # Stored with ASCII digits like every text (core.validators); shown and printed in Persian.
    assert letter.text == normalize_text(filled) and letter.template == template
    assert letter.content["template"] == {"id": template.pk, "title": "بلامانع"}
    row = case.transitions.get(action="issue_response")
    # The history keeps the template and the result; the text is the letter's alone.
    assert int(row.data["template"]) == template.pk and row.data["result"] == "approved" and "text" not in row.data
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="letter-template"' in page and "بلامانع" in page
    assert 'data-testid="letter-issue"' not in page

    if shutil.which("pdftotext"):
        pdf = client.get(f"/api/v1/cases/{case.pk}/letter.pdf")
        assert pdf.status_code == 200
        data = b"".join(pdf.streaming_content)
        text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True).stdout.decode()
        text = re.sub("[\u202a-\u202e]", "", text)
        assert "۳۲۰٫۵" in text and "320" not in text


def test_a_template_of_another_result_service_or_city_is_refused_and_nothing_is_issued(client, awaiting_answer):
    case = awaiting_answer["case"]
    client.login(username=awaiting_answer["municipal"].username, password=PASSWORD)
    other_city = LetterTemplate.objects.create(
        municipality=MunicipalityFactory(code="najafabad", name="شهرداری نجف‌آباد"),
        service=case.service,
        result="approved",
        title="شهر دیگر",
        text="x",
    )
    other_service = LetterTemplate.objects.create(
        municipality=case.district.municipality,
        service=ServiceFactory(code="bank_inquiry", title="استعلام بانک"),
        result="approved",
        title="بانک",
        text="x",
    )
    assert {d["id"] for d in _drafts(client.get(f"/cases/{case.pk}/").content.decode())} == {
        awaiting_answer["approved"].pk,
        awaiting_answer["denied"].pk,
    }
    for template, result in [
        (awaiting_answer["denied"], "approved"),
        (other_city, "approved"),
        (other_service, "approved"),
    ]:
        response = client.post(
            f"/cases/{case.pk}/letter/issue/",
            {"result": result, "template": template.pk, "text": "متن"},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 400
        assert 'data-error-for="template"' in response.content.decode()
    assert not Letter.objects.filter(case=case).exists()
    case.refresh_from_db()
    assert case.state == State.MUNICIPAL_REVIEW


def test_the_api_takes_the_template_too(api, awaiting_answer):
    case, template = awaiting_answer["case"], awaiting_answer["approved"]
    api.force_authenticate(awaiting_answer["municipal"])
    response = api.post(
        f"/api/v1/cases/{case.pk}/actions/",
        {"action": "issue_response", "result": "approved", "text": "پاسخ", "template": template.pk},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert Letter.objects.get(case=case).template == template


def test_only_the_files_municipal_staff_see_the_composer(client, awaiting_answer):
    case = awaiting_answer["case"]
    officer = staff(Role.TECHNICAL_OFFICER, office=case.office)
    client.login(username=officer.username, password=PASSWORD)
    assert 'data-testid="letter-issue"' not in client.get(f"/cases/{case.pk}/").content.decode()
    response = client.post(f"/cases/{case.pk}/letter/issue/", {"result": "approved", "text": "متن"})
    assert response.status_code == 403 and not Letter.objects.exists()


def test_the_supervision_unit_writes_templates_and_every_change_is_kept(client, awaiting_answer):
    supervisor = staff(Role.SUPERVISOR)
    client.login(username=supervisor.username, password=PASSWORD)
    city = awaiting_answer["case"].district.municipality
    listing = client.get("/letters/templates/").content.decode()
    assert "بلامانع" in listing and 'data-testid="template-new"' in listing
    form = client.get("/letters/templates/new/").content.decode()
    assert 'data-insert-placeholder="applicant_name"' in form

    data = {"municipality": city.pk, "service": "notary_inquiry", "result": "approved", "title": "تازه"}
    typo = client.post("/letters/templates/new/", {**data, "text": "سلام {applicant}", "is_active": "on"})
    assert typo.status_code == 400 and "{applicant}" in typo.content.decode()
    assert not LetterTemplate.objects.filter(title="تازه").exists()

    made = client.post("/letters/templates/new/", {**data, "text": "سلام {applicant_name}", "is_active": "on"})
    template = LetterTemplate.objects.get(title="تازه")
    assert made.status_code == 302 and made["Location"] == f"/letters/templates/{template.pk}/"
    client.post(f"/letters/templates/{template.pk}/", {**data, "text": "درود {applicant_name}"})
    template.refresh_from_db()
    assert template.text == "درود {applicant_name}" and not template.is_active
    history = list(template.history.order_by("history_id"))
    assert [h.history_type for h in history] == ["+", "~"] and history[-1].history_user == supervisor
    page = client.get(f"/letters/templates/{template.pk}/").content.decode()
    assert 'data-testid="template-history"' in page and "تغییر" in page

    # A template out of use is not offered on files.
    client.logout()
    client.login(username=awaiting_answer["municipal"].username, password=PASSWORD)
    titles = {d["title"] for d in _drafts(client.get(f"/cases/{awaiting_answer['case'].pk}/").content.decode())}
    assert "تازه" not in titles
    assert client.get("/letters/templates/").status_code == 403
