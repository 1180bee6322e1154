"""Many municipalities, one deployment: what each person sees of their own office, another office of their
district, another district and another city.

Two cities are built once for the module (the first by ``tests.city.build_city``, the second beside it with
its own district 1). Each of the four places holds a file taken to its answer (so it has a visit, a fee
slip, a response letter), an open file, a permit and a violation against its office. Every role of the
first city (and a platform administrator) asks every list and detail endpoint and page about each place:
one test id per cell, the answer asserted. Another city's object is never there: 404, or absent from a list.
"""

import datetime

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from accounts.models import Role
from billing.models import FeeSlip
from cases.models import Case, Property, State
from inquiries.models import Letter
from inspections.models import Visit
from permits.models import Permit
from permits.numbering import new_verification_code
from supervision.models import Violation
from supervision.services import open_violation
from supervision.services.automatic import late_type
from tests.accounts.factories import AdminFactory
from tests.cases.factories import move, register
from tests.city import build_city, build_second_city
from tests.conftest import FAST_HASHER

PLACES = ("own_office", "other_office", "other_district", "other_city")

# Whom each role is, in the first city (the platform administrator belongs to none).
ROLES = (
    "technical_officer",
    "office_manager",
    "inspector",
    "followup_officer",
    "municipal_staff",
    "supervisor",
    "city_admin",
    "citizen",
    "platform_admin",
)

# The files each role sees (cases.selectors.scope_for): the rule every other read follows.
SEES_FILES = {
    "technical_officer": {"own_office"},
    "office_manager": {"own_office"},
    "inspector": {"own_office"},  # the files he inspects: only the one at his office is his
    "followup_officer": {"own_office", "other_office"},  # the offices of his district
    "municipal_staff": {"own_office", "other_office"},  # his district
    "supervisor": {"own_office", "other_office", "other_district"},
    "city_admin": {"own_office", "other_office", "other_district"},
    "citizen": {"own_office"},  # the file he applied for
    "platform_admin": set(PLACES),
}
# Violations: the unit of the city sees its city's; an office manager his office's.
SEES_VIOLATIONS = {
    "office_manager": {"own_office"},
    "supervisor": {"own_office", "other_office", "other_district"},
    "city_admin": {"own_office", "other_office", "other_district"},
    "platform_admin": set(PLACES),
}
# Permits: as files (municipal staff see every permit of their district).
SEES_PERMITS = SEES_FILES
# Visits: as files, but not for citizens.
SEES_VISITS = {**SEES_FILES, "citizen": set()}
# Who may open a page or endpoint at all (others: 403 whatever the place).
STAFF = set(ROLES) - {"citizen"}
UNIT = {"supervisor", "city_admin", "platform_admin"}
STATISTICS_READERS = UNIT | {"municipal_staff"}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Both cities, built once in a transaction rolled back after the module (each test runs in a savepoint)."""
    media = tmp_path_factory.mktemp("media")
    cache = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=FAST_HASHER, MEDIA_ROOT=media, CACHES=cache, SMS_BACKEND="console"):
            built = _build()
        yield built
        transaction.set_rollback(True)


def _build():
    first = build_city()
    second = build_second_city()
    people = {
        "technical_officer": first.officer,
        "office_manager": first.manager,
        "inspector": first.inspector,
        "followup_officer": first.followup,
        "municipal_staff": first.municipal,
        "supervisor": first.supervisor,
        "city_admin": AdminFactory(municipality=first.municipality),
        "citizen": first.citizen,
        "platform_admin": first.admin,  # AdminFactory: no municipality
    }
    # Where each place's file is registered, and who moves it: officer, inspector, municipal staff.
    crews = {
        "own_office": (first.officer, first.inspector, first.municipal),
        "other_office": (first.colleague, first.inspectors[1], first.municipal_b),
        "other_district": (first.other_officer, first.other_inspector, first.other_municipal),
        "other_city": (second.officer, second.inspector, second.municipal),
    }
    files, open_files, permits, violations, slips = {}, {}, {}, {}, {}
    for serial, (place, (officer, inspector, municipal)) in enumerate(crews.items(), start=1):
        if place == "other_city":
            # The same renewal code as the first city's parcel: renewal codes are each city's own.
            parcel = Property.objects.create(
                renewal_code=files["own_office"].parcel.renewal_code, district=second.district, address="نجف‌آباد"
            )
            case = register(officer, parcel=parcel)
        else:
            case = register(officer)
        files[place] = move(case, State.RESPONDED, officer=officer, inspector=inspector, municipal=municipal)
        open_files[place] = register(officer)
        slips[place] = FeeSlip.objects.filter(case=case).first()
        permits[place] = _permit(case, serial)
        unit = second.supervisor if place == "other_city" else first.supervisor
        violations[place] = open_violation(
            office=case.office,
            type=late_type(case.district.municipality_id),
            source="inspection",
            actor=unit,
            description="پاسخ دیرهنگام",
            case=case,
        )
    Case.objects.filter(pk=files["own_office"].pk).update(applicant_user=first.citizen)
    return {
        "first": first,
        "second": second,
        "people": people,
        "files": files,
        "open": open_files,
        "permits": permits,
        "violations": violations,
        "slips": slips,
        "visits": {place: Visit.objects.get(case=case) for place, case in files.items()},
        "letters": {place: Letter.objects.get(case=case) for place, case in files.items()},
    }


def _permit(case, serial, number=None):
    return Permit.objects.create(
        number=number or f"1404/{case.district.number:02d}/{serial:06d}",
        district=case.district,
        year=1404,
        serial=serial if number is None else 900 + serial,
        case=case,
        renewal_code=case.parcel.renewal_code,
        valid_until=timezone.localdate() + datetime.timedelta(days=300),
        verification_code=new_verification_code(),
    )


@pytest.fixture
def as_role(world, api, client, db):
    """``as_role(role)``: (API client, page client) signed in as that role's person."""

    def sign_in(role):
        user = world["people"][role]
        api.force_authenticate(user)
        client.force_login(user)
        return api, client

    return sign_in


