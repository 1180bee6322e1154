"""The shape of the code base: dependencies point one way, and only apply_action moves a file."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The floors of the house, lowest first (README "Layout"): an app imports only apps on lower floors.
LAYER = {
    "core": 0,  # shared leaf code: errors, validators, Jalali helpers, API plumbing, fields, template tags
    "notifications": 1,
    "accounts": 2,
    "offices": 3,
    "cases": 4,
    "inquiries": 5,
    "permits": 5,
    "inspections": 5,
    "billing": 5,
    "supervision": 6,
    "portal": 7,  # dashboard, navigation, demo city, user commands
    "pishkhan": 8,  # the project shell: settings, urls, Celery app, wsgi/asgi
}
# Apps on one floor may use each other only in these directions (never both ways).
ALLOWED_SIDEWAYS = {("inquiries", "billing"), ("inspections", "billing")}


def python_files(app):
    return [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name


def import_graph():
    """{app: {app it imports: [where]}}, read from the code's real imports."""
    graph = {app: {} for app in LAYER}
    for app in LAYER:
        for path in python_files(app):
            for module in imported_modules(path):
                top = module.split(".")[0]
                if top in LAYER and top != app:
                    graph[app].setdefault(top, []).append(f"{path.relative_to(ROOT)} imports {module}")
    return graph


def test_every_project_package_is_on_a_floor():
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "bench"}
    assert packages == set(LAYER)


def test_the_import_graph_has_no_cycle():
    graph = import_graph()
    seen, stack = set(), []

    def visit(app):
        if app in stack:
            raise AssertionError("import cycle: " + " -> ".join([*stack[stack.index(app) :], app]))
        if app in seen:
            return
        stack.append(app)
        for target in graph[app]:
            visit(target)
        stack.pop()
        seen.add(app)

    for app in graph:
        visit(app)


@pytest.mark.parametrize("app", sorted(LAYER))
def test_apps_import_only_lower_floors(app):
    bad = []
    for target, where in import_graph()[app].items():
        upward = LAYER[target] > LAYER[app] or (LAYER[target] == LAYER[app] and (app, target) not in ALLOWED_SIDEWAYS)
        if upward:
            bad.extend(where)
    assert bad == []


def test_the_readme_draws_the_same_floors():
    readme = (ROOT / "README.md").read_text()
    order = " → ".join(
        "/".join(sorted(app for app in LAYER if LAYER[app] == floor)) for floor in sorted(set(LAYER.values()))
    )
    assert order in readme, order


def test_only_cases_services_assign_a_files_state():
    pattern = re.compile(r"\bcase\.state\s*=(?!=)|\bCase\.objects\b.*\.update\([^)]*\bstate\s*=")
    offenders = []
    for app in LAYER:
        for path in python_files(app):
            if path.relative_to(ROOT).as_posix().startswith("cases/services/"):
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def _python_sources(app):
    return [p for p in python_files(app) if "demo" not in p.stem]


def test_cases_imports_no_service_app():
    service_apps = {"inquiries", "permits", "inspections", "billing", "supervision"}
    bad = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in python_files("cases")
        for module in imported_modules(path)
        if module.split(".")[0] in service_apps
    ]
    assert bad == []


def test_cases_names_no_service_field():
    """The services' fields are their families' (their details serializers); cases' code names none."""
    from cases.plugins import registry

    names = set()
    for code in registry().service_codes():
        names |= set(registry().details_serializer(code)().fields)
    for family in registry().families:
        record = getattr(family, "record_name", "")
        if record:
            names.add(record)
    assert "notary_number" in names and "letter_date" in names  # the rule below can fail
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, names))) + r")\b")
    offenders = []
    for path in _python_sources("cases"):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_only_apply_action_and_record_event_write_history():
    """A file's history rows are written by cases.services (apply_action, replay_action, record_event and
    the registration's first row) through cases.history; nothing else creates Transition rows."""
    writers = re.compile(
        r"record_transition\(|(?<!class )\bTransition\(|Transition\.objects\.(create|bulk_create|update)\b"
    )
    allowed = {"cases/history.py", "cases/services/actions.py", "cases/services/registration.py"}
    offenders = []
    for app in LAYER:
        for path in python_files(app):
            relative = path.relative_to(ROOT).as_posix()
            if relative in allowed:
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if writers.search(line):
                    offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
