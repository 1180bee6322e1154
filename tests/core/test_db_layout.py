"""Tables laid out to pack their rows: the order, and a remade table that keeps everything it had."""

import pytest
from django.db import IntegrityError, connection, transaction

from cases.models import Case, Transition
from core.db_layout import packed_order
from tests.cases import factories

PACKED = (
    "cases_case", "cases_document", "cases_property", "cases_transition", "inquiries_letter", "inquiries_inquiry",
    "billing_feeslip", "billing_slipitem", "billing_payment", "inspections_visit", "inspections_visitreport",
    "notifications_message",
)  # fmt: skip


def test_fixed_size_columns_go_first_widest_alignment_first_each_group_in_its_order():
    columns = [
        ("note", -1, "i"), ("seq", 4, "i"), ("at", 8, "d"), ("code", 2, "s"), ("flag", 1, "c"),
        ("data", -1, "i"), ("id", 4, "i"), ("actor", 8, "d"),
    ]  # fmt: skip
    assert packed_order(columns) == ["at", "actor", "seq", "id", "code", "flag", "note", "data"]


def _layout(table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname, t.typlen, t.typalign FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
            "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
            [table],
        )
        return cursor.fetchall()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's row layout")
@pytest.mark.parametrize("table", PACKED)
def test_the_largest_tables_are_packed(table):
    columns = _layout(table)
    assert [c[0] for c in columns] == packed_order(columns)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's row layout")
def test_a_remade_table_keeps_its_identity_its_keys_and_the_keys_to_it(officer):
    """The files' table was remade: new files still get the next id, and the history's key to it still holds."""
    first = factories.register(officer)
    second = factories.register(officer)
    assert second.pk > first.pk
    assert Case.objects.filter(pk=second.pk).exists()
    row = Transition.objects.get(case=second, seq=1)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cases_transition (case_id, seq, action, from_state, to_state, actor_role, note, data, "
            "at, hash) VALUES (%s, 1, 1, 0, 2, 3, '', '{}', now(), '\\x00')",
            [second.pk + 1000],
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(IntegrityError), transaction.atomic():
        Transition.objects.create(
            case=second, seq=1, action="accept", to_state="submitted", at=row.at, hash=b"\x00"
        )  # the (file, seq) key
