"""A file's page: its data, documents, history, the actions this person may take, other apps' panels."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import MUNICIPAL_ROLES, OFFICE_ROLES
from cases import selectors
from cases.documents import add_document, document_response, may_upload
from cases.forms import DocumentForm, action_form, action_forms
from cases.models import DocumentKind, State
from cases.permissions import allowed_actions, seen_by, works_for
from cases.plugins import registry
from cases.services import apply_action
from cases.services.actions import event_label
from cases.views.common import case_or_404, show_errors
from cases.workflow import ACTIONS, flow_for
from core.errors import DomainError
from core.validators import normalize_text

ACTION_LABELS = {"register": gettext_lazy("Registered")}


def _load(request, pk):
    case = (
        selectors.visible_cases(request.user)
        .select_related(*selectors.PEOPLE, *registry().related())
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    return seen_by(case, request.user)


def service_details(case):
    """(label, value) rows of the service family's record of the file, whatever the service."""
    family = registry().family(case.service_id)
    return family.detail_rows(case) if family else []


def history_label(action):
    """What a history row's action or event is called on the pages."""
    spec = ACTIONS.get(action)
    return spec.label if spec else ACTION_LABELS.get(action) or event_label(action) or action


def _timeline(case):
    history = list(selectors.history_of(case))
    names = selectors.inspector_names(case, history)
    rows = []
    for row in history:
        rows.append(
            {
                "row": row,
                "label": history_label(row.action),
                "from": State(row.from_state).label if row.from_state in State.values else "",
                "to": State(row.to_state).label if row.to_state in State.values else row.to_state,
                "moved": row.from_state != row.to_state,
                "inspector": selectors.assigned_inspector(row, names),
                "new_deadline": row.data.get("new_deadline") if isinstance(row.data, dict) else None,
            }
        )
    return rows


def _panels(request, case):
    # render_to_string returns safe HTML already: the panel templates escape their own data.
    return [
        render_to_string(template, context, request) for template, context in registry().page_panels(case, request.user)
    ]


def documents_context(user, case, form=None):
    documents = list(case.documents.select_related("uploaded_by"))
    present = {d.kind for d in documents}
    return {
        "documents": documents,
        "required": [
            (DocumentKind(kind).label, kind in present) for kind in flow_for(case.service_id).required_documents
        ],
        "can_upload": may_upload(user, case),
        "document_form": form or DocumentForm(case=case),
    }


def _card_actions(case, user, bound):
    """The actions of the page's action card: those a panel collects itself are left out, unless
    one came back with mistakes to show beside its fields."""
    collected = registry().panel_actions() - ({bound.spec.name} if bound is not None else set())
    return [name for name in allowed_actions(case, user) if name not in collected]


def corrections_context(user, case):
    """The correction items of the file and what this user may do with them now."""
    from cases.services.corrections import ANSWERING_ROLES, DECIDING_ROLES

    items = list(case.correction_items.select_related("answer_document"))
    returned = case.state == State.RETURNED
    return {
        "corrections": items,
        "may_answer": returned and user.role in ANSWERING_ROLES,
        "may_decide": not returned and user.role in DECIDING_ROLES and works_for(user, case),
    }


def page_context(request, case, *, bound=None, alert="", alert_level="danger"):
    user = request.user
    return {
        **corrections_context(user, case),
        "case": case,
        "details": service_details(case),
        "timeline": _timeline(case),
        "actions": action_forms(case, _card_actions(case, user, bound), bound),
        "panels": _panels(request, case),
        "alert": alert,
        "alert_level": alert_level,
        **documents_context(user, case),
    }


@login_required
def detail(request, pk):
    case = _load(request, pk)
    return render(request, "cases/detail.html", page_context(request, case))


@require_POST
@login_required
def act(request, pk, action):
    """Take ``action``; answers with the re-rendered page body (htmx) or a redirect. On a refusal
    the service's Persian message is shown, with a 4xx status, and nothing is saved."""
    if action not in ACTIONS or ACTIONS[action].system_only:
        raise Http404
    case = selectors.case_for(request.user, pk)
    if case is None:
        if not request.htmx:
            raise Http404
        return render(
            request, "cases/_alert.html", {"alert": _("File not found."), "alert_level": "danger"}, status=404
        )
    form = action_form(case, action, request.POST)
    status, alert, level, bound = 200, "", "success", None
    if not form.is_valid():
        status, alert, level, bound = 400, _("Check the marked fields."), "danger", form
    else:
        try:
            apply_action(case, action, request.user, **form.payload())
        except DomainError as exc:
            show_errors(form, exc)
            status, alert, level, bound = exc.http_status, exc.message, "danger", form
        else:
            alert = _("“%(action)s” is done.") % {"action": ACTIONS[action].label}
    if not request.htmx:
        messages.add_message(request, messages.SUCCESS if status == 200 else messages.ERROR, alert)
        return redirect("cases:detail", pk=pk)
    if status == 404:
        # The file has left this person's reach; show only the message.
        return render(request, "cases/_alert.html", {"alert": alert, "alert_level": level}, status=status)
    return page_response(request, pk, alert=alert, alert_level=level, bound=bound, status=status)


