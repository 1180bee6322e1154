"""Renewal and vehicle duties: worked examples of the arithmetic, then the same through the desks."""

from decimal import Decimal

import pytest
from django.utils import timezone

from billing import duties
from billing.models import FeeSlip, PropertyAssessment, RenewalRate, Vehicle, VehicleDutyRate
from billing.selectors import has_unpaid_renewal_duty
from cases.models import Case, Property
from core.jalali import to_jalali
from offices.models import District, Municipality
from tests.billing.helpers import bank_pay, register_notary
from tests.cases.helpers import renewal_code


def amounts(lines):
    return [(line.kind, line.year, line.amount_rials) for line in lines]


# --- worked examples (pure arithmetic) ---------------------------------------------------------------------------


def test_renewal_duty_worked_example():
    """Residential property, 1402 paid; today in 1405.
    1403: 1,200,000,000 × 1.5‰  = 1,800,000
    1404: 1,440,000,000 × 1.75‰ = 2,520,000
    1405: 1,728,000,000 × 2‰    = 3,456,000          total 7,776,000 (1406's assessment is not due yet)
    """
    lines = duties.renewal_lines(
        assessments={
            1402: 1_000_000_000,
            1403: 1_200_000_000,
            1404: 1_440_000_000,
            1405: 1_728_000_000,
            1406: 2_000_000_000,
        },
        rates={
            (1402, "residential"): Decimal("1.5"),
            (1403, "residential"): Decimal("1.5"),
            (1404, "residential"): Decimal("1.75"),
            (1405, "residential"): Decimal("2"),
            (1405, "commercial"): Decimal("3"),
        },
        use="residential",
        settled_years={1402},
        current_year=1405,
    )
    assert amounts(lines) == [
        ("renewal_duty", 1403, 1_800_000),
        ("renewal_duty", 1404, 2_520_000),
        ("renewal_duty", 1405, 3_456_000),
    ]
    assert sum(line.amount_rials for line in lines) == 7_776_000
    assert lines[0].base_rials == 1_200_000_000


def test_renewal_duty_rounds_each_year_down_to_a_thousand_rials():
    # 987,654,321 × 2.25‰ = 2,222,222.22… → 2,222,000
    lines = duties.renewal_lines(
        assessments={1405: 987_654_321},
        rates={(1405, "mixed"): Decimal("2.25")},
        use="mixed",
        settled_years=set(),
        current_year=1405,
    )
    assert amounts(lines) == [("renewal_duty", 1405, 2_222_000)]


def test_a_missing_rate_is_named_not_guessed():
    with pytest.raises(duties.MissingRate) as info:
        duties.renewal_lines(assessments={1404: 10**9}, rates={}, use="office", settled_years=set(), current_year=1405)
    assert info.value.year == 1404


RATES = [
    (1402, "passenger", 0, 5, 2_000_000),
    (1402, "passenger", 6, 10, 1_600_000),
    (1403, "passenger", 0, 5, 2_200_000),
    (1403, "passenger", 6, 10, 1_800_000),
    (1404, "passenger", 0, 5, 2_500_000),
    (1404, "passenger", 6, 10, 2_000_000),
    (1405, "passenger", 0, 5, 2_900_000),
    (1405, "passenger", 6, 10, 2_400_000),
    (1405, "truck", 6, 10, 9_000_000),
]


def test_vehicle_duty_worked_example_with_capped_surcharge():
    """Passenger car of model year 1398, numbered here in 1402, 1402 paid; today 1405/09.
    1403: age 5 → 2,200,000; 21 months late × 2% = 42%, capped at 24% → 528,000
    1404: age 6 → 2,000,000;  9 months late × 2% = 18%                 → 360,000
    1405: age 7 → 2,400,000; not late                                   total 7,488,000
    """
    lines = duties.vehicle_lines(
        model_year=1398,
        first_year=1402,
        vehicle_class="passenger",
        rates=RATES,
        settled_years={1402},
        today_year=1405,
        today_month=9,
        rules=[(1400, Decimal("2"), Decimal("24"))],
    )
    assert amounts(lines) == [
        ("vehicle_duty", 1403, 2_200_000),
        ("late_surcharge", 1403, 528_000),
        ("vehicle_duty", 1404, 2_000_000),
        ("late_surcharge", 1404, 360_000),
        ("vehicle_duty", 1405, 2_400_000),
    ]
    assert sum(line.amount_rials for line in lines) == 7_488_000


