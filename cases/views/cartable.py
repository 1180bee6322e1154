"""Cartables (each person's work inbox) and a citizen's own requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.models import Role
from cases import selectors
from cases.filters import CaseFilter
from cases.forms import CartableFilterForm, file_services
from cases.models import State
from cases.services import apply_action
from cases.views.common import case_or_404, paginate, roles_required
from cases.views.detail import history_label
from cases.workflow import ACTIONS
from core.errors import DomainError

ORDERINGS = {
    "deadline": (F("deadline").asc(nulls_last=True), "created_at", "pk"),
    "created": ("-created_at", "-pk"),
}
# Taken straight from a cartable row: the action needs nothing but a click.
QUICK_ACTIONS = ("accept",)
# Columns a person working across offices needs to tell the rows apart.
WIDE_ROLES = (Role.INSPECTOR, Role.FOLLOWUP_OFFICER, Role.MUNICIPAL_STAFF, Role.SUPERVISOR, Role.ADMIN)


def row_labels():
    """The column names a cartable row repeats (as ``data-label`` for phones): translated once a page."""
    return {
        "code": _("Tracking code"),
        "service": _("Service"),
        "applicant": _("Applicant"),
        "renewal": _("Renewal code"),
        "office": _("Counter office"),
        "state": _("State"),
        "deadline": _("Deadline"),
        "registered": _("Registered"),
        "overdue": _("Overdue"),
        "open": _("Open"),
    }


def _row_context(user):
    return {
        "labels": row_labels(),
        "can_accept": user.role in ACTIONS["accept"].roles,
        "show_office": user.role in WIDE_ROLES,
        "read_only": user.role in (Role.SUPERVISOR, Role.ADMIN),
    }


def offer_states(form, states):
    """The state filter lists these states only (a state outside them is reported beside the field)."""
    form.fields["state"].choices = [("", _("All"))] + [(State(s).value, State(s).label) for s in states]


def _elsewhere(user, form):
    """A search that finds nothing waiting for this person may still find a file of theirs in
    another step (answered, with the inspector…): the files page shows it."""
    query = form.filter_data().get("q")
    if not query:
        return ""
    if not CaseFilter({"q": query}, queryset=selectors.visible_cases(user)).qs.exists():
        return ""
    return query


def _state_pills(counts, active=""):
    return [
        {
            "state": state.value,
            "label": state.label,
            "count": counts["by_state"][state.value],
            "active": active == state,
        }
        for state in State
        if counts["by_state"].get(state.value)
    ]


@login_required
@vary_on_headers("HX-Request")
def cartable(request):
    """Queries, whatever the page size: session, user, the state counts (one aggregate, shared with
    the navigation badge and, unfiltered, the page's size), the services of the filter, the page's COUNT
    when a filter is set, and the page itself (and, when a search finds nothing here, one EXISTS among all
    the person's files)."""
    user = request.user
    if user.role == Role.CITIZEN:
        return redirect("cases:mine")
    form = CartableFilterForm(request.GET, services=file_services())
    offer_states(form, selectors.cartable_states(user))
    filters = form.filter_data()
    cases = CaseFilter(filters, queryset=selectors.page_rows(selectors.cartable_for(user))).qs
    counts = selectors.cartable_counts(user)
    # Unfiltered, the page lists the whole cartable, whose size the state counts already hold.
    page = paginate(request, cases.order_by(*ORDERINGS[form.ordering()]), count=None if filters else counts["total"])
    context = {
        "form": form,
        "page": page,
        "elsewhere": _elsewhere(user, form) if not page.object_list else "",
        "counts": counts,
        "pills": _state_pills(counts, form.data.get("state", "")),
        **_row_context(user),
    }
    partial = bool(request.htmx) and not request.htmx.boosted
    context["oob_pills"] = partial  # the counts above the table follow the filter's state
    return render(request, "cases/_cartable_results.html" if partial else "cases/cartable.html", context)


@require_POST
@login_required
def quick_action(request, pk, action):
    """A one-click action from a cartable row; answers with the row as it is now (htmx) or a redirect."""
    if action not in QUICK_ACTIONS:
        raise Http404
    case = case_or_404(request, pk)
    error, status = "", 200
    try:
        apply_action(case, action, request.user)
    except DomainError as exc:
        error, status = exc.message, exc.http_status
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("File %(code)s: done.") % {"code": case.tracking_code})
        return redirect("cases:cartable")
    counts = selectors.cartable_counts(request.user)
    context = {
        "case": _row(request, pk),
        "error": error,
        "done": not error,
        "counts": counts,
        "pills": _state_pills(counts),
        "oob": True,
        **_row_context(request.user),
    }
    return render(request, "cases/_cartable_row.html", context, status=status)


def _row(request, pk):
    """The file as a cartable row shows it (``selectors.page_rows``)."""
    case = selectors.page_rows(selectors.visible_cases(request.user)).filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


@roles_required(Role.CITIZEN)
def mine(request):
    """A citizen's own files, each a card: its steps, deadline, open correction items, latest news, slips
    to pay and the letter or permit it issued.

    A draft (a guided request not yet submitted, or a file registered online but not yet sent) is shown as
    one: when it was last saved and a link to go on with it; no steps, no slips to pay.

    Queries, whatever the number of files: session, user, the counts by state (one aggregate), the guided
    drafts (one), the page's
    COUNT, the page (its steps and open items are subqueries), its newest history rows (one prefetch), and
    one per plugin that answers for the page's files (letters; slips; permits and certificates, up to three,
    only when a permit file on the page was approved)."""
    state = request.GET.get("state", "")
    if state not in State.values:
        state = ""  # an unknown state lists every file rather than failing
    page = paginate(request, selectors.my_files(request.user, state))
    counts = selectors.my_file_counts(request.user)
    # The guided requests not yet submitted are drafts too, listed first: their one action is to go on with them.
    drafts = list(selectors.draft_requests(request.user))
    if drafts:
        counts[State.DRAFT.value] = counts.get(State.DRAFT.value, 0) + len(drafts)
        counts = {s.value: counts[s.value] for s in State if s.value in counts}
    context = {
        "page": page,
        "cards": [
            {**card, "latest_label": history_label(card["latest"].action) if card["latest"] else ""}
            for card in selectors.file_cards(page.object_list)
        ],
        "drafts": drafts if state in ("", State.DRAFT) and page.number == 1 else [],
        # The footer counts the guided drafts listed above the files too, as the pills do.
        "listed_total": page.paginator.count + (len(drafts) if state in ("", State.DRAFT) else 0),
        "state": state,
        "pills": [{"state": s, "label": State(s).label, "count": n, "active": s == state} for s, n in counts.items()],
        "total": sum(counts.values()),
    }
    return render(request, "cases/mine.html", context)
