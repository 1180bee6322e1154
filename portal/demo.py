"""The demo city: Isfahan's districts, offices and staff in the seed's proportions, and a second,
small city (Najafabad, ``portal.demo_najafabad``) so that a leak between cities shows.

Idempotent: every object is found by its natural key before it is created, and
the random choices come from a fixed seed, so a second run changes nothing.
Later parts of the portal (cases, billing) add their demo data through
``EXTRA_SEEDERS``.
"""

import contextlib
import datetime
import logging
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from accounts.services import upsert_user
from notifications.notify import silenced
from offices.demo import seed_district_outlines, seed_office_network
from offices.models import District, Membership, Municipality, Office, Service
from offices.services import assign_role
from portal import demo_najafabad

DEMO_PASSWORD = "pishkhan1403"
# The demo citizen signs in at /accounts/citizen/ with these and the code `make run` prints on its console.
DEMO_CITIZEN = {"mobile": "09131403000", "national_id": "1271403005"}

SERVICES = [
    ("notary_inquiry", "استعلام دفترخانه (نقل و انتقال)"),
    ("bank_inquiry", "استعلام بانک"),
    ("excavation", "درخواست حفاری"),
    ("renewal_duty", "صدور و وصول فیش عوارض نوسازی"),
    ("vehicle_duty", "عوارض سالیانه خودرو"),
    ("building_permit", "پروانه احداث بنا"),
    ("demolition_rebuild", "پروانه تخریب و نوسازی"),
    ("permit_extension", "تمدید پروانه ساختمانی"),
    ("permit_replacement", "تعویض پروانه ساختمانی"),
    ("permit_expansion", "توسعه بنا"),
    ("permit_repairs", "مجوز تعمیرات"),
    ("frame_certificate", "گواهی سفت‌کاری"),
    ("completion_certificate", "گواهی پایان ساخت"),
]

# Offices per district follow demand, not an even split (35 in all).
OFFICES_PER_DISTRICT = [4, 3, 2, 3, 3, 3, 2, 2, 2, 1, 2, 2, 2, 2, 2]
# Where the office staff of the seed work: 32 technical officers, 22 inspectors, 11 follow-up officers.
TECHNICAL_OFFICERS = 32
INSPECTORS_PER_DISTRICT = [3, 2, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1]
FOLLOWUP_DISTRICTS = [1, 2, 4, 5, 6, 8, 9, 12, 13, 14, 15]

FIRST_NAMES_M = [
    "علی",
    "محمد",
    "حسین",
    "رضا",
    "مهدی",
    "امیر",
    "سعید",
    "مجید",
    "حمید",
    "مصطفی",
    "جواد",
    "احمد",
    "مرتضی",
    "عباس",
    "بهروز",
    "کامران",
    "فرهاد",
    "پیمان",
    "سینا",
    "نیما",
]
FIRST_NAMES_F = [
    "فاطمه",
    "زهرا",
    "مریم",
    "سارا",
    "نرگس",
    "الهام",
    "مهسا",
    "لیلا",
    "سمیرا",
    "نازنین",
    "شیما",
    "پریسا",
    "آزاده",
    "مینا",
    "ریحانه",
    "فرزانه",
]
LAST_NAMES = [
    "احمدی",
    "محمدی",
    "حسینی",
    "رضایی",
    "کریمی",
    "موسوی",
    "جعفری",
    "صادقی",
    "نوروزی",
    "اصفهانی",
    "طباطبایی",
    "شریفی",
    "کاظمی",
    "هاشمی",
    "رحیمی",
    "قاسمی",
    "مزروعی",
    "نجفی",
    "اکبری",
    "سلطانی",
    "امینی",
    "خوانساری",
    "نصیری",
    "شفیعی",
    "زمانی",
    "یزدانی",
    "باقری",
    "میرلوحی",
    "کیانی",
    "فروغی",
]
STREETS = [
    "خیابان چهارباغ عباسی",
    "خیابان شیخ صدوق",
    "خیابان آمادگاه",
    "خیابان هزارجریب",
    "خیابان کاوه",
    "خیابان سجاد",
    "خیابان مشتاق",
    "خیابان جی",
    "خیابان بزرگمهر",
    "خیابان رباط",
    "خیابان زینبیه",
    "خیابان امام خمینی",
    "خیابان ملاصدرا",
    "خیابان نظر شرقی",
    "خیابان توحید",
    "خیابان فرایبورگ",
    "بلوار کشاورز",
    "خیابان خرم",
    "خیابان آتشگاه",
    "خیابان بهارستان",
]
# Rough centres of Isfahan's districts, for the map.
CENTRES = [
    (32.657, 51.677),
    (32.638, 51.697),
    (32.667, 51.690),
    (32.683, 51.730),
    (32.619, 51.662),
    (32.634, 51.640),
    (32.700, 51.690),
    (32.695, 51.640),
    (32.660, 51.600),
    (32.690, 51.760),
    (32.603, 51.690),
    (32.720, 51.650),
    (32.610, 51.600),
    (32.730, 51.700),
    (32.610, 51.730),
]

