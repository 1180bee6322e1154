"""Writes on permits: the request beside a file, the plan review, the permit fee, issuing, extending and
replacing permits, certificates and the Article 100 commission. Each runs inside the file's action or
registration transaction (called from permits.plugin)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.models import FloorKind
from billing.services.building_fees import issue_building_fee_slip, issue_fine_slip
from cases.services import apply_action
from core.errors import Conflict, DomainError
from core.jalali import to_jalali
from permits import numbering, review
from permits.models import Certificate, CommissionReferral, Permit, PermitRequest, PlanReview
from permits.serializers import NESTED

NEW_PERMIT = ("building_permit", "demolition_rebuild")
REISSUES = ("permit_replacement", "permit_expansion")
CERTIFICATES = {"frame_certificate": Certificate.Kind.FRAME, "completion_certificate": Certificate.Kind.COMPLETION}
# The services whose fee is computed from a floor-area table (expansion: the added part only).
AREA_FEE = ("building_permit", "demolition_rebuild", "permit_expansion")
IN_FORCE = (Permit.Status.VALID, Permit.Status.EXTENDED)


def validity_years():
    return getattr(settings, "PERMIT_VALIDITY_YEARS", 2)


def extension_years():
    return getattr(settings, "PERMIT_EXTENSION_YEARS", 1)


def extension_grace_days():
    """How long after it lapsed a permit may still be extended."""
    return getattr(settings, "PERMIT_EXTENSION_GRACE_DAYS", 365)


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- the request ---------------------------------------------------------------------------------------------


def _refuse_permit(message):
    raise DomainError("permit-not-allowed", message, fields={"details.permit_number": [message]})


# A permit in one of these states takes no more requests (checked when one is registered and again, under the
# permit's lock, when it is approved).
CLOSED = (Permit.Status.REVOKED, Permit.Status.COMPLETED, Permit.Status.REPLACED)


def _closed_message(permit):
    return _("Permit %(number)s is %(status)s; nothing more can be requested on it.") % {
        "number": permit.number,
        "status": permit.get_status_display(),
    }


def permit_for_request(number, case, today=None):
    """The permit a follow-on request names, if it is the permit of the file's own property (its district and
    renewal code) and its state allows. Any other permit is refused as if it did not exist: a request cannot
    name, and so come to see, another property's permit."""
    today = today or timezone.localdate()
    permit = None
    if case.parcel_id is not None:
        permit = Permit.objects.filter(
            number=number, district_id=case.district_id, renewal_code=case.parcel.renewal_code
        ).first()
    if permit is None:
        _refuse_permit(_("No permit %(number)s exists for this property.") % {"number": number})
    if permit.status in CLOSED:
        _refuse_permit(_closed_message(permit))
    service_code = case.service_id
    if service_code == "demolition_rebuild":
        return permit
    lapsed = permit.status == Permit.Status.EXPIRED or permit.valid_until < today
    if lapsed and service_code == "permit_extension":
        if (today - permit.valid_until).days > extension_grace_days():
            _refuse_permit(
                _("Permit %(number)s lapsed more than %(days)s days ago; it can no longer be extended.")
                % {"number": number, "days": extension_grace_days()}
            )
    elif lapsed:
        _refuse_permit(_("Permit %(number)s has lapsed; extend it first.") % {"number": number})
    return permit


def save_request(case, validated):
    data = dict(validated)
    permit = None
    if data.get("permit_number"):
        permit = permit_for_request(data["permit_number"], case)
    for name in NESTED:
        if name in data and data[name] is not None:
            data[name] = _plain(data[name])
    data = {k: v for k, v in data.items() if v is not None}
    return PermitRequest.objects.create(case=case, permit=permit, **data)


