"""The slip list, a slip's page, its PDF."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from billing import pdf, selectors
from billing.forms import PosPaymentForm, SlipFilterForm
from billing.services import at_the_bank, record_pos_payment
from billing.views.common import DESK_ROLES
from core.errors import DomainError
from offices.views.common import paginate


@login_required
def slip_list(request):
    """Queries: session, user, the COUNT and the page (slips joined with their office, file,
    property, vehicle, municipality and payment): fixed whatever the page size."""
    form = SlipFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    slips = selectors.slip_list(
        request.user,
        q=filters.get("q", ""),
        kind=filters.get("kind", ""),
        status=filters.get("status", ""),
        year=filters.get("year"),
    )
    page = paginate(request, slips)
    user = request.user
    context = {
        "form": form,
        "page": page,
        "can_issue": user.role in DESK_ROLES,
        "can_settle": user.role in (Role.OFFICE_MANAGER, Role.SUPERVISOR, Role.ADMIN),
    }
    return render(request, "billing/slips.html", context)


def _slip_or_404(request, pk):
    slip = selectors.slip_for(request.user, pk)
    if slip is None:
        raise Http404
    return slip


def may_pay_online(slip, user):
    return slip.status == slip.Status.ISSUED and user.is_authenticated and bool(settings.BILLING_GATEWAY)


def _render_slip(request, slip, pos_form=None, status=200):
    context = pdf.slip_context(slip)
    may_record_pos = slip.status == slip.Status.ISSUED and selectors.takes_card_payment(request.user, slip)
    can_pay = may_pay_online(slip, request.user)
    context.update(
        {
            "can_pay": can_pay,
            "at_the_bank": at_the_bank(slip) if can_pay else None,
            "pos_form": (pos_form or PosPaymentForm()) if may_record_pos else None,
        }
    )
    return render(request, "billing/slip_detail.html", context, status=status)


@login_required
def slip_detail(request, pk):
    return _render_slip(request, _slip_or_404(request, pk))


@login_required
@require_POST
def record_pos(request, pk):
    """A cashier of the slip's office records the card reader's payment (its RRN)."""
    slip = _slip_or_404(request, pk)
    form = PosPaymentForm(request.POST)
    if not form.is_valid():
        return _render_slip(request, slip, form, status=400)
    try:
        _payment, created = record_pos_payment(
            actor=request.user,
            bill_id=slip.bill_id,
            payment_id=slip.payment_id,
            amount_rials=slip.amount_rials,
            reference=form.cleaned_data["reference"],
        )
    except DomainError as exc:
        form.add_error("reference" if "reference" in exc.fields or exc.http_status == 409 else None, exc.message)
        return _render_slip(request, _slip_or_404(request, pk), form, status=exc.http_status)
    if created:
        messages.success(request, _("The card-reader payment was recorded; the slip is paid."))
    else:
        messages.info(request, _("This payment was recorded already."))
    return redirect("billing:slip", pk=slip.pk)


@login_required
def slip_pdf(request, pk):
    slip = _slip_or_404(request, pk)
    response = HttpResponse(pdf.slip_pdf(slip), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="slip-{slip.bill_id}.pdf"'
    return response
