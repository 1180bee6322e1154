"""History you can trust: each way of tampering with a file's history is detected."""

import hashlib
import json

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cases import history
from cases.models import Case, HistoryCheckpoint, HistoryDigest, Transition


@pytest.fixture(autouse=True)
def _digests_in_tmp(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "history": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "history")},
        },
    }
    storages._storages = {}
    storages.backends  # noqa: B018 - reread the setting
    yield
    storages._storages = {}


@pytest.fixture
def case(register, officer_api):
    """A file with four history rows: registered, returned, resubmitted, returned again."""
    case = register()
    url = f"/api/v1/cases/{case['id']}/actions/"
    for body in (
        {"action": "return_to_applicant", "note": "سند ناقص"},
        {"action": "resubmit"},
        {"action": "return_to_applicant", "note": "باز هم ناقص"},
    ):
        response = officer_api.post(url, body, format="json")
        assert response.status_code == 200, response.content
    return Case.objects.get(pk=case["id"])


def kinds(case_id=None):
    return [(p.case_id, p.kind) for p in history.verify_files() if case_id is None or p.case_id == case_id]


def test_an_untouched_history_verifies_and_the_head_follows_the_newest_row(case):
    assert kinds(case.pk) == []
    rows = list(Transition.objects.filter(case=case).order_by("seq"))
    assert [r.seq for r in rows] == [1, 2, 3, 4]
    assert case.history_head == history.head_for(case.pk, 4, "returned", history.hash_hex(rows[-1].hash))
    # Each row keeps its keyed hash (the first 16 bytes) only; the previous row's is read from that row.
    assert all(len(bytes(r.hash)) == history.ROW_HASH_BYTES == 16 for r in rows)
    assert not hasattr(rows[0], "prev_hash")
    # The hash is keyed: plain SHA-256 of the same content is not it.
    assert bytes(rows[1].hash) != hashlib.sha256(bytes(rows[0].hash).hex().encode()).digest()
    call_command("verify_history")


def _keep_whole_hashes(case):
    """The file's rows as they were written before rows kept half their hash: the whole 32 bytes each."""
    previous = ""
    for row in Transition.objects.filter(case=case).order_by("seq"):
        whole = history._row_digest(row, previous)
        Transition.objects.filter(case=case, seq=row.seq).update(hash=bytes.fromhex(whole))
        previous = whole
    Case.objects.filter(pk=case.pk).update(history_head=history.head_for(case.pk, row.seq, row.to_state, previous))


def test_rows_written_with_the_whole_hash_still_verify_and_later_rows_chain_on(case, officer_api):
    _keep_whole_hashes(case)
    assert kinds(case.pk) == []
    response = officer_api.post(f"/api/v1/cases/{case.pk}/actions/", {"action": "resubmit"}, format="json")
    assert response.status_code == 200, response.content
    rows = list(Transition.objects.filter(case=case).order_by("seq"))
    assert [len(bytes(r.hash)) for r in rows] == [32, 32, 32, 32, 16]
    assert kinds(case.pk) == []
    call_command("verify_history")


def test_a_whole_hash_cut_to_half_is_detected(case):
    """Half of a row's whole hash is a valid tag of that row, but the next row was chained to the whole one."""
    _keep_whole_hashes(case)
    whole = Transition.objects.get(case=case, seq=2).hash
    Transition.objects.filter(case=case, seq=2).update(hash=bytes(whole)[:16])
    assert kinds(case.pk) == [(case.pk, "row-altered")]


def test_a_hash_of_another_length_is_detected(case):
    row = Transition.objects.get(case=case, seq=3)
    Transition.objects.filter(case=case, seq=3).update(hash=bytes(row.hash)[:8])
    assert kinds(case.pk) == [(case.pk, "row-altered")]


def test_an_edited_row_is_detected(case):
    Transition.objects.filter(case=case, seq=2).update(note="یادداشت دیگر")
    assert kinds(case.pk) == [(case.pk, "row-altered")]


def test_a_state_or_role_code_changed_in_the_database_is_detected(case):
    """The history stores states and roles as codes: one changed, even to a code no state has, reads as an
    altered row (the history is still read, and its hash no longer matches)."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_transition SET to_state = 77 WHERE case_id = %s AND seq = 2", [case.pk])
    assert Transition.objects.get(case=case, seq=2).to_state == "#77"
    assert kinds(case.pk) == [(case.pk, "row-altered")]


def test_a_deleted_middle_row_is_detected(case):
    Transition.objects.filter(case=case, seq=2).delete()
    assert kinds(case.pk) == [(case.pk, "row-missing")]


def test_a_deleted_middle_row_with_the_later_rows_renumbered_is_detected(case):
    Transition.objects.filter(case=case, seq=2).delete()
    for seq in (3, 4):
        Transition.objects.filter(case=case, seq=seq).update(seq=seq - 1)
    assert kinds(case.pk) == [(case.pk, "row-altered")]


def test_reordered_rows_are_detected(case):
    """Rows 2 and 3 swap places, numbers and all: each is then chained to the wrong row."""
    rows = Transition.objects.filter(case=case)
    rows.filter(seq=2).update(seq=99)
    rows.filter(seq=3).update(seq=2)
    rows.filter(seq=99).update(seq=3)
    assert kinds(case.pk) == [(case.pk, "row-altered")]


def test_a_changed_first_row_is_detected(case):
    Transition.objects.filter(case=case, seq=1).update(at=Transition.objects.get(case=case, seq=2).at)
    assert kinds(case.pk) == [(case.pk, "row-altered")]


def test_a_first_row_replaced_by_another_files_first_row_is_detected(case, register):
    other = register()
    theirs = Transition.objects.get(case_id=other["id"], seq=1)
    Transition.objects.filter(case=case, seq=1).update(
        at=theirs.at, actor=theirs.actor, data=theirs.data, hash=theirs.hash
    )
    assert kinds(case.pk) == [(case.pk, "row-altered")]
    assert kinds(other["id"]) == []


def test_a_hash_copied_from_the_row_before_is_detected(case):
    """Without the key nobody can make a row's hash; copying a valid one from elsewhere does not verify."""
    first = Transition.objects.get(case=case, seq=1)
    Transition.objects.filter(case=case, seq=2).update(hash=first.hash)
    assert kinds(case.pk) == [(case.pk, "row-altered")]


