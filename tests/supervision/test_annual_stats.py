"""The yearly figures: by family, service, district (by id) and office; monthly; earlier years; Excel."""

import datetime
import io

import jdatetime
import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Role
from supervision.demo import seed_figures
from supervision.excel import Sheet, workbook
from supervision.selectors import stats
from tests.supervision.factories import (
    DistrictFactory,
    MunicipalityFactory,
    OfficeFactory,
    answer_file,
    register_file,
    staff,
)

pytestmark = pytest.mark.django_db


def at(y, m, d):
    g = jdatetime.date(y, m, d).togregorian()
    return datetime.datetime.combine(g, datetime.time(10), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def twin_cities(town):
    """A second city whose district has the same number and name as the first city's."""
    district = town["office"].district
    twin = DistrictFactory(
        municipality=MunicipalityFactory(code="najafabad", name="شهرداری نجف‌آباد"),
        number=district.number,
        name=district.name,
    )
    far = OfficeFactory(district=twin)
    return {**town, "far_office": far, "far_officer": staff(far, Role.TECHNICAL_OFFICER)}


def test_annual_figures_by_year_family_district_and_office(town, as_user, django_assert_max_num_queries):
    register_file(town["officer"], at=at(1403, 12, 30))  # last day of 1403 (a leap year)
    register_file(town["officer"], at=at(1403, 5, 1))
    case = register_file(town["officer"], at=at(1403, 12, 28))
    answer_file(case, town["officer"], at=at(1404, 1, 5))
    register_file(town["officer"], at=at(1404, 1, 1))
    office = town["office"]

    api = as_user(town["supervisor"])
    with django_assert_max_num_queries(9):
        body = api.get("/api/v1/stats/annual/", {"year": "۱۴۰۳", "municipality": office.district.municipality.code})
    body = body.json()
    assert (body["year"], body["registered"], body["responded"]) == (1403, 3, 0)
    district = office.district
    assert body["by_district"] == [
        {"id": district.pk, "district": district.number, "name": district.name, "registered": 3, "responded": 0}
    ]
    assert body["by_family"] == [{"family": "inquiries", "title": "استعلام‌ها", "registered": 3, "responded": 0}]
    assert body["by_office"][0]["office"] == office.code and body["by_office"][0]["registered"] == 3
    assert sum(m["registered"] for m in body["monthly"]) == 3
    assert [m["registered"] for m in body["monthly"]][4] == 1  # Mordad
    next_year = api.get(
        "/api/v1/stats/annual/", {"year": 1404, "municipality": office.district.municipality.code}
    ).json()
    assert (next_year["registered"], next_year["responded"]) == (1, 1)


def test_one_district_is_one_row_and_cities_never_mix(twin_cities):
    register_file(twin_cities["officer"], at=at(1403, 2, 2))
    register_file(twin_cities["officer"], at=at(1403, 2, 3))
    register_file(twin_cities["far_officer"], at=at(1403, 2, 2))
    home = twin_cities["office"].district.municipality
    figures = stats.annual(1403, municipality=home)
    assert [(r["id"], r["registered"]) for r in figures["by_district"]] == [(twin_cities["office"].district_id, 2)]
    away = stats.annual(1403, municipality=twin_cities["far_office"].district.municipality)
    assert [(r["id"], r["registered"]) for r in away["by_district"]] == [(twin_cities["far_office"].district_id, 1)]


def test_the_figures_stay_a_fixed_number_of_queries(town, django_assert_num_queries):
    city_ = town["office"].district.municipality
    register_file(town["officer"], at=at(1403, 2, 2))

    def read():
        stats.annual(1403, municipality=city_)
        stats.monthly(1403, municipality=city_)
        stats.yearly_series(municipality=city_, until=1404)

    with django_assert_num_queries(1 + 1 + 2):
        read()
    for _ in range(4):
        more = OfficeFactory(district=town["office"].district)
        officer = staff(more, Role.TECHNICAL_OFFICER)
        register_file(officer, at=at(1403, 3, 3))
        register_file(officer, at=at(1402, 3, 3))
    with django_assert_num_queries(1 + 1 + 2):
        read()


def test_the_series_uses_the_published_figures_and_the_files_after(town):
    municipality = town["office"].district.municipality
    seed_figures(municipality)
    register_file(town["officer"], at=at(1403, 2, 2))
    rows = {r["year"]: r for r in stats.yearly_series(municipality=municipality, until=1403)}
    assert list(rows) == list(range(1395, 1404))
    assert (rows[1395]["registered"], rows[1395]["answered"], rows[1395]["entered"]) == (7949, 5985, True)
    assert (rows[1397]["registered"], rows[1397]["answered"]) == (86820, 77730)
    assert (rows[1402]["registered"], rows[1402]["answered"]) == (41626, 36123)
    assert (rows[1396]["registered"], rows[1396]["entered"]) == (0, False)
    assert (rows[1403]["registered"], rows[1403]["entered"]) == (1, False)
    permits = {r["year"]: r for r in stats.yearly_series("permits", municipality=municipality, until=1403)}
    assert (
        permits[1402]["registered"] == 1301
        and permits[1402]["period_from"] == jdatetime.date(1402, 8, 15).togregorian()
    )
    assert permits[1403]["registered"] == 1645


def test_the_excel_export_holds_the_same_numbers(town, as_user):
    register_file(town["officer"], at=at(1403, 2, 2))
    case = register_file(town["officer"], at=at(1403, 2, 3))
    answer_file(case, town["officer"], at=at(1403, 2, 9))
    code = town["office"].district.municipality.code
    api = as_user(town["supervisor"])
    response = api.get("/api/v1/stats/annual/", {"year": 1403, "format": "xlsx", "municipality": code})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.content))
    totals = list(book["جمع کل"].iter_rows(values_only=True))
    assert totals[-1] == (1403, 2, 1)
    offices = list(book["به تفکیک دفتر"].iter_rows(values_only=True))
    assert offices[-1] == (town["office"].code, town["office"].name, town["office"].district.number, 2, 1)
    months = list(book["به تفکیک ماه"].iter_rows(values_only=True))
    assert months[2] == ("اردیبهشت", 2, 1)
    bad = api.get("/api/v1/stats/annual/", {"year": "x", "format": "xlsx"})
    assert bad.status_code == 400 and bad["Content-Type"] == "application/json"


