"""Paying a slip online: off to the gateway, and back with the bank's answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from billing import selectors
from billing.gateways import FakeGateway, get_gateway
from billing.models import FeeSlip, Payment
from billing.services import record_payment
from core.errors import DomainError


@login_required
@require_POST
def pay(request, pk):
    slip = selectors.slip_for(request.user, pk)
    if slip is None:
        raise Http404
    if slip.status != FeeSlip.Status.ISSUED:
        messages.warning(
            request, _("This slip cannot be paid: it is %(status)s.") % {"status": slip.get_status_display()}
        )
        return redirect("billing:slip", pk=slip.pk)
    return_url = request.build_absolute_uri(reverse("billing:gateway_return", args=[slip.pk]))
    return redirect(get_gateway().start(slip, return_url))


@login_required
def gateway_return(request, pk):
    """The bank sends the payer back here; a repeated callback finds the payment already recorded."""
    slip = selectors.slip_for(request.user, pk)
    if slip is None:
        raise Http404
    try:
        reference = get_gateway().verify({**request.GET.dict(), "slip": slip.pk})
        record_payment(
            bill_id=slip.bill_id,
            payment_id=slip.payment_id,
            amount_rials=slip.amount_rials,
            reference=reference,
            channel=Payment.Channel.GATEWAY,
            actor=request.user,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The slip is paid. Bank reference: %(reference)s") % {"reference": reference})
    return redirect("billing:slip", pk=slip.pk)


def fake_bank(request, token):
    """The embedded default's stand-in bank page: confirm or cancel, then back to Pishkhan."""
    gateway = FakeGateway()
    try:
        session = gateway.read(token)
    except DomainError as exc:
        return render(request, "billing/fake_bank.html", {"error": exc.message}, status=400)
    if request.method == "POST":
        approved = request.POST.get("decision") == "pay"
        return redirect(gateway.callback_url(token, approved))
    return render(request, "billing/fake_bank.html", {"session": session})