EXTRA_SEEDERS = []


# Opening hours as the offices post them (picked by position, so the demo's random choices stay the same).
OFFICE_HOURS = (
    "شنبه تا چهارشنبه ۷:۳۰ تا ۱۴:۳۰، پنجشنبه ۷:۳۰ تا ۱۲",
    "شنبه تا چهارشنبه ۸ تا ۱۶",
    "شنبه تا پنجشنبه ۷:۳۰ تا ۱۳:۳۰",
)


def _national_id(rng):
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        if len(set(digits)) == 1:
            continue
        total = sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        check = total if total < 2 else 11 - total
        return "".join(map(str, digits)) + str(check)


def _person(rng):
    first = rng.choice(FIRST_NAMES_M + FIRST_NAMES_F)
    return first, rng.choice(LAST_NAMES)


def demo_accounts():
    """(username, role, where) for the accounts a newcomer signs in with."""
    rows = []
    for username, role in [
        ("officer", Role.TECHNICAL_OFFICER),
        ("inspector", Role.INSPECTOR),
        ("followup", Role.FOLLOWUP_OFFICER),
        ("manager", Role.OFFICE_MANAGER),
        ("municipal", Role.MUNICIPAL_STAFF),
        ("supervisor", Role.SUPERVISOR),
        ("admin", Role.ADMIN),
        ("citizen", Role.CITIZEN),
    ]:
        m = Membership.objects.current().filter(user__username=username).select_related("office", "district").first()
        where = (m.office.name if m and m.office else m.district.name) if m else ""
        if not m and role != Role.CITIZEN:
            where = "شهرداری اصفهان" if role != Role.ADMIN else "all municipalities"
        rows.append((username, role, where))
    return rows + demo_najafabad.accounts()


def is_loaded():
    return (
        Municipality.objects.filter(code="isfahan").exists()
        and Office.objects.filter(district__municipality__code="isfahan").count() >= 35
        and Municipality.objects.filter(code=demo_najafabad.CODE).exists()
    )


@contextlib.contextmanager
def _quiet():
    """No INFO logs while seeding: every letter and report PDF, every task run in-process and every
    message would otherwise print its lines (well over a thousand) and bury the summary."""
    logging.disable(logging.INFO)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


def seed(*, if_empty=False, log=print, city_only=False, files=None):
    with _quiet():
        return _seed(if_empty=if_empty, log=log, city_only=city_only, files=files)


