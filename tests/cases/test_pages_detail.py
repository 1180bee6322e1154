"""A file's page: what it shows, who may open it, its documents and the htmx actions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case, Document, State, Transition
from cases.services import apply_action
from inspections.models import VisitReport
from tests.cases.factories import pay_fees
from tests.cases.helpers import PDF, png_bytes, upload
from tests.cases.test_pages_support import fa, html, register, signed_in

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def _attach(client, case, kind, name, content):
    return client.post(f"/cases/{case.pk}/documents/", {"kind": kind, "file": upload(name, content)}, **HX)


def test_the_page_shows_the_file(officer):
    case = register(officer)
    page = html(signed_in(officer).get(f"/cases/{case.pk}/"))
    assert fa(case.tracking_code) in page
    assert "استعلام" in page and fa(case.office.name) in page and "منطقه ۱" in page
    assert 'data-state="submitted"' in page
    assert "علی رضایی" in page and fa("0499370899") in page and fa("09131112233") in page
    assert fa(case.parcel.renewal_code) in page
    # The notary inquiry's own record, with its Jalali letter date.
    assert fa("۱۴۰۴/۰۷/۰۱") in page and "اصفهان" in page
    # History: registered, by whom.
    assert 'data-action="register"' in page and str(officer) in page
    # The actions this officer may take now, and no others.
    for action in ("accept", "return_to_applicant", "reject", "cancel"):
        assert f'data-action="{action}"' in page
    assert 'data-action="issue_response"' not in page and 'data-action="extend_deadline"' not in page
    assert 'data-testid="upload-form"' in page


def test_who_may_open_a_file(city, officer, citizen, inspector, supervisor):
    case = register(officer)
    assert signed_in(city.colleague).get(f"/cases/{case.pk}/").status_code == 404
    assert signed_in(city.other_municipal).get(f"/cases/{case.pk}/").status_code == 404
    assert signed_in(citizen).get(f"/cases/{case.pk}/").status_code == 404
    assert signed_in(inspector).get(f"/cases/{case.pk}/").status_code == 404  # not their visit
    for user in (city.manager, city.followup, city.municipal, supervisor):
        assert signed_in(user).get(f"/cases/{case.pk}/").status_code == 200, user.role
    page = html(signed_in(supervisor).get(f"/cases/{case.pk}/"))
    assert 'data-action="accept"' not in page and 'data-action="extend_deadline"' in page
    assert signed_in(officer).get("/cases/999999/").status_code == 404


def test_accept_via_htmx_after_the_documents(city, officer):
    case = register(officer)
    client = signed_in(officer)
    refused = client.post(f"/cases/{case.pk}/actions/accept/", **HX)
    assert refused.status_code == 409
    assert "این مدارک بارگذاری نشده است" in html(refused)
    assert html(refused).lstrip().startswith('<div id="case-page">')
    assert Case.objects.get(pk=case.pk).state == State.SUBMITTED

    assert _attach(client, case, "inquiry_letter", "letter.pdf", PDF).status_code == 201
    added = _attach(client, case, "deed", "deed.png", png_bytes())
    assert added.status_code == 201 and "deed.png" in html(added) and "۲" in html(added)

    done = client.post(f"/cases/{case.pk}/actions/accept/", **HX)
    assert done.status_code == 200
    page = html(done)
    assert 'data-state="awaiting_visit"' in page and "انجام شد" in page
    # The visit panel assigns the inspector (the action card has no second form for it).
    assert f"/inspections/case/{case.pk}/assign/" in page and 'data-action="assign_inspector"' not in page
    # The inspectors offered are those serving the office's district, and no one else.
    assert all(str(inspector) in page for inspector in city.inspectors)
    assert str(city.other_inspector) not in page
    assert Transition.objects.filter(case=case, action="accept").count() == 1


def test_assigning_an_inspector(city, officer, inspector):
    case = register(officer)
    client = signed_in(officer)
    _attach(client, case, "inquiry_letter", "letter.pdf", PDF)
    _attach(client, case, "deed", "deed.png", png_bytes())
    client.post(f"/cases/{case.pk}/actions/accept/", **HX)
    far = city.other_inspector  # serves district 2's offices
    wrong = client.post(f"/cases/{case.pk}/actions/assign_inspector/", {"assign_inspector-inspector": far.pk}, **HX)
    assert wrong.status_code == 400
    assert Case.objects.get(pk=case.pk).inspector_id is None
    right = client.post(
        f"/cases/{case.pk}/actions/assign_inspector/", {"assign_inspector-inspector": inspector.pk}, **HX
    )
    assert right.status_code == 200
    assert Case.objects.get(pk=case.pk).holder == inspector


def test_a_note_is_required_to_return_and_nothing_is_saved_without_it(officer):
    case = register(officer)
    client = signed_in(officer)
    before = Transition.objects.count()
    response = client.post(f"/cases/{case.pk}/actions/return_to_applicant/", {"return_to_applicant-note": " "}, **HX)
    assert response.status_code == 400
    page = html(response)
    assert 'data-error-for="note"' in page and 'class="collapse show" id="action-return_to_applicant"' in page
    assert Transition.objects.count() == before and Case.objects.get(pk=case.pk).state == State.SUBMITTED
    ok = client.post(
        f"/cases/{case.pk}/actions/return_to_applicant/", {"return_to_applicant-note": "سند ناخواناست"}, **HX
    )
    assert ok.status_code == 200 and "سند ناخواناست" in html(ok)
    assert Case.objects.get(pk=case.pk).state == State.RETURNED


def _at_visit(case, officer, inspector):
    from cases.documents import add_document

    add_document(case=case, actor=officer, kind="inquiry_letter", upload=upload("l.pdf", PDF))
    add_document(case=case, actor=officer, kind="deed", upload=upload("d.png", png_bytes()))
    apply_action(case, "accept", officer)
    apply_action(case, "assign_inspector", officer, inspector=inspector.pk)


def test_visit_report_review_and_response_through_the_page(officer, inspector, manager, municipal):
    case = register(officer)
    _at_visit(case, officer, inspector)
    inspector = signed_in(inspector)
    form_page = html(inspector.get(f"/cases/{case.pk}/"))
    # The visit panel collects the report (on the phone form); the action card leaves it out.
    assert 'data-action="submit_visit_report"' not in form_page and "/inspections/visits/" in form_page
    missing = inspector.post(
        f"/cases/{case.pk}/actions/submit_visit_report/", {"submit_visit_report-findings": "x"}, **HX
    )
    assert missing.status_code == 400 and 'data-error-for="floors"' in html(missing)
    report = {
        "findings": "دو طبقه مسکونی",
        "land_area": "۲۲۰",
        "built_area": "310.5",
        "floors": "۲",
        "usage": "residential",
    }
    done = inspector.post(
        f"/cases/{case.pk}/actions/submit_visit_report/",
        {f"submit_visit_report-{k}": v for k, v in report.items()},
        **HX,
    )
    assert done.status_code == 200, html(done)
    row = Transition.objects.get(case=case, action="submit_visit_report")
    report = VisitReport.objects.get(case=case, version=row.data["report_version"])
    assert report.floors == 2 and report.land_area == 220 and "floors" not in row.data

    reviewed = signed_in(manager).post(
        f"/cases/{case.pk}/actions/complete_plan_review/", {"complete_plan_review-note": "بدون عقب‌نشینی"}, **HX
    )
    assert reviewed.status_code == 200
    municipal = signed_in(municipal)
    bad = municipal.post(f"/cases/{case.pk}/actions/issue_response/", {"issue_response-result": "maybe"}, **HX)
    assert bad.status_code == 400 and Case.objects.get(pk=case.pk).state == State.MUNICIPAL_REVIEW
    pay_fees(case)  # the service fee is due before the answer (billing)
    answered = municipal.post(
        f"/cases/{case.pk}/actions/issue_response/",
        {"issue_response-result": "approved", "issue_response-text": "بلامانع است."},
        **HX,
    )
    assert answered.status_code == 200
    page = html(answered)
    assert 'data-state="responded"' in page and 'data-testid="case-actions"' not in page
    assert "بدون عقب‌نشینی" in page  # the reviewer's note is in the timeline


def test_extend_the_deadline(officer, manager):
    case = register(officer)
    client = signed_in(manager)
    response = client.post(
        f"/cases/{case.pk}/actions/extend_deadline/",
        {"extend_deadline-days": "۳", "extend_deadline-note": "تعطیلی دفتر"},
        **HX,
    )
    assert response.status_code == 200
    assert Case.objects.get(pk=case.pk).deadline > case.deadline
    too_many = client.post(
        f"/cases/{case.pk}/actions/extend_deadline/", {"extend_deadline-days": "90", "extend_deadline-note": "x"}, **HX
    )
    assert too_many.status_code == 400


def test_without_htmx_an_action_redirects_with_a_message(officer):
    case = register(officer)
    client = signed_in(officer)
    response = client.post(f"/cases/{case.pk}/actions/accept/", follow=True)
    assert "این مدارک بارگذاری نشده است" in html(response)
    assert client.post(f"/cases/{case.pk}/actions/no_such_action/").status_code == 404


def test_documents_are_checked_and_downloaded_with_access(city, officer, municipal):
    case = register(officer)
    client = signed_in(officer)
    fake = _attach(client, case, "deed", "deed.pdf", b"MZ\x90 not a pdf")
    assert fake.status_code == 400 and "فقط فایل پی‌دی‌اف، جی‌پگ یا پی‌ان‌جی پذیرفته می‌شود" in html(fake)
    assert not Document.objects.filter(case=case).exists()
    _attach(client, case, "inquiry_letter", "نامه.pdf", PDF)
    doc = Document.objects.get(case=case)
    download = client.get(f"/cases/{case.pk}/documents/{doc.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert signed_in(city.colleague).get(f"/cases/{case.pk}/documents/{doc.pk}/").status_code == 404
    assert signed_in(municipal).get(f"/cases/{case.pk}/documents/{doc.pk}/").status_code == 200
    # Municipal staff read documents but do not add them.
    assert 'data-testid="upload-form"' not in html(signed_in(municipal).get(f"/cases/{case.pk}/"))


def test_panels_of_other_apps_are_shown(officer, tmp_path, settings):
    template_dir = tmp_path / "panels"
    template_dir.mkdir()
    (template_dir / "test_panel.html").write_text('<div class="card" data-testid="test-panel">{{ word }}</div>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], template_dir]}]

    settings.PISHKHAN_PLUGINS = [*settings.PISHKHAN_PLUGINS, "tests.cases.plugins.PanelPlugin"]
    case = register(officer)
    page = html(signed_in(officer).get(f"/cases/{case.pk}/"))
    assert f"panel for {fa(case.tracking_code)}" in page


def test_page_query_count_does_not_grow_with_the_history(officer, inspector):
    first = register(officer)
    second = register(officer)
    _at_visit(second, officer, inspector)
    client = signed_in(officer)
    counts = []
    for case in (first, second):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/cases/{case.pk}/").status_code == 200
        counts.append(len(queries))
    # The second file has documents, four history rows and an inspector; only the
    # assign-inspector form of the first is missing (one query for its choices).
    assert counts[1] <= counts[0] + 1, counts


def test_the_file_page_asks_who_may_see_the_file_once(officer, inspector):
    """The file is read through the officer's scope; the panels that ask whether the officer works on it
    (inspections, letters, corrections, documents) do not ask the database again, nor does the page read the
    file's checkpoints through a cursor."""
    case = register(officer)
    _at_visit(case, officer, inspector)
    with CaptureQueriesContext(connection) as queries:
        assert signed_in(officer).get(f"/cases/{case.pk}/").status_code == 200
    sql = [q["sql"] for q in queries]
    assert not [q for q in sql if q.startswith('SELECT 1 AS "a" FROM "cases_case"')], sql
    assert not [q for q in sql if "CURSOR" in q and "cases_historycheckpoint" in q], sql
    assert sum('FROM "cases_case"' in q and '"cases_case"."id" = ' in q for q in sql) == 1, sql