def test_vehicle_surcharge_follows_the_rule_in_force_for_each_duty_year():
    """From 1404 the rule is 1.5% a month capped at 12%: 1404's 9 months → 13.5% → 12% → 240,000."""
    lines = duties.vehicle_lines(
        model_year=1398,
        first_year=1403,
        vehicle_class="passenger",
        rates=RATES,
        settled_years={1403},
        today_year=1405,
        today_month=9,
        rules=[(1400, Decimal("2"), Decimal("24")), (1404, Decimal("1.5"), Decimal("12"))],
    )
    assert amounts(lines) == [
        ("vehicle_duty", 1404, 2_000_000),
        ("late_surcharge", 1404, 240_000),
        ("vehicle_duty", 1405, 2_400_000),
    ]


def test_months_late_count_from_the_first_day_after_the_duty_year():
    assert duties.months_late(1405, 1405, 12) == 0
    assert duties.months_late(1404, 1405, 1) == 1
    assert duties.months_late(1403, 1405, 1) == 13


# --- through the desks and the API ------------------------------------------------------------------------------


def this_year():
    return to_jalali(timezone.localdate())


def assessed_property(district=1, use="residential", years=3, value=1_000_000_000, on_record=True, code=None):
    year = this_year().year
    parcel = Property.objects.create(
        renewal_code=code or renewal_code(district),
        use=use,
        on_record=on_record,
        district=District.objects.get(number=district),
        address="اصفهان",
    )
    for k, y in enumerate(range(year - years + 1, year + 1)):
        RenewalRate.objects.update_or_create(year=y, use=use, defaults={"rate_per_mille": Decimal("1.5")})
        PropertyAssessment.objects.create(parcel=parcel, year=y, assessed_value_rials=value + k * 100_000_000)
    return parcel


@pytest.mark.django_db
def test_renewal_slip_at_the_desk_covers_unpaid_years_and_clears_the_property_once_paid(demo_city, client, login_api):
    parcel = assessed_property()
    year = this_year().year
    assert has_unpaid_renewal_duty(parcel)
    client.login(username="officer", password="pishkhan1403")
    preview = client.post("/billing/renewal/", {"renewal_code": parcel.renewal_code, "action": "preview"})
    assert preview.status_code == 200
    # 1.5‰ of 1,000,000,000 / 1,100,000,000 / 1,200,000,000 = 1,500,000 + 1,650,000 + 1,800,000
    assert "۴٬۹۵۰٬۰۰۰" in preview.content.decode()
    issued = client.post(
        "/billing/renewal/",
        {
            "renewal_code": parcel.renewal_code,
            "action": "issue",
            "payer_national_id": "0499370899",
            "payer_name": "علی رضایی",
            "payer_mobile": "09131112233",
        },
    )
    assert issued.status_code == 302
    slip = FeeSlip.objects.get(parcel=parcel)
    assert [(i.kind, i.year, i.amount_rials) for i in slip.items.order_by("id")] == [
        ("renewal_duty", year - 2, 1_500_000),
        ("renewal_duty", year - 1, 1_650_000),
        ("renewal_duty", year, 1_800_000),
        ("counter_fee", None, 60_000),
    ]
    assert slip.amount_rials == 5_010_000 and slip.counter_fee_rials == 60_000
    assert slip.office.code == "10370001" and slip.payer_national_id == "0499370899"
    assert issued["Location"] == f"/billing/slips/{slip.pk}/"
    # Issued again before payment: the first slip is replaced, its years move to the new one.
    again = client.post("/billing/renewal/", {"renewal_code": parcel.renewal_code, "action": "issue"})
    newer = FeeSlip.objects.filter(parcel=parcel).exclude(pk=slip.pk).get()
    assert again["Location"] == f"/billing/slips/{newer.pk}/"
    slip.refresh_from_db()
    assert slip.status == "void" and newer.amount_rials == 5_010_000
    late = bank_pay(slip, "OLD-1")
    assert late.status_code == 409 and late.json()["code"] == "slip-replaced"
    assert bank_pay(newer, "NEW-1").status_code == 201
    assert not has_unpaid_renewal_duty(parcel)
    nothing = client.post("/billing/renewal/", {"renewal_code": parcel.renewal_code, "action": "issue"})
    assert nothing.status_code == 409 and "عوارض نوسازی پرداخت‌نشده ندارد" in nothing.content.decode()


