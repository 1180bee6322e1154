"""The office network's part of the demo city: contracts, history, training, instructions.

Called by ``portal.demo.seed`` once offices and staff exist. Idempotent: rows are
found by natural keys (contract number, course title, instruction title, the
office and kind of a change) and the choices are fixed, so a second run adds nothing.
"""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model

from accounts.models import Role
from offices.models import (
    Acknowledgement,
    Attendance,
    Contract,
    Course,
    Instruction,
    Membership,
    Office,
    OfficeChange,
    OfficeStatus,
)
from offices.outlines import parse_outlines
from offices.services import change_office_status, set_office_selection

# Rough outlines of Isfahan's districts for the demo's map: cells around each district's centre,
# inside a rough outline of the city. Not the municipality's map, and the page says so.
DEMO_OUTLINES = Path(__file__).resolve().parent / "data" / "isfahan-districts.geojson"
DEMO_OUTLINES_NOTE = "مرز مناطق در این نسخهٔ نمایشی تقریبی است و نقشهٔ رسمی شهرداری نیست."

SUSPENDED = "10370012"
UNSELECTED = "10370018"
SUSPENDED_ONCE = "10370015"
NEAR_EXPIRY = {"10370003": 12, "10370009": 19, "10370023": 26}
RENEWED = {"10370004", "10370007", "10370010", "10370016", "10370021", "10370030"}
ADDED_LATELY = ("10370034", "10370035")

COURSES = [
    ("آشنایی با طرح تفصیلی و ضوابط شهرسازی", Course.Kind.THEORY, 24, [Role.TECHNICAL_OFFICER, Role.INSPECTOR]),
    ("بازدید میدانی و تنظیم گزارش بازدید", Course.Kind.PRACTICE, 16, [Role.INSPECTOR]),
    ("کار با سامانه پیشخوان و ثبت پرونده", Course.Kind.PRACTICE, 12, [Role.TECHNICAL_OFFICER]),
]

INSTRUCTIONS = [
    (
        "الزام بررسی کامل مدارک پیش از ثبت پرونده",
        "مسئولان فنی دفاتر موظف‌اند پیش از ثبت هر پرونده، اصالت سند مالکیت، کد نوسازی و نامه استعلام را "
        "بررسی کنند. پرونده ناقص ثبت نشود و فهرست کسری مدارک به‌صورت مکتوب به متقاضی تحویل شود.",
        [Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER],
        20,
    ),
    (
        "زمان‌بندی بازدید میدانی و بارگذاری تصاویر",
        "کارشناسان بازدید حداکثر ظرف سه روز کاری پس از ارجاع، از ملک بازدید و گزارش را همراه با دست‌کم "
        "چهار تصویر در سامانه بارگذاری کنند. مسئولان پیگیری پرونده‌های معوق را هر روز به مدیر دفتر گزارش دهند.",
        [Role.INSPECTOR, Role.FOLLOWUP_OFFICER],
        5,
    ),
]

# The accounts a visitor signs in with: fully trained, and with an instruction left to acknowledge.
DEMO_ACCOUNTS = LEAVE_UNREAD = {"officer", "inspector", "followup", "manager"}


def _contracts(offices, today, services_by_code):
    for n, office in enumerate(offices):
        code = office.code
        if code in NEAR_EXPIRY:
            ends_on = today + datetime.timedelta(days=NEAR_EXPIRY[code])
        else:
            ends_on = today + datetime.timedelta(days=60 + (n * 37) % 300)
        starts_on = ends_on - datetime.timedelta(days=364)
        previous = None
        if code in RENEWED:
            previous, _ = Contract.objects.get_or_create(
                number=f"ق-{code}-1",
                defaults={
                    "office": office,
                    "starts_on": starts_on - datetime.timedelta(days=365),
                    "ends_on": starts_on - datetime.timedelta(days=1),
                    "signed_on": starts_on - datetime.timedelta(days=380),
                    "tariff_note": "تعرفه‌های مصوب شورای اسلامی شهر اصفهان",
                },
            )
        contract, created = Contract.objects.get_or_create(
            number=f"ق-{code}-2",
            defaults={
                "office": office,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "signed_on": starts_on - datetime.timedelta(days=10),
                "renews": previous,
                "tariff_note": "تعرفه‌های مصوب شورای اسلامی شهر اصفهان",
            },
        )
        if created and n % 4 == 3:
            # Some contracts leave out the duties: those offices deliver inquiries and permits only.
            contract.services.set([s for c, s in services_by_code.items() if c not in ("renewal_duty", "vehicle_duty")])