def results(response):
    body = response.json()
    return body["results"] if isinstance(body, dict) and "results" in body else body


# --- details: 200 for what the role sees, else 404 (or 403 for a role the endpoint is not for) ------------------

DETAILS = {
    # name: (url of the place's object, who sees which places, the roles the endpoint is for)
    "api_case": (lambda w, p: f"/api/v1/cases/{w['files'][p].pk}/", SEES_FILES, set(ROLES)),
    "api_case_history": (lambda w, p: f"/api/v1/cases/{w['files'][p].pk}/history/", SEES_FILES, set(ROLES)),
    "api_visit": (lambda w, p: f"/api/v1/inspections/{w['visits'][p].pk}/", SEES_VISITS, set(ROLES)),
    "api_violation": (lambda w, p: f"/api/v1/violations/{w['violations'][p].pk}/", SEES_VIOLATIONS, set(ROLES)),
    "api_permit": (lambda w, p: f"/api/v1/permits/{w['permits'][p].number}/", SEES_PERMITS, set(ROLES)),
    "page_case": (lambda w, p: f"/cases/{w['files'][p].pk}/", SEES_FILES, set(ROLES)),
    "page_slip": (lambda w, p: f"/billing/slips/{w['slips'][p].pk}/", SEES_FILES, set(ROLES)),
    "page_violation": (
        lambda w, p: f"/supervision/violations/{w['violations'][p].pk}/",
        SEES_VIOLATIONS,
        UNIT | {"office_manager"},
    ),
}


def _expected(role, place, sees, allowed):
    if role not in allowed:
        return 403
    return 200 if place in sees.get(role, set()) else 404


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(DETAILS))
def test_detail(world, as_role, endpoint, role, place):
    url_of, sees, allowed = DETAILS[endpoint]
    api, client = as_role(role)
    asker = client if endpoint.startswith("page_") else api
    response = asker.get(url_of(world, place))
    assert response.status_code == _expected(role, place, sees, allowed), response.content[:300]
    if endpoint == "api_permit" and response.status_code == 200:
        assert response.json()["number"] == world["permits"][place].number
        assert world["files"][place].tracking_code in str(response.json())


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
def test_letter(world, as_role, role, place):
    """A response letter follows its file: another city's is "no such file" (404 not_found)."""
    api, _client = as_role(role)
    response = api.get(f"/api/v1/cases/{world['files'][place].pk}/letter.pdf")
    if place in SEES_FILES[role]:
        assert response.status_code == 200 or response.json()["code"] == "letter-being-prepared"
    else:
        assert response.status_code == 404 and response.json()["code"] == "not_found"


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
def test_scorecard(world, as_role, role, place):
    """An office's scorecard: the unit of its city (and a platform administrator), and its own manager; for
    anyone else the API has no such office (404) and the page is not theirs (403)."""
    api, client = as_role(role)
    office = world["files"][place].office
    readers = UNIT | {"office_manager"}
    assert api.get(f"/api/v1/offices/{office.pk}/scorecard/").status_code == _expected(
        role, place, SEES_VIOLATIONS, set(ROLES)
    )
    page = client.get(f"/supervision/scorecards/office/{office.pk}/")
    assert page.status_code == _expected(role, place, SEES_VIOLATIONS, readers)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
