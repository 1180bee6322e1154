"""Registering a file: at the counter by office staff, or online by a citizen."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.tenancy import city_of
from cases import selectors
from cases.forms import RegisterForm, districts_for, file_services
from cases.models import State
from cases.services import register_case
from cases.views.common import roles_required, show_errors
from core.errors import DomainError
from core.validators import normalize_renewal_code, parse_int
from offices.models import Office
from offices.selectors import offices_of
from offices.services import RegistrationCheck, may_register

REGISTER_ROLES = (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER, Role.CITIZEN)


def _desk(user):
    """(office, check) for office staff: the office they register at and whether it may, now."""
    if user.role == Role.CITIZEN:
        return None, None
    offices = list(offices_of(user).select_related("district")[:2])
    if len(offices) != 1:
        return None, RegistrationCheck(False, _("You need a current post at exactly one office to register files."))
    return offices[0], None


def citizen_offices(service_code):
    """(queryset, cards) of the offices a citizen may choose for ``service_code``: only offices that would not
    have to turn them away (authorized, offering the service, allowed to register now), each card with the
    office and today's load."""
    candidates = (
        Office.objects.authorized()
        .filter(services__code=service_code)
        .select_related("district__municipality")
        .order_by("district__number", "name")
    )
    open_now = [o for o in candidates if may_register(o, service_code).allowed]
    offices = Office.objects.filter(pk__in=[o.pk for o in open_now]).select_related("district")
    load = selectors.registered_today(o.pk for o in open_now)
    return offices, [{"office": o, "load": load.get(o.pk, 0)} for o in open_now]


@roles_required(*REGISTER_ROLES)
def choose_service(request):
    office, check = _desk(request.user)
    if office is not None:
        check = may_register(office)
    drafts = selectors.drafts_of(request.user) if request.user.role == Role.CITIZEN else set()
    context = {"services": file_services(), "office": office, "check": check, "drafts": drafts}
    return render(request, "cases/choose_service.html", context)


@roles_required(*REGISTER_ROLES)
def register(request, service_code):
    service = file_services().filter(code=service_code).first()
    if service is None:
        raise Http404
    user = request.user
    citizen = user.role == Role.CITIZEN
    office, check = _desk(user)
    if office is not None:
        check = may_register(office, service_code)
    offices = None
    office_cards = []
    initial = {}
    if citizen:
        offices, office_cards = citizen_offices(service_code)
        initial = {
            "national_id": user.national_id or "",
            "first_name": user.first_name,
            "last_name": user.last_name,
            "mobile": user.mobile,
        }
    elif office is not None:
        initial = {"district": office.district.number}
    form = RegisterForm(
        request.POST or None,
        service_code=service_code,
        offices=offices,
        districts=districts_for(office),
        initial=initial,
    )
    alert = ""
    if request.method == "POST" and form.is_valid():
        try:
            case = register_case(actor=user, service=service_code, **form.payload())
        except DomainError as exc:
            alert = exc.message
            if exc.code == "duplicate-open-file":
                form.add_error("renewal_code", exc.message)
            else:
                show_errors(form, exc)
        else:
            if case.state == State.DRAFT:  # a citizen's request waits for them to send it
                messages.warning(
                    request,
                    _(
                        "Your request was saved as draft %(code)s; it reaches the office once you send it from "
                        "this page."
                    )
                    % {"code": case.tracking_code},
                )
            else:
                messages.success(
                    request,
                    _("The file was registered. Tracking code: %(code)s") % {"code": case.tracking_code},
                )
            return redirect("cases:detail", pk=case.pk)
    status = 400 if request.method == "POST" else 200
    # The list of mistakes on top, each linking to its box, as the guided form does (cases/_error_summary.html).
    errors = [(form[name], error) for name in form.fields if name in form.errors for error in form.errors[name]] + [
        (None, f"{group.label}: {error}") for group in form.layout_groups.values() for error in group.errors
    ]
    context = {
        "errors": errors if request.method == "POST" else [],
        "service": service,
        "form": form,
        "office": office,
        "check": check,
        "alert": alert,
        "office_cards": office_cards,
        "chosen_office": str(form["office"].value() or "") if "office" in form.fields else "",
    }
    return render(request, "cases/register.html", context, status=status)


@roles_required(*REGISTER_ROLES)
def property_lookup(request):
    """The open files of the property whose renewal code is being typed, at any office of the user's city
    (htmx partial)."""
    try:
        code = normalize_renewal_code(request.GET.get("renewal_code"))
    except ValidationError:
        code = None
    city = city_of(request.user)
    office = parse_int(request.GET.get("office"))
    if city is None and office is not None:
        # A citizen, who belongs to no city: the city of the office they chose on the form.
        city = Office.objects.filter(pk=office).values_list("district__municipality_id", flat=True).first()
    cases = list(selectors.open_cases_of_property(code, city)[:20]) if code else []
    if request.user.role == Role.CITIZEN:
        cases.sort(key=lambda case: case.service_id)  # one line per service (the template's ifchanged)
    # Citizens see that a file exists, not another applicant's tracking code.
    context = {"cases": cases, "code": code, "show_codes": request.user.role != Role.CITIZEN}
    return render(request, "cases/_property_files.html", context)
