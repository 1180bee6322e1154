"""Writes on files. ``apply_action`` is the only code that changes a file's state."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OFFICE_ROLES, Role
from cases import calendar, hooks
from cases.history import record_transition as _record
from cases.models import CLOSED_STATES, Case, Channel, Property, State
from cases.permissions import can_see, works_for
from cases.tracking import new_tracking_code
from cases.workflow import ACTIONS, FILE_SERVICES, HOLDER_ROLE, SYSTEM, flow_for, resolve_target
from offices.models import District, Membership, Office, Service
from pishkhan.errors import Conflict, DomainError, Forbidden, NotFound
from pishkhan.notify import notify
from pishkhan.validators import normalize_mobile, normalize_national_id, normalize_renewal_code, normalize_text

# --- holders and deadlines -----------------------------------------------------------------------------------


def _place(case, state, today, now=None):
    """Set holder, holder role and deadline for the step that starts now."""
    role = HOLDER_ROLE.get(state, "")
    holder = None
    if state in (State.DRAFT, State.RETURNED):
        holder = case.applicant_user
    elif state == State.AWAITING_VISIT:
        if case.inspector_id:
            holder = case.inspector
        else:
            role = Role.TECHNICAL_OFFICER  # someone at the office must still assign the inspector
    case.holder = holder
    case.holder_role = role
    case.step_started_at = now or timezone.now()
    if state in CLOSED_STATES or state in (State.DRAFT, State.RETURNED):
        case.deadline = None
    else:
        case.deadline = calendar.deadline_for(case.service_id, state, today)


# --- actions --------------------------------------------------------------------------------------------------


def _check_needs(action, note, data):
    errors = {}
    if action.note_required and not normalize_text(note):
        errors["note"] = [_("Write a note for this action.")]
    for name in action.needs:
        if data.get(name) in (None, "", []):
            errors[name] = [_("This field is required.")]
    if errors:
        raise DomainError("missing-data", _("Some required information is missing."), fields=errors)


@transaction.atomic
def apply_action(case, action, actor, *, note="", at=None, **data):
    """Take ``action`` on the file as ``actor`` (None for Pishkhan itself). Returns the updated file.

    Raises NotFound (the actor may not see the file), Forbidden (their role may not
    take the action, 403), Conflict (not open in this state, or someone else acted
    first, 409) or DomainError (missing or bad data, 400). Nothing is saved then.
    ``at`` backdates the action (importing files from an earlier system, the demo city).
    """
    spec = ACTIONS.get(action)
    if spec is None:
        raise DomainError("unknown-action", _("Unknown action “%(action)s”.") % {"action": action})
    case_id = case.pk if isinstance(case, Case) else case
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("service", "office", "district", "parcel")
        .filter(pk=case_id)
        .first()
    )
    if case is None or (actor is not None and not can_see(actor, case)):
        raise NotFound("not-found", _("File not found."))
    if actor is None:
        if SYSTEM not in spec.roles:
            raise Forbidden("forbidden", _("This action needs a person."))
    elif spec.system_only or actor.role not in spec.roles or not works_for(actor, case):
        raise Forbidden(
            "forbidden", _("You may not take the action “%(action)s” on this file.") % {"action": spec.label}
        )
    if case.state not in spec.sources:
        raise Conflict(
            "action-not-open",
            _("“%(action)s” is not possible while the file is “%(state)s”.")
            % {"action": spec.label, "state": case.get_state_display()},
        )
    note = normalize_text(note)
    _check_needs(spec, note, data)
    if action == "issue_response" and data.get("result") not in ("approved", "denied"):
        raise DomainError(
            "invalid",
            _("The result must be “approved” or “denied”."),
            fields={"result": [_("Choose approved or denied.")]},
        )
    for guard in hooks._action_guards:
        reason = guard(case, action)
        if reason:
            raise Conflict("action-blocked", reason)

    now = at or timezone.now()
    today = timezone.localdate(now)
    from_state = case.state
    version = case.version
    extra = {}
    if action == "assign_inspector":
        inspector = _inspector_for(case, data.get("inspector"))
        extra.setdefault("inspector_name", str(inspector))
        case.inspector = inspector
    # Handlers see when the action happens (``at``: now, or the backdated time of an import).
    handler_data = {**data, "at": now}
    for handler in hooks._action_handlers[action]:
        extra.update(handler(case, actor, handler_data) or {})
    if spec.keeps_state:
        to_state = from_state
        if action == "extend_deadline":
            days = _positive_int(data.get("days"), "days", maximum=60)
            old = case.deadline or today
            case.deadline = calendar.add_days(max(old, today), days)
            extra.update({"days": days, "old_deadline": old, "new_deadline": case.deadline})
        elif from_state == State.AWAITING_VISIT and case.inspector_id:
            case.holder, case.holder_role = case.inspector, Role.INSPECTOR
    else:
        to_state = resolve_target(spec, case.service_id, case.resume_state)
        if action == "accept":
            _require_documents(case)
        if to_state == State.RETURNED:
            case.paused_days_left = max(0, calendar.working_days_left(case.deadline, today)) if case.deadline else None
            case.resume_state = from_state
        _place(case, to_state, today, now)
        if from_state == State.RETURNED and case.paused_days_left is not None:
            case.deadline = calendar.add_days(today, case.paused_days_left)
            case.paused_days_left = None
        if to_state == State.SUBMITTED and case.submitted_at is None:
            case.submitted_at = now
        if to_state in CLOSED_STATES:
            case.closed_at = now
            if action == "issue_response":
                case.result = data.get("result")
        case.state = to_state

    updated = Case.objects.filter(pk=case.pk, version=version).update(
        state=case.state,
        holder=case.holder,
        holder_role=case.holder_role,
        inspector=case.inspector,
        deadline=case.deadline,
        step_started_at=case.step_started_at,
        paused_days_left=case.paused_days_left,
        resume_state=case.resume_state,
        submitted_at=case.submitted_at,
        closed_at=case.closed_at,
        result=case.result,
        version=F("version") + 1,
        updated_at=now,
    )
    if updated != 1:
        raise Conflict("stale", _("Someone else changed this file a moment ago. Reload it and try again."))
    case.version = version + 1
    record_data = {k: v for k, v in data.items() if k not in ("note",)}
    record_data.update(extra)
    _record(
        case,
        seq=case.version,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        note=note,
        data=record_data,
        at=now,
    )
    for fn in hooks._after_action[action]:
        fn(case, actor, handler_data)
    if to_state != from_state:
        _tell_applicant(case, APPLICANT_EVENTS.get(to_state, "case_state_changed"), note=note)
    return case


def _inspector_for(case, value):
    """An inspector who works now for an office of the file's district."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=value, role=Role.INSPECTOR).first() if str(value).isdigit() else None
    serves = (
        user is not None
        and Membership.objects.current()
        .filter(user=user, role=Role.INSPECTOR, district_id=case.office.district_id)
        .exists()
    )
    if not serves:
        raise DomainError(
            "inspector-invalid",
            _("Choose an inspector who serves this office's district."),
            fields={"inspector": [_("Not an inspector of this district.")]},
        )
    return user


