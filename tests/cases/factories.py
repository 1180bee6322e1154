"""Files, built the way people build them: ``register`` goes through ``cases.services.register_case``
(so the tracking code, history, deadline and fee slip are real) and ``move`` takes the file to a state
through ``cases.services.apply_action``.

For a test that states exactly the file it needs (a page's list, a letter's placeholders),
``CaseFactory`` makes a file directly in any state with its first history row, and ``add_history``
adds the rows the workflow would have written; ``staff`` gives a person of any role a current post."""

import datetime
import itertools

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import OFFICE_ROLES, Role
from cases import counts
from cases.history import record_transition
from cases.models import Case, Property, State
from cases.tracking import new_tracking_code
from tests.accounts.factories import UserFactory
from tests.offices.factories import DistrictFactory, MembershipFactory, OfficeFactory, ServiceFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

APPLICANT = {"national_id": "0499370899", "first_name": "علی", "last_name": "رضایی", "mobile": "09131112233"}
ADDRESS = "اصفهان، خیابان چهارباغ، پلاک ۱۲"
# The service-specific part of a registration, for the services that have one.
DETAILS = {
    "notary_inquiry": {
        "notary_number": "123",
        "notary_city": "اصفهان",
        "letter_number": "456/ن",
        "letter_date": "1404/07/01",
    },
    "bank_inquiry": {
        "bank_name": "ملی",
        "bank_branch": "مرکزی",
        "letter_number": "12",
        "letter_date": "1404/07/01",
    },
    "excavation": {
        "utility_company": "شرکت گاز استان اصفهان",
        "location": "خیابان چهارباغ، از چهارراه تا میدان",
        "cut_length_m": "120",
        "cut_width_m": "1.5",
        "letter_number": "789/گ",
        "letter_date": "1404/07/01",
        "planned_start": "1404/08/01",
        "planned_end": "1404/08/20",
    },
}
# A submitted visit report: what ``submit_visit_report`` needs.
VISIT = {
    "findings": "ملک مسکونی دو طبقه با حیاط",
    "land_area": 220,
    "built_area": 310,
    "floors": 2,
    "usage": "residential",
}

_parcels = itertools.count()


def renewal_code(district=1):
    """A renewal code no other parcel of this test run has (district-block-parcel-building-floor-unit)."""
    n = next(_parcels)
    number = getattr(district, "number", district)
    return f"{number:02d}-{100 + n // 900 % 900:03d}-{100 + n % 900:03d}-001-01-002"


class PropertyFactory(DjangoModelFactory):
    """A parcel not on the municipality's record (so its files are never answered instantly)."""

    class Meta:
        model = Property

    district = factory.SubFactory(DistrictFactory)
    renewal_code = factory.LazyAttribute(lambda p: renewal_code(p.district))
    address = ADDRESS
    use = Property.Use.RESIDENTIAL
    on_record = False


def payload(service="notary_inquiry", *, district=1, code=None, **overrides):
    """The body of ``POST /api/v1/cases/`` (and the keyword arguments of ``register_case``)."""
    number = getattr(district, "number", district)
    body = {
        "service": service,
        "applicant": dict(APPLICANT),
        "property": {"renewal_code": code or renewal_code(number), "address": ADDRESS, "district": number},
        "details": dict(DETAILS.get(service, {})),
    }
    body.update(overrides)
    return body


def _home_district(actor, office):
    if office is not None:
        return office.district
    if actor.role in OFFICE_ROLES:
        from offices.selectors import offices_of

        return offices_of(actor).select_related("district").first().district
    raise ValueError("A citizen registers at an office: pass office=...")


def register(actor, service="notary_inquiry", *, office=None, parcel=None, district=None, at=None, **overrides):
    """Register a file as ``actor`` through ``register_case``: office staff at their office (state submitted),
    a citizen online at ``office`` (state draft). The parcel is new unless ``parcel`` is given; ``at``
    backdates the registration (``replay_registration``, as an import from an earlier system does)."""
    from cases.services import register_case, replay_registration

    district = district or (parcel.district if parcel is not None else _home_district(actor, office))
    body = payload(service, district=district, code=parcel.renewal_code if parcel is not None else None, **overrides)
    if office is not None:
        body["office"] = office.pk
    if at is not None:
        return replay_registration(actor=actor, at=at, **body)
    return register_case(actor=actor, **body)


def attach_documents(case, actor, kinds=None):
    """Upload the documents the service requires (or ``kinds``) as ``actor``."""
    from cases.documents import add_document
    from cases.workflow import flow_for

    for kind in kinds or flow_for(case.service_id).required_documents:
        add_document(case=case, actor=actor, kind=kind, upload=SimpleUploadedFile(f"{kind}.pdf", PDF))
    return case


