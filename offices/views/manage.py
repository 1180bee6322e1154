"""The supervision unit's pages: the office list, one office in full, and the forms that change it."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import OFFICE_ROLES
from core.validators import parse_int
from offices import selectors, services
from offices.forms import (
    ALL_OFFICE_ROLES,
    ContractForm,
    OfficeFilterForm,
    OfficeForm,
    SelectionForm,
    StaffForm,
    StatusForm,
)
from offices.models import Contract, Office
from offices.services.expiry import WARN_DAYS
from offices.views.common import paginate, run_service, stream_file, supervisor_required


@supervisor_required
def manage_list(request):
    """Queries: session and user, the filter choices (districts, services), the count, the page with
    its contract and staff subqueries, its services, the training check — fixed for any page size."""
    form = OfficeFilterForm(request.GET or None, user=request.user)
    offices = selectors.office_list(**form.filters(), viewer=request.user)
    return render(
        request,
        "offices/manage_list.html",
        {
            "form": form,
            "page": paginate(request, offices),
            "untrained_count": len(selectors.untrained_staff(viewer=request.user)),
            "today": selectors.today(),
            "soon": selectors.today() + datetime.timedelta(days=WARN_DAYS),
        },
    )


def _office_context(office, **extra):
    gaps = selectors.untrained_staff(office=office)  # the office is of the viewer's city
    return {
        "office": office,
        "check": services.may_register(office),
        "staff": selectors.with_training(selectors.office_staff(office)),
        "former_staff": selectors.office_staff(office, current=False),
        "gaps": gaps,
        "untrained_ids": {gap.user.pk for gap in gaps},
        "changes": selectors.public_changes(office=office),
        "status_form": StatusForm(office=office),
        "selection_form": SelectionForm(initial={"selected": "0" if office.is_selected else "1"}),
        "today": selectors.today(),
        **extra,
    }


@supervisor_required
def office_detail(request, pk):
    try:
        office = selectors.office_for_supervisor(pk, viewer=request.user)
    except Office.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "offices/office_detail.html", _office_context(office))


@supervisor_required
def office_create(request):
    form = OfficeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        office = run_service(form, services.create_office, actor=request.user, **data)
        if office is not None:
            messages.success(request, _("The office was added."))
            return redirect("offices:manage_detail", pk=office.pk)
    return render(request, "offices/office_form.html", {"form": form}, status=_status(form))


@supervisor_required
def office_edit(request, pk):
    office = get_object_or_404(selectors.city_offices(request.user), pk=pk)
    form = OfficeForm(request.POST or None, instance=office, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, services.update_office, office=office, actor=request.user, **form.cleaned_data)
        if saved is not None:
            messages.success(request, _("The office was saved."))
            return redirect("offices:manage_detail", pk=office.pk)
    return render(request, "offices/office_form.html", {"form": form, "office": office}, status=_status(form))


def _status(form):
    """400 for a form sent back with its mistakes marked; 200 for a form to fill in."""
    return 400 if form.is_bound and form.errors else 200


def _rerender_detail(request, office, **forms):
    office = selectors.office_for_supervisor(office.pk)
    return render(request, "offices/office_detail.html", _office_context(office, **forms), status=400)


@supervisor_required
@require_POST
def change_status(request, pk):
    office = get_object_or_404(selectors.city_offices(request.user), pk=pk)
    form = StatusForm(request.POST, office=office)
    if form.is_valid() and run_service(
        form,
        services.change_office_status,
        office=office,
        actor=request.user,
        action=form.cleaned_data["action"],
        reason=form.cleaned_data["reason"],
        effective_on=form.cleaned_data["effective_on"],
        by_hand=True,
    ):
        messages.success(request, _("The office's status was changed."))
        return redirect("offices:manage_detail", pk=office.pk)
    return _rerender_detail(request, office, status_form=form)


@supervisor_required
@require_POST
def change_selection(request, pk):
    office = get_object_or_404(selectors.city_offices(request.user), pk=pk)
    form = SelectionForm(request.POST)
    if form.is_valid() and run_service(
        form,
        services.set_office_selection,
        office=office,
        actor=request.user,
        selected=form.cleaned_data["selected"],
        reason=form.cleaned_data["reason"],
    ):
        messages.success(request, _("The office's selection was changed."))
        return redirect("offices:manage_detail", pk=office.pk)
    return _rerender_detail(request, office, selection_form=form)


@supervisor_required
def add_contract(request, pk):
    office = get_object_or_404(selectors.city_offices(request.user).select_related("district"), pk=pk)
    renews = None
    renewed = request.GET.get("renews") or request.POST.get("renews")
    if renewed:
        contract_id = parse_int(renewed)
        if contract_id is None:
            raise Http404
        renews = get_object_or_404(Contract, pk=contract_id, office=office)
    if request.method == "POST":
        form = ContractForm(request.POST, request.FILES, office=office)
        if form.is_valid() and run_service(
            form, services.add_contract, office=office, actor=request.user, renews=renews, **form.cleaned_data
        ):
            messages.success(request, _("The contract was recorded."))
            return redirect("offices:manage_detail", pk=office.pk)
    else:
        initial = services.renewal_defaults(renews) if renews else {"services": list(office.services.all())}
        form = ContractForm(initial=initial, office=office)
    context = {"form": form, "office": office, "renews": renews}
    return render(request, "offices/contract_form.html", context, status=_status(form))


@login_required
def contract_file(request, pk):
    """The signed contract: for the unit of the office's city and for the office's own manager; anyone else
    finds no such file (404)."""
    contract = get_object_or_404(Contract.objects.select_related("office__district"), pk=pk)
    if not selectors.can_manage_staff(request.user, contract.office):
        raise Http404
    return stream_file(contract.signed_file)


@supervisor_required
def add_staff(request, pk):
    office = get_object_or_404(selectors.city_offices(request.user).select_related("district"), pk=pk)
    form = StaffForm(
        request.POST or None, request.FILES or None, roles=ALL_OFFICE_ROLES, city=office.district.municipality_id
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            form,
            services.add_staff,
            office=office,
            user=data["user"],
            role=data["role"],
            actor=request.user,
            starts_on=data["starts_on"],
            employment_starts_on=data["employment_starts_on"],
            employment_ends_on=data["employment_ends_on"],
            employment_file=data["employment_file"],
            roles=OFFICE_ROLES,
        ):
            messages.success(request, _("The post was added."))
            return redirect("offices:manage_detail", pk=office.pk)
    return render(request, "offices/staff_form.html", {"form": form, "office": office}, status=_status(form))


@supervisor_required
def training(request):
    form = OfficeFilterForm(request.GET or None, user=request.user)
    district = form.filters()["district"]
    return render(
        request,
        "offices/training.html",
        {
            "form": form,
            "page": paginate(request, selectors.untrained_staff(district=district, viewer=request.user)),
        },
    )
