"""Registering a file, at the counter or online."""

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from cases import counts
from cases.history import opening_row, record_transition
from cases.inputs import PropertyInput, RegistrationInput
from cases.models import CLOSED_STATES, Case, Channel, Property, State
from cases.plugins import registry
from cases.selectors import forget_cartable_counts
from cases.services.actions import _place, _tell_applicant
from cases.tracking import new_tracking_code
from core.errors import Conflict, DomainError, Forbidden
from core.fields import flat_errors
from offices.models import District, Membership, Office, Service

# Who registers: office staff at the counter, citizens online.
REGISTERING_ROLES = (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER, Role.CITIZEN)


# What registration reads of an office, its district and its city (may_register's fields, the city's bill
# company code for the fee slip); the rest (the city's map above all) stays in the database.
_CITY_MAP = "district__municipality__district_outlines"
_OFFICE_FIELDS = (
    "code",
    "status",
    "status_reason",
    "is_selected",
    "licence_expires_on",
    "district__number",
    "district__municipality__bill_company_code",
)


def _office_for(actor, office_id, errors):
    """Office staff register at their own office; citizens choose one."""
    if actor.role != Role.CITIZEN:
        # The offices of the actor's current posts in their city (a person has a handful of posts).
        posts = Membership.objects.current().filter(
            user=actor, office__isnull=False, district__municipality_id=actor.municipality_id
        )
        posts = posts.select_related("office__district__municipality").only(*(f"office__{f}" for f in _OFFICE_FIELDS))
        mine = {post.office_id: post.office for post in posts.order_by()}
        if office_id is not None:
            office = mine.get(office_id)
            if office is None:
                errors["office"] = [_("You can register files only at your own office.")]
            return office
        if len(mine) != 1:
            errors["office"] = [_("Choose the office.")]
            return None
        return next(iter(mine.values()))
    if office_id is None:
        errors["office"] = [_("Choose an office.")]
        return None
    office = Office.objects.select_related("district__municipality").defer(_CITY_MAP).filter(pk=office_id).first()
    if office is None:
        errors["office"] = [_("Unknown office.")]
    return office


def _given_office(raw):
    """The office id of a request that failed elsewhere (its office is still checked)."""
    value = raw.get("office")
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _examine(actor, raw):
    """The request checked field by field, every mistake at once: (errors, cleaned, service, office,
    district, details serializer); the office and the district are found even when other parts are wrong."""
    form = RegistrationInput(data=raw)
    errors = {} if form.is_valid() else flat_errors(form.errors)
    data = dict(form.validated_data) if not errors else {}
    if errors and isinstance(raw.get("property"), dict):
        # The property's own part may be right while another part is wrong: still check its district.
        prop = PropertyInput(data=raw["property"])
        if prop.is_valid():
            data["property"] = prop.validated_data
    service_code = str(raw.get("service") or "")[:40]
    service = None
    if "service" not in errors:
        service = Service.objects.filter(code=service_code, is_active=True).first()
        if service is None or service_code not in registry().service_codes():
            errors["service"] = [_("Unknown service “%(code)s”.") % {"code": service_code}]
            service = None
    details = None
    if service is not None and "details" not in errors:
        details = registry().details_serializer(service.code)(data=raw.get("details") or {})
        if not details.is_valid():
            errors.update(flat_errors(details.errors, "details"))
    office = None
    if "office" not in errors:
        office_id = (
            raw.get("office")
            if isinstance(raw.get("office"), int) and not isinstance(raw.get("office"), bool)
            else None
        )
        office = _office_for(actor, data.get("office", office_id), errors)
    district = None
    prop = data.get("property")
    if prop:
        if office is not None and office.district.number == prop["district"]:
            district = office.district  # the office's own district (numbers are unique within a city)
        else:
            districts = District.objects.select_related("municipality").defer("municipality__district_outlines")
            districts = districts.filter(number=prop["district"])
            districts = districts.order_by("municipality_id")
            if office is not None:
                districts = districts.filter(municipality_id=office.district.municipality_id)
            district = districts.first()
        if district is None:
            errors["property.district"] = [_("District %(number)s does not exist.") % {"number": prop["district"]}]
        elif int(prop["renewal_code"].split("-")[0]) != district.number:
            errors["property.renewal_code"] = [_("The renewal code's first part must be the district number.")]
    return errors, data, service, office, district, details


