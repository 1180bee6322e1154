"""Office staff: "My office", the manager's staff management, and who may still act."""

import datetime

import pytest

from core.errors import Forbidden
from core.validators import to_persian_digits as fa
from offices.models import Membership
from offices.selectors import is_active_staff, offices_of, primary_membership
from offices.services import change_office_status, end_membership
from tests.offices.conftest import days

pytestmark = pytest.mark.django_db


def test_staff_see_their_office_and_whether_it_may_register(signed_in, city):
    client = signed_in(city.officer)
    html = client.get("/offices/mine/").content.decode()
    assert "دفتر من" in html
    assert fa(city.office.code) in html
    assert "این دفتر مجاز به ثبت پروندهٔ جدید است." in html
    assert 'data-testid="staff-form"' not in html  # only the manager manages staff


def test_staff_of_a_suspended_office_see_why_in_an_alert(signed_in, city):
    office = city.office
    change_office_status(
        office=office,
        action="suspend",
        actor=city.supervisor,
        reason="بررسی شکایت",
    )
    html = signed_in(city.officer).get("/offices/mine/").content.decode()
    assert 'class="alert alert-danger"' in html
    assert "این دفتر تعلیق شده است (بررسی شکایت) و نمی‌تواند پروندهٔ جدید ثبت کند." in html


def test_an_inspector_sees_every_office_of_their_district(signed_in, city):
    html = signed_in(city.inspector).get("/offices/mine/").content.decode()
    for office in (city.office, city.office_b):
        assert f'data-office="{office.code}"' in html
    assert f'data-office="{city.other_office.code}"' not in html


def test_my_office_appears_in_the_navigation_of_office_staff(signed_in, city):
    assert 'href="/offices/mine/"' in signed_in(city.officer).get("/").content.decode()


def test_the_manager_adds_a_colleague_by_username(signed_in, city, django_user_model):
    person = django_user_model.objects.create_user("new.inspector", password="x-Long-pass-1")
    client = signed_in(city.manager)
    page = client.get("/offices/mine/").content.decode()
    assert 'data-testid="staff-form"' in page
    response = client.post(
        "/offices/mine/", {"username": "new.inspector", "role": "inspector", "employment_starts_on": "۱۴۰۳/۰۱/۱۵"}
    )
    assert response.status_code == 302
    membership = Membership.objects.current().get(user=person)
    assert membership.office == city.office and membership.role == "inspector"
    assert str(membership.employment_starts_on) == "1403-01-15"


def test_the_manager_cannot_hire_a_manager_or_refer_to_unknown_people(signed_in, city):
    citizen = city.citizen
    client = signed_in(city.manager)
    response = client.post("/offices/mine/", {"username": citizen.username, "role": "office_manager"})
    assert response.status_code == 400
    assert not Membership.objects.current().filter(user=citizen).exists()
    response = client.post(
        "/offices/mine/",
        {
            "username": citizen.username,
            "role": "technical_officer",
            "employment_starts_on": "1403/05/01",
            "employment_ends_on": "1403/04/01",
        },
    )
    assert "تاریخ پایان قرارداد کار نمی‌تواند پیش از تاریخ شروع آن باشد." in response.content.decode()
    assert not Membership.objects.current().filter(user=citizen).exists()


