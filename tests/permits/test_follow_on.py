"""Requests that name their permit: a replacement re-issues it with new owners, an expansion pays on the
added area only and adds its floors, repairs leave the permit standing, a demolition & rebuild closes the
old permit with a new one. The permit page lists every file that touched it."""

import copy

import pytest

from billing.models import FeeSlip
from cases.plugins import registry
from permits.models import Permit
from tests.permits.factories import make_city
from tests.permits.helpers import REVIEW, act, client_for, pay, permit_file, register, visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(db):
    return make_city()


def approve(city, case_id, text="موافقت شد."):
    return act(client_for(city.municipal), case_id, "issue_response", result="approved", text=text)


def test_a_replacement_reissues_the_permit_with_the_new_owners_and_closes_the_old_one(city):
    officer, _case_id, permit = permit_file(city)
    new_owner = [{"national_id": "0084575948", "name": "مریم احمدی", "share": "6"}]
    _o, case_id = register(
        city,
        "permit_replacement",
        {"permit_number": permit.number, "owners": new_owner, "request_reason": "انتقال مالکیت"},
    )
    assert act(officer, case_id, "accept")["state"] == "municipal_review"  # papers only: no visit, no review
    approve(city, case_id)
    permit.refresh_from_db()
    assert permit.status == "replaced"
    new = Permit.objects.get(replaces=permit)
    assert new.status == "valid" and new.valid_until == permit.valid_until
    assert [o["name"] for o in new.data["owners"]] == ["مریم احمدی"]
    assert new.data["floors_above"] == permit.data["floors_above"]  # the building is unchanged
    files = officer.get(f"/api/v1/permits/{permit.number}/").json()["files"]
    assert case_id in [f["id"] for f in files]


def test_an_expansion_pays_on_the_added_area_only_and_adds_its_floor(city):
    officer, _case_id, permit = permit_file(city)
    details = copy.deepcopy(registry().family("permit_expansion").example("permit_expansion"))
    details["permit_number"] = permit.number
    _o, case_id = register(city, "permit_expansion", details)
    assert visit(city, officer, case_id)["state"] == "plan_review"
    assert act(officer, case_id, "complete_plan_review", **{**REVIEW, "max_floors": 5, "max_density_percent": "300"})[
        "state"
    ] == ("municipal_review")
    # The whole building after the expansion is reviewed: 690 m² on 240 m² is 287.5% of the parcel.
    # Worked example: the added fourth floor, 120 m² × 2,000,000 rials (block 120) × 0.8 = 192,000,000.
    slip = FeeSlip.objects.get(case_id=case_id)
    assert slip.amount_rials == 120 * 2_000_000 * 8 // 10 == 192_000_000
    assert [line.amount_rials for line in slip.items.all()] == [192_000_000]
    pay(slip)
    approve(city, case_id)
    permit.refresh_from_db()
    assert permit.status == "replaced"
    expanded = Permit.objects.get(replaces=permit)
    assert expanded.data["floors_above"] == 4
    assert [row["level"] for row in expanded.data["floor_areas"]] == [-1, 0, 1, 2, 3]
    assert expanded.data["total_area"] in ("690", "690.00", 690)


def test_repairs_leave_the_permit_standing_and_are_listed_on_it(city):
    officer, _case_id, permit = permit_file(city)
    _o, case_id = register(city, "permit_repairs", {"permit_number": permit.number, "repair_works": "تعمیر بام"})
    assert visit(city, officer, case_id)["state"] == "municipal_review"  # a visit, no plan review
    approve(city, case_id)
    permit.refresh_from_db()
    assert permit.status == "valid" and not Permit.objects.filter(replaces=permit).exists()
    files = officer.get(f"/api/v1/permits/{permit.number}/").json()["files"]
    assert case_id in [f["id"] for f in files]