@transaction.atomic
def _seed(*, if_empty, log, city_only, files):
    if if_empty and is_loaded():
        return "The demo city is already loaded."
    rng = random.Random(1403)
    today = timezone.localdate()
    city, _ = Municipality.objects.get_or_create(
        code="isfahan", defaults={"name": "شهرداری اصفهان", "letter_header": "شهرداری اصفهان · معاونت شهرسازی و معماری"}
    )
    password_hash = make_password(DEMO_PASSWORD)
    services = {}
    for order, (code, title) in enumerate(SERVICES):
        services[code], _ = Service.objects.get_or_create(code=code, defaults={"title": title, "order": order})
    districts = []
    for number in range(1, 16):
        district, _ = District.objects.get_or_create(
            municipality=city, number=number, defaults={"name": f"منطقه {number}"}
        )
        districts.append(district)
    seed_district_outlines(city)

    offices = []
    serial = 0
    for district, count in zip(districts, OFFICES_PER_DISTRICT, strict=True):
        lat0, lon0 = CENTRES[district.number - 1]
        for i in range(count):
            serial += 1
            code = f"1037{serial:04d}"
            lat = round(lat0 + rng.uniform(-0.012, 0.012), 6)
            lon = round(lon0 + rng.uniform(-0.012, 0.012), 6)
            street = rng.choice(STREETS)
            office, created = Office.objects.get_or_create(
                code=code,
                defaults={
                    "name": f"دفتر پیشخوان دولت {district.name} - {i + 1}",
                    "district": district,
                    "address": f"اصفهان، {street}، پلاک {rng.randint(3, 250)}",
                    "postal_code": f"81{rng.randint(10000000, 99999999)}",
                    "phone": f"031-{rng.randint(32000000, 36999999)}",
                    "latitude": lat,
                    "longitude": lon,
                    "licence_number": f"{rng.randint(100000, 999999)}",
                    "licence_issued_on": today - datetime.timedelta(days=rng.randint(200, 900)),
                    "licence_expires_on": today + datetime.timedelta(days=rng.randint(20, 900)),
                    "daily_capacity": rng.choice([30, 40, 50, 60]),
                    "hours": OFFICE_HOURS[(district.number + i) % len(OFFICE_HOURS)],
                },
            )
            if created:
                office.services.set(services.values())
            offices.append(office)

    def staff(username, role, office=None, district=None, national_id=None, mobile=None):
        first, last = _person(rng)
        # Drawn whether used or not: every later random choice of the demo stays the same.
        drawn_nid, drawn_mobile = _national_id(rng), f"09{rng.randint(100000000, 399999999)}"
        nid, mobile = national_id or drawn_nid, mobile or drawn_mobile
        existing = Membership.objects.current().filter(user__username=username).exists()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            user, _ = upsert_user(
                username=username,
                role=role,
                # A citizen signs in by SMS code only: no password to sign in or to change.
                password_hash=make_password(None) if role == Role.CITIZEN else password_hash,
                national_id=nid,
                mobile=mobile,
                first_name=first,
                last_name=last,
                municipality=None if role in (Role.ADMIN, Role.CITIZEN) else city,  # citizens belong to no city
            )
        if not existing or office is not None:
            assign_role(
                user=user, role=role, office=office, district=district, starts_on=today - datetime.timedelta(days=400)
            )
        return user

    # Managers: one per office; the first office's is the demo "manager".
    for n, office in enumerate(offices, start=1):
        staff("manager" if n == 1 else f"manager{n:02d}", Role.OFFICE_MANAGER, office=office)
    # Technical officers: the busiest offices first (the smallest ones' managers register files).
    by_demand = sorted(offices, key=lambda o: (OFFICES_PER_DISTRICT[o.district.number - 1] * -1, o.code))
    for n, office in enumerate(by_demand[:TECHNICAL_OFFICERS], start=1):
        staff("officer" if office == offices[0] else f"officer{n:02d}", Role.TECHNICAL_OFFICER, office=office)
    # Inspectors serve every office of their district.
    n = 0
    for district, count in zip(districts, INSPECTORS_PER_DISTRICT, strict=True):
        district_offices = [o for o in offices if o.district_id == district.id]
        for _i in range(count):
            n += 1
            username = "inspector" if n == 1 else f"inspector{n:02d}"
            for office in district_offices:
                staff(username, Role.INSPECTOR, office=office)
    for n, number in enumerate(FOLLOWUP_DISTRICTS, start=1):
        district_offices = [o for o in offices if o.district.number == number]
        for office in district_offices:
            staff("followup" if n == 1 else f"followup{n:02d}", Role.FOLLOWUP_OFFICER, office=office)
    # Two municipal staff per district.
    for district in districts:
        for k in (1, 2):
            username = "municipal" if (district.number, k) == (1, 1) else f"municipal{district.number:02d}{k}"
            staff(username, Role.MUNICIPAL_STAFF, district=district)
    staff("supervisor", Role.SUPERVISOR)
    staff("supervisor2", Role.SUPERVISOR)
    staff("admin", Role.ADMIN)
    staff("citizen", Role.CITIZEN, **DEMO_CITIZEN)
    # Contracts first: other apps' seeders register files only where offices.services.may_register allows.
    seed_office_network(today=today, services=services, city=city, log=log)
    second = demo_najafabad.seed_city(services=services, password_hash=password_hash, today=today, log=log)

    # Permits of the earlier system that follow-on requests name, and the permit fee's reference data.
    from permits import demo as permits_demo

    permits_demo.seed_reference(city, log=log)
    if city_only:
        return _summary(city)
    # Tariffs first (registration issues fee slips), then files, then their site visits.
    from billing import demo as billing_demo
    from inquiries import demo as inquiries_demo
    from inspections import demo as inspections_demo
    from portal import demo_files
    from supervision import demo as supervision_demo

    with silenced():  # demo applicants are not sent SMS
        billing_demo.seed(rng=rng, log=log)
        inquiries_demo.seed_templates()
        demo_files.seed(
            rng=rng,
            log=log,
            before_response=billing_demo.settle_case_fees,
            respond=inquiries_demo.response_for,
            files=demo_files.FILES if files is None else files,
            city=city,
        )
        demo_files.seed(
            rng=random.Random(1404),
            log=log,
            before_response=billing_demo.settle_case_fees,
            respond=inquiries_demo.response_for,
            city=second,
            files=demo_najafabad.FILES,
        )
        # After the inquiries, with data of their own: the files above (and their random draws) stay as they
        # always were. Before the site visits, which book the visits of every file waiting for one.
        permits_demo.seed_files(city=city, log=log)
        _citizen_draft(city)
        inspections_demo.seed(rng=rng, log=log)
        supervision_demo.seed(rng=rng, log=log)
        for seeder in EXTRA_SEEDERS:
            seeder(rng=rng, log=log)
    return _summary(city)