def test_the_newest_row_deleted_is_detected(case):
    Transition.objects.filter(case=case, seq=4).delete()
    Case.objects.filter(pk=case.pk).update(state="submitted")  # even with the state put back as row 3 left it
    assert kinds(case.pk) == [(case.pk, "truncated")]


def test_a_files_whole_history_deleted_is_detected(case):
    Transition.objects.filter(case=case).delete()
    assert kinds(case.pk) == [(case.pk, "no-history")]
    Case.objects.filter(pk=case.pk).update(history_head="")
    assert kinds(case.pk) == [(case.pk, "no-history")]


def test_a_state_changed_without_a_transition_is_detected(case):
    Case.objects.filter(pk=case.pk).update(state="responded")
    assert kinds(case.pk) == [(case.pk, "state-without-transition")]


def _recompute_without_the_key(case, key=b""):
    """What someone with the database but not the key can do: redo every hash from the edited row on."""
    previous = ""
    for row in Transition.objects.filter(case=case).order_by("seq"):
        payload = json.dumps(
            {
                "case": row.case_id,
                "seq": row.seq,
                "action": row.action,
                "from": row.from_state,
                "to": row.to_state,
                "actor": row.actor_id,
                "role": row.actor_role,
                "note": row.note,
                "data": row.data,
                "at": row.at.isoformat(timespec="microseconds"),
            },
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
            default=str,
        )
        digest = hashlib.sha256((previous + payload).encode()).hexdigest()
        Transition.objects.filter(pk=row.pk).update(hash=bytes.fromhex(digest))
        previous = digest
    return previous


def test_a_row_edited_with_the_chain_recomputed_without_the_key_is_detected(case):
    Transition.objects.filter(case=case, seq=2).update(note="یادداشت دیگر")
    last = _recompute_without_the_key(case)
    Case.objects.filter(pk=case.pk).update(history_head=hashlib.sha256(last.encode()).hexdigest())
    assert kinds(case.pk) == [(case.pk, "row-altered")]


def test_another_key_does_not_verify(case, settings):
    settings.HISTORY_KEY = "another key"
    assert kinds(case.pk) == [(case.pk, "row-altered")]


def test_a_truncation_with_an_old_head_put_back_is_caught_by_the_daily_digest(case, officer_api):
    old_head = Case.objects.get(pk=case.pk).history_head
    response = officer_api.post(f"/api/v1/cases/{case.pk}/actions/", {"action": "resubmit"}, format="json")
    assert response.status_code == 200
    digest = history.write_digest()
    assert digest.checkpoints >= 1 and HistoryCheckpoint.objects.filter(case_id=case.pk, seq=5).exists()
    # Someone deletes the newest row and restores the head and state the file had before it.
    Transition.objects.filter(case=case, seq=5).delete()
    Case.objects.filter(pk=case.pk).update(history_head=old_head, state="returned")
    assert kinds(case.pk) == [(case.pk, "behind-checkpoint")]


def test_a_deleted_file_is_caught_by_the_daily_digest(case):
    history.write_digest()
    Transition.objects.filter(case=case).delete()
    Case.objects.filter(pk=case.pk).delete()
    assert (case.pk, "file-deleted") in kinds()


def test_the_digest_is_written_once_a_day_and_its_copy_outside_the_database_is_checked(case):
    digest = history.write_digest()
    assert history.write_digest().pk == digest.pk  # idempotent
    assert history.verify_digests() == []
    storage = storages["history"]
    name = f"digests/{digest.day.isoformat()}.json"
    assert json.loads(storage.open(name).read())["root"] == digest.root
    with pytest.raises(TypeError):
        digest.delete()
    with pytest.raises(TypeError):
        HistoryDigest.objects.filter(pk=digest.pk).update(root="0" * 64)
    # The copy outside the database disagrees with the table: someone rewrote one of them.
    with open(storage.path(name), "w") as handle:
        handle.write(json.dumps({"root": "f" * 64}))
    assert [p.kind for p in history.verify_digests()] == ["digest-altered"]


def test_verify_history_reports_every_tampered_file_and_fails(case, register):
    other = register()
    Transition.objects.filter(case=case, seq=2).update(note="x")
    Case.objects.filter(pk=other["id"]).update(state="cancelled")
    with pytest.raises(CommandError) as info:
        call_command("verify_history")
    assert "2 file(s)" in str(info.value)


def test_the_file_page_shows_whether_its_history_verifies(case, client, officer):
    client.force_login(officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="history-badge" data-verified="true"' in page
    assert "تاریخچه تأیید شد" in page
    Transition.objects.filter(case=case, seq=3).update(note="x")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-verified="false"' in page
    assert "تاریخچه دست‌کاری شده است" in page