def _history(by_code, today, supervisor):
    for code in ADDED_LATELY:
        OfficeChange.objects.get_or_create(
            office=by_code[code],
            kind=OfficeChange.Kind.ADDED,
            defaults={"effective_on": today - datetime.timedelta(days=200), "recorded_by": supervisor},
        )
    once = by_code[SUSPENDED_ONCE]
    OfficeChange.objects.get_or_create(
        office=once,
        kind=OfficeChange.Kind.SUSPENDED,
        defaults={
            "effective_on": today - datetime.timedelta(days=150),
            "reason": "تأخیر مکرر در ارسال پرونده‌ها به کارتابل منطقه",
            "recorded_by": supervisor,
        },
    )
    OfficeChange.objects.get_or_create(
        office=once,
        kind=OfficeChange.Kind.REACTIVATED,
        defaults={
            "effective_on": today - datetime.timedelta(days=120),
            "reason": "رفع موارد تذکر داده‌شده",
            "recorded_by": supervisor,
        },
    )
    suspended = by_code[SUSPENDED]
    if suspended.status == OfficeStatus.ACTIVE and not suspended.changes.filter(kind=OfficeChange.Kind.SUSPENDED):
        change_office_status(
            office=suspended,
            action="suspend",
            actor=supervisor,
            reason="عدم پاسخ‌گویی صحیح و به‌موقع به متقاضیان؛ در حال رسیدگی به تخلف",
            effective_on=today - datetime.timedelta(days=12),
        )
    unselected = by_code[UNSELECTED]
    if unselected.is_selected and not unselected.changes.filter(kind=OfficeChange.Kind.UNSELECTED):
        set_office_selection(
            office=unselected,
            selected=False,
            actor=supervisor,
            reason="کاهش تقاضای منطقه؛ پرونده‌های جدید به دیگر دفاتر منطقه سپرده می‌شود",
            effective_on=today - datetime.timedelta(days=40),
        )


def _training(today, city):
    courses = []
    for n, (title, kind, hours, roles) in enumerate(COURSES):
        course, _ = Course.objects.get_or_create(
            title=title,
            municipality=city,
            defaults={
                "kind": kind,
                "hours": hours,
                "starts_on": today - datetime.timedelta(days=300 - 40 * n),
                "ends_on": today - datetime.timedelta(days=295 - 40 * n),
                "required_for": [str(r) for r in roles],
            },
        )
        courses.append(course)
    people = (
        Membership.objects.current()
        .filter(role__in=[Role.TECHNICAL_OFFICER, Role.INSPECTOR], office__isnull=False, district__municipality=city)
        .values_list("user_id", "user__username", "role")
        .distinct()
        .order_by("user__username")
    )
    rows = []
    for n, (user_id, username, role) in enumerate(people):
        for course in courses:
            if role not in course.required_for:
                continue
            # A few never came, a few came and failed: the supervisor's screen flags them.
            flagged = username not in DEMO_ACCOUNTS
            if flagged and n % 10 == 4 and course.kind == Course.Kind.THEORY:
                continue
            passed = not (flagged and n % 12 == 7 and course.kind == Course.Kind.PRACTICE)
            rows.append(
                Attendance(
                    course=course, user_id=user_id, attended=True, passed=passed, score=(16 + n % 4) if passed else 9
                )
            )
    Attendance.objects.bulk_create(rows, ignore_conflicts=True)


def _instructions(today, supervisor, city):
    addressed = list(
        Membership.objects.current()
        .filter(office__isnull=False, district__municipality=city)
        .values_list("user_id", "user__username", "role")
        .order_by("user__username")
    )
    for title, text, roles, days_ago in INSTRUCTIONS:
        instruction, created = Instruction.objects.get_or_create(
            title=title,
            municipality=city,
            defaults={
                "text": text,
                "audience": [str(r) for r in roles],
                "published_on": today - datetime.timedelta(days=days_ago),
                "published_by": supervisor,
            },
        )
        if not created:
            continue
        users = sorted({(u, name) for u, name, role in addressed if role in instruction.audience}, key=lambda x: x[1])
        Acknowledgement.objects.bulk_create(
            [
                Acknowledgement(instruction=instruction, user_id=user_id)
                for n, (user_id, username) in enumerate(users)
                if n % 3 != 0 and username not in LEAVE_UNREAD
            ],
            ignore_conflicts=True,
        )


def seed_office_network(*, today, services, city, log=print):
    """Isfahan's contracts, changes to its list of offices, its courses and its instructions."""
    supervisor = get_user_model().objects.filter(username="supervisor").first()
    offices = list(Office.objects.filter(district__municipality=city).select_related("district").order_by("code"))
    by_code = {office.code: office for office in offices}
    _contracts(offices, today, services)
    if all(code in by_code for code in (SUSPENDED, UNSELECTED, SUSPENDED_ONCE, *ADDED_LATELY)):
        _history(by_code, today, supervisor)
    _training(today, city)
    _instructions(today, supervisor, city)


def seed_district_outlines(city):
    """The demo's rough district outlines, unless the municipality already has its own."""
    if city.district_outlines:
        return
    city.district_outlines = parse_outlines(DEMO_OUTLINES.read_bytes())
    city.district_outlines_note = DEMO_OUTLINES_NOTE
    city.save(update_fields=["district_outlines", "district_outlines_note"])
