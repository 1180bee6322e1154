"""The inspector books the visit: a working day and a two-hour slot; the applicant is told by SMS."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import calendar, deadlines
from core.errors import Conflict, DomainError, Forbidden, NotFound
from core.jalali import long_jalali
from inspections.models import Slot, Visit, VisitState
from notifications.notify import notify


def _refuse(field, message, code="invalid"):
    raise DomainError(code, message, fields={field: [message]})


@transaction.atomic
def schedule_visit(*, visit, actor, day, slot):
    """Set (or move) the visit's date and slot. Returns the visit.

    The assigned inspector (or the supervision unit) books a working day from today on, in a
    slot the inspector has free. The applicant gets an SMS each time the booking changes."""
    visit = (
        Visit.objects.select_for_update()
        .select_related("case__office", "inspector")
        .filter(pk=getattr(visit, "pk", visit))
        .first()
    )
    if visit is None:
        raise NotFound("not-found", _("Visit not found."))
    if actor.pk != visit.inspector_id and not actor.is_supervisor:
        raise Forbidden("forbidden", _("Only the assigned inspector may schedule this visit."))
    if not visit.is_open:
        raise Conflict("visit-closed", _("This visit is closed and cannot be scheduled."))
    if slot not in Slot.values:
        _refuse("slot", _("Choose one of the time slots."))
    if day is None:
        _refuse("date", _("Enter the visit date."))
    now = timezone.localtime()
    if day < now.date():
        _refuse("date", _("The visit date cannot be in the past."))
    if day == now.date() and int(slot[:2]) + 2 <= now.hour:
        _refuse("slot", _("This slot is already over today."))
    if not deadlines.is_working_day(day, calendar.holiday_set(visit.case.district.municipality_id)):
        _refuse("date", _("The visit date is a holiday; choose a working day."))
    if visit.state == VisitState.SCHEDULED and visit.scheduled_on == day and visit.slot == slot:
        return visit
    taken = (
        Visit.objects.filter(inspector_id=visit.inspector_id, scheduled_on=day, slot=slot, state=VisitState.SCHEDULED)
        .exclude(pk=visit.pk)
        .exists()
    )
    if taken:
        _refuse("slot", _("You already have a visit in this slot; choose another."), code="slot-taken")
    rescheduled = visit.state == VisitState.SCHEDULED
    visit.scheduled_on, visit.slot, visit.state = day, slot, VisitState.SCHEDULED
    try:
        with transaction.atomic():
            visit.save(update_fields=["scheduled_on", "slot", "state"])
    except IntegrityError:
        raise Conflict("slot-taken", _("This slot was booked a moment ago; choose another.")) from None
    case = visit.case
    notify(
        "visit_scheduled",
        mobile=case.contact_mobile,
        context={
            "tracking_code": case.tracking_code,
            "date": long_jalali(day),
            "slot": Slot(slot).label,
            "inspector": visit.inspector.get_full_name() or visit.inspector.username,
            "office_phone": case.office.phone,
            "rescheduled": rescheduled,
        },
    )
    return visit
