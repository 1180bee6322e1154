"""Office staff: "My office", the manager's staff management, and who may still act."""

import pytest

from core.errors import Forbidden
from core.validators import to_persian_digits as fa
from offices.models import Membership, Office
from offices.selectors import is_active_staff, offices_of, primary_membership
from offices.services import change_office_status, end_membership
from tests.offices.conftest import days

pytestmark = pytest.mark.django_db


def test_staff_see_their_office_and_whether_it_may_register(signed_in, demo_city):
    client = signed_in("officer")
    html = client.get("/offices/mine/").content.decode()
    assert "دفتر من" in html
    assert fa("10370001") in html
    assert "این دفتر مجاز به ثبت پروندهٔ جدید است." in html
    assert 'data-testid="staff-form"' not in html  # only the manager manages staff


def test_staff_of_a_suspended_office_see_why_in_an_alert(signed_in, demo_city, django_user_model):
    office = Office.objects.get(code="10370001")
    change_office_status(
        office=office,
        action="suspend",
        actor=django_user_model.objects.get(username="supervisor"),
        reason="بررسی شکایت",
    )
    html = signed_in("officer").get("/offices/mine/").content.decode()
    assert 'class="alert alert-danger"' in html
    assert "این دفتر تعلیق شده است (بررسی شکایت) و نمی‌تواند پروندهٔ جدید ثبت کند." in html


def test_an_inspector_sees_every_office_of_their_district(signed_in, demo_city):
    html = signed_in("inspector").get("/offices/mine/").content.decode()
    for code in ("10370001", "10370002", "10370003", "10370004"):
        assert f'data-office="{code}"' in html


def test_my_office_appears_in_the_navigation_of_office_staff(signed_in, demo_city):
    assert 'href="/offices/mine/"' in signed_in("officer").get("/").content.decode()


def test_the_manager_adds_a_colleague_by_username(signed_in, demo_city, django_user_model):
    person = django_user_model.objects.create_user("new.inspector", password="x-Long-pass-1")
    client = signed_in("manager")
    page = client.get("/offices/mine/").content.decode()
    assert 'data-testid="staff-form"' in page
    response = client.post(
        "/offices/mine/", {"username": "new.inspector", "role": "inspector", "employment_starts_on": "۱۴۰۳/۰۱/۱۵"}
    )
    assert response.status_code == 302
    membership = Membership.objects.current().get(user=person)
    assert membership.office.code == "10370001" and membership.role == "inspector"
    assert str(membership.employment_starts_on) == "1403-01-15"


def test_the_manager_cannot_hire_a_manager_or_refer_to_unknown_people(signed_in, demo_city):
    client = signed_in("manager")
    response = client.post("/offices/mine/", {"username": "citizen", "role": "office_manager"})
    assert response.status_code == 400
    assert not Membership.objects.current().filter(user__username="citizen").exists()
    response = client.post(
        "/offices/mine/",
        {
            "username": "citizen",
            "role": "technical_officer",
            "employment_starts_on": "1403/05/01",
            "employment_ends_on": "1403/04/01",
        },
    )
    assert "تاریخ پایان قرارداد کار نمی‌تواند پیش از تاریخ شروع آن باشد." in response.content.decode()
    assert not Membership.objects.current().filter(user__username="citizen").exists()


def test_the_manager_ends_a_post_and_that_person_can_no_longer_act(signed_in, demo_city, django_user_model):
    officer = django_user_model.objects.get(username="officer")
    office = Office.objects.get(code="10370001")
    assert is_active_staff(officer) and is_active_staff(officer, office)
    membership = Membership.objects.current().get(user=officer)
    client = signed_in("manager")
    assert client.post(f"/offices/memberships/{membership.pk}/end/").status_code == 302
    assert not is_active_staff(officer)
    assert not is_active_staff(officer, office)
    assert primary_membership(officer) is None
    assert not offices_of(officer).exists()
    html = client.get("/offices/mine/").content.decode()
    assert "کارکنان پیشین" in html
    # The ended post stays as history.
    assert Membership.objects.get(pk=membership.pk).ends_on is not None


def test_a_manager_cannot_end_posts_of_another_office_or_their_own(signed_in, demo_city, django_user_model):
    other = Membership.objects.current().filter(office__code="10370005").first()
    client = signed_in("manager")
    assert client.post(f"/offices/memberships/{other.pk}/end/").status_code == 403
    own = Membership.objects.current().get(user__username="manager")
    client.post(f"/offices/memberships/{own.pk}/end/")
    assert Membership.objects.current().filter(pk=own.pk).exists()
    with pytest.raises(Forbidden):
        end_membership(membership=own, actor=django_user_model.objects.get(username="manager"))


def test_a_post_ending_later_still_counts_until_then(demo_city, django_user_model, today):
    officer = django_user_model.objects.get(username="officer")
    membership = Membership.objects.current().get(user=officer)
    end_membership(membership=membership, actor=django_user_model.objects.get(username="supervisor"), ends_on=today)
    assert is_active_staff(officer)
    assert not is_active_staff(officer, on=today + days(1))


def test_disabled_accounts_and_non_staff_are_not_active_staff(demo_city, django_user_model):
    officer = django_user_model.objects.get(username="officer")
    officer.is_active = False
    assert not is_active_staff(officer)
    assert not is_active_staff(django_user_model.objects.get(username="municipal"))
    assert not is_active_staff(django_user_model.objects.get(username="supervisor"))


def test_someone_without_a_post_sees_a_note(signed_in, demo_city):
    html = signed_in("citizen").get("/offices/mine/").content.decode()
    assert "شما در حال حاضر در هیچ دفتر پیشخوانی سمتی ندارید." in html