def pay_fees(case):
    """Pay the file's unpaid service-fee slips, as the bank would report them."""
    from billing.models import FeeSlip, Payment
    from billing.services import record_payment

    for slip in FeeSlip.objects.filter(case=case, kind__in=FeeSlip.FILE_KINDS, status=FeeSlip.Status.ISSUED):
        record_payment(
            bill_id=slip.bill_id,
            payment_id=slip.payment_id,
            amount_rials=slip.amount_rials,
            reference=f"TEST-{slip.pk:07d}",
            channel=Payment.Channel.BANK_FILE,
        )


# The way forward from each state, and who takes it.
_STEPS = {
    State.SUBMITTED: "accept",
    State.AWAITING_VISIT: "visit",
    State.PLAN_REVIEW: "complete_plan_review",
    State.MUNICIPAL_REVIEW: "issue_response",
}


def move(
    case,
    to,
    *,
    officer,
    inspector=None,
    municipal=None,
    reviewer=None,
    report=None,
    result="approved",
    text="نقل و انتقال ملک بلامانع است.",
    note="",
):
    """Take a registered (submitted) file to state ``to`` through ``apply_action``, one real step at a time.

    ``officer`` accepts, assigns and (unless ``reviewer`` is given) completes the plan review; ``inspector``
    visits (the state "assigned" stops once the inspector holds the file); ``municipal`` answers, after the
    service fee is paid. ``returned``, ``rejected`` and ``cancelled`` are taken from the submitted file.
    """
    from cases.services import apply_action

    if to in (State.RETURNED, State.REJECTED):
        action = "return_to_applicant" if to == State.RETURNED else "reject"
        return apply_action(case, action, officer, note=note or "مدارک ناقص است")
    if to == State.CANCELLED:
        return apply_action(case, "cancel", officer, note=note)
    target = State.AWAITING_VISIT if to == "assigned" else to
    case = Case.objects.get(pk=case.pk)
    while case.state != target or (to == "assigned" and case.inspector_id is None):
        step = _STEPS.get(case.state)
        if step is None:
            raise ValueError(f"Cannot take a file from {case.state} to {to}")
        if step == "accept":
            if not case.documents.exists():
                attach_documents(case, officer)
            case = apply_action(case, "accept", officer)
        elif step == "visit":
            if case.inspector_id is None:
                case = apply_action(case, "assign_inspector", officer, inspector=inspector.pk)
                if to == "assigned":
                    break
            case = apply_action(case, "submit_visit_report", case.inspector, **(report or VISIT))
        elif step == "complete_plan_review":
            case = apply_action(case, "complete_plan_review", reviewer or officer, note=note)
        else:
            pay_fees(case)
            case = apply_action(case, "issue_response", municipal, result=result, text=text)
        case = Case.objects.get(pk=case.pk)
    return case


def staff(role, *, office=None, district=None, **kwargs):
    """A person of ``role`` with a current post at ``office`` (office roles) or in ``district`` (municipal
    staff); without either, no post (citizens, the supervision unit)."""
    user = UserFactory(role=role, **kwargs)
    if office is not None or district is not None:
        MembershipFactory(user=user, role=role, office=office, district=district or office.district)
    return user


class CaseFactory(DjangoModelFactory):
    """A file at ``office`` in ``state``, made directly (not through registration); its first history row
    says who registered it, and it is counted in the monthly counts."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    service = factory.SubFactory(ServiceFactory)
    office = factory.SubFactory(OfficeFactory)
    district = factory.SelfAttribute("office.district")
    parcel = factory.SubFactory(PropertyFactory, district=factory.SelfAttribute("..district"))
    tracking_code = factory.LazyFunction(new_tracking_code)
    applicant_national_id = APPLICANT["national_id"]
    applicant_first_name = APPLICANT["first_name"]
    applicant_last_name = factory.Sequence(lambda n: f"{APPLICANT['last_name']}{n}")
    applicant_mobile = APPLICANT["mobile"]
    state = State.SUBMITTED
    holder_role = Role.TECHNICAL_OFFICER
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=3))
    version = 1

    @factory.post_generation
    def registered(obj, create, extracted, **kwargs):
        if create:
            record_transition(
                obj, seq=1, action="register", from_state="", to_state=obj.state, actor=obj.created_by, data={}
            )
            # The monthly counts the statistics read, as registration (and an answer) keep them.
            counts.count_registered(obj)
            if obj.state == State.RESPONDED and obj.closed_at is not None:
                counts.count_responded(obj)


def add_history(case, action, actor, *, to_state=None, note="", data=None):
    """One more history row on ``case`` (a visit report, a plan review) as the workflow writes it."""
    case.version += 1
    record_transition(
        case,
        seq=case.version,
        action=action,
        from_state=case.state,
        to_state=to_state or case.state,
        actor=actor,
        note=note,
        data=data or {},
    )
    Case.objects.filter(pk=case.pk).update(version=case.version)
    return case