def test_office_management_page(world, as_role, role, place):
    """The unit manages its city's offices; another city's office is not there. (The public directory of
    authorized offices stays public, every city's.)"""
    _api, client = as_role(role)
    office = world["files"][place].office
    visible = {"own_office", "other_office", "other_district"} | ({"other_city"} if role == "platform_admin" else set())
    expected = 403 if role not in UNIT else (200 if place in visible else 404)
    assert client.get(f"/offices/manage/{office.pk}/").status_code == expected


# --- lists: what the role sees is there, nothing else is, never another city's ------------------------------------

LISTS = {
    # name: (url, the place's object to look for in the list, who sees which places, the roles it is for)
    "api_cases": ("/api/v1/cases/", lambda w, p: w["files"][p].pk, SEES_FILES, set(ROLES)),
    "api_cartable": ("/api/v1/cartable/", lambda w, p: w["open"][p].pk, None, set(ROLES)),
    "api_inspections": ("/api/v1/inspections/", lambda w, p: w["visits"][p].pk, SEES_VISITS, set(ROLES)),
    "api_violations": ("/api/v1/violations/", lambda w, p: w["violations"][p].pk, SEES_VIOLATIONS, set(ROLES)),
}


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(LISTS))
def test_list(world, as_role, endpoint, role, place):
    url, id_of, sees, allowed = LISTS[endpoint]
    api, _client = as_role(role)
    response = api.get(url, {"page_size": 100})
    if role not in allowed:
        assert response.status_code == 403
        return
    assert response.status_code == 200, response.content[:300]
    ids = {row["id"] for row in results(response)}
    if sees is None:  # a cartable holds what waits for the person: only ever within what they may see
        assert id_of(world, place) not in ids or place in SEES_FILES[role]
    else:
        assert (id_of(world, place) in ids) == (place in sees.get(role, set()))
    if role != "platform_admin":
        assert id_of(world, "other_city") not in ids


PAGES = {
    # name: (url, text of the place's object on the page, who sees which places, the roles the page is for)
    "page_slips": ("/billing/slips/", lambda w, p: f"/billing/slips/{w['slips'][p].pk}/", SEES_FILES, set(ROLES)),
    "page_violations": (
        "/supervision/violations/",
        lambda w, p: f"/supervision/violations/{w['violations'][p].pk}/",
        SEES_VIOLATIONS,
        UNIT | {"office_manager"},
    ),
    "page_cartable": ("/cartable/", lambda w, p: f"/cases/{w['open'][p].pk}/", None, STAFF),
}


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_list_page(world, as_role, page, role, place):
    url, text_of, sees, allowed = PAGES[page]
    _api, client = as_role(role)
    response = client.get(url, {"page_size": 100})
    if role not in allowed:
        assert response.status_code in (302, 403)  # a citizen is sent to their own pages
        return
    assert response.status_code == 200
    html = response.content.decode()
    if sees is None:
        assert text_of(world, place) not in html or place in SEES_FILES[role]
    else:
        assert (text_of(world, place) in html) == (place in sees.get(role, set()))


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
def test_statistics(world, as_role, role, place):
    """The yearly figures are a city's: its districts by id (the two cities' "district 1" never mix)."""
    api, client = as_role(role)
    response = api.get("/api/v1/stats/annual/")
    page = client.get("/supervision/statistics/")
    if role not in STATISTICS_READERS:
        assert response.status_code == 403 and page.status_code in (302, 403)
        return
    assert response.status_code == 200 and page.status_code == 200
    district = world["files"][place].district
    districts = {row["id"] for row in response.json()["by_district"]}
    offices = {row["id"] for row in response.json()["by_office"]}
    # The platform administrator reads one city at a time: the first, unless another is asked for.
    assert (district.pk in districts) == (place != "other_city")
    assert (world["files"][place].office_id in offices) == (place != "other_city")


