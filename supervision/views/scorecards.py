"""Scorecard pages: the unit's ranking of offices with trends, one office's card (a manager sees
their own), and the panel the contract renewal form shows."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.models import Role
from core.validators import to_persian_digits
from offices.models import Office
from supervision import reports
from supervision.forms import PeriodForm
from supervision.models import Policy
from supervision.selectors import periods
from supervision.selectors.scope import cities_to_choose, municipality_for
from supervision.selectors.scorecards import COMPONENTS, office_for_scorecard, office_scorecard, ranking
from supervision.selectors.violations import managed_offices
from supervision.views.common import UNIT, roles_required, supervisor_required, xlsx_response

# What each part of the score measures (the rules form names the same parts as weights).
COMPONENT_LABELS = {
    "on_time": gettext_lazy("Steps on time"),
    "returns": gettext_lazy("Few returns for correction"),
    "complaints": gettext_lazy("Few complaints"),
    "violations": gettext_lazy("No violations upheld"),
    "training": gettext_lazy("Training completed"),
    "instructions": gettext_lazy("Instructions acknowledged"),
}


def period_from(request):
    """The period the page asks for (default: this Jalali year), and the form that chose it."""
    form = PeriodForm(request.GET or None)
    today = periods.current("month")
    kind, year, number = "year", today.year, None
    if form.is_valid():
        kind = form.cleaned_data["kind"] or "year"
        year = form.cleaned_data["year"] or today.year
        number = form.cleaned_data["number"]
    if kind == "quarter":
        number = number or (today.number - 1) // 3 + 1
    elif kind == "month":
        number = number or today.number
    try:
        period = periods.parse(kind, year, number)
    except ValueError:
        period = periods.Period("year", today.year)
    if not form.errors:
        # The boxes show the period the page shows (a page opened without one shows this year, chosen).
        form = PeriodForm(initial={"kind": period.kind, "year": period.year, "number": period.number or None})
    return period, form


@roles_required(*UNIT, Role.OFFICE_MANAGER)
@require_GET
def scorecard_home(request):
    """The unit's ranking; a manager goes straight to their office's card."""
    if request.user.role == Role.OFFICE_MANAGER:
        office = Office.objects.filter(pk__in=managed_offices(request.user)).order_by("code").first()
        if office is None:
            raise Http404
        return redirect("supervision:office_scorecard", pk=office.pk)
    period, form = period_from(request)
    municipality = municipality_for(request.user, request.GET.get("city"))
    rows = ranking(period, offices=_offices_of(municipality))
    return render(
        request,
        "supervision/ranking.html",
        {
            "rows": rows,
            "period": period,
            "form": form,
            "policy": Policy.current(municipality),
            "municipality": municipality,
            "cities": cities_to_choose(request.user),
        },
    )


def _offices_of(municipality):
    """The offices of one city: the ranking never mixes two cities (and none without a city)."""
    if municipality is None:
        return Office.objects.none()
    return Office.objects.filter(district__municipality=municipality)


@supervisor_required
@require_GET
def ranking_excel(request):
    period, _form = period_from(request)
    offices = _offices_of(municipality_for(request.user, request.GET.get("city")))
    return xlsx_response(
        reports.ranking_workbook(ranking(period, offices=offices), period), f"scorecards-{period.key}.xlsx"
    )


@roles_required(*UNIT, Role.OFFICE_MANAGER)
@require_GET
def office_card(request, pk):
    office = office_for_scorecard(request.user, pk)
    if office is None:
        raise Http404
    period, form = period_from(request)
    today = timezone.localdate()
    card = office_scorecard(office, period, today=today)
    policy = Policy.current(office.district.municipality_id)
    weights = policy.weights()
    return render(
        request,
        "supervision/office_scorecard.html",
        {
            "office": office,
            "card": card,
            "period": period,
            "form": form,
            "policy": policy,
            "components": [(name, COMPONENT_LABELS[name], card.components[name], weights[name]) for name in COMPONENTS],
            "chart": {
                "labels": [str(m.period.label) for m in card.months],
                # A month still to come, and a month with no file registered, has no score: no point (null)
                # rather than a 100 that nothing earned.
                "scores": [m.score if m.period.start <= today and m.registered else None for m in card.months],
                "threshold": policy.renewal_warning_score,
                "names": {
                    "score": _("Score"),
                    "threshold": _("Warning threshold (%(score)s)")
                    % {"score": to_persian_digits(policy.renewal_warning_score)},
                },
            },
            "months_without_files": [
                m.period.label for m in card.months if m.period.start <= today and not m.registered
            ],
        },
    )