def _positive_int(value, name, maximum):
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= maximum:
        raise DomainError(
            "invalid",
            _("Enter a whole number from 1 to %(max)d.") % {"max": maximum},
            fields={name: [_("Enter a whole number from 1 to %(max)d.") % {"max": maximum}]},
        )
    return number


def _require_documents(case):
    required = flow_for(case.service_id).required_documents
    present = set(case.documents.values_list("kind", flat=True))
    missing = [kind for kind in required if kind not in present]
    if missing:
        from cases.models import DocumentKind

        names = "، ".join(str(DocumentKind(kind).label) for kind in missing)
        raise Conflict("documents-missing", _("These documents are missing: %(names)s") % {"names": names})


# States with a message of their own (templates/notify/<event>.txt); others get case_state_changed.
APPLICANT_EVENTS = {State.RETURNED: "returned_for_correction", State.RESPONDED: "response_issued"}


def _tell_applicant(case, event, note=""):
    notify(
        event,
        mobile=case.applicant_mobile,
        context={"case": case, "state": case.get_state_display(), "note": note},
    )


# --- registration ---------------------------------------------------------------------------------------------


def _clean_applicant(raw, errors):
    raw = raw or {}
    cleaned = {}
    for name, fn in (("national_id", normalize_national_id), ("mobile", normalize_mobile)):
        try:
            cleaned[name] = fn(raw.get(name))
        except ValidationError as exc:
            errors[f"applicant.{name}"] = exc.messages
    for name in ("first_name", "last_name"):
        value = normalize_text(raw.get(name))
        if not value:
            errors[f"applicant.{name}"] = [_("This field is required.")]
        elif len(value) > 80:
            errors[f"applicant.{name}"] = [_("At most 80 characters.")]
        cleaned[name] = value
    return cleaned


