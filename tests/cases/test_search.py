"""Search (q=) finds what people type by the index that fits it, and a search page counts nothing."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from cases import filters
from cases.filters import search_condition, with_name
from cases.models import Case, State
from core.validators import to_persian_digits
from tests.scale_factories import Desk

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return Desk()


def found(api, user, q, **params):
    api.force_authenticate(user)
    response = api.get("/api/v1/cases/", {"q": q, **params})
    assert response.status_code == 200, response.content
    return response.json()


def ids(body):
    return {row["id"] for row in body["results"]}


def test_a_tracking_code_finds_its_file_and_no_other(api, desk):
    one, two = desk.file(), desk.file()
    code = one.tracking_code
    for q in (code, to_persian_digits(code), f"{code[:6]}-{code[6:]}", f" {code} "):
        assert ids(found(api, desk.officer, q)) == {one.pk}, q
    assert ids(found(api, desk.officer, code[:6])) >= {one.pk}  # a prefix still finds it
    assert two.pk not in ids(found(api, desk.officer, code))


def test_national_id_and_mobile_exactly_or_by_their_first_digits(api, desk):
    mine = desk.file(applicant_national_id="4608968882", applicant_mobile="09121234567")
    again = desk.file(applicant_national_id="4608968882", applicant_mobile="09350000000")
    other = desk.file(applicant_national_id="0499370899", applicant_mobile="09131112233")
    assert ids(found(api, desk.officer, "4608968882")) == {mine.pk, again.pk}
    assert ids(found(api, desk.officer, "460896")) == {mine.pk, again.pk}
    assert ids(found(api, desk.officer, "۰۹۱۲ ۱۲۳ ۴۵۶۷")) == {mine.pk}
    assert ids(found(api, desk.officer, "09121")) == {mine.pk}
    assert other.pk not in ids(found(api, desk.officer, "0912"))
    # Too few digits to mean anything: nothing, rather than a walk over every file.
    assert ids(found(api, desk.officer, "46")) == set()


def test_a_renewal_code_whole_or_its_first_parts_as_people_type_them(api, desk):
    case = desk.file()
    code = case.parcel.renewal_code  # e.g. 01-123-045-777-01-456
    district, block = code.split("-")[:2]
    assert ids(found(api, desk.officer, code)) == {case.pk}
    assert case.pk in ids(found(api, desk.officer, f"{int(district)}-{block}"))  # "1-123" is "01-123…"
    assert case.pk in ids(found(api, desk.officer, code.replace("-", "/")))
    assert ids(found(api, desk.officer, f"{district}-{block}-999")) == set()


def test_names_by_any_of_their_words_in_any_order_and_arabic_letters_read_as_persian(api, desk):
    ali = desk.file(applicant_first_name="علی", applicant_last_name="کاظمی")
    maryam = desk.file(applicant_first_name="مریم", applicant_last_name="کاظمی‌پور")
    for q, expected in [
        ("کاظمی", {ali.pk, maryam.pk}),
        ("كاظمي", {ali.pk, maryam.pk}),
        ("علی کاظمی", {ali.pk}),
        ("کاظمی علی", {ali.pk}),
        ("مریم کاظ", {maryam.pk}),
        ("پور", {maryam.pk}),
        ("حسینی", set()),
    ]:
        assert ids(found(api, desk.officer, q)) == expected, q


def test_search_stays_within_what_the_user_may_see(api, desk):
    other = Desk()
    theirs = other.file(applicant_last_name="یگانه")
    assert ids(found(api, desk.officer, "یگانه")) == set()
    assert ids(found(api, desk.officer, theirs.tracking_code)) == set()
    # Another city's supervisor finds nothing of this one; its own supervisor does.
    assert ids(found(api, desk.supervisor, theirs.tracking_code)) == set()
    assert ids(found(api, other.supervisor, theirs.tracking_code)) == {theirs.pk}
    assert ids(found(api, other.municipal, "یگانه")) == {theirs.pk}


def test_a_search_page_says_whether_more_follow_without_counting(api, desk):
    files = [desk.file(applicant_last_name="صبوری") for _ in range(5)]
    first = found(api, desk.officer, "صبوری", page_size=2)
    assert first["count"] is None and len(first["results"]) == 2 and first["previous"] is None
    assert "page=2" in first["next"]
    last = found(api, desk.officer, "صبوری", page_size=2, page=3)
    assert last["next"] is None and "page=2" in last["previous"] and len(last["results"]) == 1
    seen = set()
    for page in (1, 2, 3):
        seen |= ids(found(api, desk.officer, "صبوری", page_size=2, page=page))
    assert seen == {f.pk for f in files}
    api.force_authenticate(desk.officer)
    assert api.get("/api/v1/cases/", {"q": "صبوری", "page": 9}).status_code == 404
    assert api.get("/api/v1/cases/", {"q": "صبوری", "page": "x"}).status_code == 404
    # Without a search the list keeps its count.
    assert api.get("/api/v1/cases/", {"page_size": 2}).json()["count"] == 5


@pytest.mark.parametrize("candidates", [1000, 4, 3, 1])
def test_a_name_search_lists_newest_first_whether_its_matches_are_few_or_many(api, desk, monkeypatch, candidates):
    """A name's matches are taken first when few (``NAME_CANDIDATES``: 1000, or 4 for the officer's four), else
    found along the dates (3, 1): the pages are the same either way, newest first, within what the user may see."""
    monkeypatch.setattr(filters, "NAME_CANDIDATES", candidates)
    start = timezone.now() - datetime.timedelta(days=30)
    files = [
        desk.file(
            applicant_last_name="فرزانه",
            created_at=start + datetime.timedelta(days=i),
            state=State.SUBMITTED if i % 2 else State.PLAN_REVIEW,
        )
        for i in range(4)
    ]
    Desk().file(applicant_last_name="فرزانه")  # another office's: never listed
    desk.file(applicant_last_name="فرهمند")
    newest_first = [f.pk for f in reversed(files)]
    pages = [found(api, desk.officer, "فرزانه", page_size=3, page=n)["results"] for n in (1, 2)]
    assert [row["id"] for page in pages for row in page] == newest_first
    submitted = found(api, desk.officer, "فرزانه", state="submitted")["results"]
    assert [row["id"] for row in submitted] == [
        pk for pk in newest_first if Case.objects.get(pk=pk).state == "submitted"
    ]


def test_the_cartable_search_counts_nothing_either(api, desk):
    desk.file(applicant_last_name="نیک‌نام")
    api.force_authenticate(desk.officer)
    body = api.get("/api/v1/cartable/", {"q": "نیک‌نام"}).json()
    assert body["count"] is None and len(body["results"]) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes and planner")
@pytest.mark.parametrize(
    ("q", "index"),
    [
        ("4608968882", "case_national_id_prefix"),
        ("460896", "case_national_id_prefix"),
        ("09121234567", "case_mobile_prefix"),
        ("09121", "case_mobile_prefix"),
        ("کاظمی", "case_applicant_name_trgm"),
        ("علی کاظمی", "case_applicant_name_trgm"),
        ("1404", "case_tracking_code_unique"),
    ],
)
def test_each_kind_of_search_is_served_by_its_index(desk, q, index):
    desk.file()
    qs = with_name(Case.objects.order_by()).filter(search_condition(q))
    with connection.cursor() as cursor:
        # A tiny table would be read whole (or walked along another index) whatever the indexes: leave the
        # planner only bitmap scans, which need an index whose expression matches the search's.
        for method in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{method} = off")
        plan = qs.explain()
    assert index in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index")
def test_a_new_files_name_goes_into_the_name_index_at_once(desk):
    """No pending list for every search to read beside the index: the name index is built with each insert."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'case_applicant_name_trgm'")
        (options,) = cursor.fetchone()
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pgstattuple'")
        measurable = cursor.fetchone() is not None
    assert "fastupdate=off" in (options or [])
    case = desk.file(applicant_last_name="ثابت‌قدم")
    assert with_name(Case.objects.filter(pk=case.pk)).filter(search_condition("ثابت‌قدم")).exists()
    if measurable:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pending_tuples FROM pgstatginindex('case_applicant_name_trgm')")
            assert cursor.fetchone()[0] == 0


def test_an_overflowing_office_filter_finds_nothing(city, login_api):
    api = login_api(city.officer)
    for path in ("/api/v1/cases/", "/api/v1/cartable/"):
        response = api.get(path, {"office": "99999999999999999999"})
        assert response.status_code == 200 and response.json()["results"] == [], path