def _plain(value):
    """Nested validated data as JSON (decimals as the text people wrote)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


# --- the plan review -------------------------------------------------------------------------------------------


def _compared(request):
    """(use, floors above, the floor-area table, parcel area) the review compares with the rules."""
    if request.case.service_id == "permit_expansion" and request.permit is not None:
        approved = request.permit.data
        return (
            approved.get("requested_use"),
            request.floors_above,
            approved.get("floor_areas", []) + request.floor_areas,
            approved.get("parcel_area"),
        )
    return request.requested_use, request.floors_above, request.floor_areas, request.parcel_area


def review_plan(case, actor, data, at):
    """Record the plan review; refuse (listing each breach) when the request breaks the zone's rules."""
    rules = {key: data.get(key) for key in review.REVIEW_KEYS}
    missing = [key for key in review.ZONE_RULES if rules[key] is None]
    if len(missing) == len(review.ZONE_RULES):
        return None  # an inquiry reviewed without data
    if missing:
        # An inquiry's rules are optional, but a review records the zone's rules whole or not at all.
        raise DomainError(
            "plan-rules-incomplete",
            _("Fill in all of the zone's rules, or leave them all empty."),
            fields={key: [_("Needed with the zone's other rules.")] for key in missing},
        )
    request = PermitRequest.objects.select_related("permit").filter(case=case).first()
    found = []
    if request is not None and request.floor_areas:
        use, floors_above, floors, parcel_area = _compared(request)
        found = review.breaches(
            rules=rules, use=use, floors_above=floors_above, floor_areas=floors, parcel_area=parcel_area
        )
    if found:
        raise DomainError(
            "plan-breaches",
            _("The request breaks the detailed plan: %(list)s Return the file to the applicant with this list.")
            % {"list": " ".join(f"({i}) {text}" for i, text in enumerate(found, start=1))},
            fields={"plan_review": found},
        )
    PlanReview.objects.update_or_create(
        case=case, defaults={**rules, "breaches": found, "reviewed_by": actor, "reviewed_at": at}
    )
    return {"review_summary": review.summary(rules)}


def floor_label(level):
    if level == 0:
        return _("ground floor")
    if level < 0:
        return _("basement %(n)s") % {"n": review.fa(-level)}
    return _("floor %(n)s") % {"n": review.fa(level)}


def issue_fee(case, actor):
    """The permit fee from the floor-area table (expansion: the added rows only)."""
    request = PermitRequest.objects.filter(case=case).first()
    if request is None or not request.floor_areas:
        return None
    rows = [
        {
            "label": f"{floor_label(int(row['level']))} · {row['use']}",
            "use": row["use"],
            "floor_kind": FloorKind.BASEMENT if int(row["level"]) < 0 else FloorKind.ABOVE,
            "area": row["area"],
        }
        for row in request.floor_areas
    ]
    from permits.models import BuildingUse

    for row in rows:
        row["label"] = row["label"].replace(row["use"], str(BuildingUse(row["use"]).label))
    block = case.parcel.renewal_code.split("-")[1]
    return issue_building_fee_slip(case=case, actor=actor, district=case.district, block=block, rows=rows)


# --- permits ---------------------------------------------------------------------------------------------------


def _approved_data(case, request, base=None):
    data = dict(base or {})
    fields = (
        "plate_main",
        "plate_sub",
        "deed_area",
        "parcel_area",
        "requested_use",
        "floors_above",
        "floors_below",
        "units",
        "parking_spaces",
        "owners",
        "engineers",
    )
    for name in fields:
        value = getattr(request, name)
        if value not in (None, "", [], {}):
            data[name] = _plain(value)
    if request.floor_areas:
        if case.service_id == "permit_expansion":
            data["floor_areas"] = list(data.get("floor_areas", [])) + request.floor_areas
        else:
            data["floor_areas"] = request.floor_areas
    data["total_area"] = _plain(sum((Decimal(str(row["area"])) for row in data.get("floor_areas", [])), Decimal(0)))
    plan = PlanReview.objects.filter(case=case).first()
    if plan is not None:
        data["plan_review"] = review.summary(
            {key: getattr(plan, key) for key in review.REVIEW_KEYS if hasattr(plan, key)}
        )
        data["setback_m"] = _plain(plan.setback_m)
    data["applicant_name"] = case.applicant_name
    data["tracking_code"] = case.tracking_code
    return data


def new_permit(*, district, renewal_code, data, case=None, at=None, replaces=None, valid_until=None):
    at = at or timezone.now()
    year = to_jalali(timezone.localdate(at)).year
    serial = numbering.next_serial("permit", district, year)
    return Permit.objects.create(
        number=numbering.format_number("permit", year, district.number, serial),
        district=district,
        year=year,
        serial=serial,
        case=case,
        renewal_code=renewal_code,
        issued_at=at,
        valid_until=valid_until or add_years(timezone.localdate(at), validity_years()),
        verification_code=numbering.new_verification_code(),
        data=data,
        replaces=replaces,
    )


