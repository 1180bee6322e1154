"""Reconciliation: upload a bank's daily file, watch it being processed, read and export the outcome."""

import csv

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from billing import selectors
from billing.forms import ImportForm
from billing.models import BankImport, ImportRow
from billing.services import start_import
from billing.views.common import roles_required
from core.errors import DomainError
from core.spreadsheets import csv_row
from offices.views.common import paginate

RECONCILERS = (Role.SUPERVISOR, Role.ADMIN)


@roles_required(*RECONCILERS)
def imports(request, form=None, status=200):
    page = paginate(request, selectors.imports_list(request.user))
    context = {
        "page": page,
        "form": form or ImportForm(),
        "unconfirmed": selectors.unconfirmed_payments(request.user)[:100],
    }
    return render(request, "billing/imports.html", context, status=status)


@roles_required(*RECONCILERS)
@require_POST
def upload(request):
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return imports(request, form=form, status=400)
    uploaded = form.cleaned_data["file"]
    try:
        bank_import, created = start_import(
            data=uploaded.read(),
            file_name=uploaded.name,
            actor=request.user,
            bank=form.cleaned_data["bank"],
            signature=form.cleaned_data["signature"],
        )
    except DomainError as exc:
        field = next((name for name in exc.fields if name in form.fields), "file")
        form.add_error(field, exc.message)
        return imports(request, form=form, status=400)
    if not created:
        messages.info(request, _("This file was imported already; nothing was changed."))
    return redirect("billing:import", pk=bank_import.pk)


def _counts(bank_import):
    from django.db.models import Count

    counts = dict(ImportRow.objects.filter(bank_import=bank_import).values_list("outcome").annotate(n=Count("id")))
    return [(outcome, label, counts.get(outcome, 0)) for outcome, label in ImportRow.Outcome.choices]


@roles_required(*RECONCILERS)
def import_detail(request, pk):
    bank_import = get_object_or_404(selectors.imports_list(request.user), pk=pk)
    outcome = request.GET.get("outcome", "")
    rows = ImportRow.objects.filter(bank_import=bank_import).select_related("recorded_payment")
    if outcome in ImportRow.Outcome.values:
        rows = rows.filter(outcome=outcome)
    context = {"imp": bank_import, "counts": _counts(bank_import), "page": paginate(request, rows), "outcome": outcome}
    return render(request, "billing/import_detail.html", context)


@roles_required(*RECONCILERS)
def import_progress(request, pk):
    """Polled by htmx every second while the file is processed; stops polling once it is done."""
    bank_import = get_object_or_404(selectors.imports_list(request.user), pk=pk)
    response = render(request, "billing/_import_progress.html", {"imp": bank_import, "counts": _counts(bank_import)})
    if bank_import.status in (BankImport.Status.DONE, BankImport.Status.FAILED) and request.htmx:
        response["HX-Refresh"] = "true"  # the finished page shows the rows
    return response


@roles_required(*RECONCILERS)
def import_csv(request, pk):
    bank_import = get_object_or_404(selectors.imports_list(request.user), pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reconciliation-{bank_import.pk}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the Persian messages as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            "line",
            "bill_id",
            "payment_id",
            "amount_rials",
            "reference",
            "paid_on",
            "outcome",
            "message",
            "payment_record",
        ]
    )
    for row in ImportRow.objects.filter(bank_import=bank_import).order_by("line").iterator():
        writer.writerow(
            csv_row(
                [
                    row.line,
                    row.bill_id,
                    row.payment_id,
                    row.amount_rials or "",
                    row.reference,
                    row.paid_on or "",
                    row.outcome,
                    row.message,
                    row.recorded_payment_id or "",
                ]
            )
        )
    return response
