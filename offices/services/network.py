"""Writes on the office network: offices, their status and selection, contracts.

Every change of status or selection leaves a dated ``OfficeChange``: that list is
what the public reads as "changes to the list of authorized offices".
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict
from core.jalali import format_jalali, to_jalali
from core.validators import normalize_postal_code, normalize_text
from offices.models import Contract, Office, OfficeChange, OfficeStatus
from offices.signals import office_status_set_by_hand

OFFICE_FIELDS = (
    "code",
    "name",
    "district",
    "address",
    "postal_code",
    "phone",
    "latitude",
    "longitude",
    "manager",
    "licence_number",
    "licence_issued_on",
    "licence_expires_on",
    "daily_capacity",
)

# action → (statuses it may start from, the new status, the public change, whether a reason is required)
STATUS_ACTIONS = {
    "suspend": ((OfficeStatus.ACTIVE,), OfficeStatus.SUSPENDED, OfficeChange.Kind.SUSPENDED, True),
    "reactivate": (
        (OfficeStatus.SUSPENDED, OfficeStatus.ENDED),
        OfficeStatus.ACTIVE,
        OfficeChange.Kind.REACTIVATED,
        False,
    ),
    "end": ((OfficeStatus.ACTIVE, OfficeStatus.SUSPENDED), OfficeStatus.ENDED, OfficeChange.Kind.ENDED, True),
}


def _effective(on):
    today = timezone.localdate()
    if on is None:
        return today
    if on > today:
        raise ValidationError({"effective_on": [_("The date cannot be in the future.")]})
    return on


def _clean_office_fields(fields):
    for key in ("code", "name", "address", "phone", "licence_number"):
        if key in fields and fields[key] is not None:
            fields[key] = normalize_text(fields[key])
    if fields.get("postal_code"):
        try:
            fields["postal_code"] = normalize_postal_code(fields["postal_code"])
        except ValidationError as exc:
            raise ValidationError({"postal_code": exc.messages}) from exc
    issued, expires = fields.get("licence_issued_on"), fields.get("licence_expires_on")
    if issued and expires and expires < issued:
        raise ValidationError({"licence_expires_on": [_("The licence cannot expire before it is issued.")]})
    if (fields.get("latitude") is None) != (fields.get("longitude") is None):
        raise ValidationError({"longitude": [_("Give both the latitude and the longitude, or neither.")]})
    return fields


@transaction.atomic
def create_office(*, actor, services=(), is_selected=True, **fields):
    """Add an office to the network; a selected office appears in the public change list."""
    unknown = set(fields) - set(OFFICE_FIELDS)
    if unknown:
        raise TypeError(f"unknown office fields: {sorted(unknown)}")
    fields = _clean_office_fields(dict(fields))
    office = Office(is_selected=is_selected, status=OfficeStatus.ACTIVE, **fields)
    office.full_clean()
    office.save()
    office.services.set(services)
    if is_selected:
        OfficeChange.objects.create(
            office=office, kind=OfficeChange.Kind.ADDED, effective_on=timezone.localdate(), recorded_by=actor
        )
    return office


@transaction.atomic
def update_office(*, office, actor, services=None, **fields):
    """Change an office's details. Status and selection have their own actions (they are public history)."""
    unknown = set(fields) - set(OFFICE_FIELDS)
    if unknown:
        raise TypeError(f"unknown office fields: {sorted(unknown)}")
    office = Office.objects.select_for_update(of=("self",)).select_related("district").get(pk=office.pk)
    old_district = office.district
    fields = _clean_office_fields(dict(fields))
    for key, value in fields.items():
        setattr(office, key, value)
    office.full_clean()
    office.save()
    if services is not None:
        office.services.set(services)
    if office.district_id != old_district.id:
        OfficeChange.objects.create(
            office=office,
            kind=OfficeChange.Kind.MOVED,
            reason=f"{old_district.name} → {office.district.name}",
            effective_on=timezone.localdate(),
            recorded_by=actor,
        )
    return office


