"""Violation pages: the list (the unit: all; a manager: their office's), one violation with its
history and the actions open to the reader, recording one, evidence."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from core.errors import DomainError
from supervision import services
from supervision.forms import ActionForm, EvidenceForm, ViolationFilterForm, ViolationForm
from supervision.models import Decision, ViolationState
from supervision.selectors import violations as selectors
from supervision.views.common import UNIT, paginate, roles_required, run_service, supervisor_required
from supervision.workflow import ACTIONS, label_of

READERS = (*UNIT, Role.OFFICE_MANAGER)


@roles_required(*READERS)
@require_GET
def violation_list(request):
    """Queries: session and user, the count, the page with its related rows — fixed for any page size."""
    form = ViolationFilterForm(request.GET or None)
    qs = selectors.violation_list(request.user, **form.filters())
    return render(
        request,
        "supervision/violations.html",
        {"form": form, "page": paginate(request, qs), "unit": request.user.role in UNIT},
    )


@supervisor_required
def violation_create(request):
    form = ViolationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        violation = run_service(
            form,
            services.open_violation,
            office=data["office"],
            type=data["type"],
            source=data["source"],
            actor=request.user,
            description=data["description"],
            case=data["case"],
            subject_user=data["subject_user"],
            draft=data["draft"],
        )
        if violation is not None:
            messages.success(request, _("The violation was recorded."))
            return redirect("supervision:violation", pk=violation.pk)
    return render(request, "supervision/violation_form.html", {"form": form}, status=400 if form.errors else 200)


def _violation_or_404(request, pk):
    violation = selectors.violation_for(request.user, pk)
    if violation is None:
        raise Http404
    return violation


def _city(violation):
    return violation.office.district.municipality_id


def _detail(request, violation, *, error="", forms=None, status=200):
    allowed = services.allowed_actions(violation, request.user)
    forms = forms or {}
    actions = [
        {
            "name": name,
            "spec": ACTIONS[name],
            "form": forms.get(name)
            or ActionForm(prefix=name, initial={"type": violation.type.code}, municipality_id=_city(violation)),
        }
        for name in allowed
    ]
    events = list(selectors.events_of(violation))
    for event in events:
        event.label = label_of(event.action)
    may_add_evidence = violation.state != ViolationState.CLOSED and (
        request.user.role in UNIT or ("respond" in allowed)
    )
    return render(
        request,
        "supervision/violation_detail.html",
        {
            "v": violation,
            "events": events,
            "actions": actions,
            "evidence_form": forms.get("evidence") or (EvidenceForm() if may_add_evidence else None),
            "error": error,
            "decisions": Decision.choices,
            "unit": request.user.role in UNIT,
        },
        status=status,
    )


@roles_required(*READERS)
@require_GET
def violation_detail(request, pk):
    return _detail(request, _violation_or_404(request, pk))


@roles_required(*READERS)
@require_POST
def violation_act(request, pk, action):
    violation = _violation_or_404(request, pk)
    if action not in ACTIONS:
        raise Http404
    form = ActionForm(request.POST, prefix=action, municipality_id=_city(violation))
    if form.is_valid():
        try:
            services.act(violation, action, request.user, **form.for_action(action))
        except DomainError as exc:
            for field, errors in exc.fields.items():
                if field in form.fields:
                    form.add_error(field, errors)
            return _detail(
                request,
                _violation_or_404(request, pk),
                error=exc.message,
                forms={action: form},
                status=exc.http_status,
            )
        messages.success(request, _("Done: %(action)s.") % {"action": ACTIONS[action].label})
        return redirect("supervision:violation", pk=pk)
    return _detail(request, violation, forms={action: form}, status=400)


@roles_required(*READERS)
@require_POST
def violation_evidence(request, pk):
    violation = _violation_or_404(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(
                violation=violation,
                actor=request.user,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except DomainError as exc:
            form.add_error("file" if "file" in exc.fields else None, exc.message)
            return _detail(request, violation, forms={"evidence": form}, status=exc.http_status)
        messages.success(request, _("The evidence was added."))
        return redirect("supervision:violation", pk=pk)
    return _detail(request, violation, forms={"evidence": form}, status=400)


@roles_required(*READERS)
@require_GET
def evidence_file(request, pk, evidence_id):
    violation = _violation_or_404(request, pk)
    evidence = violation.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404
    return services.evidence_response(evidence)
