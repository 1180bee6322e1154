"""The tamper-evident history of a file.

Three layers, each catching what the one before cannot:

1. Every history row carries an HMAC-SHA256 of its content and of the previous row's
   hash, keyed with ``settings.HISTORY_KEY`` (kept outside the database). The previous
   row is the one before it by number, so verification reads its hash from there: an
   edited, deleted or reordered row, or a chain recomputed without the key, does not verify.
2. The file keeps its chain's head (``Case.history_head``): a keyed hash of the newest
   row, its number and the file's state. Deleting the newest rows, or the whole
   history, or changing the state without a transition leaves a head that does not match.
3. Once a day the head of every file that changed is written to an append-only store
   (``HistoryCheckpoint`` rows, one ``HistoryDigest`` row chained to the day before, and
   the same digest as a file in ``storages["history"]``). Someone who can write the
   database and restores an older head along with a shortened history is caught by the
   checkpoint; a deleted file by its checkpoint without a file; a rewritten digest by
   the chain of digests and the copy outside the database.
"""

import dataclasses
import datetime
import hashlib
import hmac
import json
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, HistoryCheckpoint, HistoryDigest, Transition
from cases.workflow import SYSTEM

logger = logging.getLogger(__name__)


def _key():
    return settings.HISTORY_KEY.encode()


def _mac(message):
    return hmac.new(_key(), message.encode(), hashlib.sha256).hexdigest()


def hash_hex(value):
    """A row's stored hash (32 bytes) as the hex digest the chain, the heads and the digests use."""
    return bytes(value).hex() if value else ""


# A row keeps the first 16 bytes (128 bits) of its HMAC-SHA256: a tag no one without the key can forge, in half
# the room. Rows written before kept all 32 bytes, and still verify against them.
ROW_HASH_BYTES = 16


