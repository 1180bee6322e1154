"""Instructions: published by the supervision unit, acknowledged by the people addressed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from offices.models import Acknowledgement, Instruction, Membership
from offices.selectors import acknowledgement_status

pytestmark = pytest.mark.django_db


def _publish(client, **extra):
    data = {"title": "دستورالعمل آزمایشی", "text": "متن دستورالعمل", "audience": ["technical_officer"], **extra}
    return client.post("/offices/instructions/publish/", data)


def test_the_supervisor_publishes_to_roles(signed_in, demo_city):
    client = signed_in("supervisor")
    attachment = SimpleUploadedFile("guide.pdf", b"%PDF-1.4 guide", content_type="application/pdf")
    assert _publish(client, attachment=attachment).status_code == 302
    instruction = Instruction.objects.get(title="دستورالعمل آزمایشی")
    assert instruction.audience == ["technical_officer"]
    assert instruction.published_by.username == "supervisor"
    html = client.get("/offices/instructions/").content.decode()
    assert "دستورالعمل آزمایشی" in html
    assert "از" in html and "تأیید کرده‌اند" in html


def test_publishing_refuses_bad_input_and_saves_nothing(signed_in, demo_city):
    client = signed_in("supervisor")
    before = Instruction.objects.count()
    response = client.post("/offices/instructions/publish/", {"title": "", "text": "", "audience": []})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("این فیلد لازم است.") == 3
    response = _publish(client, attachment=SimpleUploadedFile("x.exe", b"MZ"))
    assert "فایل پی‌دی‌اف، جی‌پگ یا پی‌ان‌جی پیوست کنید." in response.content.decode()
    assert Instruction.objects.count() == before


def test_only_supervisors_publish(signed_in, demo_city):
    assert _publish(signed_in("officer")).status_code == 403


def test_staff_see_theirs_and_acknowledge_once(signed_in, demo_city):
    supervisor = signed_in("supervisor")
    _publish(supervisor)
    supervisor.logout()
    instruction = Instruction.objects.get(title="دستورالعمل آزمایشی")
    client = signed_in("officer")
    html = client.get("/offices/instructions/").content.decode()
    assert "دستورالعمل آزمایشی" in html
    assert 'data-testid="acknowledge"' in html
    assert "زمان‌بندی بازدید میدانی" not in html  # addressed to inspectors only

    response = client.post(f"/offices/instructions/{instruction.pk}/acknowledge/", follow=True)
    assert "سپاس؛ تأیید مطالعهٔ شما ثبت شد." in response.content.decode()
    client.post(f"/offices/instructions/{instruction.pk}/acknowledge/")
    assert Acknowledgement.objects.filter(instruction=instruction, user__username="officer").count() == 1
    detail = client.get(f"/offices/instructions/{instruction.pk}/").content.decode()
    assert "مطالعهٔ آن را تأیید کردید" in detail


def test_people_not_addressed_cannot_acknowledge(signed_in, demo_city):
    instruction = Instruction.objects.get(title__startswith="زمان‌بندی بازدید میدانی")
    client = signed_in("officer")
    assert client.post(f"/offices/instructions/{instruction.pk}/acknowledge/").status_code == 403
    assert client.get(f"/offices/instructions/{instruction.pk}/").status_code == 403
    assert not Acknowledgement.objects.filter(instruction=instruction, user__username="officer").exists()


def test_a_person_who_left_sees_no_instructions(signed_in, demo_city, today):
    Membership.objects.current().filter(user__username="officer").update(ends_on=today.replace(year=today.year - 1))
    client = signed_in("officer")
    html = client.get("/offices/instructions/").content.decode()
    assert "دستورالعملی نیست." in html


def test_the_supervisor_sees_who_has_not_acknowledged(signed_in, demo_city):
    instruction = Instruction.objects.get(title__startswith="الزام بررسی کامل مدارک")
    done, waiting = acknowledgement_status(instruction)
    assert done and waiting
    assert "officer" in {m.user.username for m in waiting}
    html = signed_in("supervisor").get(f"/offices/instructions/{instruction.pk}/").content.decode()
    for membership in waiting:
        assert f'data-user="{membership.user.username}"' in html.split('data-testid="done"')[0]
    assert "هنوز تأیید نکرده‌اند" in html


def test_the_instruction_list_is_paginated_with_a_fixed_number_of_queries(signed_in, demo_city, queries_for_page_sizes):
    client = signed_in("supervisor")
    for n in range(6):
        _publish(client, title=f"دستور {n}")
    # session, user, count, page, the people addressed, the page's acknowledgements
    small, large = queries_for_page_sizes(client, "/offices/instructions/", sizes=(2, 50), budget=9)
    assert small == large
    assert "صفحهٔ ۱ از ۴" in client.get("/offices/instructions/", {"page_size": 2}).content.decode()
    client.logout()
    staff = signed_in("officer")
    # session, user, the person's current roles, count, page
    small, large = queries_for_page_sizes(staff, "/offices/instructions/", sizes=(1, 50), budget=8)
    assert small == large


def test_attachments_are_streamed_only_to_the_people_addressed(signed_in, demo_city):
    client = signed_in("supervisor")
    _publish(client, attachment=SimpleUploadedFile("g.pdf", b"%PDF-1.4 g", content_type="application/pdf"))
    instruction = Instruction.objects.get(title="دستورالعمل آزمایشی")
    client.logout()
    officer = signed_in("officer")
    response = officer.get(f"/offices/instructions/{instruction.pk}/attachment/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 g"
    officer.logout()
    assert signed_in("inspector").get(f"/offices/instructions/{instruction.pk}/attachment/").status_code == 403
