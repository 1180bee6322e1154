"""Every list page and a citizen's pages at phone width (360 × 740): nothing clipped, no sideways scroll,
and a citizen reaches a file's card by keyboard."""

from pathlib import Path

import pytest

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def citizens_files(demo_city):
    """The demo citizen's files, counter-registered at office 10370001 for them: one waiting at the
    counter, one returned with two correction items, one answered with its letter."""
    from django.contrib.auth import get_user_model

    from billing.demo import seed
    from cases.models import Case, State
    from cases.services import apply_action
    from tests.cases.factories import attach_documents, move, register

    seed(log=lambda *a: None)  # tariffs: each file gets its fee slip
    users = get_user_model().objects
    officer, inspector, municipal = (users.get(username=u) for u in ("officer", "inspector", "municipal"))
    citizen = users.get(username="citizen")
    people = {"officer": officer, "inspector": inspector, "municipal": municipal}
    files = {}
    for name in ("waiting", "returned", "answered"):
        case = register(officer)
        Case.objects.filter(pk=case.pk).update(applicant_user=citizen)
        files[name] = case
    attach_documents(files["returned"], officer)
    apply_action(
        files["returned"],
        "return_to_applicant",
        officer,
        note="سند و نامه را دوباره بفرستید.",
        items=[
            {"kind": "document", "target": "deed", "note": "تصویر سند خوانا نیست."},
            {"kind": "request", "note": "نامهٔ دفترخانه را دوباره بفرستید."},
        ],
    )
    files["answered"] = move(files["answered"], State.RESPONDED, **people)
    return {name: Case.objects.get(pk=case.pk) for name, case in files.items()}


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def look(page, path, name, ready):
    """Open ``path``, wait for ``ready``, check nothing sticks out sideways and keep a screenshot."""
    page.goto(page.base + path)
    page.wait_for_selector(ready)
    assert fits(page), f"{path} scrolls sideways at 360 px"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"phone-{name}.png"), full_page=True)


@pytest.fixture
def phone(browser, live_server):
    contexts = []

    def open_as(username):
        context = browser.new_context(locale="fa-IR", viewport=PHONE)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.base = live_server.url
        sign_in(page, username, PASSWORD)
        page.wait_for_selector("[data-testid=user-menu]", state="attached")
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_a_citizens_pages_at_phone_width(phone, citizens_files):
    page = phone("citizen")
    look(page, "/my/", "my-files", "[data-testid=file-card]")
    returned = citizens_files["returned"]
    card = page.locator(f"[data-testid=file-card][data-case='{returned.pk}']")
    assert card.locator("[data-status=waiting]").count() == 1
    assert "۲ مورد اصلاحی باز است" in card.inner_text()
    answered = page.locator(f"[data-testid=file-card][data-case='{citizens_files['answered'].pk}']")
    assert answered.locator("[data-testid=issued-download]").count() == 1

    # By keyboard: Tab from the top of the page reaches the returned file's "answer them" link, and it shows.
    link = card.locator("[data-testid=open-items] a")
    page.locator("h1").click()
    for _ in range(80):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the card's link")
    outline = link.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    page.wait_for_selector("#corrections")
    assert page.url.endswith(f"/cases/{returned.pk}/#corrections")
    assert fits(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "phone-file.png"), full_page=True)

    look(page, f"/cases/{citizens_files['answered'].pk}/", "answered-file", "[data-testid=timeline]")
    slip = citizens_files["waiting"].fee_slips.first()
    look(page, f"/billing/slips/{slip.pk}/", "citizen-slip", "[data-testid=slip-status]")

    # Tracking, as anyone would: the steps, and the letter's verification code once answered.
    page.goto(page.base + "/track/")
    page.fill("#id_tracking_code", citizens_files["answered"].tracking_code)
    page.fill("#id_national_id", citizens_files["answered"].applicant_national_id)
    page.locator("[data-testid=track-form] button[type=submit]").press("Enter")
    page.wait_for_selector("[data-testid=track-verify]")
    assert page.locator("[data-testid=steps] [data-status=done]").count() == 5
    assert fits(page)
    page.screenshot(path=str(SHOTS / "phone-tracking.png"), full_page=True)


