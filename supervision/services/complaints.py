"""A citizen's complaint about a file: it opens a violation against the file's office."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cases.models import Case, State
from cases.selectors import case_by_tracking_code
from cases.tracking import is_well_formed, new_tracking_code, normalize_tracking_code
from core.errors import Conflict, DomainError, NotFound
from core.validators import normalize_text, to_ascii_digits
from notifications.notify import notify
from supervision.models import Complaint, Source, ViolationState, ViolationType
from supervision.selectors.violations import violation_type
from supervision.services.violations import open_violation

COMPLAINT_TYPE = "citizen_complaint"
MAX_COMPLAINT = 2000
# "bad" or "late" says nothing the supervision unit can act on: a sentence at least.
MIN_COMPLAINT = 15


def _type(municipality_id=None):
    """The city's "complaint to classify" entry, else the national one (made when the catalogue has none)."""
    found = violation_type(COMPLAINT_TYPE, municipality_id, active=False)
    if found is None:
        found = ViolationType.objects.create(code=COMPLAINT_TYPE, title=_("Citizen's complaint (to classify)"))
    return found


def not_found():
    # The same answer whether the code or the national ID is wrong: nothing to probe.
    return NotFound("not-found", _("No file matches this tracking code and national ID."))


@transaction.atomic
def file_complaint(*, tracking_code, national_id, text):
    """Record a complaint by the applicant of the file (its tracking code and their national ID).

    Returns the Complaint, whose own ``tracking_code`` the complainant keeps. A file whose
    earlier complaint is still under review answers 409 with that complaint's code.
    """
    text = normalize_text(text)
    if not text:
        raise DomainError("missing-data", _("Write your complaint."), fields={"text": [_("Write your complaint.")]})
    if len(text) < MIN_COMPLAINT:
        message = _("Describe what happened in a sentence or two (at least %(n)d characters).") % {"n": MIN_COMPLAINT}
        raise DomainError("invalid", message, fields={"text": [message]})
    if len(text) > MAX_COMPLAINT or "\x00" in text:
        message = _("At most %(n)d characters.") % {"n": MAX_COMPLAINT}
        raise DomainError("invalid", message, fields={"text": [message]})
    case = case_by_tracking_code(tracking_code, to_ascii_digits(str(national_id or "")).strip())
    if case is None:
        raise not_found()
    case = Case.objects.select_for_update(of=("self",)).select_related("office").get(pk=case.pk)
    if case.state == State.DRAFT:
        # A request the citizen never sent: the office has not received it, there is nothing to complain of.
        raise Conflict(
            "complaint-draft",
            _("This request was never sent to the office: send it first, or complain once the office has it."),
        )
    pending = (
        Complaint.objects.filter(case=case).exclude(violation__state=ViolationState.CLOSED).order_by("-pk").first()
    )
    if pending is not None:
        raise Conflict(
            "complaint-pending",
            _("A complaint about this file is already under review; its tracking code is %(code)s.")
            % {"code": pending.tracking_code},
        )
    violation = open_violation(
        office=case.office,
        type=_type(case.district.municipality_id),
        source=Source.COMPLAINT,
        actor=None,
        description=text,
        case=case,
    )
    for _attempt in range(5):
        code = new_tracking_code()
        if Case.objects.filter(tracking_code=code).exists():
            continue
        try:
            with transaction.atomic():
                complaint = Complaint.objects.create(tracking_code=code, case=case, text=text, violation=violation)
            break
        except IntegrityError:
            continue
    else:
        raise Conflict("tracking-code", _("Please try again."))
    notify(
        "complaint_received",
        mobile=case.contact_mobile,
        # A gateway's template gets the complaint's own code too: /complaints/status/ asks for it, not the file's.
        context={"case": case, "complaint": complaint, "sms_params": [complaint.tracking_code]},
        dedupe_key=f"complaint:{complaint.pk}",
    )
    return complaint


def complaint_by_code(code, national_id):
    """The complaint with this code made on a file of this applicant, or None."""
    code = normalize_tracking_code(code)
    national_id = to_ascii_digits(str(national_id or "")).strip()
    if not is_well_formed(code) or not national_id:
        return None
    return (
        Complaint.objects.select_related("case", "violation")
        .filter(tracking_code=code, case__applicant_national_id=national_id)
        .first()
    )