def test_the_manager_is_not_told_who_works_where_else(signed_in, city):
    colleague = city.colleague  # the technical officer of office_b
    response = signed_in(city.manager).post("/offices/mine/", {"username": colleague.username, "role": "inspector"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "این فرد هم‌اکنون در دفتر دیگری سمت دارد؛ نخست باید آن سمت پایان یابد." in html
    for secret in (colleague.get_full_name(), colleague.last_name, city.office_b.name, "مسئول فنی در"):
        assert secret not in html, secret
    assert not Membership.objects.current().filter(user=colleague, office=city.office).exists()


def test_a_citizens_own_account_and_another_citys_are_not_there_for_a_post(signed_in, city, django_user_model):
    from tests.offices.factories import MunicipalityFactory

    # A citizen's account, made by their sign-in by SMS code: the username is their national ID.
    citizen = django_user_model(username="0499370899", role="citizen", national_id="0499370899", mobile="09131112233")
    citizen.set_unusable_password()
    citizen.save()
    elsewhere = django_user_model.objects.create_user(
        "najaf.engineer", password="x-Long-pass-1", municipality=MunicipalityFactory(code="najafabad", name="نجف‌آباد")
    )
    for person, path in (
        (city.manager, "/offices/mine/"),
        (city.supervisor, f"/offices/manage/{city.office.pk}/staff/new/"),
    ):
        client = signed_in(person)
        for username in (citizen.username, elsewhere.username, "nobody.here"):
            response = client.post(path, {"username": username, "role": "inspector"})
            assert response.status_code in (200, 400), (path, username)
            assert f"کاربری با نام کاربری «{fa(username)}» وجود ندارد" in response.content.decode(), (path, username)
    citizen.refresh_from_db()
    assert citizen.role == "citizen" and not Membership.objects.filter(user__in=[citizen, elsewhere]).exists()


def test_the_manager_ends_a_post_and_that_person_can_no_longer_act(signed_in, city):
    officer = city.officer
    office = city.office
    assert is_active_staff(officer) and is_active_staff(officer, office)
    membership = Membership.objects.current().get(user=officer)
    client = signed_in(city.manager)
    assert client.post(f"/offices/memberships/{membership.pk}/end/").status_code == 302
    assert not is_active_staff(officer)
    assert not is_active_staff(officer, office)
    assert primary_membership(officer) is None
    assert not offices_of(officer).exists()
    html = client.get("/offices/mine/").content.decode()
    assert "کارکنان پیشین" in html
    # The ended post stays as history.
    assert Membership.objects.get(pk=membership.pk).ends_on is not None


def test_a_manager_cannot_end_posts_of_another_office_or_their_own(signed_in, city):
    other = Membership.objects.current().filter(office=city.other_office).first()
    client = signed_in(city.manager)
    assert client.post(f"/offices/memberships/{other.pk}/end/").status_code == 404
    assert client.get(f"/offices/memberships/{other.pk}/file/").status_code == 404
    assert Membership.objects.current().filter(pk=other.pk).exists()
    own = Membership.objects.current().get(user=city.manager)
    client.post(f"/offices/memberships/{own.pk}/end/")
    assert Membership.objects.current().filter(pk=own.pk).exists()
    with pytest.raises(Forbidden):
        end_membership(membership=own, actor=city.manager)


def test_a_post_ending_later_still_counts_until_then(city, today):
    officer = city.officer
    membership = Membership.objects.current().get(user=officer)
    end_membership(membership=membership, actor=city.supervisor, ends_on=today)
    assert is_active_staff(officer)
    assert not is_active_staff(officer, on=today + days(1))


def test_disabled_accounts_and_non_staff_are_not_active_staff(city):
    officer = city.officer
    officer.is_active = False
    assert not is_active_staff(officer)
    assert not is_active_staff(city.municipal)
    assert not is_active_staff(city.supervisor)


def test_someone_without_a_post_sees_a_note(signed_in, city):
    html = signed_in(city.citizen).get("/offices/mine/").content.decode()
    assert "شما در حال حاضر در هیچ دفتر پیشخوانی سمتی ندارید." in html


def test_the_manager_reads_the_offices_contract_licence_and_each_colleagues_training(signed_in, city):
    from django.core.files.base import ContentFile

    from core.jalali import format_jalali
    from core.validators import to_ascii_digits

    contract = city.office.contracts.get()
    contract.signed_file.save("signed.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    Membership.objects.current().filter(user=city.officer).update(
        employment_starts_on=datetime.date(2024, 3, 20), employment_ends_on=datetime.date(2025, 3, 20)
    )
    client = signed_in(city.manager)
    html = client.get("/offices/mine/").content.decode()
    terms = html.split('data-testid="office-contract"')[1].split('data-testid="staff-table"')[0]
    assert "text-bg-success" in terms.split("</h2>")[0]  # in force
    shown = to_ascii_digits(terms)
    assert contract.number in shown and format_jalali(contract.ends_on, persian=False) in shown
    assert city.office.licence_number in shown
    assert format_jalali(city.office.licence_expires_on, persian=False) in shown
    officer_row = html.split(f'data-user="{city.officer.username}"')[1].split("</tr>")[0]
    assert "۱ دوره شرکت، ۱ قبول" in officer_row and city.course.title in officer_row
    employment = officer_row.split('data-testid="employment"')[1].split("</td>")[0]
    assert "۱۴۰۳/۰۱/۰۱ – ۱۴۰۳/۱۲/۳۰" in employment
    assert 'class="table table-sm align-middle mb-0 table-stack"' in html  # cards on a phone
    download = client.get(f"/offices/contracts/{contract.pk}/file/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4\n%%EOF\n"
    client.logout()
    assert signed_in(city.officer).get(f"/offices/contracts/{contract.pk}/file/").status_code == 404
    other = city.other_office.contracts.first()
    if other is not None:
        assert signed_in(city.manager).get(f"/offices/contracts/{other.pk}/file/").status_code == 404