def test_no_cell_starts_as_a_formula():
    data = workbook([Sheet("=t", ["=h"], [['=HYPERLINK("http://x")', "+1", "@a", "دفتر", -5]])])
    ws = load_workbook(io.BytesIO(data)).active
    cells = [ws.cell(row=2, column=c) for c in range(1, 6)]
    assert [c.value for c in cells] == ['=HYPERLINK("http://x")', "+1", "@a", "دفتر", -5]
    assert [c.data_type for c in cells] == ["s", "s", "s", "s", "n"]
    assert cells[0].quotePrefix and cells[1].quotePrefix and not cells[3].quotePrefix
    assert ws.cell(row=1, column=1).data_type == "s" and ws.title == "t"


def test_only_supervision_and_municipal_staff_read_statistics(town, as_user):
    assert as_user(town["officer"]).get("/api/v1/stats/annual/").status_code == 403
    from tests.supervision.factories import UserFactory

    assert as_user(UserFactory(role=Role.MUNICIPAL_STAFF)).get("/api/v1/stats/annual/").status_code == 200
    bad = as_user(town["supervisor"]).get("/api/v1/stats/annual/", {"year": "abc"})
    assert bad.status_code == 400 and "year" in bad.json()["errors"]


def test_the_yearly_table_refuses_what_it_does_not_know(town, as_user):
    api = as_user(town["supervisor"])
    code = town["office"].district.municipality.code
    assert api.get("/api/v1/stats/annual/", {"year": "۱۴۰۳", "municipality": code}).json()["year"] == 1403
    unknown = api.get("/api/v1/stats/annual/", {"year": 1403, "yaer": 1402, "municipality": code})
    assert unknown.status_code == 400 and unknown.json()["errors"] == {"yaer": ["این فیلد شناخته نیست."]}
    for year in ("1299", "1501", "۱۴۰۳x", "²"):
        bad = api.get("/api/v1/stats/annual/", {"year": year, "municipality": code})
        assert bad.status_code == 400 and bad.json()["errors"]["year"] == ["سال شمسی را مانند ۱۴۰۳ وارد کنید."], year
    assert api.get("/api/v1/stats/annual/", {"format": "pdf", "municipality": code}).status_code in (400, 404)
