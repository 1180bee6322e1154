import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db


def test_login_page_is_persian_and_right_to_left(client):
    response = client.get("/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fa" dir="rtl">' in html
    assert "ورود به سامانه" in html
    assert "bootstrap.rtl.min.css" in html
    assert "Vazirmatn-font-face.css" in html


def test_no_page_loads_anything_from_another_host(client, admin_user):
    client.force_login(admin_user)
    for url in ["/accounts/login/", "/", "/api/docs/"]:
        html = client.get(url).content.decode()
        external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
        assert external == [], (url, external)


def test_dashboard_needs_login_and_shows_role(client, city):
    assert client.get("/").status_code == 302
    client.force_login(city.officer)
    html = client.get("/").content.decode()
    assert "مسئول فنی" in html
    from core.validators import to_persian_digits

    assert to_persian_digits(city.office.name) in html and "منطقه ۱" in html


def test_wrong_password_shows_persian_error(client, city):
    response = client.post("/accounts/login/", {"username": city.officer.username, "password": "nope"})
    assert "نام کاربری یا گذرواژه نادرست است" in response.content.decode()


def test_persian_404_page_and_json_404_under_api(client):
    page = client.get("/no/such/page/")
    assert page.status_code == 404
    assert "صفحه پیدا نشد" in page.content.decode()
    api = client.get("/api/v1/no/such/thing/")
    assert api.status_code == 404
    assert api.json() == {"code": "not_found", "detail": "یافت نشد."}


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


def test_healthz_fails_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == "error"


def test_openapi_schema_and_docs(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/auth/token/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content


def test_password_change_in_persian(client, django_user_model):
    django_user_model.objects.create_user("p1", password="Old-pass-1234")
    client.login(username="p1", password="Old-pass-1234")
    response = client.post(
        "/accounts/password/",
        {"old_password": "Old-pass-1234", "new_password1": "Brand-new-9876", "new_password2": "Brand-new-9876"},
        follow=True,
    )
    assert "گذرواژهٔ شما تغییر کرد" in response.content.decode()


def test_template_filters_render_jalali_and_persian_digits():
    import datetime

    from django.template import Context, Template

    html = Template("{{ d|jdate }} {{ d|jlong }} {{ n|rials }} {{ s|fa }}").render(
        Context({"d": datetime.date(2024, 9, 22), "n": 1250000, "s": "1403"})
    )
    assert html == "۱۴۰۳/۰۷/۰۱ ۱ مهر ۱۴۰۳ ۱٬۲۵۰٬۰۰۰ ریال ۱۴۰۳"


def test_visible_digits_are_persian_but_values_links_and_scripts_keep_theirs():
    from core.middleware import persianize_html

    html = (
        '<p title="a1">Office 12, 17.5</p><input value="0912" placeholder="1405/07/15"><script>var x = 1;</script>'
        '<textarea>line 3</textarea><span data-ascii-digits>PK-12</span> 7 <a href="/x/2">http://h:8123/v/9</a>'
    )
    assert persianize_html(html) == (
        '<p title="a۱">Office ۱۲, ۱۷٫۵</p><input value="0912" placeholder="۱۴۰۵/۰۷/۱۵"><script>var x = 1;</script>'
        '<textarea>line 3</textarea><span data-ascii-digits>PK-12</span> ۷ <a href="/x/2">http://h:8123/v/9</a>'
    )


def test_openapi_schema_is_valid_and_free_of_warnings(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    for path in [
        "/api/v1/cases/",
        "/api/v1/payments/",
        "/api/v1/track/{code}/",
        "/api/v1/offices/",
        "/api/v1/inspections/",
        "/api/v1/letters/verify/{code}/",
        "/api/v1/services/",
    ]:
        assert path in text, path


def test_office_staff_see_on_the_dashboard_why_their_office_may_not_register(client, city):
    from offices.models import Office

    client.force_login(city.officer)
    assert 'data-testid="office-refusal"' not in client.get("/").content.decode()
    Office.objects.filter(pk=city.office.pk).update(status="suspended", status_reason="تخلف در پاسخ‌گویی")
    html = client.get("/").content.decode()
    assert 'data-testid="office-refusal"' in html
    assert "تخلف در پاسخ‌گویی" in html


def test_the_persian_catalogue_is_complete_and_compiled():
    """Every UI string has a Persian translation, none is fuzzy, and the compiled .mo matches the .po."""
    import re
    from pathlib import Path

    from django.utils import translation

    po = (Path(__file__).resolve().parents[2] / "locale" / "fa" / "LC_MESSAGES" / "django.po").read_text()
    header_end = po.index("\n\n")
    assert "#, fuzzy" not in po[header_end:]
    pairs = []
    for block in po[header_end:].split("\n\n"):
        if "msgid_plural" in block or "msgctxt" in block:
            continue
        fields = dict(re.findall(r'^(msgid|msgstr) ((?:".*"\n?)+)', block + "\n", flags=re.MULTILINE))
        if "msgid" in fields:
            join = lambda text: "".join(re.findall(r'"(.*)"', text))  # noqa: E731
            pairs.append((join(fields["msgid"]), join(fields.get("msgstr", ""))))
    assert len(pairs) > 500
    untranslated = [msgid for msgid, msgstr in pairs if not msgstr]
    assert untranslated == []
    with translation.override("fa"):
        stale = [
            msgid
            for msgid, msgstr in pairs
            if "\\" not in msgid and translation.gettext(msgid) != msgstr.replace('\\"', '"')
        ]
    assert stale == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed (.ci/run installs it)")
def test_every_string_in_the_code_has_its_persian_translation(tmp_path):
    """makemessages over a copy of the sources: every msgid the code and templates use is in the catalogue
    with a Persian translation (a string added without one would show in English)."""
    root = Path(__file__).resolve().parents[2]
    copy = tmp_path / "src"
    skip = shutil.ignore_patterns(".*", "node_modules", "var", "media", "staticfiles", "__pycache__", "*.mo")
    shutil.copytree(root, copy, ignore=skip)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fa", "--no-obsolete", "--ignore", "tests/*"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    extracted = polib_pairs((copy / "locale" / "fa" / "LC_MESSAGES" / "django.po").read_text())
    catalogue = dict(polib_pairs((root / "locale" / "fa" / "LC_MESSAGES" / "django.po").read_text()))
    missing = sorted(msgid for msgid, _ in extracted if msgid and not catalogue.get(msgid))
    assert missing == []


def polib_pairs(po):
    """(msgid, msgstr) of each singular entry of a .po text."""
    pairs = []
    for block in po.split("\n\n")[1:]:
        if "msgid_plural" in block or "msgctxt" in block:
            continue
        fields = dict(re.findall(r'^(msgid|msgstr) ((?:".*"\n?)+)', block + "\n", flags=re.MULTILINE))
        if "msgid" in fields:
            join = lambda text: "".join(re.findall(r'"(.*)"', text))  # noqa: E731
            pairs.append((join(fields["msgid"]), join(fields.get("msgstr", ""))))
    return pairs


def test_a_browser_asking_for_english_gets_persian_pages_and_api_errors(client, api, officer):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = page.content.decode()
    assert page.status_code == 200 and 'lang="fa"' in body
    assert "ورود" in body and "Sign in to the portal" not in body
    refused = api.get("/api/v1/cases/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert refused.status_code in (401, 403)
    detail = refused.json()["detail"]
    assert any("\u0600" <= ch <= "\u06ff" for ch in detail), detail


def test_separators_are_not_middle_dots_that_read_as_a_persian_zero(client, officer):
    # "منطقه ۱ - ۱ · امروز" read as "۱ - ۰۱": the pages separate with a bar.
    client.force_login(officer)
    for path in ("/", "/cases/new/", "/offices/mine/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "·" not in response.content.decode(), path


def test_the_site_has_an_icon_and_the_admin_its_own_name(client, db):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 301 and icon["Location"].endswith("/static/img/favicon.svg")
    from tests.accounts.factories import AdminFactory

    client.force_login(AdminFactory(municipality=None))
    admin = client.get("/admin/").content.decode()
    assert "مدیریت پیشخوان" in admin and "Django" not in admin.split("<title>")[1].split("</title>")[0]
    # Third-party apps' names and models read in Persian too (the sign-in throttling's had no translation).
    assert "محدودسازی ورود" in admin and "تلاش‌های دسترسی" in admin and ">Axes<" not in admin


def test_the_dashboard_has_a_tile_for_every_destination_the_menu_gathers(client, supervisor):
    client.force_login(supervisor)
    page = client.get("/").content.decode()
    tiles = page.split('<div class="row g-3">')[-1]
    for path in ("/supervision/violations/", "/offices/manage/", "/supervision/reference/"):
        assert f'href="{path}"' in tiles, path
    # No empty tile for the menu itself.
    assert 'href=""' not in tiles and 'href="None"' not in tiles
