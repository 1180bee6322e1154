"""Issuing duty slips at the counter: renewal duty by renewal code, vehicle duty by plate."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.tenancy import in_city
from billing import duties, selectors
from billing.forms import RenewalForm, VehicleForm
from billing.models import Vehicle
from billing.services import issue_renewal_slip, issue_vehicle_slip
from billing.views.common import DESK_ROLES, desk_office, roles_required
from cases.models import Property
from core.errors import DomainError


def _preview(lines):
    return {"lines": lines, "total": sum(line.amount_rials for line in lines)}


def _render(request, template, context, status=200):
    if request.htmx:
        return render(request, "billing/_arrears.html", context, status=status)
    return render(request, template, context, status=status)


@roles_required(*DESK_ROLES)
def renewal(request):
    form = RenewalForm(request.POST or None)
    context = {"form": form, "kind": "renewal"}
    if request.method != "POST":
        return render(request, "billing/renewal.html", context)
    if not form.is_valid():
        return _render(request, "billing/renewal.html", context, status=400)
    code = form.cleaned_data["renewal_code"]
    try:
        if request.POST.get("action") == "issue":
            slip = issue_renewal_slip(
                renewal_code=code, actor=request.user, office=desk_office(request.user), payer=form.payer()
            )
            messages.success(request, _("The renewal-duty slip was issued."))
            return redirect("billing:slip", pk=slip.pk)
        parcel = (
            Property.objects.select_related("district")
            .filter(in_city(request.user, "district__municipality"), renewal_code=code)
            .order_by("pk")
            .first()
        )
        if parcel is None:
            raise DomainError("property-not-found", _("No property has the renewal code %(code)s.") % {"code": code})
        context.update({"subject": parcel, **_preview(selectors.renewal_arrears(parcel))})
    except duties.MissingRate as exc:
        form.add_error(
            None, _("No rate is set for %(year)s; ask the municipality to complete the table.") % {"year": exc.year}
        )
        return _render(request, "billing/renewal.html", context, status=400)
    except DomainError as exc:
        form.add_error(None, exc.message)
        for name, errors in exc.fields.items():
            if name in form.fields:
                form.add_error(name, errors)
        return _render(request, "billing/renewal.html", context, status=exc.http_status)
    return _render(request, "billing/renewal.html", context)


@roles_required(*DESK_ROLES)
def vehicle(request):
    form = VehicleForm(request.POST or None)
    context = {"form": form, "kind": "vehicle"}
    if request.method != "POST":
        return render(request, "billing/vehicle.html", context)
    if not form.is_valid():
        return _render(request, "billing/vehicle.html", context, status=400)
    plate = form.cleaned_data["plate"]
    try:
        if request.POST.get("action") == "issue":
            slip = issue_vehicle_slip(plate=plate, actor=request.user, office=desk_office(request.user))
            messages.success(request, _("The vehicle-duty slip was issued."))
            return redirect("billing:slip", pk=slip.pk)
        car = Vehicle.objects.filter(in_city(request.user), plate=plate).first()
        if car is None:
            raise DomainError(
                "vehicle-not-found", _("No vehicle is registered with the plate %(plate)s.") % {"plate": plate}
            )
        context.update({"subject": car, **_preview(selectors.vehicle_arrears(car))})
    except duties.MissingRate as exc:
        form.add_error(
            None, _("No rate is set for %(year)s; ask the municipality to complete the table.") % {"year": exc.year}
        )
        return _render(request, "billing/vehicle.html", context, status=400)
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _render(request, "billing/vehicle.html", context, status=exc.http_status)
    return _render(request, "billing/vehicle.html", context)