# --- the issue's own words -------------------------------------------------------------------------------------


def test_a_second_citys_supervisor_gets_404_on_the_first_citys_file(world, api, client, db):
    supervisor = world["second"].supervisor
    api.force_authenticate(supervisor)
    client.force_login(supervisor)
    isfahan = world["files"]["own_office"]
    assert api.get(f"/api/v1/cases/{isfahan.pk}/").status_code == 404
    assert api.get(f"/api/v1/cases/{isfahan.pk}/history/").status_code == 404
    assert client.get(f"/cases/{isfahan.pk}/").status_code == 404
    assert isfahan.pk not in {row["id"] for row in results(api.get("/api/v1/cases/", {"q": isfahan.tracking_code}))}
    # Its own city's file it sees.
    own = world["files"]["other_city"]
    assert api.get(f"/api/v1/cases/{own.pk}/").status_code == 200
    assert client.get(f"/cases/{own.pk}/").status_code == 200


def test_the_statistics_of_two_cities_with_a_district_1_each_never_mix(world, api, db):
    first, second = world["first"], world["second"]
    assert first.district.number == second.district.number == 1
    for reader, city, other in ((first.supervisor, first, second), (second.supervisor, second, first)):
        api.force_authenticate(reader)
        body = api.get("/api/v1/stats/annual/").json()
        assert body["municipality"] == city.municipality.code
        ones = [row for row in body["by_district"] if row["district"] == 1]
        assert [row["id"] for row in ones] == [city.district.pk]
        assert other.district.pk not in {row["id"] for row in body["by_district"]}
    # A platform administrator chooses the city; a city's own people cannot.
    api.force_authenticate(world["people"]["platform_admin"])
    chosen = api.get("/api/v1/stats/annual/", {"municipality": second.municipality.code}).json()
    assert [row["id"] for row in chosen["by_district"]] == [second.district.pk]
    api.force_authenticate(first.supervisor)
    asked = api.get("/api/v1/stats/annual/", {"municipality": second.municipality.code}).json()
    assert second.district.pk not in {row["id"] for row in asked["by_district"]}


def test_one_permit_number_in_two_cities_is_each_citys_own(world, api, db):
    # The first city's permit number again in the second city's district 1: numbers are a city's own.
    number = world["permits"]["own_office"].number
    _permit(world["files"]["other_city"], 1, number=number)
    for reader, place in ((world["first"].supervisor, "own_office"), (world["second"].supervisor, "other_city")):
        api.force_authenticate(reader)
        body = api.get(f"/api/v1/permits/{number}/").json()
        assert world["files"][place].tracking_code in str(body)


def test_renewal_codes_and_contract_numbers_are_unique_within_a_city_only(world, db):
    from django.db import IntegrityError

    from offices.models import Contract

    own, theirs = world["files"]["own_office"].parcel, world["files"]["other_city"].parcel
    assert own.renewal_code == theirs.renewal_code and own.municipality_id != theirs.municipality_id
    with pytest.raises(IntegrityError), transaction.atomic():
        Property.objects.create(renewal_code=own.renewal_code, district=own.district, address="دوباره")
    contract = world["first"].office.contracts.first()
    twin = Contract.objects.create(
        office=world["second"].office, number=contract.number, starts_on=contract.starts_on, ends_on=contract.ends_on
    )
    assert twin.municipality == world["second"].municipality
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.create(
            office=world["first"].office_b,
            number=contract.number,
            starts_on=contract.starts_on,
            ends_on=contract.ends_on,
        )


def test_every_place_was_built_with_everything_the_matrix_asks_about(world, db):
    for place in PLACES:
        assert world["files"][place].state == State.RESPONDED
        assert world["slips"][place] is not None and world["letters"][place] is not None
        assert Violation.objects.filter(pk=world["violations"][place].pk, state="open").exists()
    assert world["files"]["other_city"].district.municipality == world["second"].municipality
    assert (
        world["people"]["platform_admin"].municipality is None and world["people"]["platform_admin"].role == Role.ADMIN
    )
