"""How the history is stored: rows keyed by (file, seq), action, states and role as small codes, and the
migrations that brought existing rows there (and back) without changing what they say."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import Role
from cases import history
from cases.models import ACTION_CODES, ROLE_CODES, STATE_CODES, Case, State, Transition
from cases.plugins import registry
from cases.services import apply_action
from cases.services.actions import EVENTS
from cases.workflow import ACTIONS, SYSTEM
from tests.cases import factories

BEFORE = ("cases", "0015_drop_service_date_index")


def _raw_rows(case_id):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT seq, action, from_state, to_state, actor_role FROM cases_transition "
            "WHERE case_id = %s ORDER BY seq",
            [case_id],
        )
        return cursor.fetchall()


def _migrate(target=None):
    """To ``target``, or back to every app's latest migration."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target] if target else executor.loader.graph.leaf_nodes())


@pytest.fixture
def case(officer):
    """Registered, returned to the applicant, resubmitted."""
    case = factories.register(officer)
    case = apply_action(case, "return_to_applicant", officer, note="سند ناقص")
    apply_action(case, "resubmit", officer)
    return Case.objects.get(pk=case.pk)


def test_every_state_and_role_has_a_code():
    assert set(State.values) | {""} == set(STATE_CODES)
    assert set(Role.values) | {"", SYSTEM} == set(ROLE_CODES)
    assert len(set(STATE_CODES.values())) == len(STATE_CODES)
    assert len(set(ROLE_CODES.values())) == len(ROLE_CODES)


def test_every_action_and_event_has_a_code():
    """A history row can be written for every action, the registration and every event an app records."""
    assert {*ACTIONS, "register", *EVENTS, *registry().events()} == set(ACTION_CODES)
    assert len(set(ACTION_CODES.values())) == len(ACTION_CODES)


def test_rows_read_as_names_and_are_stored_as_codes(case):
    rows = list(Transition.objects.filter(case=case).order_by("seq"))
    assert [(r.from_state, r.to_state, r.actor_role) for r in rows] == [
        ("", "submitted", "technical_officer"),
        ("submitted", "returned", "technical_officer"),
        ("returned", "submitted", "technical_officer"),
    ]
    assert rows[1].pk == (case.pk, 2)
    assert _raw_rows(case.pk) == [
        (1, ACTION_CODES["register"], 0, STATE_CODES["submitted"], ROLE_CODES["technical_officer"]),
        (2, ACTION_CODES["return_to_applicant"], STATE_CODES["submitted"], STATE_CODES["returned"],
         ROLE_CODES["technical_officer"]),
        (3, ACTION_CODES["resubmit"], STATE_CODES["returned"], STATE_CODES["submitted"],
         ROLE_CODES["technical_officer"]),
    ]  # fmt: skip
    # Looked up by name, as before.
    assert Transition.objects.filter(case=case, to_state=State.RETURNED).get().seq == 2
    assert Transition.objects.filter(case=case, action__in=["resubmit", "cancel"]).get().seq == 3
    assert list(Transition.objects.filter(case=case, from_state__in=["", "returned"]).values_list("seq", flat=True))
    with pytest.raises(ValueError, match="has no code"):
        Transition.objects.filter(to_state="nowhere").exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_row_and_its_hash_both_ways(case):
    before = [(r.seq, r.action, r.from_state, r.to_state, r.actor_role, r.note, bytes(r.hash)) for r in
              Transition.objects.filter(case=case).order_by("seq")]  # fmt: skip
    try:
        _migrate(BEFORE)
        # The old layout: an id of its own, the names as text.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT seq, action, from_state, to_state, actor_role FROM cases_transition WHERE case_id = %s "
                "AND id IS NOT NULL ORDER BY seq",
                [case.pk],
            )
            assert cursor.fetchall() == [
                (1, "register", "", "submitted", "technical_officer"),
                (2, "return_to_applicant", "submitted", "returned", "technical_officer"),
                (3, "resubmit", "returned", "submitted", "technical_officer"),
            ]
    finally:
        _migrate()
    after = [(r.seq, r.action, r.from_state, r.to_state, r.actor_role, r.note, bytes(r.hash)) for r in
             Transition.objects.filter(case=case).order_by("seq")]  # fmt: skip
    assert after == before
    assert history.verify_files([case.pk]) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the column order is PostgreSQL's layout")
def test_history_rows_are_packed_widest_columns_first_and_keyed_by_a_32_bit_file_id(case):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
            "WHERE attrelid = 'cases_transition'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
        )
        columns = cursor.fetchall()
    assert [name for name, _kind in columns] == [
        "at", "actor_id", "seq", "case_id", "action", "from_state", "to_state", "actor_role", "note", "data", "hash",
    ]  # fmt: skip
    assert dict(columns)["case_id"] == "integer"
    # The rows still read, and still verify, after the table was remade.
    assert history.verify_files([case.pk]) == []
