"""The supervision unit's office pages: list, one office, and the forms that change it."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import Conflict
from core.jalali import format_jalali
from core.validators import to_ascii_digits
from core.validators import to_persian_digits as fa
from offices.models import Contract, District, Membership, Office, OfficeChange, OfficeStatus
from offices.services import change_office_status
from tests.offices.conftest import days
from tests.offices.factories import OfficeFactory

pytestmark = pytest.mark.django_db


def jalali(day):
    return format_jalali(day, persian=False)


def test_only_supervisors_open_the_office_pages(client, signed_in, city):
    assert client.get("/offices/manage/").status_code == 302
    signed_in(city.officer)
    assert client.get("/offices/manage/").status_code == 403
    client.logout()
    signed_in(city.supervisor)
    assert client.get("/offices/manage/").status_code == 200


def test_the_list_filters_and_searches(signed_in, city, today):
    change_office_status(office=city.office_b, action="suspend", actor=city.supervisor, reason="بازرسی")
    client = signed_in(city.supervisor)
    html = client.get("/offices/manage/", {"status": "suspended"}).content.decode()
    assert fa(city.office_b.code) in html and fa(city.office.code) not in html
    html = client.get("/offices/manage/", {"q": city.other_office.code}).content.decode()
    assert fa(city.other_office.code) in html and fa(city.other_office_b.code) not in html
    html = client.get("/offices/manage/", {"district": city.other_district.pk}).content.decode()
    assert fa(city.other_office_b.code) in html and fa(city.office.code) not in html
    soon = city.other_office
    soon.licence_expires_on = today + days(5)
    soon.save()
    html = client.get("/offices/manage/", {"licence_within": 7}).content.decode()
    expected = set(Office.objects.filter(licence_expires_on__lte=today + days(7)).values_list("code", flat=True))
    assert expected == {soon.code}
    assert set(re.findall(r'data-office="(\d+)"', html)) == expected


def test_the_list_takes_a_fixed_number_of_queries(signed_in, city, queries_for_page_sizes):
    OfficeFactory.create_batch(7, district=city.other_district)  # eleven offices: three pages of five
    client = signed_in(city.supervisor)
    # session, user, filter choices (districts, services), count, page, page services, the three training reads
    small, large = queries_for_page_sizes(client, "/offices/manage/", budget=13)
    assert small == large
    small, large = queries_for_page_sizes(client, "/offices/manage/", budget=13, status="active", q="دفتر")
    assert small == large
    assert "صفحهٔ ۱ از ۳" in client.get("/offices/manage/", {"page_size": 5}).content.decode()


def test_the_office_page_shows_staff_contracts_licence_training_and_history(signed_in, city):
    office = city.office
    reason = "عدم پاسخ‌گویی صحیح و به‌موقع به متقاضیان"
    change_office_status(office=office, action="suspend", actor=city.supervisor, reason=reason)
    client = signed_in(city.supervisor)
    html = client.get(f"/offices/manage/{office.pk}/").content.decode()
    assert fa(office.name) in html
    assert "این دفتر نمی‌تواند پروندهٔ جدید ثبت کند" in html  # suspended: the reason shows
    assert "عدم پاسخ‌گویی صحیح" in html
    # identifiers from other systems, exactly as issued
    assert f'<code class="ident">{office.contracts.get().number}</code>' in html
    assert "پروانهٔ فعالیت (سازمان تنظیم مقررات)" in html
    assert office.memberships.current().exists()
    for membership in office.memberships.current().select_related("user"):
        assert f'data-user="{membership.user.username}"' in html
    assert "تاریخچهٔ تغییرات" in html and "تعلیق‌شده" in html


def test_create_an_office(signed_in, city, today):
    client = signed_in(city.supervisor)
    district = District.objects.get(number=2)
    response = client.post(
        "/offices/manage/new/",
        {
            "code": "۱۰۳۷۰۰۹۹",
            "name": "دفتر پیشخوان آزمایشی",
            "district": district.pk,
            "address": "اصفهان، خیابان آزمایش",
            "postal_code": "۸۱۴۶۸۳۳۱۱۱",
            "phone": "031-32000000",
            "latitude": "32.65",
            "longitude": "51.66",
            "licence_number": "CRA-1",
            "licence_issued_on": jalali(today - days(10)),
            "licence_expires_on": "۱۴۲۰/۰۱/۰۱",
            "daily_capacity": 30,
            "services": [],
        },
    )
    office = Office.objects.get(code="10370099")
    assert response.status_code == 302 and response["Location"] == f"/offices/manage/{office.pk}/"
    assert office.postal_code == "8146833111"
    assert str(office.licence_expires_on) == "1420-01-01"
    assert office.changes.get().kind == OfficeChange.Kind.ADDED


def test_the_office_form_refuses_bad_input_with_persian_errors_and_saves_nothing(signed_in, city):
    client = signed_in(city.supervisor)
    before = Office.objects.count()
    response = client.post(
        "/offices/manage/new/",
        {
            "code": city.office.code,
            "name": "",
            "district": District.objects.get(number=2).pk,
            "address": "اصفهان",
            "postal_code": "12345",
            "licence_issued_on": "1403/05/01",
            "licence_expires_on": "1403/13/40",
            "latitude": "32.6",
            "daily_capacity": 30,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "کد پستی باید ۱۰ رقم باشد." in html
    assert "تاریخ را به‌صورت شمسی وارد کنید" in html
    assert "عرض و طول جغرافیایی را با هم وارد کنید یا هیچ‌کدام را." in html
    assert "دفتر با این کد دفتر از قبل موجود است." in html
    assert "این فیلد لازم است." in html
    assert Office.objects.count() == before


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [
        ("999", "51.66", "عرض جغرافیایی نقطه‌ای در ایران بین ۲۴ و ۴۰ درجه است."),
        ("32.65", "-999", "طول جغرافیایی نقطه‌ای در ایران بین ۴۴ و ۶۴ درجه است."),
        ("51.66", "32.65", "عرض جغرافیایی نقطه‌ای در ایران بین ۲۴ و ۴۰ درجه است."),  # swapped
    ],
)
def test_the_office_form_refuses_a_point_outside_iran(signed_in, city, latitude, longitude, message):
    client = signed_in(city.supervisor)
    data = {
        "code": "10370098",
        "name": "دفتر پیشخوان آزمایشی",
        "district": District.objects.get(number=2).pk,
        "address": "اصفهان، خیابان آزمایش",
        "latitude": latitude,
        "longitude": longitude,
        "daily_capacity": 30,
    }
    response = client.post("/offices/manage/new/", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Office.objects.filter(code="10370098").exists()
    response = client.post(f"/offices/manage/{city.office.pk}/edit/", {**data, "code": city.office.code})
    assert response.status_code == 400 and message in response.content.decode()
    city.office.refresh_from_db()
    assert -90 <= city.office.latitude <= 90


def test_edit_an_office_and_move_it_to_another_district(city, signed_in, office):
    client = signed_in(city.supervisor)
    page = client.get(f"/offices/manage/{office.pk}/edit/").content.decode()
    assert f'value="{jalali(office.licence_expires_on)}"' in page and "data-jdp" in page
    new_district = city.other_district
    data = {
        "code": office.code,
        "name": "دفتر تازه‌نام",
        "district": new_district.pk,
        "address": office.address,
        "postal_code": office.postal_code,
        "phone": office.phone,
        "latitude": office.latitude,
        "longitude": office.longitude,
        "licence_number": office.licence_number,
        "licence_issued_on": jalali(office.licence_issued_on),
        "licence_expires_on": jalali(office.licence_expires_on),
        "daily_capacity": 55,
        "services": list(office.services.values_list("pk", flat=True)),
    }
    assert client.post(f"/offices/manage/{office.pk}/edit/", data).status_code == 302
    office.refresh_from_db()
    assert (office.name, office.district, office.daily_capacity) == ("دفتر تازه‌نام", new_district, 55)
    assert office.changes.first().kind == OfficeChange.Kind.MOVED


def test_suspend_and_reactivate_write_the_public_history(city, signed_in, office):
    client = signed_in(city.supervisor)
    url = f"/offices/manage/{office.pk}/status/"
    refused = client.post(url, {"action": "suspend", "reason": ""})
    assert refused.status_code == 400
    assert "علت را بنویسید" in refused.content.decode()
    assert Office.objects.get(pk=office.pk).status == OfficeStatus.ACTIVE

    assert client.post(url, {"action": "suspend", "reason": "شکایت متقاضیان"}).status_code == 302
    office.refresh_from_db()
    assert (office.status, office.status_reason) == (OfficeStatus.SUSPENDED, "شکایت متقاضیان")
    again = client.post(url, {"action": "suspend", "reason": "دوباره"})
    assert again.status_code == 400 and "گزینهٔ معتبر" in again.content.decode()
    assert 'value="reactivate"' in again.content.decode() and 'value="suspend"' not in again.content.decode()
    with pytest.raises(Conflict) as caught:
        change_office_status(office=office, action="suspend", actor=office.manager, reason="دوباره")
    assert caught.value.message == "وضعیت دفتر «تعلیق‌شده» است؛ این اقدام برای آن ممکن نیست."

    assert client.post(url, {"action": "reactivate"}).status_code == 302
    kinds = list(office.changes.values_list("kind", flat=True))
    assert kinds[:2] == [OfficeChange.Kind.REACTIVATED, OfficeChange.Kind.SUSPENDED]


def test_a_future_effective_date_is_refused(city, signed_in, office, today):
    client = signed_in(city.supervisor)
    response = client.post(
        f"/offices/manage/{office.pk}/status/",
        {"action": "end", "reason": "پایان قرارداد", "effective_on": jalali(today + days(3))},
    )
    assert response.status_code == 400
    assert "تاریخ نمی‌تواند در آینده باشد." in response.content.decode()
    assert not office.changes.filter(kind=OfficeChange.Kind.ENDED).exists()


def test_unselect_and_select_for_the_district(city, signed_in, office):
    client = signed_in(city.supervisor)
    url = f"/offices/manage/{office.pk}/selection/"
    assert client.post(url, {"selected": "0", "reason": ""}).status_code == 400
    assert client.post(url, {"selected": "0", "reason": "کاهش تقاضا"}).status_code == 302
    assert not Office.objects.get(pk=office.pk).is_selected
    assert client.post(url, {"selected": "1"}).status_code == 302
    assert Office.objects.get(pk=office.pk).is_selected
    assert list(office.changes.values_list("kind", flat=True))[:2] == ["selected", "unselected"]


def test_add_a_contract_with_its_signed_file(city, signed_in, office, today):
    client = signed_in(city.supervisor)
    current = office.contracts.get()
    response = client.post(
        f"/offices/manage/{office.pk}/contracts/new/",
        {
            "number": "ق-NEW-1",
            "starts_on": jalali(current.ends_on + days(1)),
            "ends_on": jalali(current.ends_on + days(365)),
            "tariff_note": "تعرفه ۱۴۰۴",
            "signed_file": SimpleUploadedFile("contract.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    contract = Contract.objects.get(number="ق-NEW-1")
    assert contract.signed_file.name.endswith(".pdf")
    download = client.get(f"/offices/contracts/{contract.pk}/file/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4\n%%EOF\n"


def test_renewal_is_prefilled_and_linked(city, signed_in, office):
    client = signed_in(city.supervisor)
    current = office.contracts.get()
    page = client.get(f"/offices/manage/{office.pk}/contracts/new/", {"renews": current.pk}).content.decode()
    assert f'value="{jalali(current.ends_on + days(1))}"' in page
    data = {
        "number": "ق-RENEWED",
        "starts_on": jalali(current.ends_on + days(1)),
        "ends_on": jalali(current.ends_on + days(366)),
        "renews": current.pk,
    }
    assert client.post(f"/offices/manage/{office.pk}/contracts/new/", data).status_code == 302
    assert Contract.objects.get(number="ق-RENEWED").renews == current


def test_the_contract_form_refuses_bad_periods_and_saves_nothing(city, signed_in, office, today):
    client = signed_in(city.supervisor)
    before = Contract.objects.count()
    url = f"/offices/manage/{office.pk}/contracts/new/"
    backwards = client.post(url, {"number": "X-1", "starts_on": jalali(today), "ends_on": jalali(today - days(1))})
    assert backwards.status_code == 400
    assert "تاریخ پایان قرارداد نمی‌تواند پیش از تاریخ شروع آن باشد." in backwards.content.decode()
    overlapping = client.post(url, {"number": "X-2", "starts_on": jalali(today), "ends_on": jalali(today + days(9))})
    assert "هم‌پوشانی دارد" in overlapping.content.decode()
    taken = client.post(
        url, {"number": office.contracts.get().number, "starts_on": "1410/01/01", "ends_on": "1410/12/29"}
    )
    assert "قرارداد دیگری با این شماره ثبت شده است." in taken.content.decode()
    wrong_file = client.post(
        url,
        {
            "number": "X-3",
            "starts_on": "1411/01/01",
            "ends_on": "1411/12/29",
            "signed_file": SimpleUploadedFile("c.exe", b"MZ"),
        },
    )
    assert "فقط فایل پی‌دی‌اف، جی‌پگ یا پی‌ان‌جی پذیرفته می‌شود." in wrong_file.content.decode()
    assert Contract.objects.count() == before


def test_the_supervisor_adds_and_ends_a_post(city, signed_in, office, django_user_model):
    client = signed_in(city.supervisor)
    person = django_user_model.objects.create_user("new.officer", password="x-Long-pass-1", role="citizen")
    response = client.post(
        f"/offices/manage/{office.pk}/staff/new/",
        {"username": "new.officer", "role": "technical_officer", "employment_starts_on": "1403/01/01"},
    )
    assert response.status_code == 302
    membership = Membership.objects.current().get(user=person)
    person.refresh_from_db()
    assert (membership.office, person.role) == (office, "technical_officer")
    assert client.post(f"/offices/memberships/{membership.pk}/end/").status_code == 302
    assert not Membership.objects.current().filter(user=person).exists()
    html = client.get(f"/offices/manage/{office.pk}/").content.decode()
    assert "کارکنان پیشین" in html


def test_the_staff_form_refuses_unknown_users_and_municipal_staff(city, signed_in, office):
    client = signed_in(city.supervisor)
    url = f"/offices/manage/{office.pk}/staff/new/"
    unknown = client.post(url, {"username": "nobody", "role": "inspector"})
    assert "کاربری با نام کاربری «nobody» وجود ندارد." in unknown.content.decode()
    municipal = client.post(url, {"username": city.municipal.username, "role": "inspector"})
    assert "به کارکنان شهرداری و ناظران نمی‌توان سمتی در دفتر داد." in municipal.content.decode()
    # The colleague is the technical officer of another office (office_b).
    elsewhere = client.post(url, {"username": city.colleague.username, "role": "technical_officer"})
    assert "ابتدا باید آن همکاری پایان یابد" in elsewhere.content.decode()
    people = [city.municipal, city.colleague]
    assert Membership.objects.current().filter(office=office, user__in=people).count() == 0


def test_the_admin_shows_jalali_dates(client, city):
    admin = city.admin
    assert admin.is_staff and admin.is_superuser
    client.force_login(admin)
    office = city.office
    listing = client.get("/admin/offices/office/").content.decode()
    assert format_jalali(office.licence_expires_on) in listing
    contracts = client.get("/admin/offices/contract/").content.decode()
    assert format_jalali(office.contracts.first().ends_on) in contracts
    form = client.get(f"/admin/offices/office/{office.pk}/change/").content.decode()
    assert 'class="vjDateField' in form
    assert str(office.licence_expires_on) in form  # the Jalali value, as the Jalali picker expects


def test_an_overflowing_service_key_is_refused_as_an_unknown_service(city, signed_in, office):
    client = signed_in(city.supervisor)
    data = {
        "code": office.code, "name": office.name, "district": office.district.pk, "address": office.address,
        "postal_code": office.postal_code, "phone": office.phone, "licence_number": office.licence_number,
        "licence_issued_on": jalali(office.licence_issued_on), "licence_expires_on": jalali(office.licence_expires_on),
        "daily_capacity": 57, "services": ["99999999999999999999"],
    }  # fmt: skip
    response = client.post(f"/offices/manage/{office.pk}/edit/", data)
    assert response.status_code in (200, 400)  # the form again, with the refusal beside the services
    assert "99999999999999999999" in to_ascii_digits(response.content.decode())
    office.refresh_from_db()
    assert office.daily_capacity != 57