@transaction.atomic
def change_office_status(*, office, action, actor, reason="", effective_on=None, by_hand=False):
    """Suspend, reactivate or end an office, with a reason the public can read. ``by_hand``: the supervision
    unit's own choice on the office's page, not the effect of a decision (``office_status_set_by_hand``)."""
    if action not in STATUS_ACTIONS:
        raise ValidationError({"action": [_("Unknown action.")]})
    sources, target, kind, needs_reason = STATUS_ACTIONS[action]
    reason = normalize_text(reason)
    if needs_reason and not reason:
        raise ValidationError({"reason": [_("Write the reason; it is shown on the public list of changes.")]})
    effective_on = _effective(effective_on)
    office = Office.objects.select_for_update().get(pk=office.pk)
    if office.status not in sources:
        raise Conflict(
            "office-status-unchanged",
            _("The office is “%(status)s”; this action does not apply.") % {"status": office.get_status_display()},
        )
    office.status = target
    office.status_reason = reason
    office.status_changed_on = effective_on
    office.save(update_fields=["status", "status_reason", "status_changed_on", "updated_at"])
    OfficeChange.objects.create(office=office, kind=kind, reason=reason, effective_on=effective_on, recorded_by=actor)
    if by_hand:
        office_status_set_by_hand.send(sender=Office, office=office)
    return office


@transaction.atomic
def set_office_selection(*, office, selected, actor, reason="", effective_on=None):
    """Select or unselect an office for its district (the municipality moves offices as demand changes)."""
    reason = normalize_text(reason)
    if not selected and not reason:
        raise ValidationError({"reason": [_("Write the reason; it is shown on the public list of changes.")]})
    effective_on = _effective(effective_on)
    office = Office.objects.select_for_update().get(pk=office.pk)
    if office.is_selected == bool(selected):
        raise Conflict(
            "office-selection-unchanged",
            _("The office is already selected for its district.")
            if selected
            else _("The office is already out of its district's list."),
        )
    office.is_selected = bool(selected)
    office.save(update_fields=["is_selected", "updated_at"])
    OfficeChange.objects.create(
        office=office,
        kind=OfficeChange.Kind.SELECTED if selected else OfficeChange.Kind.UNSELECTED,
        reason=reason,
        effective_on=effective_on,
        recorded_by=actor,
    )
    return office


@transaction.atomic
def add_contract(
    *,
    office,
    actor,
    number,
    starts_on,
    ends_on,
    services=(),
    tariff_note="",
    signed_file=None,
    signed_on=None,
    renews=None,
):
    """Record a contract (or the renewal of one). Periods of one office never overlap,
    so "the contract in force on a day" is always a single row."""
    number = normalize_text(number).replace(" ", "")
    errors = {}
    if not number:
        errors["number"] = [_("Enter the contract number.")]
    elif Contract.objects.filter(municipality_id=office.district.municipality_id, number=number).exists():
        errors["number"] = [_("Another contract has this number.")]  # numbers are unique within the city
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = [_("The contract cannot end before it starts.")]
    if renews is not None:
        if renews.office_id != office.id:
            errors["renews"] = [_("A contract can only renew a contract of the same office.")]
        elif Contract.objects.filter(renews=renews).exists():
            errors["renews"] = [_("This contract has already been renewed.")]
    if errors:
        raise ValidationError(errors)
    # Lock the office so two clerks cannot add overlapping contracts at once.
    Office.objects.select_for_update().get(pk=office.pk)
    overlapping = office.contracts.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).first()
    if overlapping is not None:
        raise ValidationError(
            {
                "starts_on": [
                    _("This period overlaps contract %(number)s (%(start)s to %(end)s).")
                    % {
                        "number": overlapping.number,
                        "start": _jalali(overlapping.starts_on),
                        "end": _jalali(overlapping.ends_on),
                    }
                ]
            }
        )
    contract = Contract(
        office=office,
        number=number,
        starts_on=starts_on,
        ends_on=ends_on,
        tariff_note=normalize_text(tariff_note),
        signed_on=signed_on,
        renews=renews,
    )
    if signed_file:
        contract.signed_file = signed_file
    contract.full_clean()
    contract.save()
    contract.services.set(services)
    return contract


def renewal_defaults(contract):
    """A renewal starts the day after the old contract ends and runs one Jalali year, same scope."""
    starts_on = to_jalali(contract.ends_on) + datetime.timedelta(days=1)
    try:
        next_year = starts_on.replace(year=starts_on.year + 1)
    except ValueError:  # 30 Esfand of a leap year has no twin next year
        next_year = starts_on.replace(year=starts_on.year + 1, day=29)
    return {
        "starts_on": starts_on.togregorian(),
        "ends_on": (next_year - datetime.timedelta(days=1)).togregorian(),
        "services": list(contract.services.all()),
        "tariff_note": contract.tariff_note,
    }


def _jalali(value):
    return format_jalali(value)
