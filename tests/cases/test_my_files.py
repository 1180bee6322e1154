"""A citizen's files as cards (steps, deadline, open correction items, slips to pay, the letter once issued),
and the public tracking page's steps and verification code."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from billing.models import FeeSlip
from cases.models import Case, State
from cases.progress import steps_of
from cases.services import apply_action
from core.templatetags.pishkhan import jlong
from inquiries.models import Letter
from tests.accounts.factories import UserFactory
from tests.cases.factories import attach_documents, register
from tests.cases.test_pages_support import fa, html, signed_in

pytestmark = pytest.mark.django_db

NATIONAL_ID = "0499370899"  # the applicant of tests.cases.factories.APPLICANT
MOBILE = "09131112233"


def mine(officer, citizen, to=State.SUBMITTED, advance=None):
    """A notary inquiry registered at the counter for ``citizen``, taken to ``to``."""
    case = register(officer)
    Case.objects.filter(pk=case.pk).update(applicant_user=citizen)
    if to != State.SUBMITTED:
        case = advance(case, to)
    return Case.objects.get(pk=case.pk)


def card_of(page, case):
    """The card of ``case`` on the page, or None."""
    found = re.search(rf'<article[^>]*data-case="{case.pk}".*?</article>', page, flags=re.S)
    return found.group(0) if found else None


def steps(fragment):
    """[(step, status)] of the step indicator in a fragment of a page."""
    return re.findall(r'data-step="(\w+)" data-status="(\w+)"', fragment)


def test_each_card_shows_the_step_its_file_is_at(city, officer, citizen, advance):
    files = {
        state: mine(officer, citizen, state, advance)
        for state in (
            State.SUBMITTED,
            State.AWAITING_VISIT,
            State.PLAN_REVIEW,
            State.MUNICIPAL_REVIEW,
            State.RETURNED,
            State.RESPONDED,
            State.REJECTED,
        )
    }
    page = html(signed_in(citizen).get("/my/"))
    cards = {state: card_of(page, case) for state, case in files.items()}
    assert all(cards.values()), [s for s, c in cards.items() if c is None]
    path = ["registered", "visit", "office_review", "municipality", "answered"]

    def expect(*statuses):
        return list(zip(path, statuses, strict=True))

    assert steps(cards[State.SUBMITTED]) == expect("current", "pending", "pending", "pending", "pending")
    assert steps(cards[State.AWAITING_VISIT]) == expect("done", "current", "pending", "pending", "pending")
    assert steps(cards[State.PLAN_REVIEW]) == expect("done", "done", "current", "pending", "pending")
    assert steps(cards[State.MUNICIPAL_REVIEW]) == expect("done", "done", "done", "current", "pending")
    assert steps(cards[State.RESPONDED]) == expect("done", "done", "done", "done", "done")
    # Returned from the counter's check: the registration step waits for the applicant, and says so.
    assert steps(cards[State.RETURNED]) == expect("waiting", "pending", "pending", "pending", "pending")
    assert "در انتظار شما" in cards[State.RETURNED]
    assert "در انتظار شما" not in cards[State.SUBMITTED]
    # Rejected at the counter: stopped there, the rest never comes.
    assert steps(cards[State.REJECTED]) == expect("stopped", "skipped", "skipped", "skipped", "skipped")
    assert "ردشده" in cards[State.REJECTED] or State.REJECTED.label in cards[State.REJECTED]
    for state, card in cards.items():
        case = files[state]
        assert fa(case.tracking_code) in card and case.service.title in card and fa(case.office.name) in card
        assert f'href="/cases/{case.pk}/"' in card
        assert card.count('aria-current="step"') == (0 if state == State.RESPONDED else 1)


def test_the_steps_follow_the_services_path():
    """One definition: a service without a site visit or plan review shows neither."""
    extension = Case(service_id="permit_extension", state=State.MUNICIPAL_REVIEW)
    assert [(s.key, s.status) for s in steps_of(extension)] == [
        ("registered", "done"),
        ("municipality", "current"),
        ("answered", "pending"),
    ]
    returned_late = Case(service_id="notary_inquiry", state=State.RETURNED, resume_state=State.MUNICIPAL_REVIEW)
    assert [s.status for s in steps_of(returned_late)] == ["done", "done", "done", "waiting", "pending"]
    draft = Case(service_id="notary_inquiry", state=State.DRAFT)
    assert steps_of(draft)[0].status == "waiting"
    # An instant answer skips what it did not need.
    instant = Case(service_id="notary_inquiry", state=State.RESPONDED)
    instant.left_state = State.SUBMITTED
    assert [s.status for s in steps_of(instant)] == ["done", "skipped", "skipped", "skipped", "done"]
    cancelled = Case(service_id="notary_inquiry", state=State.CANCELLED)
    cancelled.left_state = State.PLAN_REVIEW
    shown = steps_of(cancelled)
    assert [s.status for s in shown] == ["done", "done", "stopped", "skipped", "skipped"]
    assert shown[2].status_label == State.CANCELLED.label


def test_the_deadline_and_overdue_marking(city, officer, citizen):
    on_time = mine(officer, citizen)
    late = mine(officer, citizen)
    Case.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=2))
    late.refresh_from_db()
    assert Case.objects.overdue().filter(pk=late.pk).exists()
    page = html(signed_in(citizen).get("/my/"))
    late_card, on_time_card = card_of(page, late), card_of(page, on_time)
    assert jlong(late.deadline) in late_card and jlong(on_time.deadline) in on_time_card
    assert 'data-testid="overdue"' in late_card and "دیرکرد" in late_card
    assert 'data-testid="overdue"' not in on_time_card


def test_open_correction_items_are_counted_with_a_link(city, officer, citizen):
    case = mine(officer, citizen)
    attach_documents(case, officer)
    apply_action(
        case,
        "return_to_applicant",
        officer,
        note="دو مورد را اصلاح کنید.",
        items=[
            {"kind": "document", "target": "deed", "note": "تصویر سند خوانا نیست."},
            {"kind": "request", "note": "نامهٔ دفترخانه را دوباره بفرستید."},
        ],
    )
    other = mine(officer, citizen)
    page = html(signed_in(citizen).get("/my/"))
    card = card_of(page, case)
    assert 'data-testid="open-items"' in card and "۲ مورد اصلاحی باز است" in card
    assert f'href="/cases/{case.pk}/#corrections"' in card
    assert 'data-testid="open-items"' not in card_of(page, other)
    # The newest history row is the return, with the officer's note.
    assert "دو مورد را اصلاح کنید." in card
    detail = html(signed_in(citizen).get(f"/cases/{case.pk}/"))
    assert 'id="corrections"' in detail


def test_a_fee_slip_due_has_a_pay_link(city, officer, citizen):
    case = mine(officer, citizen)
    slip = FeeSlip.objects.get(case=case, status=FeeSlip.Status.ISSUED)
    client = signed_in(citizen)
    card = card_of(html(client.get("/my/")), case)
    assert 'data-testid="due"' in card and f'href="/billing/slips/{slip.pk}/"' in card
    assert client.get(f"/billing/slips/{slip.pk}/").status_code == 200


def test_the_letter_is_offered_only_once_issued(city, officer, citizen, advance, django_capture_on_commit_callbacks):
    waiting = mine(officer, citizen, State.MUNICIPAL_REVIEW, advance)
    with django_capture_on_commit_callbacks(execute=True):
        answered = mine(officer, citizen, State.RESPONDED, advance)
    letter = Letter.objects.get(case=answered, status=Letter.Status.VALID)
    assert letter.pdf_ready
    client = signed_in(citizen)
    page = html(client.get("/my/"))
    card = card_of(page, answered)
    assert f'href="/api/v1/cases/{answered.pk}/letter.pdf"' in card
    assert f'href="/verify/{letter.verification_code}"' in card
    assert 'data-testid="issued"' not in card_of(page, waiting)
    assert 'data-testid="due"' not in card  # paid before the answer
    pdf = client.get(f"/api/v1/cases/{answered.pk}/letter.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_another_citizens_file_is_never_listed(city, officer, citizen):
    own = mine(officer, citizen)
    stranger = UserFactory(role="citizen", national_id="4608968882")
    theirs = mine(officer, stranger)
    page = html(signed_in(citizen).get("/my/"))
    assert card_of(page, own) and card_of(page, theirs) is None
    assert fa(theirs.tracking_code) not in page
    assert signed_in(citizen).get(f"/cases/{theirs.pk}/").status_code == 404


def test_the_state_filter(city, officer, citizen, advance):
    submitted = mine(officer, citizen)
    returned = mine(officer, citizen, State.RETURNED, advance)
    client = signed_in(citizen)
    page = html(client.get("/my/", {"state": "returned"}))
    assert card_of(page, returned) and card_of(page, submitted) is None
    assert 'data-state="returned"' in page and 'aria-current="page"' in page
    anything = client.get("/my/", {"state": "<script>"})
    assert anything.status_code == 200
    assert card_of(html(anything), returned) and card_of(html(anything), submitted)
    empty = html(client.get("/my/", {"state": "cancelled"}))
    assert "درخواستی از شما در این وضعیت نیست." in empty


def test_the_query_count_does_not_grow_with_the_files(city, officer, citizen, advance):
    client = signed_in(citizen)
    mine(officer, citizen, State.RETURNED, advance)
    counts = []
    for more in (0, 9):
        for _ in range(more):
            mine(officer, citizen)
        with CaptureQueriesContext(connection) as queries:
            page = html(client.get("/my/"))
        assert page.count('data-testid="file-card"') == 1 + more
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# --- the public tracking page --------------------------------------------------------------------------------


def track(client, case):
    return client.post("/track/", {"tracking_code": case.tracking_code, "national_id": NATIONAL_ID})


def test_tracking_shows_the_steps_and_nothing_personal(city, officer, citizen, advance, client):
    case = mine(officer, citizen, State.PLAN_REVIEW, advance)
    response = track(client, case)
    assert response.status_code == 200
    page = html(response)
    assert steps(page) == [
        ("registered", "done"),
        ("visit", "done"),
        ("office_review", "current"),
        ("municipality", "pending"),
        ("answered", "pending"),
    ]
    for personal in (NATIONAL_ID, MOBILE, case.applicant_last_name, case.applicant_first_name, case.parcel.address):
        assert personal not in page and fa(personal) not in page, personal
    assert 'data-testid="track-issued"' not in page
    api = client.get(f"/api/v1/track/{case.tracking_code}/", {"national_id": NATIONAL_ID}).json()
    assert [(s["key"], s["status"]) for s in api["steps"]] == steps(page)
    assert api["issued"] == []
    assert NATIONAL_ID not in str(api) and MOBILE not in str(api)


def test_tracking_an_answered_file_gives_its_verification_code(city, officer, citizen, advance, client):
    case = mine(officer, citizen, State.RESPONDED, advance)
    letter = Letter.objects.get(case=case, status=Letter.Status.VALID)
    page = html(track(client, case))
    assert [status for _step, status in steps(page)] == ["done"] * 5
    assert 'data-testid="track-issued"' in page
    assert f'href="/verify/{letter.verification_code}"' in page
    assert client.get(f"/verify/{letter.verification_code}").status_code == 200
    api = client.get(f"/api/v1/track/{case.tracking_code}/", {"national_id": NATIONAL_ID}).json()
    assert api["issued"] == [
        {
            "label": "نامهٔ پاسخ",
            "number": letter.number,
            "verification_code": letter.verification_code,
            "verify_url": f"/verify/{letter.verification_code}",
        }
    ]


def test_a_draft_is_shown_as_one_with_a_link_to_go_on(city, office, officer, citizen):
    """A draft is not a registered file: no steps with a registration date, no slip to pay, no "latest: registered";
    it says it is not sent yet, when it was last saved, and its one action is to go on with it."""
    client = signed_in(citizen)
    # A guided request stopped after its first step: it goes on where it stopped.
    step = {"renewal_code": "01-123-456-001-01-002", "district": "1", "address": "اصفهان، خیابان چهارباغ"}
    saved = client.post("/cases/new/notary_inquiry/guided/property/", {**step, "office": str(office.pk)})
    assert saved.status_code == 302
    # A file registered online (over the API) and not submitted: its slip is issued, yet it is still a draft.
    online = register(citizen, office=office)
    assert online.state == State.DRAFT and FeeSlip.objects.filter(case=online, status=FeeSlip.Status.ISSUED).exists()
    sent = mine(officer, citizen)

    page = html(client.get("/my/"))
    guided = re.search(r'<article[^>]*data-testid="draft-card".*?</article>', page, flags=re.S).group(0)
    assert 'data-service="notary_inquiry"' in guided and "پیش‌نویس، هنوز فرستاده نشده" in guided
    assert 'data-testid="last-saved"' in guided
    assert 'href="/cases/new/notary_inquiry/guided/"' in guided and "ادامهٔ درخواست" in guided
    assert client.get("/cases/new/notary_inquiry/guided/")["Location"].endswith("/guided/applicant/")

    card = card_of(page, online)
    assert 'data-testid="not-sent"' in card and 'data-testid="last-saved"' in card
    assert f'href="/cases/{online.pk}/" data-testid="continue"' in card
    for registered_look in ('data-testid="due"', "پرداخت", "data-step=", 'data-testid="latest"', "ثبت شده"):
        assert registered_look not in card, registered_look
    # A submitted file keeps its steps and its slip to pay.
    assert 'data-testid="due"' in card_of(page, sent) and "data-step=" in card_of(page, sent)
    # Both drafts are counted under the draft filter, which lists them.
    assert re.search(r'data-state="draft"[^>]*>[^<]*<span[^>]*>۲<', page)
    assert "(۳ در مجموع)" in page or "در مجموع ۳" in page  # the footer counts the guided draft too
    drafts_only = html(client.get("/my/?state=draft"))
    assert 'data-testid="draft-card"' in drafts_only and card_of(drafts_only, online)
    assert card_of(drafts_only, sent) is None
