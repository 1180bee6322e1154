"""Correction items of a returned file: the applicant answers each (a new document, a corrected value, a
reply), the office accepts each answer or asks again. Each step is an event in the file's history
(``record_event``); the file itself moves only by ``return_to_applicant`` and ``resubmit``."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from cases.models import CorrectionItem, State
from cases.services.actions import record_event
from core.errors import Conflict, DomainError, Forbidden, NotFound

ANSWERING_ROLES = (Role.CITIZEN, Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER)
DECIDING_ROLES = (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER, Role.MUNICIPAL_STAFF)


def _item(case, item_id):
    item = CorrectionItem.objects.filter(case=case, pk=item_id).first()
    if item is None:
        raise NotFound("not-found", _("No such correction item on this file."))
    return item


@transaction.atomic
def answer_item(*, case, item_id, actor, text="", document_id=None):
    """The applicant's (or the counter's) answer to one open item while the file is returned."""
    if actor.role not in ANSWERING_ROLES:
        raise Forbidden("forbidden", _("Only the applicant or the office answers correction items."))
    locked = record_event(case, "correction_answered", actor, data={"item": int(item_id)})
    item = _item(locked, item_id)
    if locked.state != State.RETURNED:
        raise Conflict("not-returned", _("The file is not waiting for corrections."))
    if item.status not in (CorrectionItem.Status.OPEN, CorrectionItem.Status.ANSWERED):
        raise Conflict("item-closed", _("This item is already settled."))
    errors = {}
    document = None
    if item.kind == CorrectionItem.Kind.DOCUMENT:
        document = locked.documents.filter(pk=document_id, uploaded_at__gte=item.created_at).first()
        if document is None or document.kind != item.target:
            errors["document"] = [
                _("Upload the new “%(kind)s” first, then answer with it.") % {"kind": item.target_label}
            ]
    elif not text.strip():
        errors["text"] = [_("Write the corrected value or your reply.")]
    if errors:
        raise DomainError("invalid", _("Check the marked fields."), fields=errors)
    item.answer_text = text.strip()
    item.answer_document = document
    item.status = CorrectionItem.Status.ANSWERED
    item.answered_at = timezone.now()
    item.save(update_fields=["answer_text", "answer_document", "status", "answered_at"])
    return item


@transaction.atomic
def decide_item(*, case, item_id, actor, accept, note=""):
    """The office accepts an answered item, or asks again (the item reopens when the file is returned)."""
    if actor.role not in DECIDING_ROLES:
        raise Forbidden("forbidden", _("Only the office or the municipality reviews correction items."))
    decision = "accepted" if accept else "again"
    locked = record_event(
        case, "correction_reviewed", actor, note=note, data={"item": int(item_id), "decision": decision}
    )
    item = _item(locked, item_id)
    if locked.state == State.RETURNED or item.status != CorrectionItem.Status.ANSWERED:
        raise Conflict("item-not-answered", _("Only an answered item of a resubmitted file is reviewed."))
    item.status = CorrectionItem.Status.ACCEPTED if accept else CorrectionItem.Status.AGAIN
    item.decided_note = note
    item.save(update_fields=["status", "decided_note"])
    return item
