"""A citizen's guided online request: each step checked and kept in a draft, resumed after a new sign-in,
uploads checked by content, a review, then one submitted file in the chosen office's cartable."""

import zlib

import pytest
from django.test import Client
from rest_framework.test import APIClient

from cases.models import Case, Document, Draft, DraftDocument, State
from cases.services import register_case
from tests.accounts.factories import CitizenFactory
from tests.cases.helpers import PDF, notary_payload, png_bytes, renewal_code, upload
from tests.cases.test_pages_support import fa, html

pytestmark = pytest.mark.django_db

BASE = "/cases/new/notary_inquiry/guided/"


def property_step(office, code=None, **overrides):
    return {"renewal_code": code or renewal_code(1), "district": "1", "address": "اصفهان، خیابان چهارباغ",
            "postal_code": "", "office": str(office.pk), **overrides}  # fmt: skip


APPLICANT = {"national_id": "۰۴۹۹۳۷۰۸۹۹", "first_name": "علی", "last_name": "رضایی", "mobile": "09131112233"}
DETAILS = {
    "notary_number": "۱۲۳",
    "notary_city": "اصفهان",
    "letter_number": "۴۵۶/ن",
    "letter_date": "۱۴۰۴/۰۷/۰۱",
    "purpose": "transfer",
}


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def fill(client, office, code=None):
    """The first three steps, each accepted."""
    for step, data in (("property", property_step(office, code)), ("applicant", APPLICANT), ("details", DETAILS)):
        response = client.post(BASE + f"{step}/", data)
        assert response.status_code == 302, (step, html(response)[:3000])


def add(client, kind, name, content):
    return client.post(
        BASE + "uploads/", {"kind": kind, "file": upload(name, content)}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )


def test_up_front_the_page_lists_the_documents_and_the_fee(citizen, office):
    client = client_of(citizen)
    assert client.get(BASE).url == BASE + "property/"
    page = html(client.get(BASE + "property/"))
    assert 'data-testid="needed"' in page
    assert "نامهٔ استعلام" in page or "نامه استعلام" in page  # the inquiry letter
    assert "سند" in page  # the title deed
    assert "ریال" in page and 'data-testid="term"' in page  # the fee, in Persian
    assert f'name="office" value="{office.pk}"' in page
    assert 'aria-current="step"' in page and 'data-testid="step-bar"' in page


def test_each_step_is_checked_and_kept(citizen, office, city):
    client = client_of(citizen)
    # A wrong renewal code and another district's office: refused beside the fields, announced, nothing kept.
    refused = client.post(BASE + "property/", property_step(city.other_office, code="bad"))
    assert refused.status_code == 400
    page = html(refused)
    assert 'role="alert"' in page and 'data-testid="error-summary"' in page
    assert 'data-error-for="renewal_code"' in page and 'aria-invalid="true"' in page
    assert 'aria-describedby="id_renewal_code_error"' in page and 'id="id_renewal_code_error"' in page
    assert not Draft.objects.exists()
    # A property of district 1 with a district-2 office: the office is refused with the reason.
    other = client.post(BASE + "property/", property_step(city.other_office))
    assert other.status_code == 400 and 'data-error-for="office"' in html(other)
    assert 'aria-describedby="id_office_error"' in html(other)

    code = renewal_code(1)
    assert client.post(BASE + "property/", property_step(office, code)).url == BASE + "applicant/"
    draft = Draft.objects.get(user=citizen)
    assert draft.data["renewal_code"] == code and draft.data["office"] == str(office.pk) and draft.step == 1

    # The applicant step checks the national ID with register_case's rule.
    bad = client.post(BASE + "applicant/", {**APPLICANT, "national_id": "1234567890"})
    assert bad.status_code == 400 and 'data-error-for="national_id"' in html(bad)
    assert Draft.objects.get().step == 1
    # A later step cannot be skipped to.
    assert client.get(BASE + "review/").url == BASE + "applicant/"
    assert client.post(BASE + "applicant/", APPLICANT).url == BASE + "details/"

    # The service's own fields come from its details serializer (a Jalali date with a picker).
    details = html(client.get(BASE + "details/"))
    assert 'name="notary_number"' in details and "data-jdp" in details
    wrong = client.post(BASE + "details/", {**DETAILS, "letter_date": "1404/13/40", "notary_number": "abc"})
    assert wrong.status_code == 400
    assert 'data-error-for="letter_date"' in html(wrong) and 'data-error-for="notary_number"' in html(wrong)
    assert client.post(BASE + "details/", DETAILS).url == BASE + "documents/"
    assert Draft.objects.get().step == 3
    # Values going back: what was kept is shown.
    assert code in html(client.get(BASE + "property/"))


