"""The tamper-evident history of a file: each row hashes its content and the previous row's hash."""

import hashlib
import json

from django.utils import timezone

from cases.models import Transition
from cases.workflow import SYSTEM


def transition_digest(*, case_id, seq, action, from_state, to_state, actor_id, actor_role, note, data, at, prev_hash):
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
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def record_transition(case, *, seq, action, from_state, to_state, actor, note="", data=None, at=None):
    previous = Transition.objects.filter(case=case, seq=seq - 1).values_list("hash", flat=True).first() or ""
    at = at or timezone.now()
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
        at=at,
        prev_hash=previous,
    )
    row.hash = transition_digest(
        case_id=case.pk,
        seq=seq,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor_id=actor.pk if actor else None,
        actor_role=row.actor_role,
        note=note,
        data=data,
        at=at,
        prev_hash=previous,
    )
    row.save()
    return row


def broken_chains(case_ids=None):
    """Files whose history chain does not verify: [(case_id, seq of the first bad row)]."""
    qs = Transition.objects.order_by("case_id", "seq")
    if case_ids is not None:
        qs = qs.filter(case_id__in=case_ids)
    broken = []
    current, previous, expected_seq, bad = None, "", 1, False
    for row in qs.iterator(chunk_size=2000):
        if row.case_id != current:
            current, previous, expected_seq, bad = row.case_id, "", 1, False
        if bad:
            continue
        digest = transition_digest(
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
            prev_hash=row.prev_hash,
        )
        if row.seq != expected_seq or row.prev_hash != previous or digest != row.hash:
            broken.append((row.case_id, row.seq))
            bad = True
            continue
        previous, expected_seq = row.hash, expected_seq + 1
    return broken
