"""Office settlement: per office and Jalali month, what was issued, collected and the office's share."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from accounts.models import Role
from billing import selectors
from billing.excel import settlement_workbook
from billing.forms import SettlementForm
from billing.views.common import roles_required


def _period(request):
    form = SettlementForm(request.GET or None, initial=SettlementForm.initial_now())
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["year"], form.cleaned_data["month"]
    initial = SettlementForm.initial_now()
    return form, initial["year"], initial["month"]


@roles_required(Role.SUPERVISOR, Role.ADMIN, Role.OFFICE_MANAGER)
def settlement(request):
    """Queries: session, user, offices, issued slips and payments grouped by office."""
    form, year, month = _period(request)
    offices = selectors.offices_for_settlement(request.user)
    rows, totals = selectors.settlement(year, month, offices)
    return render(
        request,
        "billing/settlement.html",
        {
            "form": form,
            "rows": rows,
            "totals": totals,
            "year": year,
            "month": month,
            "counted": selectors.SETTLEMENT_COUNTS,
        },
    )


@roles_required(Role.SUPERVISOR, Role.ADMIN, Role.OFFICE_MANAGER)
def settlement_excel(request):
    _form, year, month = _period(request)
    offices = selectors.offices_for_settlement(request.user)
    if not offices.exists():
        raise PermissionDenied
    rows, totals = selectors.settlement(year, month, offices)
    response = HttpResponse(
        settlement_workbook(rows, totals, year, month),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="settlement-{year}-{month:02d}.xlsx"'
    return response
