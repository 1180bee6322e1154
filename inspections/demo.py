"""The inspections part of the demo city: assigned and scheduled visits, drafts, submitted reports.

``seed(rng, log)`` runs after the files exist (``portal.demo.EXTRA_SEEDERS``). Idempotent:
files that already have a visit or a report are left alone, and which visits get a booking
depends on the visit's id, so a second run adds and changes nothing.
"""

import datetime
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import Role
from cases import calendar, deadlines
from cases.models import Case, Property, State
from core.errors import DomainError
from inspections.models import (
    OPEN_VISIT_STATES,
    BuildingState,
    ReportStatus,
    Slot,
    Visit,
    VisitReport,
    VisitState,
)
from inspections.services import assign_proposed
from inspections.services.photos import check_photos, store_photos
from offices.models import Membership

FINDINGS = [
    "ساختمان مسکونی با نمای آجری؛ با سند و پروانه مطابقت دارد.",
    "زمین بایر با دیوارکشی؛ عقب‌نشینی گذر اجرا نشده است.",
    "ساختمان در حال احداث در مرحله اسکلت؛ یک طبقه مازاد بر پروانه مشاهده شد.",
    "واحد تجاری در همکف؛ تغییر کاربری بخشی از پارکینگ مشاهده شد.",
    "ساختمان قدیمی؛ اختلاف جزئی مساحت عرصه با سند.",
]
PRESENT = ["مالک", "مالک و مهندس ناظر", "وکیل مالک", "مستأجر", "نماینده مالک"]
PAST_VISIT = (State.PLAN_REVIEW, State.MUNICIPAL_REVIEW, State.RESPONDED)


def _desk_person(office_id):
    """Who assigns at this office: a technical officer, else the manager, else the supervision unit."""
    for role in (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER):
        post = Membership.objects.current().filter(office_id=office_id, role=role).select_related("user").first()
        if post is not None:
            return post.user
    return get_user_model().objects.filter(role=Role.SUPERVISOR).order_by("pk").first()


def _working_days(start, count):
    holidays, day, days = calendar.holiday_set(), start, []
    while len(days) < count:
        if deadlines.is_working_day(day, holidays):
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _photo(rng, n):
    image = Image.new("RGB", (960, 720), (rng.randint(150, 220), rng.randint(140, 200), rng.randint(110, 170)))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randint(0, 800), rng.randint(200, 600)
        draw.rectangle([x, y - rng.randint(80, 300), x + rng.randint(80, 220), y], fill=(rng.randint(90, 160),) * 3)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile(f"site-{n}.jpg", buffer.getvalue(), content_type="image/jpeg")


def _report_values(rng, case):
    land = Decimal(rng.randrange(120, 600))
    floors = rng.randint(0, 5)
    state = (
        BuildingState.VACANT if floors == 0 else rng.choice([BuildingState.UNDER_CONSTRUCTION, BuildingState.FINISHED])
    )
    usage = Property.Use.VACANT if floors == 0 else rng.choice([Property.Use.RESIDENTIAL, Property.Use.MIXED])
    violations = []
    if floors and rng.random() < 0.3:
        violations.append(
            {"type": rng.choice(["extra_floor", "excess_area", "setback"]), "area": f"{rng.randint(8, 90)}.00"}
        )
    return {
        "present": rng.choice(PRESENT),
        "land_area": land,
        "built_area": (land * floors * Decimal("0.6")).quantize(Decimal("0.01")),
        "floors": floors,
        "usage": usage,
        "building_state": state,
        "street_widening": rng.random() < 0.25,
        "violations": violations,
        "findings": rng.choice(FINDINGS),
        "visited_at_time": datetime.time(rng.choice([8, 10, 12, 14]), rng.choice([0, 15, 30, 45])),
    }


