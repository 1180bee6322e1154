"""Uploads attached to a file: checked by content, stored under a safe name, served as attachments."""

import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role
from cases.models import CLOSED_STATES, CorrectionItem, Document, DocumentKind, State
from cases.permissions import can_see, works_for
from core.errors import DomainError, Forbidden, NotFound
from core.uploads import check_upload
from core.validators import normalize_text


def _may_upload(user, case):
    if user.role == Role.CITIZEN:
        return case.applicant_user_id == user.id and case.state in (State.DRAFT, State.RETURNED)
    if user.role in (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER, Role.INSPECTOR):
        return works_for(user, case) and case.state not in CLOSED_STATES
    return False


def may_upload(user, case):
    """Whether this person may attach documents to this file now (pages offer the form only then)."""
    return _may_upload(user, case)


# Kinds any file may hold beside what its service requires.
GENERAL_KINDS = (DocumentKind.ID_CARD, DocumentKind.PHOTO, DocumentKind.OTHER)


def document_kinds(service_code):
    """The kinds of document a file of this service takes: what the service requires, then the general kinds
    (a file is offered only what its service uses)."""
    from cases.workflow import flow_for

    required = flow_for(service_code).required_documents
    return [*required, *(kind for kind in GENERAL_KINDS if kind not in required)]


@transaction.atomic
def add_document(*, case, actor, kind, upload):
    if not can_see(actor, case):
        raise NotFound("not-found", _("File not found."))
    if kind not in DocumentKind.values:
        raise DomainError("kind", _("Unknown document kind."), fields={"kind": [_("Unknown document kind.")]})
    asked = case.correction_items.filter(
        kind=CorrectionItem.Kind.DOCUMENT, target=kind, status=CorrectionItem.Status.OPEN
    )
    if kind not in document_kinds(case.service_id) and not asked.exists():
        message = _("A file of this service does not take this kind of document.")
        raise DomainError("kind", message, fields={"kind": [message]})
    if not _may_upload(actor, case):
        raise Forbidden("forbidden", _("You may not add documents to this file now."))
    return Document.objects.create(case=case, kind=kind, uploaded_by=actor, **stored_upload(upload, kind))


def stored_upload(upload, kind):
    """The fields of a document row (a file's or a draft's) for ``upload``, checked by content
    (``check_upload``): the upload under a random name, the name its sender gave, type, size and digest."""
    content_type, ext, sha256 = check_upload(upload)
    original = normalize_text(getattr(upload, "name", ""))[-200:] or f"{kind}.{ext}"
    upload.name = f"{uuid.uuid4().hex}.{ext}"
    return {
        "file": upload,
        "original_name": original,
        "content_type": content_type,
        "size": upload.size,
        "sha256": sha256,
    }


def document_response(document):
    """The stored document as a download: attachment, safe name, never sniffed (it is someone's upload)."""
    from core.downloads import file_response

    ext = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(document.content_type, "bin")
    return file_response(
        document.file.open("rb"),
        content_type=document.content_type,
        name=document.original_name,
        fallback=f"document-{document.pk}.{ext}",
    )
