"""Paying a slip online: off to the bank's gateway, the bank's callback, and the stand-in bank."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from billing import selectors
from billing.gateways import GatewayError
from billing.gateways.fake import FakeGateway
from billing.models import OnlinePayment
from billing.services import ask_the_bank_now, complete_online_payment, start_online_payment
from core.errors import DomainError


@login_required
@require_POST
def pay(request, pk):
    slip = selectors.slip_for(request.user, pk)
    if slip is None:
        raise Http404
    callback_url = request.build_absolute_uri(reverse("billing:gateway_callback"))
    try:
        url = start_online_payment(slip=slip, actor=request.user, callback_url=callback_url)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("billing:slip", pk=slip.pk)
    return redirect(url)


@login_required
@require_POST
def ask_bank(request, pk):
    """The payer is back without the bank's answer: ask the bank now about the slip's payment at the bank."""
    slip = selectors.slip_for(request.user, pk)
    if slip is None:
        raise Http404
    try:
        asked = ask_the_bank_now(slip=slip)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("billing:slip", pk=slip.pk)
    for online in asked:
        if online.status == OnlinePayment.Status.SETTLED:
            reference = online.payment.reference
            messages.success(request, _("The slip is paid. Bank reference: %(reference)s") % {"reference": reference})
        elif online.status == OnlinePayment.Status.STARTED:
            messages.warning(request, _("The bank did not answer; try again in a few minutes."))
        else:
            OUTCOMES.get(online.status, messages.error)(request, online.message or online.get_status_display())
    return redirect("billing:slip", pk=slip.pk)


OUTCOMES = {
    OnlinePayment.Status.CANCELLED: messages.warning,
    OnlinePayment.Status.REVERSED: messages.error,
    OnlinePayment.Status.FAILED: messages.error,
}


@csrf_exempt  # the bank posts the payer back from its own site; nothing here is trusted until verified
@require_http_methods(["GET", "POST"])
def gateway_callback(request):
    """The bank sends the payer back here; the payment is verified with the bank before anything is recorded."""
    params = request.POST.dict() if request.method == "POST" else request.GET.dict()
    try:
        online = complete_online_payment(params=params)
    except DomainError as exc:
        return render(request, "billing/gateway_unknown.html", {"message": exc.message}, status=exc.http_status)
    if online.status == OnlinePayment.Status.SETTLED:
        messages.success(
            request, _("The slip is paid. Bank reference: %(reference)s") % {"reference": online.payment.reference}
        )
    else:
        OUTCOMES.get(online.status, messages.error)(request, online.message or online.get_status_display())
    return redirect("billing:slip", pk=online.slip_id)


def _fake_gateway():
    if settings.BILLING_GATEWAY != "fake":
        raise Http404  # the stand-in bank exists only where it is the configured gateway (DEBUG, tests)
    return FakeGateway()


@require_http_methods(["GET", "POST"])
@cache_control(private=True)  # the bank's page, not Pishkhan's: kept as a bank's is (the back button returns to it)
def fake_bank(request, token):
    """The stand-in bank's page: pay or cancel, a receipt, then back to Pishkhan's callback."""
    gateway = _fake_gateway()
    session = gateway.session(token)
    if session is None:
        return render(
            request,
            "billing/fake_bank.html",
            {"error": _("This payment link is not valid or has expired.")},
            status=400,
        )
    if request.method == "POST" and session["state"] == "new":
        try:
            if request.POST.get("decision") == "pay":
                session = gateway.pay(token)
            else:
                session = gateway.cancel(token)
        except GatewayError:
            raise Http404 from None
    paid_at = session.get("paid_at")
    context = {
        "session": session,
        "paid_at": datetime.datetime.fromisoformat(paid_at) if paid_at else None,
        "token": token,
        "merchant": settings.SITE_NAME,
        "callback_fields": gateway.callback_fields(token, session) if session["state"] != "new" else {},
    }
    return render(request, "billing/fake_bank.html", context)
