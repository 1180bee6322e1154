"""The visit panel on its own page, and its actions: assign, reassign, schedule."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from cases.views.detail import on_page, page_response
from core.errors import DomainError
from inspections import selectors, services
from inspections.forms import ScheduleForm
from inspections.views.common import panel_response, visible_case


@login_required
def case_panel(request, case_id):
    """The file's visit panel, for links from lists and SMS-free follow-up; the file page embeds the same."""
    return panel_response(request, visible_case(request, case_id))


def _run(request, panel_case, fn, done, **kwargs):
    """``fn(**kwargs)``, then what ``done(visit)`` says. On the file's page the whole page body follows (its
    holder, deadline and history changed with the visit), saying it at the top; on the panel's own page the
    panel swaps in place saying it (after a plain post, the same words as a message on the page redirected
    to). A refusal swaps only the panel, with what was typed."""
    try:
        visit = fn(**kwargs)
    except DomainError as exc:
        return panel_response(request, panel_case, error=exc.message, errors=exc.fields, status=exc.http_status)
    said = done(visit)
    if not request.htmx:
        messages.success(request, said)
    elif on_page(request, panel_case.pk):
        return reswap(retarget(page_response(request, panel_case.pk, alert=said), "#case-page"), "outerHTML")
    return panel_response(request, visible_case(request, panel_case.pk), done=said)


def _assigned(visit):
    return _("The visit was assigned to %(name)s.") % {"name": visit.inspector}


def _scheduled(visit):
    return _("The visit was scheduled.")


@login_required
@require_POST
def assign(request, case_id):
    case = visible_case(request, case_id)
    choice = request.POST.get("inspector", "")
    note = request.POST.get("note", "")
    if choice == "auto":
        return _run(request, case, services.assign_proposed, _assigned, case=case, actor=request.user, note=note)
    return _run(
        request, case, services.assign_inspector, _assigned, case=case, actor=request.user, inspector=choice, note=note
    )


def _visit(request, pk):
    visit = selectors.visit_for(request.user, pk)
    if visit is None:
        raise Http404
    return visit


@login_required
@require_POST
def reassign(request, pk):
    visit = _visit(request, pk)
    return _run(
        request,
        visit.case,
        services.reassign_visit,
        _assigned,
        visit=visit,
        actor=request.user,
        inspector=request.POST.get("inspector", ""),
        reason=request.POST.get("reason", ""),
    )


@login_required
@require_POST
def schedule(request, pk):
    visit = _visit(request, pk)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        errors = {name: list(e) for name, e in form.errors.items()}
        first = next(iter(errors.values()))[0]
        return panel_response(request, visit.case, error=first, errors=errors, status=400)
    return _run(
        request,
        visit.case,
        services.schedule_visit,
        _scheduled,
        visit=visit,
        actor=request.user,
        day=form.cleaned_data["date"],
        slot=form.cleaned_data["slot"],
    )