def test_the_draft_resumes_after_a_new_sign_in_and_can_be_discarded(
    citizen, office, django_capture_on_commit_callbacks
):
    client = client_of(citizen)
    fill(client, office)
    assert add(client, "deed", "deed.png", png_bytes()).status_code == 201
    client.logout()

    again = client_of(citizen)  # another day, another device
    assert again.get(BASE).url == BASE + "documents/"
    page = html(again.get(BASE + "documents/"))
    assert "deed.png" in page and 'data-testid="thumbnail"' in page
    assert "۴۵۶/ن" in html(again.get(BASE + "details/"))
    assert 'data-draft="notary_inquiry"' in html(again.get("/cases/new/"))

    stored = DraftDocument.objects.get().file.name
    from django.core.files.storage import default_storage

    assert default_storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        assert again.post(BASE + "discard/").status_code == 302
    assert not Draft.objects.exists() and not DraftDocument.objects.exists()
    assert not default_storage.exists(stored)
    assert again.get(BASE).url == BASE + "property/"


def test_a_choice_with_a_default_shows_it_chosen_and_the_review_names_it(citizen, office):
    bank = "/cases/new/bank_inquiry/guided/"
    client = client_of(citizen)
    assert client.post(bank + "property/", property_step(office)).status_code == 302
    assert client.post(bank + "applicant/", APPLICANT).status_code == 302
    details = html(client.get(bank + "details/"))
    select = details[details.index('name="purpose"') : details.index("</select>", details.index('name="purpose"'))]
    # The value the file takes unless another is chosen is the first option (so it shows chosen); there is no
    # empty one.
    assert '<option value="mortgage"' in select and 'value=""' not in select
    assert select.index('value="mortgage"') < select.index('value="transfer"')
    letter = {
        "bank_name": "بانک ملی",
        "bank_branch": "شعبه چهارباغ",
        "letter_number": "۷۸۹",
        "letter_date": "۱۴۰۴/۰۷/۰۱",
    }
    assert client.post(bank + "details/", letter).status_code == 302  # an older page that sent no purpose
    for kind, name, content in (("inquiry_letter", "letter.pdf", PDF), ("deed", "deed.png", png_bytes())):
        client.post(
            bank + "uploads/", {"kind": kind, "file": upload(name, content)}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
        )
    client.post(bank + "documents/")
    review = html(client.get(bank + "review/"))
    assert "وثیقهٔ تسهیلات" in review
    assert client.post(bank + "review/").status_code == 302
    assert Case.objects.get().inquiry.purpose == "mortgage"


def test_another_citizen_gets_404_for_the_draft_and_its_uploads(citizen, office):
    client = client_of(citizen)
    fill(client, office)
    add(client, "deed", "deed.png", png_bytes())
    document = DraftDocument.objects.get()
    assert client.get(f"/cases/drafts/documents/{document.pk}/").status_code == 200

    other = client_of(CitizenFactory())
    assert other.get(f"/cases/drafts/documents/{document.pk}/").status_code == 404
    assert other.post(f"/cases/drafts/documents/{document.pk}/remove/").status_code == 404
    # Their own request of the same service starts empty: nothing of the first citizen's shows.
    page = html(other.get(BASE + "property/"))
    assert Draft.objects.get(user=citizen).data["renewal_code"] not in page
    assert other.get(BASE + "documents/").url == BASE + "property/"
    assert other.post(BASE + "uploads/", {"kind": "deed", "file": upload("d.png", png_bytes())}).status_code == 404
    assert DraftDocument.objects.count() == 1


