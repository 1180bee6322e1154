"""Persian on every screen: each README account signs in, finds work on its first page, and every page
its navigation reaches (and the pages and PDFs those link to) shows no Latin digit, no English word
and no Latin decimal point — outside what people type (inputs' values), code and addresses (URLs,
e-mail). The Django admin (its own tool) and the API's documentation are left out."""

import re
import shutil
import subprocess
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from cases.models import State
from cases.selectors import visible_cases
from core.validators import to_persian_digits
from inquiries.letters.services import make_pdf
from inquiries.models import Letter
from offices.models import District
from permits.models import Certificate, Permit
from portal import demo
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCOUNTS = ["officer", "inspector", "followup", "manager", "municipal", "supervisor", "admin", "citizen"]
PUBLIC = ["/offices/", "/offices/changes/", "/track/", "/verify/", "/accounts/login/"]
SKIP = ("/admin/", "/api/docs", "/api/schema", "/static/", "/accounts/logout", "/media/")
PER_PATTERN = 2  # two files, two slips… are enough to see each page's kind
MAX_PAGES = 70
ADDRESS = re.compile(r"https?://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
LATIN = re.compile(r"[0-9]|[A-Za-z]+|[۰-۹][.,][۰-۹]")

# Visible text and the attributes people read, outside inputs' values, code, scripts and styles;
# and any file box still drawn by the browser ("Choose File / No file chosen").
READ_PAGE = """() => {
  const skip = new Set(["SCRIPT", "STYLE", "CODE", "PRE", "KBD", "SAMP", "TEXTAREA", "NOSCRIPT", "TEMPLATE"]);
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    let el = node.parentElement, skipped = false;
    while (el) { if (skip.has(el.tagName)) { skipped = true; break; } el = el.parentElement; }
    if (!skipped && node.textContent.trim()) out.push(["text", node.textContent.trim()]);
  }
  for (const el of document.querySelectorAll("[placeholder],[title],[aria-label],[alt]")) {
    for (const name of ["placeholder", "title", "aria-label", "alt"]) {
      const value = el.getAttribute(name);
      if (value && value.trim()) out.push([name, value.trim()]);
    }
  }
  for (const el of document.querySelectorAll("input[type=submit],input[type=button],input[type=reset]")) {
    if (el.value) out.push(["button", el.value]);
  }
  for (const el of document.querySelectorAll("input[type=file]")) {
    if (!el.closest(".file-picker")) out.push(["file box", el.name || "?"]);
  }
  return out;
}"""


def latin(text, codes=()):
    text = ADDRESS.sub("", text)
    for code in codes:
        text = text.replace(code, "")
    return LATIN.findall(text)


def _pattern(path):
    return re.sub(r"\d+", "N", path)


def _pdf_problems(path, body, codes):
    out = subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True)
    text = re.sub("[\u202a-\u202e]", "", out.stdout.decode())
    return [(path, "pdf", line.strip()) for line in text.splitlines() if latin(line, codes)]


def crawl(page, starts, codes, always=()):
    """Problems (path, where, text) on every page reachable from ``starts`` (two levels deep), and on
    the pages ``always`` (a file in each state, say), whatever pages of their kind were seen."""
    queue = [(path, 1, True) for path in always] + [(path, 0, False) for path in starts if not path.startswith(SKIP)]
    seen, per_pattern, problems, visited = set(), {}, [], 0
    while queue and visited < MAX_PAGES:
        path, depth, forced = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        pattern = _pattern(path)
        per_pattern[pattern] = per_pattern.get(pattern, 0) + 1
        if per_pattern[pattern] > PER_PATTERN and not forced:
            continue
        # Asked first without the page, so downloads (PDFs, workbooks) never start one.
        response = page.request.get(page.base + path)
        kind = response.headers.get("content-type", "")
        if response.status != 200:
            continue
        if kind.startswith("application/pdf"):
            problems += _pdf_problems(path, response.body(), codes)
            continue
        if not kind.startswith("text/html"):
            continue
        page.goto(page.base + path)
        # Parts loaded by htmx after the page (some panels poll, so the network never rests).
        page.wait_for_selector(".htmx-request", state="detached")
        visited += 1
        for where, text in page.evaluate(READ_PAGE):
            if where == "file box" or latin(text, codes):
                problems.append((path, where, text[:160]))
        for href in page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"):
            link = urlsplit(href)
            if link.netloc or link.query or not link.path.startswith("/") or link.path.startswith(SKIP):
                continue
            if link.path.endswith(".xlsx") or link.path in seen:
                continue
            if depth < 2 or "pdf" in link.path:
                queue.append((link.path, depth + 1, False))
    return problems


def _one_file_per_state(username):
    """The page of one file in each state this person may see (and the letter of an answered one)."""
    user = get_user_model().objects.get(username=username)
    paths = []
    for state in State.values:
        case = visible_cases(user).filter(state=state).order_by("pk").first()
        if case is not None:
            paths.append(f"/cases/{case.pk}/")
    letter = Letter.objects.filter(case__in=visible_cases(user), status="valid").order_by("pk").first()
    if letter is not None:
        make_pdf(letter.pk)  # backdated demo letters are made when first asked for
        paths.append(f"/api/v1/cases/{letter.case_id}/letter.pdf")
    return paths


@pytest.fixture
def town(demo_city):
    """The demo city with a few dozen files in every state (what `make run` loads, smaller)."""
    lines = []
    demo.seed(log=lines.append, files=45)
    return lines


def test_every_readme_account_finds_work_and_reads_persian_everywhere(page, town, settings):
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (poppler-utils) is needed")
    settings.MAP_TILE_URL = ""
    # A quiet demo: no file left out, no empty count.
    assert not [line for line in town if "could not" in line or "skipped" in line or " 0 " in line], town
    codes = list(Letter.objects.values_list("verification_code", flat=True))
    # Permits and certificates carry verification codes of their own (Latin letters by design, as letters').
    codes += list(Permit.objects.values_list("verification_code", flat=True))
    codes += list(Certificate.objects.values_list("verification_code", flat=True))

    problems = crawl(page, PUBLIC, codes)
    page.goto(page.base + "/offices/")
    page.wait_for_selector("#office-map[data-districts]", state="attached")
    labels = page.locator(".district-label").all_inner_texts()
    names = District.objects.filter(municipality__code="isfahan").values_list("name", flat=True)
    assert sorted(labels) == sorted(to_persian_digits(name) for name in names)
    assert "تقریبی" in page.inner_text("[data-testid=map-note]")
    screenshot(page, "persian-directory-map")

    for username in ACCOUNTS:
        page.context.clear_cookies()
        sign_in(page, username, "pishkhan1403")
        page.wait_for_selector("[data-testid=dashboard-title]")
        # Work waits on the first page of every account the README names.
        waiting = page.inner_text("[data-stat=cartable]")
        assert waiting.strip() not in ("", "۰"), (username, waiting)
        starts = ["/"] + page.evaluate(
            "[...document.querySelectorAll('nav .navbar-nav a.nav-link[href^=\"/\"], nav .navbar-nav a.dropdown-item')]"
            ".map(a => a.getAttribute('href'))"
        )
        problems += [(username, *p) for p in crawl(page, starts, codes, _one_file_per_state(username))]
        screenshot(page, f"persian-{username}")

    assert problems == [], "\n".join(" | ".join(map(str, p)) for p in problems)
