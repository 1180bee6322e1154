"""The reference pages: tariffs, zonal values (with import), courses and attendance, the catalogue,
the unit's rules and the published figures — each change kept in the row's history."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accounts.models import Role
from billing.models import Tariff, ZonalValue
from billing.selectors import zonal_value_in_force
from core.validators import to_persian_digits
from offices.models import Attendance, Course
from supervision.models import Policy, ViolationType, YearFigure
from tests.supervision.factories import ServiceFactory, UserFactory, register_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(client, town):
    client.force_login(town["supervisor"])
    return client


def csv_file(text, name="values.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


def test_only_the_unit_opens_the_reference_pages(client, town):
    client.force_login(town["manager"])
    for url in ("/supervision/reference/", "/supervision/reference/tariffs/", "/supervision/reference/rules/"):
        assert client.get(url).status_code == 403


def test_a_tariff_version_is_added_and_a_used_one_is_not_changed(unit):
    service = ServiceFactory()
    assert unit.get("/supervision/reference/tariffs/new/").status_code == 200
    form = {
        "service": service.pk,
        "valid_from": "1404/01/01",
        "municipality_fee_rials": "250000",
        "counter_fee_rials": "120000",
        "approval_reference": "مصوبه ۱۲",
        "approved_on": "1403/12/20",
    }
    assert unit.post("/supervision/reference/tariffs/new/", {**form, "counter_fee_rials": "1500"}).status_code == 400
    assert unit.post("/supervision/reference/tariffs/new/", form).status_code == 302
    tariff = Tariff.objects.get(service=service, valid_from=datetime.date(2025, 3, 21))
    assert tariff.valid_from == datetime.date(2025, 3, 21)
    changed = unit.post(f"/supervision/reference/tariffs/{tariff.pk}/", {**form, "counter_fee_rials": "130000"})
    assert changed.status_code == 302
    tariff.refresh_from_db()
    assert tariff.counter_fee_rials == 130000
    page = unit.get(f"/supervision/reference/tariffs/{tariff.pk}/").content.decode()
    history = page[page.index('data-testid="row-history"') :]
    assert "۱۲۰۰۰۰" in history and "۱۳۰۰۰۰" in history  # the change, old and new


def test_a_tariff_whose_fees_one_slip_cannot_carry_is_refused(unit):
    service = ServiceFactory()
    form = {
        "service": service.pk,
        "valid_from": "1404/01/01",
        "municipality_fee_rials": "99999999000",
        "counter_fee_rials": "1000",
        "approval_reference": "مصوبه ۱۲",
        "approved_on": "1403/12/20",
    }
    limit = "جمع دو مبلغ بیش از آن است که یک فیش بپذیرد (حداکثر ۹۹٬۹۹۹٬۹۹۹٬۰۰۰ ریال)."
    refused = unit.post("/supervision/reference/tariffs/new/", form)
    assert refused.status_code == 400 and limit in refused.content.decode()
    assert not Tariff.objects.filter(service=service).exists()
    assert unit.post("/supervision/reference/tariffs/new/", {**form, "counter_fee_rials": "0"}).status_code == 302
    tariff = Tariff.objects.get(service=service)
    changed = unit.post(f"/supervision/reference/tariffs/{tariff.pk}/", {**form, "counter_fee_rials": "5000"})
    assert changed.status_code == 400 and limit in changed.content.decode()
    tariff.refresh_from_db()
    assert tariff.counter_fee_rials == 0


def test_zonal_values_by_hand_and_imported_all_or_nothing(unit, town):
    district = town["office"].district
    made = unit.post(
        "/supervision/reference/zonal-values/new/",
        {"district": district.pk, "block": "۰۱۲", "value_rials": "45000000", "valid_from": "1403/01/01"},
    )
    assert made.status_code == 302
    assert zonal_value_in_force(district, "12", on=datetime.date(2024, 6, 1)) == 45_000_000
    n = district.number
    bad = unit.post(
        "/supervision/reference/zonal-values/import/",
        {
            "municipality": district.municipality.pk,
            "file": csv_file(
                f"district,block,value_rials,valid_from\n{n},12,50000000,1404/01/01\n99,13,1,1404/01/01\n"
            ),
        },
    )
    assert bad.status_code == 400 and "ردیف ۳" in bad.content.decode()
    assert ZonalValue.objects.count() == 1
    book = Workbook()
    book.active.append(["منطقه", "بلوک", "ارزش (ریال)", "از تاریخ"])
    book.active.append([n, 12, 50000000, "1404/01/01"])
    book.active.append([n, "14", "=1+1", "1404/01/01"])
    data = io.BytesIO()
    book.save(data)
    formula = unit.post(
        "/supervision/reference/zonal-values/import/",
        {"municipality": district.municipality.pk, "file": SimpleUploadedFile("v.xlsx", data.getvalue())},
    )
    assert formula.status_code == 400 and ZonalValue.objects.count() == 1
    book.active.delete_rows(3)
    data = io.BytesIO()
    book.save(data)
    good = unit.post(
        "/supervision/reference/zonal-values/import/",
        {"municipality": district.municipality.pk, "file": SimpleUploadedFile("v.xlsx", data.getvalue())},
    )
    assert good.status_code == 302
    assert zonal_value_in_force(district, "012", on=datetime.date(2025, 6, 1)) == 50_000_000
    assert zonal_value_in_force(district, "12", on=datetime.date(2024, 6, 1)) == 45_000_000
    assert ZonalValue.history.count() == 2


def test_courses_and_attendance(unit, town):
    made = unit.post(
        "/supervision/reference/courses/new/",
        {
            "title": "ضوابط طرح تفصیلی",
            "kind": "theory",
            "starts_on": "1404/02/01",
            "ends_on": "1404/02/05",
            "hours": "24",
            "required_for": [Role.TECHNICAL_OFFICER, Role.INSPECTOR],
        },
    )
    assert made.status_code == 302
    course = Course.objects.get(title="ضوابط طرح تفصیلی")
    assert course.required_for == [Role.INSPECTOR, Role.TECHNICAL_OFFICER]
    url = f"/supervision/reference/courses/{course.pk}/attendance/"
    assert unit.post(url, {"user": town["officer"].pk, "passed": "on"}).status_code == 400  # not attended
    assert unit.post(url, {"user": UserFactory(role=Role.CITIZEN).pk, "attended": "on"}).status_code == 400
    assert (
        unit.post(url, {"user": town["officer"].pk, "attended": "on", "passed": "on", "score": "18"}).status_code == 302
    )
    assert Attendance.objects.get(course=course, user=town["officer"]).passed
    edited = unit.post(
        f"/supervision/reference/courses/{course.pk}/edit/",
        {"title": "ضوابط", "kind": "theory", "starts_on": "1404/02/01", "ends_on": "1404/01/05", "hours": "24"},
    )
    assert edited.status_code == 400
    page = unit.get(f"/supervision/reference/courses/{course.pk}/").content.decode()
    assert to_persian_digits(str(town["officer"])) in page and 'data-testid="row-history"' in page


def test_the_catalogue_and_the_rules(unit, town):
    made = unit.post(
        "/supervision/reference/catalogue/new/",
        {"code": "no_receipt", "title": "ندادن رسید", "default_fine_rials": "2000000", "is_active": "on"},
    )
    assert made.status_code == 302
    entry = ViolationType.objects.get(code="no_receipt")
    assert entry.municipality == town["office"].district.municipality  # the unit's entries are its city's
    late = ViolationType.objects.get(code="late_answer")
    assert late.municipality is None  # the national catalogue is the platform's: a city's unit does not edit it
    assert unit.get(f"/supervision/reference/catalogue/{late.pk}/").status_code == 404
    # The catalogue page lists what the city uses: its own entries and the national ones, marked, not editable.
    listed = unit.get("/supervision/reference/catalogue/").content.decode()
    assert late.title in listed and entry.title in listed and 'data-testid="national-entry"' in listed
    assert f"/supervision/reference/catalogue/{late.pk}/" not in listed
    assert f"/supervision/reference/catalogue/{entry.pk}/" in listed
    from supervision.services import open_violation

    used = ViolationType.objects.create(code="used", title="به‌کاررفته", municipality=entry.municipality)
    open_violation(office=town["office"], type=used, source="inspection", actor=town["supervisor"], description="x")
    renamed = unit.post(
        f"/supervision/reference/catalogue/{used.pk}/", {"code": "late", "title": used.title, "is_active": "on"}
    )
    assert renamed.status_code == 400
    taken = unit.post(
        "/supervision/reference/catalogue/new/", {"code": "no_receipt", "title": "دوباره", "is_active": "on"}
    )
    assert taken.status_code == 400  # a city's codes are its own, once each
    assert (
        unit.post(
            f"/supervision/reference/catalogue/{entry.pk}/", {"code": "no_receipt", "title": "بدون رسید"}
        ).status_code
        == 302
    )
    entry.refresh_from_db()
    assert (entry.title, entry.is_active) == ("بدون رسید", False)

    rules = dict.fromkeys(Policy.WEIGHTS, "0")
    rules.update(
        response_days="7", appeal_days="10", overdue_after_days="3", stuck_after_days="10", renewal_warning_score="70"
    )
    assert unit.post("/supervision/reference/rules/", rules).status_code == 400  # every weight zero
    rules["weight_on_time"] = "100"
    assert unit.post("/supervision/reference/rules/", rules).status_code == 302
    policy = Policy.current(town["office"].district.municipality)
    assert (policy.response_days, policy.weights()["on_time"], policy.weights()["complaints"]) == (7, 100, 0)
    assert Policy.current().response_days == 5  # the city's rules are its own: the national ones stay
    assert 'data-testid="row-history"' in unit.get("/supervision/reference/rules/").content.decode()


def test_published_figures_entered_and_imported(unit, town):
    municipality = town["office"].district.municipality
    made = unit.post(
        "/supervision/reference/figures/new/",
        {"municipality": municipality.pk, "series": "files", "year": "1395", "registered": "7949", "answered": "5985"},
    )
    assert made.status_code == 302
    twice = unit.post(
        "/supervision/reference/figures/new/",
        {"municipality": municipality.pk, "series": "files", "year": "1395", "registered": "1"},
    )
    assert twice.status_code == 400
    imported = unit.post(
        "/supervision/reference/figures/import/",
        {
            "municipality": municipality.pk,
            "file": csv_file(
                "series,year,registered,answered,from,to,source\n"
                "files,1397,86820,77730,,,مصاحبه\n"
                "permits,1402,1301,,1402/08/15,1402/12/29,مصاحبه\n"
                "files,1395,7950,5985,,,اصلاح\n"
            ),
        },
    )
    assert imported.status_code == 302
    figures = {(f.series, f.year): f for f in YearFigure.objects.filter(municipality=municipality)}
    assert figures["files", 1395].registered == 7950
    assert figures["files", 1397].answered == 77730
    assert figures["permits", 1402].period_from == datetime.date(2023, 11, 6)
    assert "1397" in unit.get("/supervision/reference/figures/").content.decode()


@pytest.mark.parametrize(
    "rows, shown",
    [
        ("²,12,50000000,1404/01/01\n", "ردیف ۲"),  # a superscript two is a digit to str.isdigit, not to int()
        ("{n},①②,50000000,1404/01/01\n", "ردیف ۲"),
        ("{n},12,50000000,0001/01/01\n", "ردیف ۲"),
        ("{n},12,50000000," + "1" * 200_000 + "\n", "خانه"),
    ],
)
def test_an_import_with_odd_digits_dates_or_an_overlong_cell_is_refused_and_nothing_saved(unit, town, rows, shown):
    district = town["office"].district
    refused = unit.post(
        "/supervision/reference/zonal-values/import/",
        {
            "municipality": district.municipality.pk,
            "file": csv_file("district,block,value_rials,valid_from\n" + rows.replace("{n}", str(district.number))),
        },
    )
    assert refused.status_code == 400 and shown in refused.content.decode()
    assert not ZonalValue.objects.exists()


@pytest.mark.parametrize("damage", ["sheet", "shared_strings"])
def test_a_damaged_workbook_is_refused_not_an_error(unit, town, damage):
    import zipfile

    book = Workbook()
    book.active.append(["منطقه", "بلوک", "ارزش (ریال)", "از تاریخ"])
    book.active.append([town["office"].district.number, "12", 50000000, "1404/01/01"])
    data = io.BytesIO()
    book.save(data)
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data.getvalue())) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if damage == "sheet" and item.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]  # cut in the middle of its XML
            if damage == "shared_strings" and item.filename == "xl/worksheets/sheet1.xml":
                # A shared string that is not there (the workbook has none).
                content = re.sub(rb'<c r="A1" t="inlineStr">.*?</c>', b'<c r="A1" t="s"><v>999</v></c>', content)
            target.writestr(item, content)
    refused = unit.post(
        "/supervision/reference/zonal-values/import/",
        {
            "municipality": town["office"].district.municipality.pk,
            "file": SimpleUploadedFile("v.xlsx", damaged.getvalue()),
        },
    )
    assert refused.status_code == 400 and "اکسل" in refused.content.decode()
    assert not ZonalValue.objects.exists()


def test_zonal_values_are_listed_in_their_blocks_numbers_order(unit, town):
    district = town["office"].district
    for block in ("10", "2", "1", "21"):
        ZonalValue.objects.create(
            district=district, block=block, value_rials=1_000_000, valid_from=datetime.date(2025, 3, 21)
        )
    page = unit.get("/supervision/reference/zonal-values/").content.decode()
    rows = re.findall(r'data-testid="zonal-block">([^<]+)<', page)
    assert rows == ["۱", "۲", "۱۰", "۲۱"], rows


@pytest.mark.parametrize(
    "hours, message",
    [
        ("1001", "این مقدار باید کوچک‌تر از ۱۰۰۰ یا برابر با آن باشد."),
        ("0", "این مقدار باید بزرگ‌تر از ۱ یا برابر با آن باشد."),
    ],
)
def test_a_number_out_of_range_is_explained_in_plain_persian(unit, hours, message):
    form = {"title": "دوره", "kind": "theory", "starts_on": "1404/02/01", "ends_on": "1404/02/05", "hours": hours}
    refused = unit.post("/supervision/reference/courses/new/", form)
    assert refused.status_code == 400 and message in refused.content.decode()


def test_a_zonal_value_typed_in_persian_digits_is_saved(unit, town):
    district = town["office"].district
    page = unit.get("/supervision/reference/zonal-values/new/").content.decode()
    box = re.search(r'<input[^>]*name="value_rials"[^>]*>', page).group()
    assert 'type="text"' in box and 'inputmode="numeric"' in box and 'dir="ltr"' in box
    made = unit.post(
        "/supervision/reference/zonal-values/new/",
        {"district": district.pk, "block": "۱۵", "value_rials": "۲۵۰۰۰۰۰", "valid_from": "۱۴۰۳/۰۱/۰۱"},
    )
    assert made.status_code == 302
    assert zonal_value_in_force(district, "15", on=datetime.date(2024, 6, 1)) == 2_500_000
    # Grouped as the pages show amounts: the Persian separator, a comma, spaces.
    for block, typed in (("16", "۱۲٬۵۰۰٬۰۰۰"), ("17", "12,500,000"), ("18", "12 500 000")):
        made = unit.post(
            "/supervision/reference/zonal-values/new/",
            {"district": district.pk, "block": block, "value_rials": typed, "valid_from": "۱۴۰۳/۰۱/۰۱"},
        )
        assert made.status_code == 302, typed
        assert zonal_value_in_force(district, block, on=datetime.date(2024, 6, 1)) == 12_500_000


def test_a_list_s_empty_choice_reads_in_persian(unit, town):
    for url in ("/supervision/reference/zonal-values/", "/supervision/reference/zonal-values/new/"):
        page = unit.get(url).content.decode()
        assert "---------" not in page and '<option value="" selected>— انتخاب کنید —</option>' in page


def test_rule_days_and_weights_are_bounded_and_the_largest_keeps_the_follow_up_desk_working(unit, town, client):
    from supervision.models import POLICY_BOUNDS

    rules = dict.fromkeys(Policy.WEIGHTS, "10")
    rules.update(
        response_days="7", appeal_days="10", overdue_after_days="3", stuck_after_days="10", renewal_warning_score="70"
    )
    for name, value in (("stuck_after_days", "1000000"), ("overdue_after_days", "61"), ("weight_training", "101")):
        response = unit.post("/supervision/reference/rules/", {**rules, name: value})
        assert response.status_code == 400, name
        high = POLICY_BOUNDS[name][1]
        assert (
            f"عددی صحیح از {to_persian_digits(POLICY_BOUNDS[name][0])} تا {to_persian_digits(high)} وارد کنید."
            in response.content.decode()
        )
    city = town["office"].district.municipality
    assert not Policy.objects.filter(municipality=city).exists()  # nothing saved
    largest = {**rules, "stuck_after_days": "60", "overdue_after_days": "60"}
    assert unit.post("/supervision/reference/rules/", largest).status_code == 302
    assert Policy.current(city).stuck_after_days == 60
    register_file(town["officer"])
    client.force_login(town["followup"])
    assert client.get("/supervision/followup/").status_code == 200