def test_a_demolition_and_rebuild_yields_a_new_permit_that_closes_the_old_one(city):
    officer, _case_id, permit = permit_file(city)
    details = copy.deepcopy(registry().family("demolition_rebuild").example("demolition_rebuild"))
    details["permit_number"] = permit.number
    _o, case_id = register(city, "demolition_rebuild", details, code=permit.renewal_code)
    visit(city, officer, case_id)
    act(officer, case_id, "complete_plan_review", **REVIEW)
    pay(FeeSlip.objects.get(case_id=case_id))
    approve(city, case_id)
    permit.refresh_from_db()
    assert permit.status == "replaced"
    rebuilt = Permit.objects.get(case_id=case_id)
    assert rebuilt.replaces == permit and rebuilt.number != permit.number and rebuilt.status == "valid"


def test_a_revoked_permit_takes_no_follow_on_request(city):
    _officer, _case_id, permit = permit_file(city)
    Permit.objects.filter(pk=permit.pk).update(status="revoked")
    response = client_for(city.officer).post(
        "/api/v1/cases/",
        {
            "service": "permit_repairs",
            "office": city.office.pk,
            "applicant": {
                "national_id": "0499370899",
                "first_name": "علی",
                "last_name": "رضایی",
                "mobile": "09131112233",
            },
            "property": {"renewal_code": permit.renewal_code, "address": "خیابان آزمون", "district": 3},
            "details": {"permit_number": permit.number, "repair_works": "تعمیر نما"},
        },
        format="json",
    )
    assert response.status_code == 400
    message = " ".join(response.json()["errors"]["details.permit_number"])
    assert "ابطال" in message or "باطل" in message


def test_a_request_cannot_name_another_propertys_permit(city):
    """Naming a permit makes it readable to the file's office and applicant: only the property's own permit
    can be named, and any other is refused as if it did not exist."""
    _officer, _case_id, permit = permit_file(city)
    details = {"permit_number": permit.number, "repair_works": "تعمیر نما"}
    for code in ("03-120-045-001-01-004", "03-120-045-001-01-0"):
        response = client_for(city.officer).post(
            "/api/v1/cases/",
            {
                "service": "permit_repairs",
                "office": city.office.pk,
                "applicant": {"national_id": "0499370899", "first_name": "علی", "last_name": "رضایی",
                              "mobile": "09131112233"},
                "property": {"renewal_code": code, "address": "خیابان آزمون", "district": 3},
                "details": details,
            },
            format="json",
        )  # fmt: skip
        assert response.status_code == 400, response.content
        message = " ".join(response.json()["errors"]["details.permit_number"])
        assert "برای این ملک وجود ندارد" in message
    assert not Permit.objects.exclude(pk=permit.pk).exists()


def test_a_second_request_on_a_permit_replaced_meanwhile_is_refused_at_approval_and_changes_nothing(city):
    officer, _case_id, permit = permit_file(city)
    owners = [{"national_id": "0084575948", "name": "مریم احمدی", "share": "6"}]
    _o, replacement = register(
        city, "permit_replacement", {"permit_number": permit.number, "owners": owners, "request_reason": "انتقال"}
    )
    _o, extension = register(city, "permit_extension", {"permit_number": permit.number, "request_reason": "تأخیر"})
    for case_id in (replacement, extension):
        assert act(officer, case_id, "accept")["state"] == "municipal_review"
    approve(city, replacement)
    permit.refresh_from_db()
    valid_until = permit.valid_until
    refused = act(
        client_for(city.municipal), extension, "issue_response", expect=409, result="approved", text="تمدید شد."
    )
    assert refused["code"] == "permit-closed" and permit.number in refused["detail"]
    permit.refresh_from_db()
    assert permit.status == "replaced" and permit.valid_until == valid_until
    assert Permit.objects.filter(replaces=permit).count() == 1
    detail = officer.get(f"/api/v1/cases/{extension}/").json()
    assert detail["state"] == "municipal_review"
