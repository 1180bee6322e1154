"""The public tracking page, and the dashboard's workload cards."""

import pytest
from django.utils import timezone

from cases.models import Case
from core.jalali import format_jalali
from tests.cases.test_pages_support import fa, html, register, signed_in

pytestmark = pytest.mark.django_db
NOT_FOUND = "پرونده‌ای با این کد رهگیری و کد ملی یافت نشد."


def test_tracking_found_and_not_found(officer, client):
    case = register(officer)
    page = client.get("/track/")
    assert page.status_code == 200 and 'name="tracking_code"' in html(page)
    found = client.post("/track/", {"tracking_code": fa(case.tracking_code), "national_id": "۰۴۹۹۳۷۰۸۹۹"})
    assert found.status_code == 200
    body = html(found)
    assert 'data-testid="track-result"' in body
    assert case.service.title in body and "ثبت‌شده" in body
    assert format_jalali(timezone.localtime(Case.objects.get(pk=case.pk).updated_at)) in body
    wrong_id = client.post("/track/", {"tracking_code": case.tracking_code, "national_id": "4608968882"})
    wrong_code = client.post("/track/", {"tracking_code": "140000000000", "national_id": "0499370899"})
    assert wrong_id.status_code == wrong_code.status_code == 404
    assert NOT_FOUND in html(wrong_id) and NOT_FOUND in html(wrong_code)
    assert 'data-testid="track-result"' not in html(wrong_id)
    empty = client.post("/track/", {"tracking_code": "", "national_id": ""})
    assert empty.status_code == 400 and "این فیلد لازم است" in html(empty)


def test_tracking_is_throttled_politely(officer, client):
    case = register(officer)
    for _ in range(30):
        assert client.post("/track/", {"tracking_code": "140000000000", "national_id": "0499370899"}).status_code == 404
    blocked = client.post("/track/", {"tracking_code": case.tracking_code, "national_id": "0499370899"})
    assert blocked.status_code == 429
    assert "لطفاً یک دقیقه صبر کنید" in html(blocked) and 'data-testid="track-result"' not in html(blocked)


def test_public_links_point_at_the_tracking_page(client):
    login = html(client.get("/accounts/login/"))
    assert 'href="/track/"' in login and 'href="/offices/"' in login


def test_dashboard_cards_for_people_who_work_files(officer, citizen, municipal, django_assert_max_num_queries):
    register(officer)
    late = register(officer)
    Case.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - timezone.timedelta(days=2))
    page = html(signed_in(officer).get("/"))
    assert 'data-stat="cartable">۲<' in page
    assert 'data-stat="overdue">۱<' in page
    assert 'data-stat="responded">۰<' in page
    # A citizen's first page counts the requests waiting for them (drafts, returned ones).
    mine = html(signed_in(citizen).get("/"))
    assert 'data-stat="cartable">۰<' in mine and "درخواست‌های منتظر شما" in mine
    assert 'data-stat="cartable">۰<' in html(signed_in(municipal).get("/"))
