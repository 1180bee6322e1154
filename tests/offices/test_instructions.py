"""Instructions: published by the supervision unit, acknowledged by the people addressed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from offices.models import Acknowledgement, Instruction, Membership
from offices.selectors import acknowledgement_status
from tests.offices.factories import AcknowledgementFactory, InstructionFactory

pytestmark = pytest.mark.django_db

VISITS = "زمان‌بندی بازدید میدانی و بارگذاری تصاویر"
DOCUMENTS = "الزام بررسی کامل مدارک پیش از ثبت پرونده"


@pytest.fixture
def for_inspectors(city):
    """An instruction to inspectors and follow-up officers only."""
    return InstructionFactory(title=VISITS, audience=["inspector", "followup_officer"], published_by=city.supervisor)


@pytest.fixture
def for_the_desk(city):
    """An instruction to technical officers and managers; the colleague at office_b has acknowledged it."""
    instruction = InstructionFactory(
        title=DOCUMENTS, audience=["technical_officer", "office_manager"], published_by=city.supervisor
    )
    AcknowledgementFactory(instruction=instruction, user=city.colleague)
    return instruction


def _publish(client, **extra):
    data = {"title": "دستورالعمل آزمایشی", "text": "متن دستورالعمل", "audience": ["technical_officer"], **extra}
    return client.post("/offices/instructions/publish/", data)


def test_the_supervisor_publishes_to_roles(signed_in, city):
    client = signed_in(city.supervisor)
    attachment = SimpleUploadedFile("guide.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert _publish(client, attachment=attachment).status_code == 302
    instruction = Instruction.objects.get(title="دستورالعمل آزمایشی")
    assert instruction.audience == ["technical_officer"]
    assert instruction.published_by == city.supervisor
    html = client.get("/offices/instructions/").content.decode()
    assert "دستورالعمل آزمایشی" in html
    assert "از" in html and "تأیید کرده‌اند" in html


def test_publishing_refuses_bad_input_and_saves_nothing(signed_in, city):
    client = signed_in(city.supervisor)
    before = Instruction.objects.count()
    response = client.post("/offices/instructions/publish/", {"title": "", "text": "", "audience": []})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("این فیلد لازم است.") == 3
    response = _publish(client, attachment=SimpleUploadedFile("x.exe", b"MZ"))
    assert "فقط فایل پی‌دی‌اف، جی‌پگ یا پی‌ان‌جی پذیرفته می‌شود." in response.content.decode()
    assert Instruction.objects.count() == before


def test_only_supervisors_publish(signed_in, city):
    assert _publish(signed_in(city.officer)).status_code == 403


def test_staff_see_theirs_and_acknowledge_once(signed_in, city, for_inspectors):
    supervisor = signed_in(city.supervisor)
    _publish(supervisor)
    supervisor.logout()
    instruction = Instruction.objects.get(title="دستورالعمل آزمایشی")
    client = signed_in(city.officer)
    html = client.get("/offices/instructions/").content.decode()
    assert "دستورالعمل آزمایشی" in html
    assert 'data-testid="acknowledge"' in html
    assert VISITS not in html  # addressed to inspectors only

    response = client.post(f"/offices/instructions/{instruction.pk}/acknowledge/", follow=True)
    assert "سپاس؛ تأیید مطالعهٔ شما ثبت شد." in response.content.decode()
    client.post(f"/offices/instructions/{instruction.pk}/acknowledge/")
    assert Acknowledgement.objects.filter(instruction=instruction, user=city.officer).count() == 1
    detail = client.get(f"/offices/instructions/{instruction.pk}/").content.decode()
    assert "مطالعهٔ آن را تأیید کردید" in detail


def test_people_not_addressed_cannot_acknowledge(signed_in, city, for_inspectors):
    instruction = for_inspectors
    client = signed_in(city.officer)
    assert client.post(f"/offices/instructions/{instruction.pk}/acknowledge/").status_code == 403
    assert client.get(f"/offices/instructions/{instruction.pk}/").status_code == 403
    assert not Acknowledgement.objects.filter(instruction=instruction, user=city.officer).exists()


def test_a_person_who_left_sees_no_instructions(signed_in, city, for_the_desk, today):
    Membership.objects.current().filter(user=city.officer).update(ends_on=today.replace(year=today.year - 1))
    client = signed_in(city.officer)
    html = client.get("/offices/instructions/").content.decode()
    assert "دستورالعملی نیست." in html


def test_the_supervisor_sees_who_has_not_acknowledged(signed_in, city, for_the_desk):
    instruction = for_the_desk
    done, waiting = acknowledgement_status(instruction)
    assert done and waiting
    assert city.officer in {m.user for m in waiting} and city.colleague not in {m.user for m in waiting}
    html = signed_in(city.supervisor).get(f"/offices/instructions/{instruction.pk}/").content.decode()
    for membership in waiting:
        assert f'data-user="{membership.user.username}"' in html.split('data-testid="done"')[0]
    assert "هنوز تأیید نکرده‌اند" in html


def test_the_instruction_list_is_paginated_with_a_fixed_number_of_queries(
    signed_in, city, for_inspectors, for_the_desk, queries_for_page_sizes
):
    client = signed_in(city.supervisor)
    for n in range(6):
        _publish(client, title=f"دستور {n}")
    # session, user, count, page, the people addressed, the page's acknowledgements
    small, large = queries_for_page_sizes(client, "/offices/instructions/", sizes=(2, 50), budget=9)
    assert small == large
    assert "صفحهٔ ۱ از ۴" in client.get("/offices/instructions/", {"page_size": 2}).content.decode()
    client.logout()
    staff = signed_in(city.officer)
    # session, user, the person's current roles, count, page
    small, large = queries_for_page_sizes(staff, "/offices/instructions/", sizes=(1, 50), budget=8)
    assert small == large


def test_attachments_are_streamed_only_to_the_people_addressed(signed_in, city):
    client = signed_in(city.supervisor)
    _publish(client, attachment=SimpleUploadedFile("g.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"))
    instruction = Instruction.objects.get(title="دستورالعمل آزمایشی")
    client.logout()
    officer = signed_in(city.officer)
    response = officer.get(f"/offices/instructions/{instruction.pk}/attachment/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4\n%%EOF\n"
    officer.logout()
    assert signed_in(city.inspector).get(f"/offices/instructions/{instruction.pk}/attachment/").status_code == 403
