"""How the history is stored: rows keyed by (file, seq), states and role as small codes, and the
migration that brought existing rows there (and back) without changing what they say."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import Role
from cases import history
from cases.models import ROLE_CODES, STATE_CODES, Case, State, Transition
from cases.services import apply_action
from cases.workflow import SYSTEM
from tests.cases import factories

BEFORE = ("cases", "0015_drop_service_date_index")
AFTER = ("cases", "0016_history_rows_keyed_and_coded")


def _raw_rows(case_id):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT seq, from_state, to_state, actor_role FROM cases_transition WHERE case_id = %s ORDER BY seq",
            [case_id],
        )
        return cursor.fetchall()


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


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


def test_rows_read_as_names_and_are_stored_as_codes(case):
    rows = list(Transition.objects.filter(case=case).order_by("seq"))
    assert [(r.from_state, r.to_state, r.actor_role) for r in rows] == [
        ("", "submitted", "technical_officer"),
        ("submitted", "returned", "technical_officer"),
        ("returned", "submitted", "technical_officer"),
    ]
    assert rows[1].pk == (case.pk, 2)
    assert _raw_rows(case.pk) == [
        (1, 0, STATE_CODES["submitted"], ROLE_CODES["technical_officer"]),
        (2, STATE_CODES["submitted"], STATE_CODES["returned"], ROLE_CODES["technical_officer"]),
        (3, STATE_CODES["returned"], STATE_CODES["submitted"], ROLE_CODES["technical_officer"]),
    ]
    # Looked up by name, as before.
    assert Transition.objects.filter(case=case, to_state=State.RETURNED).get().seq == 2
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
                "SELECT seq, from_state, to_state, actor_role FROM cases_transition WHERE case_id = %s "
                "AND id IS NOT NULL ORDER BY seq",
                [case.pk],
            )
            assert cursor.fetchall() == [
                (1, "", "submitted", "technical_officer"),
                (2, "submitted", "returned", "technical_officer"),
                (3, "returned", "submitted", "technical_officer"),
            ]
    finally:
        _migrate(AFTER)
    after = [(r.seq, r.action, r.from_state, r.to_state, r.actor_role, r.note, bytes(r.hash)) for r in
             Transition.objects.filter(case=case).order_by("seq")]  # fmt: skip
    assert after == before
    assert history.verify_files([case.pk]) == []
