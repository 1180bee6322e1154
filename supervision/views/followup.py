"""The follow-up desk: the late or stuck files of the officer's offices, what was done on each and
when, and the four things to do: call, text, remind the holder, escalate."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from cases.models import Case
from cases.selectors import scope_for
from core.errors import DomainError
from supervision.forms import CallForm, DeskFilterForm, NoteForm
from supervision.selectors import followup as selectors
from supervision.services import followup as services
from supervision.views.common import paginate, roles_required

ACTIONS = {
    "call": (CallForm, lambda case, actor, data: services.log_call(case=case, actor=actor, **data)),
    "sms": (NoteForm, lambda case, actor, data: services.send_sms(case=case, actor=actor, **data)),
    "remind": (NoteForm, lambda case, actor, data: services.remind_holder(case=case, actor=actor, **data)),
    "escalate": (NoteForm, lambda case, actor, data: services.escalate(case=case, actor=actor, **data)),
}
# What each action did, said after it (each names what happened, not only that something was recorded).
DONE = {
    "call": gettext_lazy("The call was recorded on file %(code)s."),
    "sms": gettext_lazy("An SMS was sent to the applicant of file %(code)s and recorded on the file."),
    "remind": gettext_lazy("The holder of file %(code)s was reminded; the reminder is recorded on the file."),
    "escalate": gettext_lazy("File %(code)s was escalated to the supervision unit."),
}
LABELS = {
    "followup_call": gettext_lazy("Call"),
    "followup_sms": gettext_lazy("SMS"),
    "followup_reminder": gettext_lazy("Reminder to the holder"),
    "followup_escalation": gettext_lazy("Escalated to the supervision unit"),
}  # short forms for the desk; the file's history uses supervision.plugin.FollowUp.events()


def _desk(request, *, error="", status=200):
    form = DeskFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    page = paginate(request, selectors.desk_files(request.user, kind=kind))
    events = selectors.recent_events(page.object_list)
    for case in page.object_list:
        case.followups = events.get(case.pk, [])
        for event in case.followups:
            event.label = LABELS.get(event.action, event.action)
            outcome = (event.data or {}).get("outcome")
            event.outcome_label = services.CALL_OUTCOMES.get(outcome, "") if outcome else ""
    return render(
        request,
        "supervision/followup.html",
        {
            "form": form,
            "page": page,
            "offices": selectors.followup_offices(request.user),
            "call_form": CallForm(),
            "error": error,
        },
        status=status,
    )


@roles_required(Role.FOLLOWUP_OFFICER)
@require_GET
def desk(request):
    """Queries: session and user, the offices, the count, the page, the page's follow-up events."""
    return _desk(request)


@roles_required(Role.FOLLOWUP_OFFICER)
@require_POST
def act(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    mine = selectors.followup_offices(request.user)
    case = Case.objects.filter(scope_for(request.user), pk=pk, office__in=mine).first()
    if case is None:
        raise Http404
    form_class, run = ACTIONS[action]
    form = form_class(request.POST)
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        return _desk(request, error=first, status=400)
    try:
        run(case, request.user, form.cleaned_data)
    except DomainError as exc:
        return _desk(request, error=exc.message, status=exc.http_status)
    messages.success(request, DONE[action] % {"code": case.tracking_code})
    return redirect(request.POST.get("next") if _safe(request.POST.get("next")) else "supervision:followup")


def _safe(url):
    return bool(url) and url.startswith("/supervision/followup/") and "//" not in url