def _validate(actor, raw):
    errors, data, service, office, district, details = _examine(actor, raw)
    if errors:
        raise DomainError("invalid", _("The file could not be registered: check the marked fields."), fields=errors)
    return data, service, office, district, details


def _other_district(actor, office, district, service):
    """The DomainError refusing ``office`` for a property of ``district``, or None when it may take it:
    offices serve their own district's properties unless the service says any office may."""
    if office.district_id == district.id or service.any_district:
        return None
    reason = _("This office serves district %(office)s; the property is in district %(property)s.") % {
        "office": office.district.number,
        "property": district.number,
    }
    if actor.role == Role.CITIZEN:
        fields = {"office": [reason + " " + str(_("Choose an office of the property's district."))]}
    else:
        fields = {"property.district": [_("Another district's property.")]}
    return DomainError("other-district", reason, fields=fields)


def refuse_duplicate(*, parcel, service_id, actor, exclude=None):
    """One open file per property and service (``service_id``: the service's code, as a file holds it). A
    citizen's draft is not yet one: it blocks nobody's registration, and is checked itself when it is submitted
    (``exclude``: that file). The caller holds the parcel's row lock. Someone else's file is named to staff by its
    tracking code, to a citizen not at all."""
    files = Case.objects.filter(parcel=parcel, service_id=service_id).exclude(state__in=[*CLOSED_STATES, State.DRAFT])
    duplicate = files.exclude(pk=exclude).first() if exclude else files.first()
    if duplicate is None:
        return
    if actor is not None and actor.role == Role.CITIZEN and duplicate.applicant_user_id != actor.pk:
        message = _("This property already has an open file for this service.")
        raise Conflict("duplicate-open-file", message, fields={"property.renewal_code": [message]})
    raise Conflict(
        "duplicate-open-file",
        _("This property already has an open file for this service: %(code)s") % {"code": duplicate.tracking_code},
        fields={"property.renewal_code": [duplicate.tracking_code]},
    )


# The parts of a registration, as its error keys begin ("property.district" is the property's).
PARTS = ("service", "office", "property", "applicant", "details")


def check_registration(*, actor, raw, parts=PARTS):
    """The checks of ``register_case`` on the ``parts`` collected so far, saving nothing: a guided online
    request checks each step with them. Raises DomainError with those parts' field errors only."""
    from offices.services import ensure_may_register

    errors, _data, service, office, district, _details = _examine(actor, raw)
    errors = {key: value for key, value in errors.items() if key.split(".", 1)[0] in parts}
    if "office" in parts and "office" not in errors and office is not None and service is not None:
        try:
            ensure_may_register(office, service.code)
        except DomainError as exc:
            errors["office"] = [exc.message]
        else:
            problem = _other_district(actor, office, district, service) if district is not None else None
            if problem is not None:
                errors.update(problem.fields)
    if errors:
        raise DomainError("invalid", _("Check the marked fields."), fields=errors)


def register_case(*, actor, service, applicant, property, details=None, office=None):
    """Register a file. Office staff register at the counter (state submitted); a
    citizen registers online (state draft, submitted once the documents are in).
    Returns the file. Raises DomainError with field-by-field messages; nothing is saved then."""
    raw = {"service": service, "applicant": applicant, "property": property, "details": details or {}}
    if office not in (None, ""):
        raw["office"] = office
    return _register(actor, raw, at=None)


def register_input(*, actor, data, reread=True):
    """``register_case`` with the request body as a client sent it (unknown keys are refused).

    ``reread=False`` returns the file as registration wrote it, without reading it back: for a caller that
    reads it again anyway (what the after-registration hooks changed, an instant answer, is not on it)."""
    return _register(actor, data, at=None, refresh=reread)


