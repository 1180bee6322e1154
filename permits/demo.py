"""The demo city's permit reference data: a permit from the earlier system (follow-on requests and
certificates in the API's examples name it), the building fee tariff and a few zonal values."""

import datetime
from decimal import Decimal

from django.utils import timezone

from billing.models import BuildingFeeRate, BuildingFeeTariff, FloorKind, ZonalValue
from cases.models import Property
from offices.models import District
from permits.models import Permit, Sequence
from permits.numbering import new_verification_code
from permits.plugin import DEMO_PERMIT, DEMO_PERMIT_PARCEL, NEW_BUILDING

# Coefficients per use and floor kind (the municipality's approved table, as a demo).
COEFFICIENTS = {
    Property.Use.RESIDENTIAL: ("0.8", "0.4"),
    Property.Use.COMMERCIAL: ("2.5", "1.2"),
    Property.Use.OFFICE: ("1.8", "0.9"),
    Property.Use.MIXED: ("1.5", "0.7"),
    Property.Use.INDUSTRIAL: ("1.2", "0.6"),
    Property.Use.EDUCATIONAL: ("0.5", "0.3"),
}


def seed_reference(city, log=print):
    today = timezone.localdate()
    district = District.objects.get(municipality=city, number=1)
    tariff, created = BuildingFeeTariff.objects.get_or_create(
        valid_from=datetime.date(2024, 3, 20), defaults={"approval_reference": "مصوبه ۱۴۰۳/۱۲ شورای شهر"}
    )
    if created:
        for use, (above, basement) in COEFFICIENTS.items():
            BuildingFeeRate.objects.create(tariff=tariff, use=use, floor_kind=FloorKind.ABOVE, coefficient=above)
            BuildingFeeRate.objects.create(tariff=tariff, use=use, floor_kind=FloorKind.BASEMENT, coefficient=basement)
    for block in range(1, 21):
        ZonalValue.objects.get_or_create(
            district=district,
            block=str(block),
            valid_from=datetime.date(2024, 3, 20),
            defaults={"value_rials": 1_500_000 + 50_000 * block},
        )
    year = 1402
    if not Permit.objects.filter(number=DEMO_PERMIT).exists():
        Permit.objects.create(
            number=DEMO_PERMIT,
            district=district,
            year=year,
            serial=1,
            renewal_code=DEMO_PERMIT_PARCEL,
            issued_at=timezone.now() - datetime.timedelta(days=400),
            valid_until=today + datetime.timedelta(days=330),
            verification_code=new_verification_code(),
            data={
                **{k: v for k, v in NEW_BUILDING.items() if k != "floor_areas"},
                "floor_areas": NEW_BUILDING["floor_areas"],
                "total_area": str(sum(Decimal(r["area"]) for r in NEW_BUILDING["floor_areas"])),
                "applicant_name": "علی رضایی",
            },
        )
        sequence, _ = Sequence.objects.get_or_create(kind="permit", district=district, year=year)
        sequence.last_number = max(sequence.last_number, 1)
        sequence.save(update_fields=["last_number"])
    log("Permits: the demo permit, the building fee tariff and zonal values of district 1.")
