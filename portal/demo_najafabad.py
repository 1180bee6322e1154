"""The demo's second city: Najafabad, small, beside Isfahan, so that a leak between cities shows.

Three districts (its district 1 is not Isfahan's), two offices with contracts in force, its own
supervisor, staff, course and tariffs, and a few files. Idempotent like the rest of the demo.
"""

import datetime

from django.utils import timezone

from accounts.models import Role
from accounts.services import upsert_user
from offices.models import Attendance, Contract, Course, District, Membership, Municipality, Office
from offices.services import assign_role

CODE = "najafabad"
NAME = "شهرداری نجف‌آباد"
DISTRICTS = 3
# (office code, district number, name, address, latitude, longitude)
OFFICES = [
    ("10390001", 1, "دفتر پیشخوان دولت نجف‌آباد - مرکزی", "نجف‌آباد، خیابان امام خمینی، پلاک ۴۸", 32.6335, 51.3668),
    ("10390002", 2, "دفتر پیشخوان دولت نجف‌آباد - شریعتی", "نجف‌آباد، بلوار شریعتی، پلاک ۱۲۰", 32.6402, 51.3551),
]


def _national_id(n):
    """A valid national ID (the last digit is the check digit) for the n-th person of the city."""
    body = f"127{n:06d}"
    total = sum(int(d) * (10 - i) for i, d in enumerate(body)) % 11
    return body + str(total if total < 2 else 11 - total)


# (username, role, office code or district number, first name, last name, mobile)
PEOPLE = [
    ("supervisor_najafabad", Role.SUPERVISOR, None, "مجید", "نجفی", "09131400001"),
    ("admin_najafabad", Role.ADMIN, None, "حمید", "کاظمی", "09131400002"),
    ("officer_najafabad", Role.TECHNICAL_OFFICER, "10390001", "سعید", "رحیمی", "09131400003"),
    ("officer2_najafabad", Role.TECHNICAL_OFFICER, "10390002", "الهام", "صادقی", "09131400004"),
    ("manager_najafabad", Role.OFFICE_MANAGER, "10390001", "فرهاد", "امینی", "09131400005"),
    ("inspector_najafabad", Role.INSPECTOR, "10390001", "مهدی", "شریفی", "09131400006"),
    ("inspector2_najafabad", Role.INSPECTOR, "10390002", "رضا", "باقری", "09131400007"),
    ("municipal_najafabad", Role.MUNICIPAL_STAFF, 1, "زهرا", "کریمی", "09131400008"),
    ("municipal2_najafabad", Role.MUNICIPAL_STAFF, 2, "نرگس", "موسوی", "09131400009"),
    ("municipal3_najafabad", Role.MUNICIPAL_STAFF, 3, "علی", "هاشمی", "09131400010"),
]
ACCOUNTS = ("supervisor_najafabad", "officer_najafabad", "municipal_najafabad", "admin_najafabad")
COURSE = "آشنایی با ضوابط شهرسازی نجف‌آباد"
FILES = 12


def seed_city(*, services, password_hash, today=None, log=print):
    """The city, its districts and offices (with contracts in force), its people and their course."""
    today = today or timezone.localdate()
    city, _ = Municipality.objects.get_or_create(
        code=CODE,
        defaults={"name": NAME, "bill_company_code": "1047", "letter_header": f"{NAME} · معاونت شهرسازی و معماری"},
    )
    districts = {}
    for number in range(1, DISTRICTS + 1):
        districts[number], _ = District.objects.get_or_create(
            municipality=city, number=number, defaults={"name": f"منطقه {number}"}
        )
    offices = {}
    for code, number, name, address, lat, lng in OFFICES:
        office, created = Office.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "district": districts[number],
                "address": address,
                "phone": f"031-4{code[-4:]}",
                "latitude": lat,
                "longitude": lng,
                "licence_number": f"CRA-{code}",
                "licence_issued_on": today - datetime.timedelta(days=300),
                "licence_expires_on": today + datetime.timedelta(days=500),
            },
        )
        if created:
            office.services.set(services.values())
        Contract.objects.get_or_create(
            municipality=city,
            number=f"NJF-{code}-1",
            defaults={
                "office": office,
                "starts_on": today - datetime.timedelta(days=100),
                "ends_on": today + datetime.timedelta(days=265),
                "signed_on": today - datetime.timedelta(days=110),
                "tariff_note": "تعرفه‌های مصوب شورای اسلامی شهر نجف‌آباد",
            },
        )
        offices[code] = office
    for n, (username, role, where, first, last, mobile) in enumerate(PEOPLE, start=1):
        user, _ = upsert_user(
            username=username,
            role=role,
            password_hash=password_hash,
            national_id=_national_id(n),
            mobile=mobile,
            first_name=first,
            last_name=last,
            municipality=city,
        )
        office = offices.get(where) if isinstance(where, str) else None
        district = districts.get(where) if isinstance(where, int) else None
        posted = Membership.objects.current().filter(user=user, role=role).exists()
        if (office is not None or district is not None) and not posted:
            assign_role(
                user=user,
                role=role,
                office=office,
                district=district,
                starts_on=today - datetime.timedelta(days=200),
            )
    _training(city, today)
    log(f"Second city: {NAME}, {DISTRICTS} districts, {len(OFFICES)} offices, {len(PEOPLE)} people.")
    return city


def _training(city, today):
    course, _ = Course.objects.get_or_create(
        title=COURSE,
        municipality=city,
        defaults={
            "kind": Course.Kind.THEORY,
            "hours": 16,
            "starts_on": today - datetime.timedelta(days=150),
            "ends_on": today - datetime.timedelta(days=147),
            "required_for": [str(Role.TECHNICAL_OFFICER), str(Role.INSPECTOR)],
        },
    )
    people = (
        Membership.objects.current()
        .filter(role__in=[Role.TECHNICAL_OFFICER, Role.INSPECTOR], district__municipality=city)
        .values_list("user_id", flat=True)
        .distinct()
    )
    Attendance.objects.bulk_create(
        [Attendance(course=course, user_id=user_id, attended=True, passed=True, score=17) for user_id in people],
        ignore_conflicts=True,
    )


def accounts():
    """(username, role, where) of the second city's accounts a visitor signs in with."""
    rows = []
    for username, role, *_rest in PEOPLE:
        if username not in ACCOUNTS:
            continue
        m = Membership.objects.current().filter(user__username=username).select_related("office", "district").first()
        where = f"{NAME} · {m.office.name if m.office else m.district.name}" if m else NAME
        rows.append((username, role, where))
    return rows