STAFF_PAGES = {
    "officer": [
        ("/cartable/", "cartable-officer", "[data-testid=cartable-table]"),
        ("/cases/", "files-officer", "[data-testid=files-table]"),
        ("/inspections/", "visits-officer", "[data-testid=visits-table]"),
        ("/billing/slips/", "slips-officer", "[data-testid=slip-table]"),
    ],
    "inspector": [
        ("/cartable/", "cartable-inspector", "[data-testid=cartable-table]"),
        ("/inspections/", "visits-inspector", "[data-testid=visits-table]"),
        ("/cases/", "files-inspector", "[data-testid=files-table]"),
    ],
    "municipal": [
        ("/cartable/", "cartable-municipal", "[data-testid=cartable-table]"),
        ("/cases/", "files-municipal", "[data-testid=files-table]"),
        ("/permits/", "permits-municipal", "[data-testid=permit-list]"),
    ],
    "supervisor": [
        ("/supervision/messages/", "messages-supervisor", "[data-testid=message-counts]"),
        ("/offices/changes/", "office-changes", "[data-testid=changes]"),
    ],
}


def test_staff_lists_at_phone_width(phone, citizens_files):
    from django.contrib.auth import get_user_model

    from offices.models import Office
    from offices.services import change_office_status

    # A dated change to the public list, with a long reason: it reads on a phone as a card, nothing cut off.
    change_office_status(
        office=Office.objects.get(code="10370002"),
        action="suspend",
        actor=get_user_model().objects.get(username="supervisor"),
        reason="تعلیق به‌سبب شکایت‌های مکرر شهروندان دربارهٔ دریافت وجه اضافه تا روشن شدن نتیجهٔ بازرسی",
    )
    stacked = 0
    for username, pages in STAFF_PAGES.items():
        page = phone(username)
        for path, name, ready in pages:
            look(page, path, name, ready)
            # Each row is a card whose cells say what they are.
            rows = page.locator(f"{ready} tbody tr")
            if rows.count() and not rows.first.locator("td[colspan]").count():
                assert rows.first.locator("td[data-label]").count() >= 3, path
                assert rows.first.evaluate("el => getComputedStyle(el).display") == "block", path
                stacked += 1
    assert stacked >= 5  # the lists had rows to stack


@pytest.mark.parametrize("width", [992, 1280])
def test_the_longest_menu_fits_a_desktop_window(browser, live_server, demo_city, width):
    """A supervisor has the most menu entries: at the narrowest desktop width they wrap onto more rows
    instead of pushing the page sideways."""
    context = browser.new_context(locale="fa-IR", viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.set_default_timeout(15000)
        page.base = live_server.url
        sign_in(page, "supervisor", PASSWORD)
        page.wait_for_selector("[data-testid=user-menu]")
        # Some fifteen destinations; the supervision tools in one menu, so the bar keeps to one or two rows.
        assert page.locator("#mainnav a.nav-link[href^='/'], #mainnav a.dropdown-item").count() >= 12
        menu = page.locator("[data-testid=nav-menu]")
        assert menu.count() == 1 and menu.locator("a.dropdown-item").count() >= 5
        for path in ("/", "/cartable/"):
            page.goto(page.base + path)
            page.wait_for_selector("[data-testid=user-menu]")
            assert fits(page), f"{path} scrolls sideways at {width} px"
            assert page.locator("[data-testid=user-menu]").is_visible()
            rows = page.evaluate(
                "new Set([...document.querySelectorAll('#mainnav > ul > li')].map(li => li.offsetTop)).size"
            )
            assert rows <= 2, f"the menu takes {rows} rows at {width} px"
        # The menu opens by keyboard and leads to its pages.
        menu.locator("a.dropdown-toggle").focus()
        page.keyboard.press("Enter")
        first = menu.locator("a.dropdown-item").first
        first.wait_for(state="visible")
        first.click()
        page.wait_for_selector("[data-testid=user-menu]")
        assert page.url != page.base + "/cartable/"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"desktop-{width}-supervisor.png"))
    finally:
        context.close()
