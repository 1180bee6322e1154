"""The demo city's permits: a permit from the earlier system (follow-on requests and certificates in the API's
examples name it), the building fee tariff, a zonal value for every block of every demo district, and building
permit and certificate files at each step (``seed_files``), made through the services people use."""

import datetime
from decimal import Decimal

from django.db.models import Count
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
    seed_zonal_values()
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
    log("Permits: the demo permit, the building fee tariff and zonal values of every block of every district.")


ZONAL_FROM = datetime.date(2024, 3, 20)
# Every block a renewal code can name (its second part: three digits), so that whatever parcel a newcomer types
# in a demo district, a building permit's fee can be computed at the plan review.
BLOCKS = range(0, 1000)


def zonal_value(district_number, block):
    """A plausible rials-per-m² value: dearer in the centre's districts, varying block by block. District 1's
    blocks 1-20 keep the values the demo always had."""
    if district_number == 1 and 1 <= block <= 20:
        return 1_500_000 + 50_000 * block
    return 900_000 + 60_000 * (16 - min(district_number, 15)) + 25_000 * (block % 37)


def seed_zonal_values():
    """One zonal value per block of each district (of every city), written at once: 18,000 rows are far too many
    for one insert each, and a district already covered is skipped (a second run writes nothing)."""
    covered = {
        row["district"]
        for row in ZonalValue.objects.filter(valid_from=ZONAL_FROM)
        .values("district")
        .annotate(n=Count("pk"))
        .filter(n__gte=len(BLOCKS))
    }
    for district in District.objects.exclude(pk__in=covered).order_by("pk"):
        have = set(ZonalValue.objects.filter(district=district, valid_from=ZONAL_FROM).values_list("block", flat=True))
        rows = [
            ZonalValue(
                district=district,
                block=str(block),
                valid_from=ZONAL_FROM,
                value_rials=zonal_value(district.number, block),
                approval_reference="مصوبه ۱۴۰۳/۱۲ شورای شهر",
            )
            for block in BLOCKS
            if str(block) not in have
        ]
        ZonalValue.objects.bulk_create(rows, batch_size=1000)


# --- files -----------------------------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# The detailed plan's rules of the demo parcels' zone: NEW_BUILDING (three floors and a basement on 240 m²)
# keeps to them.
ZONE = {
    "land_use": "residential",
    "max_floors": 4,
    "max_occupancy_percent": "65",
    "max_density_percent": "200",
    "setback_m": "1.5",
}
VISIT = {"land_area": 240, "built_area": 0, "floors": 0, "usage": "residential"}
# Building permit files of the first office (district 1: the README's officer, inspector and municipal staff),
# one per step: (how far it gets, days ago it was registered, its parcel's block and parcel, the applicant: the
# first nine digits of the national ID, then the name). "ready": the fee paid, waiting for the municipal staff.
PERMIT_FILES = [
    ("submitted", 1, 44, 12, ("001234567", "رضا", "کاظمی")),
    ("awaiting_visit", 3, 52, 7, ("002345678", "زهرا", "هاشمی")),
    ("assigned", 5, 61, 3, ("003456789", "مهدی", "نوروزی")),
    ("plan_review", 7, 73, 18, ("004567890", "الهام", "شریفی")),
    ("returned", 8, 80, 9, ("005678901", "پیمان", "قاسمی")),
    ("ready", 10, 95, 21, ("006789012", "نرگس", "امینی")),
    ("ready", 12, 101, 4, ("007890123", "سعید", "زمانی")),
    ("fee_due", 11, 117, 30, ("008901234", "مریم", "یزدانی")),
    ("issued", 60, 130, 6, ("009012345", "حمید", "باقری")),
    ("certificates", 120, 142, 15, ("010123456", "فاطمه", "کیانی")),
]


def _national_id(first_nine):
    total = sum(int(d) * (10 - i) for i, d in enumerate(first_nine)) % 11
    return first_nine + str(total if total < 2 else 11 - total)


def _attach(case, desk, kinds):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cases.documents import add_document

    for kind in kinds:
        add_document(case=case, actor=desk, kind=kind, upload=SimpleUploadedFile(f"{kind}.pdf", PDF))


def _people(office):
    from offices.models import Membership

    posts = Membership.objects.current().select_related("user")
    desk = posts.filter(office=office, role="technical_officer").order_by("user_id").first()
    inspector = posts.filter(office=office, role="inspector").order_by("user_id").first()
    municipal = posts.filter(district_id=office.district_id, role="municipal_staff").order_by("user_id").first()
    return desk.user, inspector.user, municipal.user