def _close(permit, status):
    Permit.objects.filter(pk=permit.pk).update(status=status)


def on_approval(case, actor, at):
    """What an approving response yields for a permit or certificate file."""
    request = PermitRequest.objects.select_related("permit").filter(case=case).first()
    if request is None:
        return None
    code = case.service_id
    old = Permit.objects.select_for_update().filter(pk=request.permit_id).first() if request.permit_id else None
    if old is not None and old.status in CLOSED:
        # Another file on the same permit was approved first (a replacement, a completion certificate).
        raise Conflict("permit-closed", _closed_message(old))
    if code in NEW_PERMIT:
        if old is not None:
            _close(old, Permit.Status.REPLACED)
        return new_permit(
            district=case.district,
            renewal_code=case.parcel.renewal_code,
            data=_approved_data(case, request),
            case=case,
            at=at,
            replaces=old,
        )
    if old is None:
        return None
    if code in REISSUES:
        _close(old, Permit.Status.REPLACED)
        return new_permit(
            district=old.district,
            renewal_code=old.renewal_code,
            data=_approved_data(case, request, base=old.data),
            case=case,
            at=at,
            replaces=old,
            valid_until=old.valid_until,
        )
    if code == "permit_extension":
        start = max(old.valid_until, timezone.localdate(at))
        old.valid_until = add_years(start, extension_years())
        old.status = Permit.Status.EXTENDED
        old.save(update_fields=["valid_until", "status"])
        return old
    if code in CERTIFICATES:
        return issue_certificate(case, old, CERTIFICATES[code], at)
    return old  # repairs: the permit stands; the file is listed on it


def check_approval(case):
    """Refuse to approve a certificate while the commission's decision is not carried out."""
    referral = CommissionReferral.objects.filter(case=case).first()
    if referral is not None and referral.decision == CommissionReferral.Decision.DEMOLITION:
        raise Conflict(
            "commission-demolition",
            _("The Article 100 commission ordered a demolition; no certificate until it is carried out."),
        )


def issue_certificate(case, permit, kind, at):
    year = to_jalali(timezone.localdate(at)).year
    serial = numbering.next_serial(kind, permit.district, year)
    certificate = Certificate.objects.create(
        kind=kind,
        number=numbering.format_number(kind, year, permit.district.number, serial),
        permit=permit,
        case=case,
        issued_at=at,
        verification_code=numbering.new_verification_code(),
    )
    if kind == Certificate.Kind.COMPLETION:
        _close(permit, Permit.Status.COMPLETED)
    return certificate


def expire_lapsed(today=None):
    """Mark permits past their validity as expired (a daily task). Returns how many."""
    today = today or timezone.localdate()
    return Permit.objects.filter(status__in=IN_FORCE, valid_until__lt=today).update(status=Permit.Status.EXPIRED)


# --- the Article 100 commission --------------------------------------------------------------------------------


def refer_if_deviations(case, data):
    deviations = data.get("deviations") or []
    if not deviations:
        return
    CommissionReferral.objects.update_or_create(case=case, defaults={"deviations": _plain(deviations)})
    apply_action(case, "refer_to_commission", None, note=_("Built differently from the permit."))


def record_decision(case, actor, data, at):
    referral = CommissionReferral.objects.select_for_update().filter(case=case).first()
    if referral is None:
        raise Conflict("no-referral", _("This file was not referred to the commission."))
    decision = data["decision"]
    fine = data.get("fine_rials")
    if decision == CommissionReferral.Decision.FINE and not fine:
        raise DomainError(
            "invalid", _("Give the fine's amount."), fields={"fine_rials": [_("Give the fine's amount.")]}
        )
    referral.decision = decision
    referral.fine_rials = fine if decision == CommissionReferral.Decision.FINE else None
    referral.decided_at = at
    referral.decided_by = actor
    referral.save()
    slip = None
    if referral.fine_rials:
        slip = issue_fine_slip(
            case=case,
            actor=actor,
            amount_rials=referral.fine_rials,
            detail=_("Article 100 commission fine, file %(code)s") % {"code": case.tracking_code},
        )
    return {"fine_slip": slip.bill_id if slip else None}


def days_left(permit, today=None):
    return (permit.valid_until - (today or timezone.localdate())) // datetime.timedelta(days=1)
