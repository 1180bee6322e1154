"""Visit reports: drafts, submission that moves the file on, immutability, corrections, photos."""

import pytest

from cases.models import Case, Document
from core.errors import DomainError
from inspections.models import ReportStatus, Visit, VisitPhoto, VisitReport, VisitState
from inspections.services import assign_inspector, delete_photo, save_draft, start_correction, submit_report
from tests.inspections.helpers import REPORT, district_inspectors, photo, png, png_with_damaged_pixels

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(city, awaiting):
    return assign_inspector(case=awaiting(), actor=city.officer, inspector=district_inspectors(1)[0])


def test_a_draft_keeps_what_was_given_and_a_partial_update_changes_only_that(visit):
    inspector = visit.inspector
    draft = save_draft(visit=visit, actor=inspector, data={"findings": "نیمه‌کاره", "land_area": "۱۲۰٫۵"})
    assert draft.status == ReportStatus.DRAFT and draft.version == 1
    assert str(draft.land_area) == "120.50"
    again = save_draft(visit=visit, actor=inspector, data={"floors": "3"})
    assert again.pk == draft.pk and again.floors == 3 and again.findings == "نیمه‌کاره"
    assert Case.objects.get(pk=visit.case_id).state == "awaiting_visit"


def test_submitting_needs_the_whole_report(visit):
    with pytest.raises(DomainError) as refused:
        submit_report(visit=visit, actor=visit.inspector, data={"findings": "فقط یافته"})
    assert {"land_area", "built_area", "floors", "usage", "building_state", "visited_on"} <= set(refused.value.fields)
    # Nothing half-saved: the draft of that failed submission was rolled back too.
    assert not VisitReport.objects.filter(case_id=visit.case_id).exists()


def test_a_submitted_report_moves_the_file_and_can_no_longer_change(visit, django_capture_on_commit_callbacks):
    inspector = visit.inspector
    with django_capture_on_commit_callbacks(execute=True):
        report = submit_report(
            visit=visit,
            actor=inspector,
            data={**REPORT, "violations": '[{"type": "extra_floor", "area": "۴۵"}]'},
            photos=[photo()],
        )
    assert report.status == ReportStatus.SUBMITTED and report.version == 1
    assert report.violations == [{"type": "extra_floor", "area": "45.00"}]
    case = Case.objects.get(pk=visit.case_id)
    assert case.state == "plan_review"
    step = case.transitions.get(action="submit_visit_report")
    # The history names the report (its id and version); the report keeps its fields, once.
    assert step.data == {"report_version": 1}
    assert not {"floors", "findings", "land_area", "violations"} & set(step.data)
    assert Visit.objects.get(pk=visit.pk).state == VisitState.REPORTED
    # The PDF was attached to the file once the transaction committed.
    report.refresh_from_db()
    assert report.pdf is not None and Document.objects.filter(case=case, kind="other").count() == 1
    # Any further write is refused: no draft, no photo, no second submission.
    with pytest.raises(DomainError) as frozen:
        save_draft(visit=visit, actor=inspector, data={"findings": "تغییر"})
    assert frozen.value.http_status == 409
    with pytest.raises(DomainError):
        delete_photo(photo=report.photos.get(), actor=inspector)
    assert VisitReport.objects.get(pk=report.pk).findings == REPORT["findings"]


