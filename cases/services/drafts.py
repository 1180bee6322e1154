"""A citizen's guided online request, kept as a draft between visits until it is submitted.

The draft holds what the steps collected (the form's values as typed, each step's checked by
``register_case``'s own rules before it is kept), the furthest step reached and the documents already
uploaded. Submitting registers the file through ``register_case`` in one transaction with its
documents and its submission, and removes the draft."""

import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from cases.documents import stored_upload
from cases.models import Document, DocumentKind, Draft, DraftDocument
from cases.plugins import registry
from cases.selectors import missing_draft_documents
from cases.services.actions import apply_action
from cases.services.registration import register_case
from core.errors import DomainError, Forbidden, NotFound
from core.uploads import pdf_pages

MAX_DRAFT_CHARS = 20_000  # a draft's typed values in all, as JSON: far above any service's form
MAX_VALUE_CHARS = 2_000  # one value; the service's own limits are lower


def _citizen(actor):
    if actor.role != Role.CITIZEN:
        raise Forbidden("forbidden", _("Only citizens keep draft requests."))


def _delete_files_on_commit(names):
    from django.core.files.storage import default_storage

    def delete():
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def save_draft_step(*, actor, service_code, names, values, reached):
    """Keep a step's ``values`` (form field name -> text) in the citizen's draft of ``service_code``: the
    step's ``names`` left empty are cleared. ``reached`` is the step the citizen may go on to (the draft
    remembers the furthest). Returns the draft."""
    _citizen(actor)
    if service_code not in registry().service_codes():
        raise NotFound("not-found", _("Unknown service."))
    draft, _created = Draft.objects.select_for_update().get_or_create(user=actor, service_id=service_code)
    data = {key: value for key, value in draft.data.items() if key not in names}
    for name in names:
        value = values.get(name)
        if value in (None, ""):
            continue
        value = str(value)
        if len(value) > MAX_VALUE_CHARS or "\x00" in value:
            raise DomainError("draft-too-large", _("A value is too long."), fields={name: [_("A value is too long.")]})
        data[name] = value
    if len(json.dumps(data, ensure_ascii=False)) > MAX_DRAFT_CHARS:
        raise DomainError("draft-too-large", _("The request is too large to keep."))
    draft.data = data
    draft.step = max(draft.step, reached)
    draft.updated_at = timezone.now()
    draft.save()
    return draft


def _own_draft(actor, service_code, lock=False):
    _citizen(actor)
    drafts = Draft.objects.select_for_update() if lock else Draft.objects
    draft = drafts.filter(user=actor, service_id=service_code).first()
    if draft is None:
        raise NotFound("not-found", _("No draft of this request was found."))
    return draft


@transaction.atomic
def add_draft_document(*, actor, service_code, kind, upload):
    """Attach an upload to the draft, checked by content as a file's documents are; a document of the same
    kind is replaced. Returns the DraftDocument."""
    draft = _own_draft(actor, service_code, lock=True)
    if kind not in DocumentKind.values:
        raise DomainError("kind", _("Unknown document kind."), fields={"kind": [_("Unknown document kind.")]})
    fields = stored_upload(upload, kind)
    pages = None
    if fields["content_type"] == "application/pdf":
        upload.seek(0)
        pages = pdf_pages(upload.read()) or None
        upload.seek(0)
    old = list(draft.documents.filter(kind=kind))
    if old:
        _delete_files_on_commit([document.file.name for document in old])
        DraftDocument.objects.filter(pk__in=[document.pk for document in old]).delete()
    document = DraftDocument.objects.create(draft=draft, kind=kind, pages=pages, **fields)
    Draft.objects.filter(pk=draft.pk).update(updated_at=timezone.now())
    return document


@transaction.atomic
def remove_draft_document(*, actor, pk):
    """Remove a document from the citizen's own draft (another citizen's does not exist for them)."""
    _citizen(actor)
    document = DraftDocument.objects.select_for_update().filter(pk=pk, draft__user=actor).first()
    if document is None:
        raise NotFound("not-found", _("Document not found."))
    _delete_files_on_commit([document.file.name])
    document.delete()


@transaction.atomic
def discard_draft(*, actor, service_code):
    """Throw the draft away with its documents."""
    draft = _own_draft(actor, service_code, lock=True)
    _delete_files_on_commit([document.file.name for document in draft.documents.all()])
    draft.delete()


@transaction.atomic
def submit_draft(*, actor, service_code, payload):
    """Register the draft as a file (channel online) with ``payload`` (the keyword arguments of
    ``register_case`` the steps collected), attach the draft's documents to it and submit it to the chosen
    office's cartable, then remove the draft: all or nothing. A service whose fee is due at registration
    leaves the file a draft until it is paid (billing holds ``submit``). Returns the file."""
    draft = _own_draft(actor, service_code, lock=True)
    missing = missing_draft_documents(draft)
    if missing:
        names = "، ".join(str(DocumentKind(kind).label) for kind in missing)
        raise DomainError("documents-missing", _("These documents are missing: %(names)s") % {"names": names})
    case = register_case(actor=actor, service=service_code, **payload)
    documents = list(draft.documents.all())
    Document.objects.bulk_create(
        Document(
            case=case,
            kind=document.kind,
            file=document.file.name,
            original_name=document.original_name,
            content_type=document.content_type,
            size=document.size,
            sha256=document.sha256,
            uploaded_by=actor,
        )
        for document in documents
    )
    if registry().guard(case, "submit") is None:
        case = apply_action(case, "submit", actor)
    # The stored files now belong to the file's documents: only the draft's rows go.
    DraftDocument.objects.filter(draft=draft).delete()
    draft.delete()
    return case