@pytest.mark.django_db
def test_a_property_with_unpaid_renewal_duty_is_not_answered_instantly(demo_city, login_api):
    owing = assessed_property()
    case = register_notary(login_api("officer"), code=owing.renewal_code)
    assert case["state"] == "submitted"
    from inquiries.instant import reasons_to_check

    assert "ملک عوارض نوسازی پرداخت‌نشده دارد" in reasons_to_check(Case.objects.get(pk=case["id"]))
    # The same kind of property with every year paid is answered at once.
    paid = assessed_property()
    from billing.services import issue_renewal_slip

    slip = issue_renewal_slip(renewal_code=paid.renewal_code, actor=None)
    assert bank_pay(slip, "R-PAID").status_code == 201
    assert register_notary(login_api("officer"), code=paid.renewal_code)["state"] == "responded"


@pytest.mark.django_db
def test_vehicle_slip_by_plate_itemizes_years_and_surcharges_as_the_tables_say(demo_city, client):
    today = this_year()
    year = today.year
    for y in range(year - 2, year + 1):
        VehicleDutyRate.objects.update_or_create(
            year=y,
            vehicle_class="motorcycle",
            min_age=0,
            defaults={"max_age": 5, "amount_rials": 1_000_000 + (y - year) * 100_000},
        )
    car = Vehicle.objects.create(
        municipality=Municipality.objects.get(code="isfahan"),
        plate="12-ب-345-67",
        vin="NAAM01CA9XK123456",
        vehicle_class="motorcycle",
        model_year=year - 3,
        registered_year=year - 2,
        owner_national_id="0499370899",
        owner_name="مریم احمدی",
    )
    client.login(username="manager", password="pishkhan1403")
    issued = client.post("/billing/vehicle/", {"plate": "۱۲ب۳۴۵ ایران ۶۷", "action": "issue"})
    assert issued.status_code == 302, issued.content.decode()[:500]
    slip = FeeSlip.objects.get(vehicle=car)
    # Seeded rule: 2% a month from the end of the duty year, capped at 24%.
    late_2 = min(2 * (12 + today.month), 24)
    late_1 = min(2 * today.month, 24)
    expected = [
        ("vehicle_duty", year - 2, 800_000),
        ("late_surcharge", year - 2, 800_000 * late_2 // 100 // 1000 * 1000),
        ("vehicle_duty", year - 1, 900_000),
        ("late_surcharge", year - 1, 900_000 * late_1 // 100 // 1000 * 1000),
        ("vehicle_duty", year, 1_000_000),
        ("counter_fee", None, 60_000),
    ]
    assert [(i.kind, i.year, i.amount_rials) for i in slip.items.order_by("id")] == expected
    assert slip.amount_rials == sum(e[2] for e in expected)
    assert slip.payer_name == "مریم احمدی"
    bad = client.post("/billing/vehicle/", {"plate": "12345", "action": "preview"})
    assert bad.status_code == 400 and "پلاک" in bad.content.decode()
