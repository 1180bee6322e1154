"""The inspection pages: the panel (assign, schedule, report, gallery), lists, day plan, workload."""

import re

import pytest
from django.test import Client
from jdatetime import date as jdate

from cases.plugins import registry
from core.validators import to_persian_digits
from inspections.models import Visit, VisitReport
from inspections.services import assign_inspector, schedule_visit, submit_report
from tests.inspections.helpers import REPORT, district_inspectors, next_working_day, photo

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_officer_confirms_the_proposed_inspector_from_the_panel(city, awaiting):
    case = awaiting()
    officer = client_for(city.officer)
    page = officer.get(f"/inspections/case/{case.pk}/")
    assert page.status_code == 200
    proposed = page.context["proposal"].inspector
    assert "پیشنهادی" in page.content.decode()
    response = officer.post(f"/inspections/case/{case.pk}/assign/", {"inspector": proposed.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert Visit.objects.get(case=case).inspector == proposed
    assert 'id="visit-panel"' in response.content.decode()
    # The panel swaps in place: it says what happened, naming the inspector.
    done = re.search(r'data-testid="panel-done">([^<]+)<', response.content.decode())
    assert done and "سپرده شد" in done.group(1) and str(proposed) in done.group(1)


def test_assigning_on_the_file_page_refreshes_the_whole_page_its_holder_and_history(city, awaiting):
    case = awaiting()
    officer = client_for(city.officer)
    inspector = district_inspectors(1)[1]
    response = officer.post(
        f"/inspections/case/{case.pk}/assign/",
        {"inspector": inspector.pk},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver/cases/{case.pk}/",
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#case-page" and response["HX-Reswap"] == "outerHTML"
    html = response.content.decode()
    assert html.startswith('<div id="case-page">')
    holder = re.search(r'data-testid="case-holder">(.*?)</dd>', html, re.S).group(1)
    assert str(inspector) in holder
    alert = re.search(r'alert-success[^>]*data-testid="case-alert">(.*?)<button', html, re.S)
    assert alert and "سپرده شد" in alert.group(1) and str(inspector) in alert.group(1)
    assert 'data-action="assign_inspector"' in html  # the history shows the assignment
    assert 'id="visit-panel"' in html  # with the panel as it is now


def test_a_refused_choice_shows_the_persian_message_in_the_panel(city, awaiting):
    case = awaiting()
    stranger = district_inspectors(2)[0]
    response = client_for(city.officer).post(
        f"/inspections/case/{case.pk}/assign/", {"inspector": stranger.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert 'data-testid="panel-error"' in response.content.decode()
    assert not Visit.objects.filter(case=case).exists()


def test_the_file_page_panel_shows_the_report_with_its_gallery(city, awaiting, django_capture_on_commit_callbacks):
    case = awaiting()
    inspector = district_inspectors(1)[0]
    visit = assign_inspector(case=case, actor=city.officer, inspector=inspector)
    with django_capture_on_commit_callbacks(execute=True):
        report = submit_report(visit=visit, actor=inspector, data=REPORT, photos=[photo("a.png"), photo("b.png")])
    panels = registry().page_panels(case, city.officer)
    _template, context = next(p for p in panels if p[0] == "inspections/_panel.html")
    assert context["latest"].pk == report.pk
    page = client_for(city.officer).get(f"/inspections/case/{case.pk}/").content.decode()
    assert 'data-testid="visit-gallery"' in page and page.count("/thumbnail/") == 2
    assert "عقب‌نشینی" in page  # the findings
    assert "۳۱۰٫۵" in page  # the built area keeps its decimals
    thumb = report.photos.first()
    assert client_for(city.officer).get(f"/inspections/photos/{thumb.pk}/thumbnail/").status_code == 200
    # Someone who may not see the file cannot fetch its photos either.
    assert client_for(city.other_municipal).get(f"/inspections/photos/{thumb.pk}/thumbnail/").status_code == 404


def test_the_report_form_saves_a_draft_then_submits(city, awaiting):
    case = awaiting()
    inspector = district_inspectors(1)[0]
    visit = assign_inspector(case=case, actor=city.officer, inspector=inspector)
    client = client_for(inspector)
    form = client.get(f"/inspections/visits/{visit.pk}/report/")
    assert form.status_code == 200
    html = form.content.decode()
    assert 'capture="environment"' in html and 'accept="image/*"' in html and "multiple" in html
    data = {**REPORT, "violation_type_0": "extra_floor", "violation_area_0": "۳۰", "submit": "0"}
    saved = client.post(f"/inspections/visits/{visit.pk}/report/", {**data, "photos": [photo()]})
    assert saved.status_code == 302
    draft = VisitReport.objects.get(case=case)
    assert draft.violations == [{"type": "extra_floor", "area": "30.00"}] and draft.photos.count() == 1
    bad = client.post(f"/inspections/visits/{visit.pk}/report/", {**data, "floors": "", "submit": "1"})
    assert bad.status_code == 400 and "invalid-feedback" in bad.content.decode()
    done = client.post(f"/inspections/visits/{visit.pk}/report/", {**data, "submit": "1"})
    assert done.status_code == 302
    assert VisitReport.objects.get(case=case).status == "submitted"
    assert client.get(f"/inspections/visits/{visit.pk}/report/").templates[0].name == "inspections/report_done.html"


def test_lists_day_plan_and_workload(city, awaiting):
    inspector = city.inspector
    visit = assign_inspector(case=awaiting(), actor=city.officer, inspector=inspector)
    day = next_working_day()
    schedule_visit(visit=visit, actor=inspector, day=day, slot="14-16")
    client = client_for(city.inspector)
    listing = client.get("/inspections/", {"state": "scheduled"})
    assert listing.status_code == 200 and visit.case.tracking_code in listing.content.decode().translate(
        str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
    )
    plan = client.get("/inspections/day/", {"date": jdate.fromgregorian(date=day).strftime("%Y/%m/%d")})
    assert plan.status_code == 200 and list(plan.context["visits"]) == [visit]
    assert to_persian_digits(visit.case.parcel.address) in plan.content.decode()
    assert "no-print" in plan.content.decode()
    assert client.get("/inspections/workload/").status_code == 403
    workload = client_for(city.supervisor).get("/inspections/workload/")
    assert workload.status_code == 200 and "chart.umd.min.js" in workload.content.decode()
    assert any(r.pk == inspector.pk and r.open_visits == 1 for r in workload.context["rows"])


def test_the_workload_page_is_one_aggregate_query(city, awaiting, django_assert_max_num_queries):
    for n in range(4):
        assign_inspector(case=awaiting(), actor=city.officer, inspector=district_inspectors(1)[n % 3])
    client = client_for(city.supervisor)
    # session, user, the workload aggregate, districts, flagged visits, overdue visits
    with django_assert_max_num_queries(7):
        assert client.get("/inspections/workload/").status_code == 200


def test_a_visit_booked_for_later_defaults_to_today_and_a_submission_lists_every_mistake_at_once(city, awaiting):
    from django.utils import timezone

    from core.jalali import format_jalali

    case = awaiting()
    inspector = district_inspectors(1)[0]
    visit = assign_inspector(case=case, actor=city.officer, inspector=inspector)
    schedule_visit(visit=visit, actor=inspector, day=next_working_day(), slot="10-12")
    client = client_for(inspector)
    page = client.get(f"/inspections/visits/{visit.pk}/report/").content.decode()
    today = format_jalali(timezone.localdate(), persian=False)
    # Not the booked day, which the report would refuse as in the future.
    assert f'name="visited_on" value="{today}"' in page
    # A future date and the empty required fields: all marked in one round.
    tomorrow = format_jalali(next_working_day(), persian=False)
    refused = client.post(f"/inspections/visits/{visit.pk}/report/", {"visited_on": tomorrow, "submit": "1"})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "تاریخ بازدید نمی‌تواند در آینده باشد." in body
    assert body.count("برای ارسال گزارش این فیلد لازم است.") >= 5


def test_the_report_page_answers_nonsense_numbers_with_the_form_again(city, awaiting):
    case = awaiting()
    inspector = district_inspectors(1)[0]
    visit = assign_inspector(case=case, actor=city.officer, inspector=inspector)
    client = client_for(inspector)
    for nonsense in (
        {"violation_type_0": "extra_floor", "violation_area_0": "NaN"},
        {"latitude": "1e999999", "longitude": "51.6"},
    ):
        response = client.post(f"/inspections/visits/{visit.pk}/report/", {**REPORT, **nonsense, "submit": "1"})
        assert response.status_code == 400, nonsense
        assert "invalid-feedback" in response.content.decode() or "alert" in response.content.decode()


def test_the_inspector_is_assigned_one_way_on_the_page(city, awaiting):
    case = awaiting()
    page = client_for(city.officer).get(f"/cases/{case.pk}/").content.decode()
    # The visit panel assigns; the action card does not offer a second form for it.
    assert f"/inspections/case/{case.pk}/assign/" in page
    assert f"/cases/{case.pk}/actions/assign_inspector/" not in page
    assert "---------" not in page


def test_a_refused_booking_keeps_what_was_typed(city, awaiting):
    case = awaiting()
    inspector = district_inspectors(1)[0]
    visit = assign_inspector(case=case, actor=city.officer, inspector=inspector)
    yesterday = "1300/01/01"  # long past: refused
    response = client_for(inspector).post(
        f"/inspections/visits/{visit.pk}/schedule/", {"date": yesterday, "slot": "10-12"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'value="{yesterday}"' in page
    assert '<option value="10-12" selected>' in page


def test_an_action_forms_empty_choice_is_persian(city, awaiting):
    from cases.forms import action_form

    rendered = str(action_form(awaiting(), "assign_inspector")["inspector"])
    assert "— انتخاب کنید —" in rendered and "---------" not in rendered


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31", "0001/01/01", "1/1/1", "9377/12/29", "1299/12/29"])
def test_a_date_outside_the_calendar_shows_todays_plan_not_an_error(city, date):
    client = client_for(city.inspector)
    today = jdate.today().strftime("%Y/%m/%d")
    plan = client.get("/inspections/day/", {"date": date})
    assert plan.status_code == 200 and to_persian_digits(today) in plan.content.decode()
    assert client.get("/inspections/", {"date": date}).status_code == 200


def test_the_visit_list_puts_open_visits_first_the_soonest_first(city, awaiting):
    inspector = city.inspector
    later, sooner, unscheduled = (
        assign_inspector(case=awaiting(), actor=city.officer, inspector=inspector) for _ in range(3)
    )
    day = next_working_day()
    schedule_visit(visit=later, actor=inspector, day=next_working_day(after=day), slot="08-10")
    schedule_visit(visit=sooner, actor=inspector, day=day, slot="08-10")
    listing = client_for(inspector).get("/inspections/")
    assert [v.pk for v in listing.context["page"].object_list][:3] == [unscheduled.pk, sooner.pk, later.pk]


def test_a_saved_draft_shows_its_visit_date_in_jalali(city, awaiting):
    import datetime

    from inspections.services import save_draft

    inspector = city.inspector
    visit = assign_inspector(case=awaiting(), actor=city.officer, inspector=inspector)
    save_draft(visit=visit, actor=inspector, data={"visited_on": "1403/07/15", "findings": "پیش‌نویس"})
    assert VisitReport.objects.get(case=visit.case).visited_on == datetime.date(2024, 10, 6)
    page = client_for(inspector).get(f"/inspections/visits/{visit.pk}/report/").content.decode()
    assert 'value="۱۴۰۳/۰۷/۱۵"' in page or 'value="1403/07/15"' in page
    assert "2024-10-06" not in page
