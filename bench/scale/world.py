"""The people and places the benchmark's files belong to.

The demo city (Isfahan: 15 districts, 35 offices, its staff, tariffs and a few hundred
files made through the real services) comes from ``seed_demo``; two more
municipalities are added beside it through the same services, so a national
deployment's files do not all sit in one city.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role
from accounts.services import upsert_user
from offices.models import Contract, District, Membership, Municipality, Office, Service
from offices.services import assign_role

PASSWORD = "pishkhan1403"
# (code, name, bill company code, offices per district): the second and third cities of the load.
CITIES = [
    ("bench-shiraz", "شهرداری شیراز", "1003", [3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1]),
    ("bench-kashan", "شهرداری کاشان", "1004", [2, 2, 1, 1, 1]),
]
FILE_SERVICES = ("notary_inquiry", "bank_inquiry", "excavation")


def _national_id(n):
    body = f"{n:09d}"
    total = sum(int(d) * (10 - i) for i, d in enumerate(body)) % 11
    return body + str(total if total < 2 else 11 - total)


def _extra_city(code, name, company, offices_per_district, password_hash, serial):
    city, created = Municipality.objects.get_or_create(
        code=code, defaults={"name": name, "bill_company_code": company, "letter_header": f"{name} · معاونت شهرسازی"}
    )
    if not created:
        return
    today = timezone.localdate()
    services = list(Service.objects.all())
    short = code.split("-")[1][:3]

    def person(username, role, **where):
        serial[0] += 1
        user, _ = upsert_user(
            username=username,
            role=role,
            password_hash=password_hash,
            national_id=_national_id(700_000_000 + serial[0]),
            mobile=f"0917{serial[0]:07d}",
            first_name="کارمند",
            last_name=f"{name} {serial[0]}",
            municipality=city,
        )
        assign_role(user=user, role=role, starts_on=today - datetime.timedelta(days=400), **where)
        return user

    for number, count in enumerate(offices_per_district, start=1):
        district = District.objects.create(municipality=city, number=number, name=f"منطقه {number}")
        offices = []
        for i in range(count):
            office = Office.objects.create(
                code=f"{company}{number:02d}{i + 1:02d}",
                name=f"دفتر پیشخوان {name} منطقه {number} - {i + 1}",
                district=district,
                address=f"{name}، منطقه {number}",
                licence_number=f"CRA-{company}{number:02d}{i:02d}",
                licence_expires_on=today + datetime.timedelta(days=700),
            )
            office.services.set(services)
            contract = Contract.objects.create(
                office=office,
                number=f"{short.upper()}-{office.code}",
                starts_on=today - datetime.timedelta(days=3650),
                ends_on=today + datetime.timedelta(days=365),
            )
            contract.services.set(services)
            person(f"{short}-officer-{number}-{i + 1}", Role.TECHNICAL_OFFICER, office=office)
            person(f"{short}-manager-{number}-{i + 1}", Role.OFFICE_MANAGER, office=office)
            offices.append(office)
        inspector = person(f"{short}-inspector-{number}", Role.INSPECTOR, office=offices[0])
        for office in offices[1:]:
            since = today - datetime.timedelta(days=400)
            assign_role(user=inspector, role=Role.INSPECTOR, office=office, starts_on=since)
        person(f"{short}-municipal-{number}", Role.MUNICIPAL_STAFF, district=district)


def built():
    return Municipality.objects.filter(code__in=[c[0] for c in CITIES]).count() == len(CITIES)


def build(log=print):
    """The demo city, then the other cities (idempotent)."""
    if not Municipality.objects.filter(code="isfahan").exists():
        log("seed_demo: the demo city and its files ...")
        call_command("seed_demo", verbosity=0)
    password_hash = make_password(PASSWORD)
    serial = [0]
    for code, name, company, offices in CITIES:
        _extra_city(code, name, company, offices, password_hash, serial)


@dataclass
class Place:
    office_id: int
    office_name: str
    district_id: int
    district_number: int
    district_name: str
    municipality_id: int
    company_code: str
    header: str
    city: str
    city_index: int
    officers: list = field(default_factory=list)  # (id, full name, role)
    inspectors: list = field(default_factory=list)
    municipal: list = field(default_factory=list)


def places():
    """Every office that takes files, with the people who act on them."""
    today = timezone.localdate()
    current = Membership.objects.current(today).select_related("user")
    by_office, by_district = {}, {}
    for m in current:
        name = m.user.get_full_name() or m.user.username
        if m.office_id and m.role in (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER):
            by_office.setdefault((m.office_id, "officers"), []).append((m.user_id, name, m.role))
        elif m.role == Role.INSPECTOR:
            pair = (m.user_id, name)
            if pair not in by_district.setdefault((m.district_id, "inspectors"), []):
                by_district[(m.district_id, "inspectors")].append(pair)
        elif m.role == Role.MUNICIPAL_STAFF:
            by_district.setdefault((m.district_id, "municipal"), []).append((m.user_id, name))
    cities = {m.pk: n for n, m in enumerate(Municipality.objects.order_by("pk"))}
    result = []
    for office in Office.objects.select_related("district__municipality").order_by("pk"):
        district = office.district
        people = by_office.get((office.pk, "officers"), [])
        # The technical officers register and review; an office without one has its manager do it.
        officers = [p for p in people if p[2] == Role.TECHNICAL_OFFICER] or people
        inspectors = by_district.get((district.pk, "inspectors"), [])
        municipal = by_district.get((district.pk, "municipal"), [])
        if not (officers and inspectors and municipal):
            continue
        city = district.municipality
        result.append(
            Place(
                office_id=office.pk,
                office_name=f"{office.name} ({office.code})",
                district_id=district.pk,
                district_number=district.number,
                district_name=district.name,
                municipality_id=city.pk,
                company_code=city.bill_company_code,
                header=city.letter_header or city.name,
                city=city.name,
                city_index=cities[city.pk],
                officers=officers,
                inspectors=inspectors,
                municipal=municipal,
            )
        )
    return result