def _clean_property(raw, errors):
    raw = raw or {}
    cleaned = {"address": normalize_text(raw.get("address")), "postal_code": normalize_text(raw.get("postal_code"))}
    try:
        cleaned["renewal_code"] = normalize_renewal_code(raw.get("renewal_code"))
    except ValidationError as exc:
        errors["property.renewal_code"] = exc.messages
    if not cleaned["address"]:
        errors["property.address"] = [_("This field is required.")]
    if cleaned["postal_code"]:
        from pishkhan.validators import normalize_postal_code

        try:
            cleaned["postal_code"] = normalize_postal_code(cleaned["postal_code"])
        except ValidationError as exc:
            errors["property.postal_code"] = exc.messages
    number = raw.get("district")
    try:
        cleaned["district_number"] = int(str(number))
    except (TypeError, ValueError):
        errors["property.district"] = [_("Enter the district number.")]
    return cleaned


def _office_for(actor, office_id, errors):
    """Office staff register at their own office; citizens choose one."""
    if actor.role in OFFICE_ROLES:
        mine = Office.objects.filter(
            memberships__in=Membership.objects.current().filter(user=actor, office__isnull=False)
        ).distinct()
        if office_id not in (None, ""):
            office = mine.filter(pk=office_id).first()
            if office is None:
                errors["office"] = [_("You can register files only at your own office.")]
            return office
        if mine.count() != 1:
            errors["office"] = [_("Choose the office.")]
            return None
        return mine.first()
    if office_id in (None, ""):
        errors["office"] = [_("Choose an office.")]
        return None
    office = (
        Office.objects.select_related("district").filter(pk=office_id).first() if str(office_id).isdigit() else None
    )
    if office is None:
        errors["office"] = [_("Unknown office.")]
    return office


