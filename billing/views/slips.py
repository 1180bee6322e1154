"""The slip list, a slip's page, its PDF."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from accounts.models import Role
from billing import pdf, selectors
from billing.forms import SlipFilterForm
from billing.gateways import get_gateway
from billing.views.common import DESK_ROLES
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
    return slip.status == slip.Status.ISSUED and user.is_authenticated and get_gateway() is not None


@login_required
def slip_detail(request, pk):
    slip = _slip_or_404(request, pk)
    context = pdf.slip_context(slip)
    context.update({"barcode_svg": pdf.barcode_inline(slip), "can_pay": may_pay_online(slip, request.user)})
    return render(request, "billing/slip_detail.html", context)


@login_required
def slip_pdf(request, pk):
    slip = _slip_or_404(request, pk)
    response = HttpResponse(pdf.slip_pdf(slip), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="slip-{slip.bill_id}.pdf"'
    return response