def _citizen_draft(city):
    """The demo citizen's guided building permit request, kept as a draft after its first two steps (the
    property and office, the applicant): /my/ offers to go on with it at the service's own fields."""
    from cases.models import Draft
    from cases.services.drafts import save_draft_step

    citizen = get_user_model().objects.get(username="citizen")
    if Draft.objects.filter(user=citizen).exists():
        return
    office = Office.objects.filter(district__municipality=city).order_by("code").first()
    steps = [
        {
            "city": str(city.pk),
            "renewal_code": "01-045-017-001-00-000",
            "address": "اصفهان، خیابان شیخ صدوق، کوچهٔ ۱۷",
            "district": "1",
            "office": str(office.pk),
        },
        {
            "national_id": citizen.national_id,
            "first_name": citizen.first_name,
            "last_name": citizen.last_name,
            "mobile": citizen.mobile,
        },
    ]
    for reached, values in enumerate(steps, start=1):
        save_draft_step(
            actor=citizen, service_code="building_permit", names=list(values), values=values, reached=reached
        )


def _summary(city):
    posts = Membership.objects.current().filter(district__municipality=city)
    return (
        f"Demo city ready: {District.objects.filter(municipality=city).count()} districts, "
        f"{Office.objects.filter(district__municipality=city).count()} offices, "
        f"{posts.values('user').distinct().count()} people with a current post; "
        f"and {Municipality.objects.exclude(pk=city.pk).count()} more city."
    )