def page_response(request, pk, *, alert, alert_level="success", bound=None, status=200):
    """The file's page body (``#case-page``) as it is now, saying ``alert``: an htmx answer after a change, so
    that its header, history and panels all follow it (the navigation's cartable badge too)."""
    case = _load(request, pk)
    context = page_context(request, case, bound=bound, alert=alert, alert_level=alert_level)
    if status == 200 and request.user.role in OFFICE_ROLES | MUNICIPAL_ROLES:  # those with a cartable
        context["nav_cartable_count"] = selectors.cartable_counts(request.user)["total"]  # counted afresh
    return render(request, "cases/_page.html", context, status=status)


def on_page(request, pk):
    """Whether an htmx request comes from the file's own page (not a panel's page of its own)."""
    if not request.htmx:
        return False
    current = request.htmx.current_url_abs_path or ""  # None when it is not this site's page
    return current.split("?", 1)[0].split("#", 1)[0] == reverse("cases:detail", args=[pk])


@require_POST
@login_required
def upload(request, pk):
    case = case_or_404(request, pk)
    form = DocumentForm(request.POST, request.FILES, case=case)
    status, alert, level = 400, _("Check the marked fields."), "danger"
    if form.is_valid():
        try:
            document = add_document(
                case=case, actor=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except DomainError as exc:
            if not show_errors(form, exc):
                form.add_error(None, exc.message)
            status, alert = exc.http_status, exc.message
        else:
            status, alert, level = 201, _("“%(name)s” was attached.") % {"name": document.original_name}, "success"
            form = DocumentForm(case=case)
    if not request.htmx:
        messages.add_message(request, messages.SUCCESS if status == 201 else messages.ERROR, alert)
        return redirect("cases:detail", pk=pk)
    context = {
        "case": case,
        "doc_alert": alert,
        "doc_alert_level": level,
        **documents_context(request.user, case, form),
    }
    # htmx swaps 2xx answers; 201 is one of them.
    return render(request, "cases/_documents.html", context, status=status)


@login_required
def document(request, pk, doc_id):
    """The document itself, for whoever may see its file (uploads are never public media)."""
    case = case_or_404(request, pk)
    doc = case.documents.filter(pk=doc_id).first()
    if doc is None:
        raise Http404
    try:
        return document_response(doc)
    except FileNotFoundError as exc:
        raise Http404 from exc


@require_POST
@login_required
def correction(request, pk, item_id, verb):
    """Answer a correction item (the applicant: a new document or a text) or decide on an answer (the
    office: accept or ask again); the page is shown again with the result."""
    from cases.services.corrections import answer_item, decide_item

    case = case_or_404(request, pk)
    alert, level, status = "", "success", 200
    try:
        if verb == "answer":
            item = case.correction_items.filter(pk=item_id).first()
            if item is None:
                raise Http404
            document_id = None
            upload_file = request.FILES.get("file")
            text = normalize_text(request.POST.get("text", ""))[:1000]
            with transaction.atomic():
                if item.kind == item.Kind.DOCUMENT and upload_file is not None:
                    document_id = add_document(case=case, actor=request.user, kind=item.target, upload=upload_file).pk
                answer_item(case=case, item_id=item_id, actor=request.user, text=text, document_id=document_id)
            alert = _("Your answer is saved.")
        elif verb in ("accept", "again"):
            note = normalize_text(request.POST.get("note", ""))[:500]
            decide_item(case=case, item_id=item_id, actor=request.user, accept=verb == "accept", note=note)
            alert = _("The answer was accepted.") if verb == "accept" else _("The item will be asked again.")
        else:
            raise Http404
    except DomainError as exc:
        alert, level, status = exc.message, "danger", exc.http_status
        if exc.fields:
            alert = " ".join([exc.message, *(str(m) for messages_ in exc.fields.values() for m in messages_)])
    if not request.htmx:
        messages.add_message(request, messages.SUCCESS if status == 200 else messages.ERROR, alert)
        return redirect("cases:detail", pk=pk)
    case = _load(request, pk)
    return render(
        request, "cases/_page.html", page_context(request, case, alert=alert, alert_level=level), status=status
    )