@transaction.atomic
def register_case(*, actor, service, applicant, property, details=None, office=None, at=None):
    """Register a file. Office staff register at the counter (state submitted); a
    citizen registers online (state draft, submitted once the documents are in).
    Returns the file. Raises DomainError with field-by-field messages; nothing is saved then."""
    if actor.role not in OFFICE_ROLES and actor.role != Role.CITIZEN:
        raise Forbidden("forbidden", _("Your role may not register files."))
    if actor.role == Role.FOLLOWUP_OFFICER or actor.role == Role.INSPECTOR:
        raise Forbidden("forbidden", _("Your role may not register files."))
    errors = {}
    service_obj = Service.objects.filter(code=str(service or ""), is_active=True).first()
    if service_obj is None or service_obj.code not in FILE_SERVICES:
        errors["service"] = [_("Unknown service “%(code)s”.") % {"code": service}]
    applicant_data = _clean_applicant(applicant, errors)
    property_data = _clean_property(property, errors)
    office_obj = _office_for(actor, office, errors)
    district = None
    if "district_number" in property_data:
        district = District.objects.filter(number=property_data["district_number"]).order_by("municipality_id")
        if office_obj is not None:
            district = district.filter(municipality_id=office_obj.district.municipality_id)
        district = district.first()
        if district is None:
            errors["property.district"] = [
                _("District %(number)s does not exist.") % {"number": property_data["district_number"]}
            ]
        elif "renewal_code" in property_data and int(property_data["renewal_code"].split("-")[0]) != district.number:
            errors["property.renewal_code"] = [_("The renewal code's first part must be the district number.")]
    cleaned_details = {}
    cleaner = hooks._details_cleaners.get(getattr(service_obj, "code", None))
    if cleaner is not None:
        try:
            cleaned_details = cleaner(details or {})
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                errors[f"details.{key}"] = messages
    if errors:
        raise DomainError("invalid", _("The file could not be registered: check the marked fields."), fields=errors)

    from offices.services import ensure_may_register

    ensure_may_register(office_obj, service_obj.code)
    if office_obj.district_id != district.id and actor.role in OFFICE_ROLES:
        # Offices serve their own district's properties; the municipality assigns districts.
        raise DomainError(
            "other-district",
            _("This office serves district %(number)s only.") % {"number": office_obj.district.number},
            fields={"property.district": [_("Another district's property.")]},
        )

    parcel, created = Property.objects.select_for_update().get_or_create(
        renewal_code=property_data["renewal_code"],
        defaults={
            "district": district,
            "address": property_data["address"],
            "postal_code": property_data["postal_code"],
        },
    )
    if not created and parcel.district_id != district.id:
        raise DomainError(
            "property-district",
            _("This renewal code is registered in another district."),
            fields={
                "property.district": [_("The property is in district %(number)s.") % {"number": parcel.district.number}]
            },
        )
    duplicate = Case.objects.filter(parcel=parcel, service=service_obj).exclude(state__in=CLOSED_STATES).first()
    if duplicate is not None:
        raise Conflict(
            "duplicate-open-file",
            _("This property already has an open file for this service: %(code)s") % {"code": duplicate.tracking_code},
            fields={"property.renewal_code": [duplicate.tracking_code]},
        )

    now = at or timezone.now()
    online = actor.role == Role.CITIZEN
    state = State.DRAFT if online else State.SUBMITTED
    case = Case(
        service=service_obj,
        channel=Channel.ONLINE if online else Channel.COUNTER,
        office=office_obj,
        district=district,
        applicant_national_id=applicant_data["national_id"],
        applicant_first_name=applicant_data["first_name"],
        applicant_last_name=applicant_data["last_name"],
        applicant_mobile=applicant_data["mobile"],
        applicant_user=actor if online else None,
        parcel=parcel,
        state=state,
        created_by=actor,
        submitted_at=None if online else now,
        created_at=now,
        version=1,
    )
    _place(case, state, timezone.localdate(now), now)
    for _attempt in range(5):
        case.tracking_code = new_tracking_code()
        try:
            with transaction.atomic():
                case.save()
            break
        except IntegrityError:
            if Case.objects.filter(tracking_code=case.tracking_code).exists():
                case.pk = None
                continue
            raise
    else:
        raise Conflict("tracking-code", _("Please try again."))
    saver = hooks._details_savers.get(service_obj.code)
    if saver is not None:
        saver(case, cleaned_details)
    _record(
        case,
        seq=1,
        action="register",
        from_state="",
        to_state=state,
        actor=actor,
        data={"channel": case.channel},
        at=now,
    )
    for fn in hooks._after_register:
        fn(case, actor)
    _tell_applicant(case, "case_registered")
    case.refresh_from_db()
    return case
