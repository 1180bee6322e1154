"""The service seam: every service registers from its documented example, action input is checked,
and nothing a client sends to the files API is a 500."""

import copy

import pytest
import yaml
from django.core.management import call_command

from cases.models import Case, Transition
from cases.plugins import registry
from tests.cases.helpers import notary_payload, renewal_code

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "schema.yaml"
    call_command("spectacular", "--file", str(path), "--validate")
    return yaml.safe_load(path.read_text())


def _resolve(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def test_the_schema_documents_details_per_service_with_an_example_each(schema):
    body = schema["paths"]["/api/v1/cases/"]["post"]["requestBody"]["content"]["application/json"]
    codes = set(registry().service_codes())
    assert set(body["examples"]) == codes
    registration = _resolve(schema, body["schema"])
    assert registration["discriminator"]["propertyName"] == "service"
    assert set(registration["discriminator"]["mapping"]) == codes
    notary = _resolve(schema, {"$ref": registration["discriminator"]["mapping"]["notary_inquiry"]})
    details = _resolve(schema, notary["properties"]["details"])
    assert {"notary_number", "notary_city", "letter_number", "letter_date"} <= set(details["required"])
    assert details["properties"]["notary_number"]["maxLength"] == 6
    renewal = _resolve(schema, notary["properties"]["property"])["properties"]["renewal_code"]
    assert "منطقه" in renewal["description"] and renewal["pattern"]


def test_every_service_registers_from_its_own_example(schema, city, login_api):
    body = schema["paths"]["/api/v1/cases/"]["post"]["requestBody"]["content"]["application/json"]
    officer = login_api(city.officer)
    office = city.office
    for number, (code, example) in enumerate(sorted(body["examples"].items())):
        payload = copy.deepcopy(example["value"])
        # What the schema says a client changes: the office, a fresh parcel (unless the example names its
        # property's permit) and applicant.
        payload["office"] = office.pk
        if "permit_number" not in payload["details"]:
            payload["property"]["renewal_code"] = renewal_code(1)
        payload["applicant"]["mobile"] = f"0913000{number:04d}"
        response = officer.post("/api/v1/cases/", payload, format="json")
        assert response.status_code == 201, (code, response.json())
        assert response.json()["service"] == code
        family = registry().family(code)
        shown = response.json()["details"]
        for name, value in example["value"]["details"].items():
            stored = shown.get(f"{name}_jalali", shown.get(name))
            assert _plain(stored) == _plain(value), (code, name)
        assert family is not None


@pytest.mark.parametrize("key", ["at", "actor", "case", "state", "hacked"])
def test_an_unknown_or_internal_key_on_an_action_is_a_400_naming_it(city, login_api, key):
    officer = login_api(city.officer)
    created = officer.post("/api/v1/cases/", notary_payload(), format="json").json()
    rows = Transition.objects.filter(case_id=created["id"]).count()
    response = officer.post(
        f"/api/v1/cases/{created['id']}/actions/",
        {"action": "return_to_applicant", "note": "سند ناخواناست", key: "2020-01-01T00:00:00Z"},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert key in response.json()["errors"]
    assert Transition.objects.filter(case_id=created["id"]).count() == rows
    assert Case.objects.get(pk=created["id"]).state == "submitted"


def test_action_input_is_typed_and_persian(city, login_api):
    officer = login_api(city.officer)
    case_id = officer.post("/api/v1/cases/", notary_payload(), format="json").json()["id"]
    Case.objects.filter(pk=case_id).update(state="awaiting_visit")
    for bad in ("²", "abc", [1], {"x": 1}, 10**30):
        response = officer.post(
            f"/api/v1/cases/{case_id}/actions/", {"action": "assign_inspector", "inspector": bad}, format="json"
        )
        assert response.status_code == 400, (bad, response.content)
        assert "inspector" in response.json()["errors"]
        assert "کارشناس" in response.json()["detail"]
    for body in ([1, 2], "text", {"action": ["accept"]}, {"action": "no_such_action"}, {}):
        response = officer.post(f"/api/v1/cases/{case_id}/actions/", body, format="json")
        assert response.status_code == 400, (body, response.content)
    missing_note = officer.post(f"/api/v1/cases/{case_id}/actions/", {"action": "reject"}, format="json")
    assert missing_note.status_code in (400, 409)


@pytest.mark.parametrize(
    "path, value",
    [
        (("property", "address"), "ا" * 301),
        (("applicant", "first_name"), "علی\x00"),
        (("applicant", "last_name"), "x" * 81),
        (("property", "address"), "اصفهان\x00"),
        (("details", "notary_city"), "اصف\x00هان"),
        (("details", "notary_number"), "1" * 200),
        (("details", "letter_date"), "۱۴۰۴/۱۳/۴۰"),
        (("details", "letter_date"), ["1403/07/15"]),
        (("applicant", "national_id"), {"a": 1}),
        (("property", "district"), "²"),
        (("details", "purpose"), "excavation"),
        (("details", "unknown"), "x"),
    ],
)
def test_bad_registration_input_is_a_persian_400_and_saves_nothing(city, login_api, path, value):
    officer = login_api(city.officer)
    payload = notary_payload()
    payload[path[0]][path[1]] = value
    before = Case.objects.count()
    response = officer.post("/api/v1/cases/", payload, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert f"{path[0]}.{path[1]}" in body["errors"], body
    assert any("\u0600" <= ch <= "\u06ff" for ch in body["detail"])
    assert Case.objects.count() == before


def test_unknown_top_level_keys_and_odd_bodies_are_refused(city, login_api):
    officer = login_api(city.officer)
    response = officer.post("/api/v1/cases/", {**notary_payload(), "state": "responded"}, format="json")
    assert response.status_code == 400 and "state" in response.json()["errors"]
    for body in ([notary_payload()], "x", {"service": ["notary_inquiry"]}, {"details": []}):
        assert officer.post("/api/v1/cases/", body, format="json").status_code == 400, body


def test_excavation_registers_with_its_letter(city, login_api):
    officer = login_api(city.officer)
    payload = {
        **notary_payload(),
        "service": "excavation",
        "details": registry().family("excavation").example("excavation"),
    }
    response = officer.post("/api/v1/cases/", payload, format="json")
    assert response.status_code == 201, response.json()
    details = response.json()["details"]
    assert details["letter_number"] == "1403/5521"
    assert details["cut_length_m"] == "12.5" and details["planned_start_jalali"] == "1403/08/01"
    # Without its letter the server names the fields.
    payload["details"] = {k: v for k, v in payload["details"].items() if not k.startswith("letter")}
    payload["property"] = {**payload["property"], "renewal_code": renewal_code(1)}
    refused = officer.post("/api/v1/cases/", payload, format="json")
    assert refused.status_code == 400
    assert {"details.letter_number", "details.letter_date"} <= set(refused.json()["errors"])
    assert city.officer.role == "technical_officer"


def _plain(value):
    """A value as text with ASCII digits, nested lists and objects alike (key order aside)."""
    if isinstance(value, dict):
        return {key: _plain(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_plain(inner) for inner in value]
    return str(value).translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
