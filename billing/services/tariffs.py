"""Tariff versions: added from a date, never edited once a slip used them."""

from django.db import transaction
from django.utils.translation import gettext as _

from billing.bill_ids import MAX_SLIP_AMOUNT
from billing.models import Tariff
from core.errors import Conflict, DomainError
from core.jalali import to_jalali
from core.persian import fa_number
from offices.models import Service

EDITABLE = ("valid_from", "municipality_fee_rials", "counter_fee_rials", "approval_reference", "approved_on")


def tariff_is_used(tariff):
    return tariff.pk is not None and tariff.slips.exists()


def ensure_tariff_editable(tariff):
    if tariff_is_used(tariff):
        raise Conflict(
            "tariff-used",
            _("Fee slips were issued at this tariff, so it cannot be changed. Add a new version from a later date."),
        )


def validate_tariff_fields(*, municipality_fee_rials, counter_fee_rials, **_other):
    """Field errors for amounts: whole thousands of rials, since the payment ID carries thousands."""
    errors = {}
    for name, value in (("municipality_fee_rials", municipality_fee_rials), ("counter_fee_rials", counter_fee_rials)):
        if value is None or int(value) < 0 or int(value) % 1000:
            errors[name] = [_("Enter a whole number of thousands of rials (e.g. 250000).")]
    if not errors and int(municipality_fee_rials) + int(counter_fee_rials) > MAX_SLIP_AMOUNT:
        # The two fees go on one slip: past what its payment ID carries, every registration of the service failed.
        errors["counter_fee_rials"] = [
            _("The two fees together are more than one slip can carry (at most %(most)s rials).")
            % {"most": fa_number(MAX_SLIP_AMOUNT)}
        ]
    return errors


def _check(service, valid_from, fields, municipality=None, exclude_pk=None):
    errors = validate_tariff_fields(**fields)
    clash = Tariff.objects.filter(service=service, valid_from=valid_from, municipality=municipality)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        errors["valid_from"] = [_("This service already has a tariff version from this date.")]
    if errors:
        raise DomainError("invalid", _("The tariff could not be saved: check the marked fields."), fields=errors)


@transaction.atomic
def add_tariff(
    *,
    service,
    valid_from,
    municipality_fee_rials,
    counter_fee_rials,
    approval_reference,
    approved_on,
    municipality=None,
):
    """A new tariff version for ``service`` (a Service or its code) in force from ``valid_from``, the city's
    (``municipality``) or, without one, national."""
    if not isinstance(service, Service):
        service = Service.objects.get(code=service)
    fields = {"municipality_fee_rials": municipality_fee_rials, "counter_fee_rials": counter_fee_rials}
    _check(service, valid_from, fields, municipality)
    return Tariff.objects.create(
        service=service,
        municipality=municipality,
        year=to_jalali(valid_from).year,
        valid_from=valid_from,
        approval_reference=approval_reference,
        approved_on=approved_on,
        **fields,
    )


@transaction.atomic
def update_tariff(*, tariff, **changes):
    """Correct a version no slip has used yet; a used one is refused (409)."""
    tariff = Tariff.objects.select_for_update().get(pk=tariff.pk)
    ensure_tariff_editable(tariff)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise DomainError("invalid", _("These fields cannot be changed: %(names)s") % {"names": ", ".join(unknown)})
    for name, value in changes.items():
        setattr(tariff, name, value)
    _check(
        tariff.service_id,
        tariff.valid_from,
        {"municipality_fee_rials": tariff.municipality_fee_rials, "counter_fee_rials": tariff.counter_fee_rials},
        municipality=tariff.municipality_id,
        exclude_pk=tariff.pk,
    )
    tariff.year = to_jalali(tariff.valid_from).year
    tariff.save()
    return tariff
