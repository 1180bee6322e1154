"""The shape of the code base: dependencies point one way, and only apply_action moves a file."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Lower layers never import higher ones (DESIGN.md "Layout").
LAYER = {
    "accounts": 1,
    "offices": 2,
    "cases": 3,
    "inquiries": 4,
    "permits": 4,
    "inspections": 4,
    "billing": 4,
    "supervision": 5,
}
# Service apps may use each other only in these directions (never both ways).
ALLOWED_SIDEWAYS = {("inquiries", "billing"), ("inspections", "billing")}
# Leaf modules of the project package that every app may use: they import no app.
PISHKHAN_LEAVES = {
    "errors",
    "fields",
    "validators",
    "jalali",
    "api",
    "notify",
    "sms",
    "models",
    "tasks",
    "middleware",
    "templatetags",
    "celery",
}


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


@pytest.mark.parametrize("app", sorted(LAYER))
def test_apps_import_only_lower_layers(app):
    bad = []
    for path in python_files(app):
        for module in imported_modules(path):
            top = module.split(".")[0]
            upward = (
                top in LAYER
                and top != app
                and (LAYER[top] > LAYER[app] or (LAYER[top] == LAYER[app] and (app, top) not in ALLOWED_SIDEWAYS))
            )
            if upward:
                bad.append(f"{path.relative_to(ROOT)} imports {module}")
            if top == "pishkhan" and len(module.split(".")) > 1 and module.split(".")[1] not in PISHKHAN_LEAVES:
                bad.append(f"{path.relative_to(ROOT)} imports {module} (pishkhan wires apps; apps use its leaves)")
    assert bad == []


def test_pishkhan_leaves_import_no_app():
    bad = []
    for name in PISHKHAN_LEAVES:
        paths = (
            [ROOT / "pishkhan" / f"{name}.py"]
            if (ROOT / "pishkhan" / f"{name}.py").exists()
            else list((ROOT / "pishkhan" / name).rglob("*.py"))
        )
        for path in paths:
            for module in imported_modules(path):
                if module.split(".")[0] in LAYER:
                    bad.append(f"{path.relative_to(ROOT)} imports {module}")
    assert bad == []


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
