"""Uploads attached to a file: checked by content, stored under a safe name."""

import hashlib
import uuid

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role
from cases.models import CLOSED_STATES, Document, DocumentKind, State
from cases.permissions import can_see, works_for
from core.errors import DomainError, Forbidden, NotFound
from core.validators import normalize_text

# What a file's first bytes must be; the name and the browser's content type are not trusted.
SIGNATURES = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
]


def sniff(head):
    for magic, content_type, ext in SIGNATURES:
        if head.startswith(magic):
            return content_type, ext
    return None, None


def check_upload(upload, *, images_only=False):
    """(content_type, extension, sha256) of a valid upload, or DomainError (400) naming the problem."""
    if upload is None:
        raise DomainError("file-missing", _("Choose a file."), fields={"file": [_("Choose a file.")]})
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        message = _("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)}
        raise DomainError("file-too-large", message, fields={"file": [message]})
    if upload.size == 0:
        raise DomainError("file-empty", _("The file is empty."), fields={"file": [_("The file is empty.")]})
    upload.seek(0)
    head = upload.read(16)
    content_type, ext = sniff(head)
    if content_type is None or (images_only and not content_type.startswith("image/")):
        message = (
            _("Only JPEG or PNG photos are accepted.")
            if images_only
            else _("Only PDF, JPEG or PNG files are accepted.")
        )
        raise DomainError("file-type", message, fields={"file": [message]})
    if content_type.startswith("image/"):
        from PIL import Image, UnidentifiedImageError

        upload.seek(0)
        try:
            with Image.open(upload) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            message = _("The image file is damaged.")
            raise DomainError("file-damaged", message, fields={"file": [message]})
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return content_type, ext, digest.hexdigest()


def _may_upload(user, case):
    if user.role == Role.CITIZEN:
        return case.applicant_user_id == user.id and case.state in (State.DRAFT, State.RETURNED)
    if user.role in (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER, Role.INSPECTOR):
        return works_for(user, case) and case.state not in CLOSED_STATES
    return False


def may_upload(user, case):
    """Whether this person may attach documents to this file now (pages offer the form only then)."""
    return _may_upload(user, case)


@transaction.atomic
def add_document(*, case, actor, kind, upload):
    if not can_see(actor, case):
        raise NotFound("not-found", _("File not found."))
    if kind not in DocumentKind.values:
        raise DomainError("kind", _("Unknown document kind."), fields={"kind": [_("Unknown document kind.")]})
    if not _may_upload(actor, case):
        raise Forbidden("forbidden", _("You may not add documents to this file now."))
    content_type, ext, sha256 = check_upload(upload)
    original = normalize_text(getattr(upload, "name", ""))[-200:] or f"{kind}.{ext}"
    upload.name = f"{uuid.uuid4().hex}.{ext}"
    return Document.objects.create(
        case=case,
        kind=kind,
        file=upload,
        original_name=original,
        content_type=content_type,
        size=upload.size,
        sha256=sha256,
        uploaded_by=actor,
    )