def replay_registration(*, actor, at, **raw):
    """``register_case`` as if done at ``at`` (imports from an earlier system, the demo city)."""
    return _register(actor, raw, at=at)


@transaction.atomic
def _register(actor, raw, *, at, refresh=True):
    if actor.role not in REGISTERING_ROLES:
        raise Forbidden("forbidden", _("Your role may not register files."))
    data, service, office, district, details = _validate(actor, raw)

    from offices.services import ensure_may_register

    ensure_may_register(office, service=service)
    problem = _other_district(actor, office, district, service)
    if problem is not None:
        raise problem
    prop, person = data["property"], data["applicant"]
    # Renewal codes are the city's own: the parcel is the one with this code in the office's city.
    parcel, created = Property.objects.select_for_update().get_or_create(
        municipality_id=district.municipality_id,
        renewal_code=prop["renewal_code"],
        defaults={"district": district, "address": prop["address"], "postal_code": prop.get("postal_code") or ""},
    )
    if not created and parcel.district_id != district.id:
        raise DomainError(
            "property-district",
            _("This renewal code is registered in another district."),
            fields={
                "property.district": [_("The property is in district %(number)s.") % {"number": parcel.district.number}]
            },
        )
    # A parcel created just now (and locked until this transaction ends) has no file yet.
    if not created:
        refuse_duplicate(parcel=parcel, service_id=service.code, actor=actor)

    now = at or timezone.now()
    online = actor.role == Role.CITIZEN
    if online and not (actor.first_name or actor.last_name) and person["national_id"] == actor.national_id:
        # A citizen signed in by SMS code has no name yet: their own request gives it, so that the history and
        # the offices show a name rather than a national ID.
        actor.first_name, actor.last_name = person["first_name"], person["last_name"]
        actor.save(update_fields=["first_name", "last_name"])
    state = State.DRAFT if online else State.SUBMITTED
    case = Case(
        pk=_reserved_id(),
        service=service,
        channel=Channel.ONLINE if online else Channel.COUNTER,
        office=office,
        district=district,
        applicant_national_id=person["national_id"],
        applicant_first_name=person["first_name"],
        applicant_last_name=person["last_name"],
        applicant_mobile=person["mobile"],
        applicant_user=actor if online else None,
        parcel=parcel,
        state=state,
        created_by=actor,
        submitted_at=None if online else now,
        created_at=now,
        version=1,
    )
    _place(case, state, timezone.localdate(now), now)
    # The registration's row says who and when; how (the channel) is the file's own, set once.
    first = {"action": "register", "to_state": state, "actor": actor, "data": {}, "at": now}
    # With its id known beforehand the file is written once, its history head in it (cases.history).
    opening = None if case.pk is None else opening_row(case, **first)
    for _attempt in range(5):
        case.tracking_code = new_tracking_code()
        try:
            with transaction.atomic():
                case.save(force_insert=True)
            break
        except IntegrityError:
            if Case.objects.filter(tracking_code=case.tracking_code).exists():
                if opening is None:
                    case.pk = None
                continue
            raise
    else:
        raise Conflict("tracking-code", _("Please try again."))
    registry().family(service.code).save_details(case, details.validated_data)
    if opening is not None:
        opening.save(force_insert=True)
    else:
        record_transition(case, seq=1, from_state="", **first)
    registry().after_register(case, actor)
    _tell_applicant(case, "case_registered")
    # Last: the office-month row stays locked only until the registration commits.
    counts.count_registered(case)
    transaction.on_commit(lambda: forget_cartable_counts(actor))  # the new file is in the officer's cartable
    if refresh:
        case.refresh_from_db()
    return case


def _reserved_id():
    """The next file id, drawn from the table's sequence before the insert (PostgreSQL); None elsewhere,
    where the database picks it on insert and the history head is set by an update after."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [Case._meta.db_table])
        return cursor.fetchone()[0]