def test_an_action_a_panel_collects_itself_leaves_the_card(officer, settings):
    case = register(officer)
    settings.PISHKHAN_PLUGINS = [*settings.PISHKHAN_PLUGINS, "tests.cases.plugins.PanelActionPlugin"]
    page = html(signed_in(officer).get(f"/cases/{case.pk}/"))
    assert 'data-action="return_to_applicant"' not in page and 'data-action="accept"' in page


def test_an_action_this_person_may_not_take_is_refused_in_place(city, officer, supervisor):
    case = register(officer)
    refused = signed_in(supervisor).post(f"/cases/{case.pk}/actions/accept/", **HX)
    assert refused.status_code == 403
    page = html(refused)
    assert "اجازهٔ اقدام" in page and 'data-testid="case-alert"' in page and fa(case.tracking_code) in page
    assert Case.objects.get(pk=case.pk).state == State.SUBMITTED
    gone = signed_in(city.other_municipal).post(f"/cases/{case.pk}/actions/accept/", **HX)
    assert gone.status_code == 404 and "<html" not in html(gone) and "پرونده یافت نشد" in html(gone)


def test_the_file_card_writes_its_dates_one_way(officer):
    import re

    from core.jalali import long_jalali

    case = register(officer)
    page = html(signed_in(officer).get(f"/cases/{case.pk}/"))
    card = page.split("card-header fw-semibold", 1)[1].split('<div class="card-header', 1)[0]
    assert long_jalali(case.deadline) in card and long_jalali(case.created_at) in card
    assert not re.search(r"[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}", card), card