def test_a_correction_is_a_new_version_that_keeps_the_old_one(visit, django_capture_on_commit_callbacks):
    inspector = visit.inspector
    with django_capture_on_commit_callbacks(execute=True):
        first = submit_report(visit=visit, actor=inspector, data=REPORT, photos=[photo()])
    with pytest.raises(DomainError):
        start_correction(case=first.case, actor=inspector, reason="")
    draft = start_correction(case=first.case, actor=inspector, reason="مساحت زمین اشتباه وارد شده بود")
    assert draft.version == 2 and draft.status == ReportStatus.DRAFT
    assert draft.photos.count() == 1 and draft.findings == first.findings
    with django_capture_on_commit_callbacks(execute=True):
        second = submit_report(visit=visit, actor=inspector, data={"land_area": "240"})
    assert second.pk == draft.pk and second.status == ReportStatus.SUBMITTED
    versions = list(VisitReport.objects.filter(case_id=visit.case_id).order_by("version"))
    assert [(r.version, str(r.land_area)) for r in versions] == [(1, "220.00"), (2, "240.00")]
    assert all(r.status == ReportStatus.SUBMITTED for r in versions)
    case = Case.objects.get(pk=visit.case_id)
    assert case.state == "plan_review"  # a correction does not move the file
    correction = case.transitions.get(action="correct_visit_report")
    assert correction.note == "مساحت زمین اشتباه وارد شده بود" and correction.data["report_version"] == 2
    from cases.history import broken_chains

    assert broken_chains([case.pk]) == []
    # Someone else may not correct it.
    with pytest.raises(DomainError):
        start_correction(case=case, actor=district_inspectors(1)[1], reason="x")


@pytest.mark.parametrize(
    "name,content",
    [
        ("notes.txt", b"just text, not a photo"),
        ("letter.pdf", b"%PDF-1.4\n%%EOF\n"),
        ("fake.jpg", b"\xff\xd8\xff" + b"\x00" * 64),
        ("empty.png", b""),
        ("damaged.png", png_with_damaged_pixels()),
    ],
)
def test_photos_that_are_not_images_are_refused_and_nothing_is_saved(visit, name, content):
    with pytest.raises(DomainError) as refused:
        save_draft(visit=visit, actor=visit.inspector, data={"findings": "x"}, photos=[photo(), photo(name, content)])
    assert "photos" in refused.value.fields
    assert not VisitReport.objects.exists() and not VisitPhoto.objects.exists()


def test_photos_are_kept_as_sent_and_resized_for_display(visit):
    big = png(size=(3000, 2000))
    draft = save_draft(visit=visit, actor=visit.inspector, photos=[photo("big.png", big), photo("small.png")])
    stored = {p.original_name: p for p in draft.photos.all()}
    from PIL import Image

    with stored["big.png"].original.open("rb") as f:
        assert f.read() == big
    with stored["big.png"].display.open("rb") as f, Image.open(f) as image:
        assert image.size == (1280, 853)
    with stored["big.png"].thumbnail.open("rb") as f, Image.open(f) as image:
        assert image.width == 360
    assert (stored["small.png"].width, stored["small.png"].height) == (64, 48)


def test_only_the_assigned_inspector_writes_the_report(visit):
    other = district_inspectors(1)[1]
    with pytest.raises(DomainError) as refused:
        save_draft(visit=visit, actor=other, data={"findings": "x"})
    assert refused.value.http_status == 403


def test_the_generic_action_carries_the_report_when_there_is_no_draft(visit, login_api):
    api = login_api(visit.inspector.username)
    response = api.post(
        f"/api/v1/cases/{visit.case_id}/actions/",
        {"action": "submit_visit_report", **REPORT, "land_area": 220},
        format="json",
    )
    assert response.status_code == 200, response.content
    report = VisitReport.objects.get(case_id=visit.case_id)
    assert report.status == ReportStatus.SUBMITTED and report.usage == "residential"
    assert response.json()["visit_report"]["version"] == 1


def test_a_visit_date_in_the_future_is_refused():
    import datetime

    from django.utils import timezone

    from core.jalali import format_jalali
    from inspections.forms import ReportForm
    from tests.inspections.helpers import REPORT

    tomorrow = format_jalali(timezone.localdate() + datetime.timedelta(days=1))
    form = ReportForm({**REPORT, "visited_on": tomorrow}, for_submission=True)
    assert not form.is_valid()
    assert form.errors["visited_on"] == ["تاریخ بازدید نمی‌تواند در آینده باشد."]
    assert ReportForm({**REPORT, "visited_on": format_jalali(timezone.localdate())}, for_submission=True).is_valid()