def seed_files(*, city, log=print):
    """Building permit files at every step in the first office, two waiting for the district's municipal staff
    with their fee paid (ready to issue), and an issued permit with a frame certificate issued on it and a
    completion certificate waiting for the municipal staff. Through register_case and apply_action (replayed at
    past times), as the other demo files. Skipped when the city already has building permit files."""
    from billing.demo import settle_case_fees
    from cases.models import Case
    from cases.services import replay_action, replay_registration
    from offices.models import Office
    from permits.plugin import NEW_BUILDING_DOCUMENTS, PERMIT_AND_DEED

    if Case.objects.filter(district__municipality=city, service_id="building_permit").exists():
        log("Permit files already seeded.")
        return
    office = Office.objects.filter(district__municipality=city).select_related("district").order_by("code").first()
    desk, inspector, municipal = _people(office)
    now = timezone.now()
    made = 0
    for target, age, block, parcel, (nid, first, last) in PERMIT_FILES:
        nid = _national_id(nid)
        clock = [(now - datetime.timedelta(days=age)).replace(hour=9, minute=15)]

        def later(clock=clock, hours=20):
            clock[0] = min(clock[0] + datetime.timedelta(hours=hours), now - datetime.timedelta(minutes=5))
            return clock[0]

        renewal_code = f"{office.district.number:02d}-{block:03d}-{parcel:03d}-001-00-000"
        applicant = {"national_id": nid, "first_name": first, "last_name": last, "mobile": f"0913{nid[3:10]}"}
        prop = {
            "renewal_code": renewal_code,
            "address": f"{office.address[:60]}، کوچهٔ {parcel}",
            "district": office.district.number,
        }

        def register(service, details, prop=prop, applicant=applicant, clock=clock):
            return replay_registration(
                actor=desk, service=service, applicant=applicant, property=prop, details=details, at=clock[0]
            )

        case = register(
            "building_permit",
            {**NEW_BUILDING, "owners": [{"national_id": nid, "name": f"{first} {last}", "share": "6"}]},
        )
        _attach(case, desk, NEW_BUILDING_DOCUMENTS)
        settle_case_fees(case, clock[0] + datetime.timedelta(minutes=20))  # the service fee, paid at the counter
        made += 1
        if target == "submitted":
            continue
        if target == "returned":
            replay_action(case, "return_to_applicant", desk, note="نقشهٔ معماری امضای طراح را ندارد.", at=later())
            continue
        replay_action(case, "accept", desk, at=later())
        if target == "awaiting_visit":
            continue
        replay_action(case, "assign_inspector", desk, inspector=inspector.id, at=later())
        if target == "assigned":
            continue
        replay_action(
            case, "submit_visit_report", inspector, findings="زمین خالی، آمادهٔ ساخت.", **VISIT, at=later(hours=44)
        )
        if target == "plan_review":
            continue
        replay_action(case, "complete_plan_review", desk, note="مطابق طرح تفصیلی.", **ZONE, at=later())
        if target == "fee_due":
            continue  # the permit fee is not paid yet: the municipal staff's answer waits for it
        settle_case_fees(case, later(hours=3))
        if target == "ready":
            continue
        replay_action(
            case, "issue_response", municipal, result="approved", text="پروانهٔ احداث بنا صادر شد.", at=later()
        )
        if target == "issued":
            continue
        permit = Permit.objects.get(case=case)
        for service, last_step in (("frame_certificate", "issued"), ("completion_certificate", "ready")):
            clock[0] = clock[0] + datetime.timedelta(days=40 if service == "frame_certificate" else 30)
            certificate = register(service, {"permit_number": permit.number})
            _attach(certificate, desk, PERMIT_AND_DEED)
            made += 1
            replay_action(certificate, "accept", desk, at=later())
            replay_action(certificate, "assign_inspector", desk, inspector=inspector.id, at=later())
            replay_action(
                certificate,
                "submit_visit_report",
                inspector,
                findings="مطابق پروانه ساخته شده است.",
                land_area=240,
                built_area=570,
                floors=4,
                usage="residential",
                at=later(hours=44),
            )
            settle_case_fees(certificate, later(hours=3))
            if last_step == "issued":
                replay_action(
                    certificate, "issue_response", municipal, result="approved", text="گواهی صادر شد.", at=later()
                )
    log(f"Permits: {made} building permit and certificate files in {city.code}.")