def _assign_waiting(log):
    waiting = Case.objects.filter(state=State.AWAITING_VISIT).exclude(
        pk__in=Visit.objects.filter(state__in=OPEN_VISIT_STATES).values("case_id")
    )
    assigned = 0
    for case in waiting.select_related("inspector", "office").order_by("pk"):
        if case.inspector_id:
            # Assigned before visits were recorded: the visit row follows the file.
            Visit.objects.create(
                case=case, inspector=case.inspector, deadline=case.deadline, assigned_at=case.step_started_at
            )
            continue
        if case.pk % 5 == 0:
            continue  # some wait for the office to confirm the proposal
        try:
            assign_proposed(case=case, actor=_desk_person(case.office_id))
            assigned += 1
        except DomainError:  # a district without a trained inspector: the officer chooses one by hand
            continue
    return assigned


def _schedule(rng):
    today = timezone.localdate()
    days = _working_days(today, 8)
    booked = {
        (i, d, s)
        for i, d, s in Visit.objects.filter(state=VisitState.SCHEDULED).values_list(
            "inspector_id", "scheduled_on", "slot"
        )
    }
    scheduled = 0
    for visit in Visit.objects.filter(state=VisitState.ASSIGNED).order_by("pk"):
        if visit.pk % 4 == 0:
            continue  # left for the inspector to book
        for day in days:
            free = [s for s in Slot.values if (visit.inspector_id, day, s) not in booked]
            if free:
                slot = free[0]
                booked.add((visit.inspector_id, day, slot))
                Visit.objects.filter(pk=visit.pk).update(state=VisitState.SCHEDULED, scheduled_on=day, slot=slot)
                scheduled += 1
                break
    return scheduled


def _past_reports(rng, limit=120):
    done = VisitReport.objects.values("case_id")
    cases = (
        Case.objects.filter(state__in=PAST_VISIT, inspector__isnull=False)
        .exclude(pk__in=done)
        .select_related("inspector")
        .order_by("pk")[:limit]
    )
    made = 0
    for n, case in enumerate(cases):
        assigned_at = case.created_at + datetime.timedelta(days=1)
        days_taken = rng.randint(0, 5)
        visited_on = timezone.localtime(assigned_at).date() + datetime.timedelta(days=days_taken)
        deadline = timezone.localtime(assigned_at).date() + datetime.timedelta(days=4)
        reported_at = min(timezone.now(), assigned_at + datetime.timedelta(days=days_taken, hours=3))
        visit = Visit.objects.create(
            case=case,
            inspector=case.inspector,
            state=VisitState.REPORTED,
            assigned_at=assigned_at,
            deadline=deadline,
            scheduled_on=visited_on,
            slot=rng.choice(Slot.values),
            reported_at=reported_at,
            visited_on=visited_on,
            days_to_visit=days_taken,
            reported_late=visited_on > deadline,
        )
        report = VisitReport.objects.create(
            case=case,
            visit=visit,
            version=1,
            status=ReportStatus.SUBMITTED,
            author=case.inspector,
            visited_on=visited_on,
            submitted_at=reported_at,
            **_report_values(rng, case),
        )
        if n < 12:
            store_photos(report=report, actor=case.inspector, checked=check_photos([_photo(rng, k) for k in range(2)]))
        made += 1
    return made


def _drafts(rng):
    made = 0
    for visit in Visit.objects.filter(state=VisitState.SCHEDULED, reports__isnull=True).order_by("pk")[:40]:
        if visit.pk % 6 != 1:
            continue
        VisitReport.objects.create(
            case_id=visit.case_id,
            visit=visit,
            version=1,
            author_id=visit.inspector_id,
            visited_on=visit.scheduled_on,
            findings=rng.choice(FINDINGS),
            present=rng.choice(PRESENT),
        )
        made += 1
    return made


@transaction.atomic
def seed(rng, log=print):
    assigned = _assign_waiting(log)
    scheduled = _schedule(rng)
    reports = _past_reports(rng)
    drafts = _drafts(rng)
    counts = [(assigned, "assigned"), (scheduled, "scheduled"), (reports, "past reports"), (drafts, "report drafts")]
    done = ", ".join(f"{n} {label}" for n, label in counts if n)
    if done:
        log(f"Site visits: {done}.")