def pdf_with_javascript():
    script = zlib.compress(b"<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>")
    return (
        b"%PDF-1.4\n1 0 obj<</Length " + str(len(script)).encode() + b" /Filter /FlateDecode>>stream\n"
        + script + b"\nendstream endobj\ntrailer<<>>\n%%EOF\n"
    )  # fmt: skip


def test_uploads_are_checked_by_content_previewed_and_replaced(citizen, office):
    client = client_of(citizen)
    fill(client, office)
    html_as_pdf = add(client, "inquiry_letter", "letter.pdf", b"<html><script>alert(1)</script></html>")
    assert html_as_pdf.status_code == 400
    assert "فقط" in html(html_as_pdf) and 'data-slot="inquiry_letter"' in html(html_as_pdf)
    scripted = add(client, "inquiry_letter", "letter.pdf", pdf_with_javascript())
    assert scripted.status_code == 400 and "اسکریپت" in html(scripted)
    assert not DraftDocument.objects.exists()

    two_pages = PDF.replace(b"1 0 obj<<>>endobj", b"1 0 obj<</Type /Page>>endobj 2 0 obj<</Type /Page>>endobj")
    accepted = add(client, "inquiry_letter", "letter.pdf", two_pages)
    assert accepted.status_code == 201
    slot = html(accepted)
    assert "letter.pdf" in slot and "۲ صفحه" in slot
    photo = add(client, "deed", "deed.png", png_bytes())
    assert 'data-testid="thumbnail"' in html(photo)
    # Choosing another file for the same kind replaces it.
    add(client, "deed", "deed-2.png", png_bytes((16, 16)))
    assert list(DraftDocument.objects.filter(kind="deed").values_list("original_name", flat=True)) == ["deed-2.png"]
    deed = DraftDocument.objects.get(kind="deed")
    removed = client.post(f"/cases/drafts/documents/{deed.pk}/remove/", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert removed.status_code == 200 and not DraftDocument.objects.filter(kind="deed").exists()


def test_a_required_document_missing_blocks_the_review(citizen, office):
    client = client_of(citizen)
    fill(client, office)
    add(client, "inquiry_letter", "letter.pdf", PDF)
    blocked = client.post(BASE + "documents/")
    assert blocked.status_code == 400 and "سند" in html(blocked) and 'role="alert"' in html(blocked)
    assert client.get(BASE + "review/").url == BASE + "documents/"
    add(client, "deed", "deed.png", png_bytes())
    assert client.post(BASE + "documents/").url == BASE + "review/"
    # Removing it again after reaching the review sends the citizen back to the documents.
    DraftDocument.objects.filter(kind="deed").delete()
    assert client.get(BASE + "review/").url == BASE + "documents/"


def test_submit_makes_one_online_file_in_the_chosen_office_s_cartable(citizen, office, city):
    client = client_of(citizen)
    fill(client, office)
    add(client, "inquiry_letter", "letter2.pdf", PDF)
    add(client, "deed", "deed.png", png_bytes())
    client.post(BASE + "documents/")
    review = html(client.get(BASE + "review/"))
    assert "۱۴۰۴/۰۷/۰۱" in review and "letter2.pdf" in review and "deed.png" in review and "ریال" in review
    assert "letter۲.pdf" not in review  # a file's name keeps its digits as typed
    assert fa(office.name) in review

    response = client.post(BASE + "review/")
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == f"/cases/{case.pk}/"
    assert case.channel == "online" and case.state == State.SUBMITTED and case.office == office
    assert case.applicant_user == citizen and case.applicant_national_id == "0499370899"
    assert sorted(Document.objects.filter(case=case).values_list("kind", flat=True)) == ["deed", "inquiry_letter"]
    assert not Draft.objects.exists() and not DraftDocument.objects.exists()
    letter = Document.objects.get(case=case, kind="inquiry_letter")
    assert letter.file.read() == PDF  # the draft's stored file is the file's document now

    api = APIClient()
    api.force_authenticate(city.officer)
    listed = api.get("/api/v1/cartable/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [row["id"] for row in rows] == [case.pk]
    # Submitting again finds no draft.
    assert client.post(BASE + "review/").status_code == 302
    assert Case.objects.count() == 1


def test_nothing_is_half_saved_when_the_submission_fails(citizen, office, city):
    client = client_of(citizen)
    code = renewal_code(1)
    fill(client, office, code)
    add(client, "inquiry_letter", "letter.pdf", PDF)
    add(client, "deed", "deed.png", png_bytes())
    client.post(BASE + "documents/")
    # Meanwhile the property got an open notary inquiry at the counter: the submission is refused.
    payload = notary_payload(code=code)
    payload.pop("service")
    register_case(actor=city.officer, service="notary_inquiry", **payload)
    assert Case.objects.count() == 1

    refused = client.post(BASE + "review/")
    assert refused.status_code == 409
    assert 'data-error-for="renewal_code"' in html(refused)
    assert Case.objects.count() == 1 and Document.objects.count() == 0
    assert Draft.objects.count() == 1 and DraftDocument.objects.count() == 2


def test_staff_and_strangers_have_no_guided_request(officer, client):
    assert client_of(officer).get(BASE).status_code == 403
    assert client.get(BASE).status_code == 302  # to the sign-in page
    assert client_of(CitizenFactory()).get("/cases/new/renewal_duty/guided/").status_code == 404


def test_a_citizen_without_a_name_is_named_by_their_own_request(office, city):
    # Signed in by SMS code: a national ID, no name yet.
    citizen = CitizenFactory(username="0499370899", national_id="0499370899", first_name="", last_name="")
    client = client_of(citizen)
    fill(client, office)
    add(client, "inquiry_letter", "letter.pdf", PDF)
    add(client, "deed", "deed.png", png_bytes())
    client.post(BASE + "documents/")
    client.post(BASE + "review/")
    citizen.refresh_from_db()
    assert (citizen.first_name, citizen.last_name) == ("علی", "رضایی")
    case = Case.objects.get(applicant_user=citizen)
    page = html(client_of(city.officer).get(f"/cases/{case.pk}/"))
    timeline = page.split('data-testid="timeline"')[1]
    assert "علی رضایی" in timeline and "0499370899" not in timeline and fa("0499370899") not in timeline


def _png_declaring(width, height):
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (its picture data is one empty row)."""
    import struct

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


def test_a_document_kind_the_service_does_not_ask_for_or_a_huge_picture_is_refused_in_its_slot(citizen, office):
    client = client_of(citizen)
    fill(client, office)
    for kind in ("photo", "plans", "nonsense"):
        refused = add(client, kind, "p.png", png_bytes())  # no slot to answer with: back to the step, refused
        assert refused.status_code == 302, (kind, refused.status_code)
    assert not DraftDocument.objects.exists()
    for width, height in ((20_000, 20_000), (8_000, 8_000)):  # past PIL's own bomb limit, and past 50 megapixels
        bomb = add(client, "deed", "deed.png", _png_declaring(width, height))
        assert bomb.status_code == 400 and 'data-slot="deed"' in html(bomb)
    assert not DraftDocument.objects.exists()


def test_an_uploaded_document_offers_to_replace_it_not_an_empty_file_box(citizen, office):
    client = client_of(citizen)
    fill(client, office)
    empty = html(client.get(BASE + "documents/"))
    assert "فایلی انتخاب نشده است" in empty
    slot = html(add(client, "deed", "deed.png", png_bytes()))
    assert "deed.png" in slot and "جایگزینی با فایل دیگر" in slot
    assert "فایلی انتخاب نشده است" not in slot
    page = html(client.get(BASE + "documents/"))
    deed = page.split('data-slot="deed"', 1)[1].split("data-slot=", 1)[0]
    assert "جایگزینی با فایل دیگر" in deed and "فایلی انتخاب نشده است" not in deed