def transition_digest(*, case_id, seq, action, from_state, to_state, actor_id, actor_role, note, data, at, prev_hash):
    """The row's keyed hash as hex, whole (its first ``ROW_HASH_BYTES`` are what a row keeps); ``prev_hash`` is
    the previous row's as it was kept (hex, "" for a file's first row)."""
    payload = json.dumps(
        {
            "case": case_id,
            "seq": seq,
            "action": action,
            "from": from_state,
            "to": to_state,
            "actor": actor_id,
            "role": actor_role,
            "note": note,
            "data": data,
            "at": at.isoformat(timespec="microseconds"),
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return _mac(prev_hash + payload)


def head_for(case_id, seq, state, row_hash):
    """The keyed head a file carries: its newest row's number and hash, and the state that row left."""
    return _mac(f"head|{case_id}|{seq}|{state}|{row_hash}")


def _row_digest(row, prev_hash):
    return transition_digest(
        case_id=row.case_id,
        seq=row.seq,
        action=row.action,
        from_state=row.from_state,
        to_state=row.to_state,
        actor_id=row.actor_id,
        actor_role=row.actor_role,
        note=row.note,
        data=row.data,
        at=row.at,
        prev_hash=prev_hash,
    )


def _new_row(case, *, seq, action, from_state, to_state, actor, note, data, at, previous):
    """The history row, unsaved, with its keyed hash (``previous``: the hex hash of the row before it, "" for
    a file's first); ``case.history_head`` moves to it."""
    data = json.loads(json.dumps(data or {}, default=str))
    row = Transition(
        case=case,
        seq=seq,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        actor_role=actor.role if actor else SYSTEM,
        note=note,
        data=data,
        at=at or timezone.now(),
    )
    row.case_id = case.pk
    digest = _row_digest(row, previous)[: 2 * ROW_HASH_BYTES]
    row.hash = bytes.fromhex(digest)
    case.history_head = head_for(case.pk, seq, to_state, digest)
    return row


def record_transition(case, *, seq, action, from_state, to_state, actor, note="", data=None, at=None):
    """Append a history row and move the file's head to it (inside the caller's transaction)."""
    # A file's first row has nothing before it: no need to ask the database.
    previous = (
        ""
        if seq == 1
        else hash_hex(Transition.objects.filter(case=case, seq=seq - 1).values_list("hash", flat=True).first())
    )
    row = _new_row(
        case,
        seq=seq,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        note=note,
        data=data,
        at=at,
        previous=previous,
    )
    row.save(force_insert=True)  # appended, never updated: no UPDATE tried first for its (case, seq) key
    Case.objects.filter(pk=case.pk).update(history_head=case.history_head)
    return row


def opening_row(case, *, action, to_state, actor, data=None, at=None):
    """A new file's first history row, UNSAVED, with ``case.history_head`` already pointing at it: the
    caller inserts the file (its id chosen beforehand) with its head, then saves the row, and the file
    is never updated just to move its head. The row's content and hash are ``record_transition``'s."""
    return _new_row(
        case,
        seq=1,
        action=action,
        from_state="",
        to_state=to_state,
        actor=actor,
        note="",
        data=data,
        at=at,
        previous="",
    )


# --- verification ---------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Problem:
    case_id: int | None
    seq: int | None
    kind: str

    MESSAGES = {
        "row-altered": "a history row was changed (its keyed hash does not match)",
        "row-missing": "a history row is missing or out of order",
        "truncated": "the newest history rows are missing (the file's head does not match)",
        "no-history": "the file has no history",
        "state-without-transition": "the file's state was changed without a history row",
        "behind-checkpoint": "the history is shorter than, or differs from, what the daily digest recorded",
        "file-deleted": "a file recorded in the daily digest no longer exists",
        "digest-altered": "a daily digest was changed or removed",
    }

    @property
    def message(self):
        return self.MESSAGES[self.kind]


class _ChainCheck:
    """Walks one file's rows in order; ``finish`` compares the end with the file and its checkpoint."""

    def __init__(self, case_id, state, head, checkpoint):
        self.case_id, self.state, self.head, self.checkpoint = case_id, state, head, checkpoint
        self.previous, self.expected, self.last, self.problem = "", 1, None, None
        self.checkpoint_seen = checkpoint is None

    def feed(self, row):
        if self.problem is not None:
            return
        if row.seq != self.expected:
            self.problem = Problem(self.case_id, row.seq, "row-missing")
            return
        # Chained to the row before it by number: a row moved, replaced or edited does not verify here.
        row_hash = hash_hex(row.hash)
        # The whole digest (rows of before) or its first ROW_HASH_BYTES; a row keeping anything else is altered.
        kept = 2 * ROW_HASH_BYTES if len(row_hash) == 2 * ROW_HASH_BYTES else 64
        if not hmac.compare_digest(_row_digest(row, self.previous)[:kept], row_hash):
            self.problem = Problem(self.case_id, row.seq, "row-altered")
            return
        if self.checkpoint is not None and row.seq == self.checkpoint[0]:
            if not hmac.compare_digest(row_hash, self.checkpoint[1]):
                self.problem = Problem(self.case_id, row.seq, "behind-checkpoint")
                return
            self.checkpoint_seen = True
        self.previous, self.expected, self.last = row_hash, self.expected + 1, row

    def finish(self):
        if self.problem is not None:
            return self.problem
        last = self.last
        if last is None:
            return Problem(self.case_id, None, "no-history")
        if not self.checkpoint_seen:
            return Problem(self.case_id, last.seq, "behind-checkpoint")
        if last.to_state != self.state:
            return Problem(self.case_id, last.seq, "state-without-transition")
        expected = head_for(self.case_id, last.seq, last.to_state, self.previous)
        if not hmac.compare_digest(expected, self.head or ""):
            return Problem(self.case_id, last.seq, "truncated")
        return None


def _latest_checkpoints(case_ids=None):
    qs = HistoryCheckpoint.objects.order_by("case_id", "seq")
    if case_ids is not None:
        qs = qs.filter(case_id__in=case_ids)
    latest = {}
    for case_id, seq, row_hash in qs.values_list("case_id", "seq", "row_hash").iterator(chunk_size=5000):
        latest[case_id] = (seq, row_hash)
    return latest


def verify_case(case, rows=None):
    """The first problem with one file's history, or None when it verifies (the file page's badge)."""
    if rows is None:
        rows = Transition.objects.filter(case_id=case.pk).order_by("seq")
    latest = HistoryCheckpoint.objects.filter(case_id=case.pk).order_by("-seq").values_list("seq", "row_hash").first()
    check = _ChainCheck(case.pk, case.state, case.history_head, latest)
    for row in rows:
        check.feed(row)
    return check.finish()


def verify_files(case_ids=None):
    """Every problem found in the files' histories, one per file: [Problem]."""
    cases = Case.objects.order_by("pk")
    rows = Transition.objects.order_by("case_id", "seq")
    if case_ids is not None:
        cases, rows = cases.filter(pk__in=case_ids), rows.filter(case_id__in=case_ids)
    files = {pk: (state, head) for pk, state, head in cases.values_list("pk", "state", "history_head").iterator()}
    checkpoints = _latest_checkpoints(case_ids)
    problems, checks = [], {}
    for row in rows.iterator(chunk_size=2000):
        check = checks.get(row.case_id)
        if check is None:
            state, head = files.get(row.case_id, ("", ""))
            check = checks[row.case_id] = _ChainCheck(row.case_id, state, head, checkpoints.get(row.case_id))
        check.feed(row)
    for pk, (state, head) in files.items():
        check = checks.get(pk) or _ChainCheck(pk, state, head, checkpoints.get(pk))
        problem = check.finish()
        if problem is not None:
            problems.append(problem)
    for pk in sorted(set(checkpoints) - set(files)):
        problems.append(Problem(pk, checkpoints[pk][0], "file-deleted"))
    return problems


def broken_chains(case_ids=None):
    """Files whose history does not verify: [(case_id, seq of the first bad row or None)]."""
    return [(p.case_id, p.seq) for p in verify_files(case_ids)]


# --- the daily digest -----------------------------------------------------------------------------------------


def _digest_root(day, prev_root, files, entries):
    mac = hmac.new(_key(), f"digest|{day.isoformat()}|{prev_root}|{files}".encode(), hashlib.sha256)
    for case_id, seq, row_hash in entries:
        mac.update(f"|{case_id}:{seq}:{row_hash}".encode())
    return mac.hexdigest()


def _digest_name(day):
    return f"digests/{day.isoformat()}.json"


def _newest_rows(case_ids):
    newest = Transition.objects.filter(case_id=OuterRef("case_id")).order_by("-seq").values("seq")[:1]
    return Transition.objects.filter(case_id__in=case_ids, seq=Subquery(newest))


def write_digest(day=None):
    """Write the day's digest of every file's head; idempotent (a day has one digest). Returns it."""
    day = day or timezone.localdate()
    existing = HistoryDigest.objects.filter(day=day).first()
    if existing is not None:
        return existing
    checkpoints = {pk: seq for pk, (seq, _hash) in _latest_checkpoints().items()}
    files, changed = 0, []
    for pk, head in Case.objects.exclude(history_head="").values_list("pk", "history_head").iterator(chunk_size=5000):
        files += 1
        changed.append((pk, head))
    entries = []
    for start in range(0, len(changed), 1000):
        batch = dict(changed[start : start + 1000])
        states = dict(Case.objects.filter(pk__in=batch).values_list("pk", "state"))
        for row in _newest_rows(list(batch)).only("case_id", "seq", "hash", "to_state"):
            if row.seq <= checkpoints.get(row.case_id, 0):
                continue  # unchanged since its checkpoint (or shorter: verify_history reports that)
            row_hash = hash_hex(row.hash)
            if head_for(row.case_id, row.seq, states.get(row.case_id), row_hash) != batch[row.case_id]:
                logger.warning("history digest: file %s does not verify; not checkpointed", row.case_id)
                continue
            entries.append((row.case_id, row.seq, row_hash))
    entries.sort()
    previous = HistoryDigest.objects.filter(day__lt=day).order_by("-day").first()
    prev_root = previous.root if previous else ""
    root = _digest_root(day, prev_root, files, entries)
    try:
        with transaction.atomic():
            HistoryCheckpoint.objects.bulk_create(
                [HistoryCheckpoint(case_id=c, seq=s, row_hash=h, day=day) for c, s, h in entries], batch_size=1000
            )
            digest = HistoryDigest.objects.create(
                day=day, files=files, checkpoints=len(entries), prev_root=prev_root, root=root
            )
    except IntegrityError:  # another run wrote the day's digest first
        return HistoryDigest.objects.get(day=day)
    _write_digest_file(digest, entries)
    logger.info("history digest %s: %s files, %s checkpoints", day, files, len(entries))
    return digest


def _write_digest_file(digest, entries):
    storage = storages["history"]
    name = _digest_name(digest.day)
    if storage.exists(name):
        return  # written once, never overwritten
    body = {
        "day": digest.day.isoformat(),
        "files": digest.files,
        "checkpoints": digest.checkpoints,
        "prev_root": digest.prev_root,
        "root": digest.root,
        "entries": entries,
    }
    storage.save(name, ContentFile(json.dumps(body, separators=(",", ":")).encode()))


def verify_digests():
    """Problems with the digests themselves: a changed or deleted digest, checkpoint or digest file."""
    problems = []
    by_day = {}
    for case_id, seq, row_hash, day in (
        HistoryCheckpoint.objects.order_by("day", "case_id", "seq").values_list("case_id", "seq", "row_hash", "day")
    ).iterator(chunk_size=5000):
        by_day.setdefault(day, []).append((case_id, seq, row_hash))
    storage = storages["history"]
    prev_root, days = "", set()
    for digest in HistoryDigest.objects.order_by("day"):
        days.add(digest.day)
        entries = by_day.pop(digest.day, [])
        root = _digest_root(digest.day, digest.prev_root, digest.files, entries)
        if (
            digest.prev_root != prev_root
            or len(entries) != digest.checkpoints
            or not hmac.compare_digest(root, digest.root)
        ):
            problems.append(Problem(None, None, "digest-altered"))
            logger.warning("history digest of %s does not verify", digest.day)
        name = _digest_name(digest.day)
        if storage.exists(name):
            with storage.open(name, "rb") as handle:
                stored = json.loads(handle.read() or b"{}")
            if stored.get("root") != digest.root:
                problems.append(Problem(None, None, "digest-altered"))
                logger.warning("history digest of %s differs from its copy outside the database", digest.day)
        prev_root = digest.root
    if by_day:  # checkpoints of a day whose digest is gone
        problems.append(Problem(None, None, "digest-altered"))
    try:
        _dirs, names = storage.listdir("digests")
    except FileNotFoundError:
        names = []
    for name in names:
        try:
            day = datetime.date.fromisoformat(name.removesuffix(".json"))
        except ValueError:
            continue
        if day not in days:
            problems.append(Problem(None, None, "digest-altered"))
            logger.warning("history digest of %s exists outside the database only", day)
    return problems


def badge(case, rows=None):
    """What the file page says about its history: (verified, Persian text)."""
    problem = verify_case(case, rows)
    if problem is None:
        return True, _("History verified")
    return False, _("History does not verify")
