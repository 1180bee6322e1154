"""Demo files: a few hundred inquiries in every state, with plausible, backdated history.

Built through the same services people use (register_case, apply_action), so
the history chains, deadlines and holders are real; ``at`` backdates each step.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from cases.calendar import load_official_holidays
from cases.documents import add_document, document_kinds
from cases.models import Case, Property
from cases.services import replay_action, replay_registration
from offices.models import Membership, Office
from offices.services import may_register

FILES = 320
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# How far each file gets: (final state, weight).
TARGETS = [
    ("submitted", 14),
    ("returned", 5),
    ("awaiting_visit", 12),
    ("assigned", 14),
    ("plan_review", 12),
    ("municipal_review", 12),
    ("responded", 22),
    ("rejected", 4),
    ("cancelled", 3),
    ("draft", 2),
]
# Steps each target takes after registration (for backdating).
STEPS = {
    "draft": 0,
    "submitted": 0,
    "returned": 1,
    "cancelled": 1,
    "rejected": 5,
    "awaiting_visit": 1,
    "assigned": 2,
    "plan_review": 3,
    "municipal_review": 4,
    "responded": 5,
}
SERVICES = [("notary_inquiry", 5), ("bank_inquiry", 3), ("excavation", 2)]
# The first files go to the first office (the README's officer, manager, inspector, follow-up officer,
# and the municipal staff of its district), so every README account finds work on its first screen:
# (target, late).
SHOWCASE = [
    ("submitted", False),
    ("submitted", True),
    ("awaiting_visit", False),
    ("assigned", False),
    ("assigned", True),
    ("plan_review", False),
    ("municipal_review", False),
    ("municipal_review", True),
    ("responded", False),
    ("draft", False),
    ("draft", False),
]
DOCUMENT_NAMES = {"inquiry_letter": "نامه-استعلام.pdf", "deed": "سند-مالکیت.pdf", "plans": "نقشه.pdf"}
BANKS = ["بانک ملی", "بانک ملت", "بانک صادرات", "بانک مسکن", "بانک سپه", "بانک تجارت"]
UTILITIES = ["شرکت آب و فاضلاب اصفهان", "شرکت گاز استان اصفهان", "شرکت توزیع برق اصفهان", "مخابرات منطقه اصفهان"]
# What the inspector noticed besides the building's use and floors, which the findings state from the report's
# own values (a finding saying "two floors" beside a report of five read as a mistake).
FINDINGS = [
    "نمای آجری",
    "اسکلت بتنی، نما در حال اجرا",
    "حیاط محصور با دیوار آجری",
    "عقب‌نشینی اجرا نشده است",
    "ساختمان قدیمی با سقف تیرچه‌بلوک",
]
USES = {"residential": "مسکونی", "commercial": "تجاری", "mixed": "مختلط"}
REVIEW_CLEAR = "مطابق طرح تفصیلی؛ بدون تعریض."
REVIEW_OBJECTION = "بخشی از ملک در طرح تعریض معبر است؛ عقب‌نشینی اجرا نشده است."


def _weighted(rng, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _national_id(rng):
    digits = [rng.randint(0, 9) for _ in range(9)]
    total = sum(d * (10 - i) for i, d in enumerate(digits)) % 11
    return "".join(map(str, digits)) + str(total if total < 2 else 11 - total)


def _details(rng, service, when):
    letter_date = (when - datetime.timedelta(days=rng.randint(1, 10))).date().isoformat()
    if service == "notary_inquiry":
        return {
            "notary_number": str(rng.randint(1, 250)),
            "notary_city": "اصفهان",
            "letter_number": f"{rng.randint(1000, 9999)}/ن",
            "letter_date": letter_date,
        }
    if service == "bank_inquiry":
        return {
            "bank_name": rng.choice(BANKS),
            "bank_branch": f"شعبهٔ {rng.randint(100, 999)}",
            "letter_number": f"{rng.randint(10000, 99999)}",
            "letter_date": letter_date,
        }
    start = (when + datetime.timedelta(days=rng.randint(10, 30))).date()
    return {
        "utility_company": rng.choice(UTILITIES),
        "location": "ضلع شمالی خیابان، مقابل پلاک ۱۲",
        "cut_length_m": rng.randint(5, 200),
        "cut_width_m": rng.choice([0.5, 0.8, 1, 1.5]),
        "letter_number": f"ح/{rng.randint(100, 999)}",
        "letter_date": letter_date,
        "planned_start": start.isoformat(),
        "planned_end": (start + datetime.timedelta(days=14)).isoformat(),
    }


def _people(office):
    staff = {}
    for m in Membership.objects.current().filter(office=office).select_related("user"):
        staff.setdefault(m.role, m.user)
    staff["inspectors"] = [
        m.user
        for m in Membership.objects.current()
        .filter(role=Role.INSPECTOR, district_id=office.district_id)
        .select_related("user")
        .order_by("user_id")
    ]
    staff["municipal"] = [
        m.user
        for m in Membership.objects.current()
        .filter(role=Role.MUNICIPAL_STAFF, district_id=office.district_id)
        .select_related("user")
        .order_by("user_id")
    ]
    return staff


def seed(*, rng, log=print, before_response=None, respond=None, city=None, files=FILES):
    """``files`` files at the offices of ``city`` (default: every city's). ``before_response(case, at)`` runs
    before a file is answered (billing pays its fee there); ``respond(case, result)`` gives the answer's
    ``result``, ``text`` and ``template`` (the letters')."""
    cases = Case.objects.filter(district__municipality=city) if city is not None else Case.objects.all()
    if cases.exists():
        log("Files already seeded.")
        return
    load_official_holidays(1403, 1405)
    from django.contrib.auth import get_user_model

    citizen = get_user_model().objects.filter(role=Role.CITIZEN).order_by("id").first()
    offices = Office.objects.select_related("district").order_by("code")
    if city is not None:
        offices = offices.filter(district__municipality=city)
    offices = [o for o in offices if may_register(o).allowed]
    people = {o.id: _people(o) for o in offices}
    offices = [o for o in offices if people[o.id].get("inspectors") and people[o.id].get("municipal")]
    now = timezone.now()
    made = failed = 0
    for n in range(files):
        office = rng.choice(offices)
        staff = people[office.id]
        target = _weighted(rng, TARGETS)
        service = _weighted(rng, SERVICES)
        late = rng.random() < 0.17  # about one open file in six sits past its deadline
        if n < len(SHOWCASE):
            office, (target, late) = offices[0], SHOWCASE[n]
            staff = people[office.id]
        desk = staff.get(Role.TECHNICAL_OFFICER) or staff.get(Role.OFFICE_MANAGER)
        steps = STEPS[target]
        if target in ("responded", "rejected", "cancelled"):
            age = rng.randint(steps * 2, 75)  # closed files spread over the last months
        else:
            age = steps * 2 + (rng.randint(4, 12) if late else 0)
        started = now - datetime.timedelta(days=age, hours=rng.randint(0, 6))
        started = started.replace(hour=8 + rng.randint(0, 5), minute=rng.randint(0, 59))
        if started > now:
            started = now - datetime.timedelta(hours=1)
        # Each step takes one to four days; later steps never run into the future.
        clock = [started]

        def later(clock=clock):
            clock[0] = min(clock[0] + datetime.timedelta(days=rng.randint(1, 2), hours=rng.randint(0, 3)), now)
            return clock[0]

        code = (
            f"{office.district.number:02d}-{rng.randint(1, 999):03d}-{rng.randint(1, 999):03d}-"
            f"{rng.randint(0, 20):03d}-{rng.randint(0, 5):02d}-{rng.randint(0, 30):03d}"
        )
        if Property.objects.filter(renewal_code=code, district__municipality=office.district.municipality_id).exists():
            continue
        actor = citizen if target == "draft" else desk
        if service == "notary_inquiry" and target == "submitted" and rng.random() < 0.4:
            # A parcel already on the municipality's record, clean: answered at registration.
            Property.objects.create(
                renewal_code=code,
                district=office.district,
                address=office.address,
                on_record=True,
                land_area=rng.randint(100, 400),
                use=Property.Use.RESIDENTIAL,
            )
        first = rng.choice(["علی", "زهرا", "محمد", "مریم", "حسین", "فاطمه", "رضا", "سارا", "مهدی", "نرگس"])
        last = rng.choice(["احمدی", "کریمی", "موسوی", "صادقی", "اصفهانی", "نجفی", "شریفی", "رحیمی", "قاسمی"])
        try:
            with transaction.atomic():
                case = replay_registration(
                    actor=actor,
                    service=service,
                    office=office.id if actor.role == Role.CITIZEN else None,
                    applicant={
                        "national_id": _national_id(rng),
                        "first_name": first,
                        "last_name": last,
                        "mobile": f"0913{rng.randint(1000000, 9999999)}",
                    },
                    property={
                        "renewal_code": code,
                        "address": f"{office.address[:60]}، کوچهٔ {rng.randint(1, 40)}",
                        "district": office.district.number,
                    },
                    details=_details(rng, service, started),
                    at=started,
                )
                # The README's `inspector` is the first inspector of the first office's district.
                first_inspector = office.district_id == offices[0].district_id
                _advance(rng, case, target, desk, staff, later, before_response, respond, first_inspector)
        except Exception:  # a demo file that cannot be made is left out, never half-made
            failed += 1
            continue
        made += 1
    where = f" in {city.code}" if city is not None else ""
    log(f"{made} demo files{where}." + (f" ({failed} could not be made.)" if failed else ""))


def _advance(rng, case, target, desk, staff, later, before_response=None, respond=None, first_inspector=False):
    if target == "draft" or not case.is_open:
        return  # a draft waits for its applicant; an instant answer was given at registration
    for kind, name in DOCUMENT_NAMES.items():
        if kind in document_kinds(case.service_id):
            add_document(case=case, actor=desk, kind=kind, upload=SimpleUploadedFile(name, PDF))
    if target == "submitted":
        return
    if target in ("returned", "cancelled", "rejected") and rng.random() < 0.7:
        if target == "returned":
            replay_action(case, "return_to_applicant", desk, note="تصویر سند خوانا نیست.", at=later())
        elif target == "cancelled":
            replay_action(case, "cancel", desk, note="انصراف متقاضی", at=later())
        else:
            replay_action(case, "reject", desk, note="مدارک با ملک مطابقت ندارد.", at=later())
        return
    replay_action(case, "accept", desk, at=later())
    if target == "awaiting_visit":
        return
    inspector = rng.choice(staff["inspectors"])
    if first_inspector:
        inspector = staff["inspectors"][0]
    replay_action(case, "assign_inspector", desk, inspector=inspector.id, at=later())
    if target == "assigned":
        return
    # Drawn in this order, as the demo always drew them: the same files whatever the wording.
    noticed = rng.choice(FINDINGS)
    land_area, built_area, floors = rng.randint(120, 600), rng.randint(80, 900), rng.randint(1, 5)
    usage = rng.choice(["residential", "residential", "commercial", "mixed"])
    replay_action(
        case,
        "submit_visit_report",
        inspector,
        findings=f"ساختمان {USES[usage]} {floors} طبقه؛ {noticed}.",
        land_area=land_area,
        built_area=built_area,
        floors=floors,
        usage=usage,
        at=later(),
    )
    if target == "plan_review":
        return
    # The plan review finds what a refusal will rest on: its note says so for a file the municipality refuses.
    # (The draws keep the order the demo always made them in: the same files, the same answers.)
    reviewed_at = later()
    if target == "municipal_review":
        replay_action(case, "complete_plan_review", desk, note=REVIEW_CLEAR, at=reviewed_at)
        # Most applicants pay the service fee at the counter when they register; one file in four still owes
        # it, and the municipal staff's composer says so (billing's guard) until it is paid.
        if before_response is not None and case.pk % 4:
            before_response(case, case.created_at + datetime.timedelta(minutes=20))
        return
    municipal = rng.choice(staff["municipal"])
    denied = target == "rejected" or rng.random() < 0.12
    replay_action(case, "complete_plan_review", desk, note=REVIEW_OBJECTION if denied else REVIEW_CLEAR, at=reviewed_at)
    if target == "rejected":
        replay_action(case, "reject", municipal, note="ملک در طرح تعریض معبر است.", at=later())
        return
    answered_at = later()
    if before_response is not None:
        before_response(case, answered_at)
    result = "denied" if denied else "approved"
    if respond is not None:
        answer = respond(case, result)
    else:
        answer = {"result": result, "text": "با درخواست مخالفت می‌شود." if denied else "از نظر شهرسازی بلامانع است."}
    replay_action(case, "issue_response", municipal, at=later(), **answer)
