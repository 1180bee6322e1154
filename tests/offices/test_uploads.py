"""Office uploads (signed contracts, employment contracts, instruction attachments) are checked by what they
hold, as a file's documents and violation evidence are: a refused upload saves nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from offices.models import Contract, Instruction, Membership

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SCRIPTED_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction 2 0 R>>endobj\n"
    b"2 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PAGE_AS_PDF = b"<html><body><script>alert(1)</script></body></html>"
# The messages of cases' documents and violation evidence (core.uploads.check_upload).
REFUSED = {
    SCRIPTED_PDF: "PDF دارای اسکریپت، کار خودکار یا فایل پیوست پذیرفته نمی‌شود.",
    PAGE_AS_PDF: "فقط فایل پی‌دی‌اف، جی‌پگ یا پی‌ان‌جی پذیرفته می‌شود.",
}


def upload(content, name="file.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize("content", list(REFUSED))
def test_an_instruction_attachment_is_checked_by_content(signed_in, city, content):
    client = signed_in(city.supervisor)
    data = {"title": "دستورالعمل", "text": "متن", "audience": ["technical_officer"], "attachment": upload(content)}
    response = client.post("/offices/instructions/publish/", data)
    assert response.status_code == 400
    assert REFUSED[content] in response.content.decode()
    assert not Instruction.objects.exists()


@pytest.mark.parametrize("content", list(REFUSED))
def test_a_signed_contract_is_checked_by_content(signed_in, city, content):
    client = signed_in(city.supervisor)
    before = Contract.objects.count()
    data = {"number": "X-9", "starts_on": "1411/01/01", "ends_on": "1411/12/29", "signed_file": upload(content)}
    response = client.post(f"/offices/manage/{city.office.pk}/contracts/new/", data)
    assert response.status_code == 400
    assert REFUSED[content] in response.content.decode()
    assert Contract.objects.count() == before


@pytest.mark.parametrize("content", list(REFUSED))
def test_an_employment_contract_is_checked_by_content(signed_in, city, django_user_model, content):
    person = django_user_model.objects.create_user("new.inspector", password="x-Long-pass-1")
    client = signed_in(city.manager)
    data = {"username": "new.inspector", "role": "inspector", "employment_file": upload(content)}
    response = client.post("/offices/mine/", data)
    assert response.status_code == 400
    assert REFUSED[content] in response.content.decode()
    assert not Membership.objects.filter(user=person).exists()


def test_a_checked_upload_is_kept_under_the_type_its_content_has(signed_in, city, django_user_model):
    django_user_model.objects.create_user("new.inspector", password="x-Long-pass-1")
    client = signed_in(city.manager)
    data = {"username": "new.inspector", "role": "inspector", "employment_file": upload(PDF, "contract.png")}
    assert client.post("/offices/mine/", data).status_code == 302
    membership = Membership.objects.get(user__username="new.inspector")
    assert membership.employment_file.name.endswith(".pdf")
    download = client.get(f"/offices/memberships/{membership.pk}/file/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF
