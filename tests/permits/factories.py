"""A small city of its own for the permits tests (not the demo city): one district, one office with a
contract, its officer, an inspector, the district's municipal staff, zonal values and a fee tariff."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Role
from billing.models import BuildingFeeRate, BuildingFeeTariff, FloorKind, ZonalValue
from offices.models import Contract, District, Municipality, Office, Service
from offices.services import assign_role

PASSWORD = "permits-test-1403"
PERMIT_SERVICES = (
    "building_permit",
    "demolition_rebuild",
    "permit_extension",
    "permit_replacement",
    "permit_expansion",
    "permit_repairs",
    "frame_certificate",
    "completion_certificate",
)


@dataclass
class City:
    municipality: Municipality
    district: District
    office: Office
    officer: object
    inspector: object
    municipal: object
    tariff: BuildingFeeTariff


def example_permit(district):
    """The permit the API's documented examples name (permits.plugin.DEMO_PERMIT), in ``district``."""
    from permits.models import Permit
    from permits.numbering import new_verification_code
    from permits.plugin import DEMO_PERMIT, NEW_BUILDING

    return Permit.objects.create(
        number=DEMO_PERMIT,
        district=district,
        year=int(DEMO_PERMIT[:4]),
        serial=int(DEMO_PERMIT.rsplit("/", 1)[1]),
        renewal_code="01-001-045-001-01-002",
        valid_until=timezone.localdate() + datetime.timedelta(days=300),
        verification_code=new_verification_code(),
        data=dict(NEW_BUILDING),
    )


def make_user(username, role, **membership):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, role=role, first_name="کاربر", last_name=username
    )
    assign_role(user=user, role=role, starts_on=timezone.localdate() - datetime.timedelta(days=30), **membership)
    return user


def make_city(code="permitcity", district_number=3):
    today = timezone.localdate()
    municipality = Municipality.objects.create(code=code, name="شهرداری آزمون", bill_company_code="1003")
    district = District.objects.create(municipality=municipality, number=district_number, name="منطقه سه")
    office = Office.objects.create(
        code=f"{code[:6]}0001", name="دفتر پیشخوان آزمون", district=district, address="خیابان آزمون"
    )
    for n, service in enumerate(PERMIT_SERVICES):
        Service.objects.get_or_create(code=service, defaults={"title": service, "order": 50 + n})
    contract = Contract.objects.create(
        office=office,
        number=f"{code}-1",
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=300),
    )
    office.services.set(Service.objects.filter(code__in=PERMIT_SERVICES))
    contract.services.set(Service.objects.filter(code__in=PERMIT_SERVICES))
    officer = make_user(f"{code}-officer", Role.TECHNICAL_OFFICER, office=office)
    inspector = make_user(f"{code}-inspector", Role.INSPECTOR, office=office)
    municipal = make_user(f"{code}-municipal", Role.MUNICIPAL_STAFF, district=district)
    tariff, created = BuildingFeeTariff.objects.get_or_create(
        valid_from=today - datetime.timedelta(days=10), defaults={"approval_reference": "آزمون"}
    )
    for use, above, basement in (("residential", "0.8", "0.4"), ("commercial", "2.5", "1.2")) if created else ():
        BuildingFeeRate.objects.create(tariff=tariff, use=use, floor_kind=FloorKind.ABOVE, coefficient=above)
        BuildingFeeRate.objects.create(tariff=tariff, use=use, floor_kind=FloorKind.BASEMENT, coefficient=basement)
    ZonalValue.objects.create(
        district=district, block="120", value_rials=2_000_000, valid_from=today - datetime.timedelta(days=5)
    )
    return City(municipality, district, office, officer, inspector, municipal, tariff)
