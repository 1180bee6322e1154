"""``seed_demo``: the demo city a newcomer signs in to, in the seed's proportions; a second run changes nothing.

The only test outside the browser tests that loads the demo city; every other test builds what it
needs with the factories (tests/<app>/factories.py).
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from billing.models import FeeSlip, Payment, PropertyAssessment, Tariff, Vehicle
from billing.selectors import zonal_value_in_force
from cases.history import broken_chains
from cases.models import Case, State, Transition
from cases.plugins import registry
from cases.services import apply_action
from inspections.models import Visit, VisitPhoto, VisitReport
from offices.models import (
    Acknowledgement,
    Attendance,
    Contract,
    Course,
    District,
    Instruction,
    Membership,
    Municipality,
    Office,
    OfficeChange,
)
from offices.selectors import untrained_staff
from offices.services import may_register
from permits import demo as permits_demo
from permits.models import Certificate, Permit
from portal.demo import DEMO_CITIZEN, DEMO_PASSWORD, demo_accounts
from tests.cases.factories import attach_documents
from tests.conftest import token_for

pytestmark = pytest.mark.django_db
MOBILE = "09131112233"

COUNTED = (
    District,
    Office,
    Membership,
    Contract,
    OfficeChange,
    Course,
    Attendance,
    Instruction,
    Acknowledgement,
    Case,
    Transition,
    Tariff,
    PropertyAssessment,
    Vehicle,
    FeeSlip,
    Payment,
    Visit,
    VisitPhoto,
)


def counts():
    found = {model.__name__: model.objects.count() for model in COUNTED}
    # Submitted visit reports only: a second run still adds a few drafts (inspections.demo draws them from
    # the shared random generator, which reaches them in another state when the files are already there).
    found["submitted reports"] = VisitReport.objects.filter(status="submitted").count()
    return found | {"users": get_user_model().objects.count()}


def test_seed_demo_loads_the_city_once(db):
    call_command("seed_demo", verbosity=0)
    today = timezone.localdate()
    isfahan = Municipality.objects.get(code="isfahan")
    offices = Office.objects.filter(district__municipality=isfahan)
    assert District.objects.filter(municipality=isfahan).count() == 15
    assert offices.count() == 35

    # The staff in the seed's proportions.
    def people(role):
        posts = Membership.objects.current().filter(role=role, district__municipality=isfahan)
        return posts.values("user").distinct().count()

    assert (people(Role.TECHNICAL_OFFICER), people(Role.INSPECTOR), people(Role.FOLLOWUP_OFFICER)) == (32, 22, 11)
    assert (people(Role.OFFICE_MANAGER), people(Role.MUNICIPAL_STAFF)) == (35, 30)
    for username in ("officer", "inspector", "followup", "manager", "municipal", "supervisor", "admin"):
        assert get_user_model().objects.get(username=username).check_password(DEMO_PASSWORD), username
    # The demo citizen signs in by SMS code with the mobile and national ID the README gives: no password.
    demo_citizen = get_user_model().objects.get(username="citizen")
    assert not demo_citizen.has_usable_password()
    assert (demo_citizen.mobile, demo_citizen.national_id) == (DEMO_CITIZEN["mobile"], DEMO_CITIZEN["national_id"])
    # A citizen belongs to no city (they may ask any city's offices), as the platform administrator.
    assert get_user_model().objects.get(username="citizen").municipality is None

    # The office network: contracts in force, a varied history, two offices that may not register,
    # courses and instructions, a few people flagged for missing training (never the demo accounts).
    assert all(o.contracts.filter(starts_on__lte=today, ends_on__gte=today).exists() for o in offices)
    soon = today + timezone.timedelta(days=30)
    assert Contract.objects.filter(municipality=isfahan, ends_on__gte=today, ends_on__lte=soon).count() == 3
    assert Contract.objects.filter(renews__isnull=False).exists()
    assert set(OfficeChange.objects.values_list("kind", flat=True)) >= {
        "added",
        "suspended",
        "reactivated",
        "unselected",
    }
    assert sum(1 for o in offices if not may_register(o).allowed) == 2
    assert Course.objects.filter(municipality=isfahan).count() == 3
    assert Instruction.objects.filter(municipality=isfahan).count() == 2 and Acknowledgement.objects.exists()
    gaps = untrained_staff(district=None)
    assert {gap.offices[0].district.municipality_id for gap in gaps} == {isfahan.pk}
    assert 3 <= len(gaps) <= 12 and {gap.role for gap in gaps} == {"technical_officer", "inspector"}
    assert not {"officer", "inspector"} & {gap.user.username for gap in gaps}

    # A few hundred files in every state, each with an intact history.
    assert Case.objects.filter(district__municipality=isfahan).count() >= 300
    assert set(Case.objects.values_list("state", flat=True)) >= {
        State.DRAFT,
        State.SUBMITTED,
        State.RETURNED,
        State.AWAITING_VISIT,
        State.PLAN_REVIEW,
        State.MUNICIPAL_REVIEW,
        State.RESPONDED,
        State.REJECTED,
        State.CANCELLED,
    }
    assert broken_chains(list(Case.objects.values_list("pk", flat=True))) == []
    # Billing: three years of tariffs for the catalogue, vehicles, slips and payments.
    assert Tariff.objects.filter(municipality=isfahan).count() == 13 * 3 and Vehicle.objects.count() == 16
    assert FeeSlip.objects.filter(case__isnull=False).exists() and Payment.objects.exists()
    # Inspections: visits assigned, booked and reported, with their reports.
    assert set(Visit.objects.values_list("state", flat=True)) >= {"assigned", "scheduled", "reported"}
    assert VisitReport.objects.filter(status="submitted", visit__state="reported").exists()

    # Everyone on Isfahan's staff is Isfahan's; the demo's administrator is the platform's.
    staff = get_user_model().objects.exclude(role__in=[Role.CITIZEN, Role.ADMIN]).filter(memberships__isnull=False)
    assert set(staff.filter(memberships__district__municipality=isfahan).values_list("municipality", flat=True)) == {
        isfahan.pk
    }
    assert get_user_model().objects.get(username="admin").municipality is None

    # The second city: small, with its own district 1, offices, people, tariffs and a few files.
    najafabad = Municipality.objects.get(code="najafabad", name="شهرداری نجف‌آباد")
    assert District.objects.filter(municipality=najafabad).count() == 3
    its_offices = Office.objects.filter(district__municipality=najafabad)
    assert its_offices.count() == 2 and all(may_register(o).allowed for o in its_offices)
    for username in ("supervisor_najafabad", "officer_najafabad", "municipal_najafabad", "admin_najafabad"):
        user = get_user_model().objects.get(username=username)
        assert user.municipality == najafabad and user.check_password(DEMO_PASSWORD), username
    assert Tariff.objects.filter(municipality=najafabad).count() == 13 * 3
    assert 5 <= Case.objects.filter(district__municipality=najafabad).count() <= 12
    assert Case.objects.filter(district__municipality=najafabad, state=State.RESPONDED).exists()
    assert not Case.objects.filter(district__municipality=najafabad, office__district__municipality=isfahan).exists()
    listed = {row[0] for row in demo_accounts()}
    assert {"officer", "supervisor", "supervisor_najafabad", "officer_najafabad"} <= listed

    # Building permits at every step in the first office, two of them ready for the README's `municipal` to
    # issue (fee paid), and certificates on an issued permit.
    permit_files = Case.objects.filter(district__municipality=isfahan, service_id="building_permit")
    assert set(permit_files.values_list("state", flat=True)) == {
        State.SUBMITTED,
        State.RETURNED,
        State.AWAITING_VISIT,
        State.PLAN_REVIEW,
        State.MUNICIPAL_REVIEW,
        State.RESPONDED,
    }
    assert Permit.objects.filter(case__district__municipality=isfahan).count() == 2
    assert Certificate.objects.filter(kind="frame", case__state=State.RESPONDED).count() == 1
    assert Case.objects.get(service_id="completion_certificate").state == State.MUNICIPAL_REVIEW
    assert broken_chains(list(permit_files.values_list("pk", flat=True))) == []
    # Every block a renewal code can name has a zonal value, in every district of both cities.
    for district in District.objects.all():
        assert all(zonal_value_in_force(district, block) for block in ("000", "044", "120", "999")), district

    before = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == before
    assert Permit.objects.count() == 3

    # The README's municipal staff find the permits in their cartable and issue one there and then.
    municipal = APIClient()
    municipal.credentials(HTTP_AUTHORIZATION="Token " + token_for(municipal, "municipal", DEMO_PASSWORD))
    waiting = [
        row["id"]
        for row in municipal.get("/api/v1/cartable/", {"service": "building_permit"}).json()["results"]
        if row["service"] == "building_permit"
    ]
    ready = [pk for pk in waiting if not FeeSlip.objects.filter(case_id=pk, status="issued").exists()]
    assert len(ready) == 2
    issued = municipal.post(
        f"/api/v1/cases/{ready[0]}/actions/",
        {"action": "issue_response", "result": "approved", "text": "پروانه صادر شد."},
        format="json",
    )
    assert issued.status_code == 200, issued.content
    assert issued.json()["permit"]["number"]

    # A building permit on any block of district 1 gets through the plan review to its fee (block 044 had no
    # zonal value).
    officer = APIClient()
    officer.credentials(HTTP_AUTHORIZATION="Token " + token_for(officer, "officer", DEMO_PASSWORD))
    example = registry().family("building_permit").example("building_permit")
    made = officer.post(
        "/api/v1/cases/",
        {
            "service": "building_permit",
            "applicant": {
                "national_id": "0499370899",
                "first_name": "علی",
                "last_name": "رضایی",
                "mobile": "09131112233",
            },
            "property": {"renewal_code": "01-044-333-001-00-000", "address": "خیابان جی، پلاک ۳", "district": 1},
            "details": example,
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    case = Case.objects.get(pk=made.json()["id"])
    desk, inspector = (get_user_model().objects.get(username=name) for name in ("officer", "inspector"))
    attach_documents(case, desk)
    apply_action(case, "accept", desk)
    apply_action(case, "assign_inspector", desk, inspector=inspector.pk)
    visit = {"findings": "زمین خالی", "land_area": 240, "built_area": 0, "floors": 0, "usage": "residential"}
    apply_action(case, "submit_visit_report", inspector, **visit)
    case_id = case.pk
    reviewed = officer.post(
        f"/api/v1/cases/{case_id}/actions/",
        {"action": "complete_plan_review", **permits_demo.ZONE},
        format="json",
    )
    assert reviewed.status_code == 200, reviewed.content
    assert FeeSlip.objects.filter(case_id=case_id, items__description__contains="×").exists()
