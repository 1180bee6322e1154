"""Reads on billing: tariffs in force, slips a person may see, arrears, clearance, settlement."""

import datetime

import jdatetime
from django.conf import settings
from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from accounts.tenancy import NOTHING, city_of, city_or_national, in_city, own_first
from billing import duties
from billing.models import (
    BankImport,
    FeeDue,
    FeePolicy,
    FeeSlip,
    ImportRow,
    Payment,
    PropertyAssessment,
    RenewalRate,
    SlipItem,
    SurchargeRule,
    Tariff,
    VehicleDutyRate,
)
from cases.plugins import Due
from core.jalali import to_jalali
from core.persian import fa_number
from offices.models import Membership, Office, Service

# Unless a FeePolicy row says otherwise: inquiries are answered only once their fee is paid.
DEFAULT_FEE_DUE = {
    "notary_inquiry": FeeDue.ANSWER,
    "bank_inquiry": FeeDue.ANSWER,
    # A permit or certificate is issued only once its fee (and any commission fine) is paid.
    **dict.fromkeys(
        (
            "building_permit",
            "demolition_rebuild",
            "permit_extension",
            "permit_replacement",
            "permit_expansion",
            "permit_repairs",
            "frame_certificate",
            "completion_certificate",
        ),
        FeeDue.ANSWER,
    ),
}

SLIP_RELATED = ("office", "case", "parcel", "vehicle", "municipality")


# --- tariffs ---------------------------------------------------------------------------------------------------


def _city(municipality):
    return getattr(municipality, "pk", municipality)


def _own_table(rows, city):
    """Of reference rows of a city and national ones, the city's if it has any, else the national ones: a
    city with a table of its own never mixes it with the national one."""
    own = [r for r in rows if r.municipality_id is not None and r.municipality_id == city]
    return own or [r for r in rows if r.municipality_id is None]


def tariff_in_force(service_code, on=None, municipality=None):
    """The service's tariff version in force on ``on`` in the city: the city's own, else the national one."""
    on = on or timezone.localdate()
    city = _city(municipality)
    rows = Tariff.objects.filter(city_or_national(city), service_id=service_code, valid_from__lte=on)
    return own_first(rows.order_by("-valid_from"), city)


def service_catalog(on=None, municipality=None):
    """Active services with the fee in force on ``on`` in the city (its own tariffs, else the national ones)
    and when it is due: three queries whatever the catalog's size. A service without a fee has nothing due
    (``fee_due`` "none")."""
    on = on or timezone.localdate()
    city = _city(municipality)
    fees, own = {}, set()
    tariffs = Tariff.objects.filter(city_or_national(city), valid_from__lte=on).order_by("service_id", "valid_from")
    for tariff in tariffs:
        if tariff.municipality_id is not None:
            own.add(tariff.service_id)
        if tariff.municipality_id is not None or tariff.service_id not in own:
            fees[tariff.service_id] = tariff.fee_rials  # the latest version wins, the city's over the national
    policies = {}
    for service_id, due, _city_id in (
        FeePolicy.objects.filter(city_or_national(city))
        .order_by(F("municipality").asc(nulls_first=True))
        .values_list("service_id", "fee_due", "municipality_id")
    ):
        policies[service_id] = due  # the city's row, read last, wins
    defaults = getattr(settings, "BILLING_FEE_DUE", DEFAULT_FEE_DUE)
    rows = []
    for service in Service.objects.filter(is_active=True).order_by("order", "code"):
        fee = fees.get(service.code, 0)
        due = policies.get(service.code, defaults.get(service.code, FeeDue.NONE)) if fee else FeeDue.NONE
        rows.append({"code": service.code, "title": service.title, "fee_rials": fee, "fee_due": str(due)})
    return rows


# --- when the fee is due --------------------------------------------------------------------------------------

# The people's steps each timing holds until the file's service fee is paid. A later step is held too,
# so a file accepted before its policy changed still cannot be answered unpaid. The instant answer
# (a system step inside the registration itself) is not held: its slip is issued with it and
# collected at the same visit.
FEE_GATES = {
    FeeDue.NONE: frozenset(),
    FeeDue.REGISTRATION: frozenset({"submit", "accept", "issue_response"}),
    FeeDue.ACCEPTANCE: frozenset({"accept", "issue_response"}),
    FeeDue.ANSWER: frozenset({"issue_response"}),
}


def fee_due(service_code, municipality=None):
    """When the service's fee is due in the city (a FeeDue value): its FeePolicy row, else the national one,
    else the settings' default."""
    city = _city(municipality)
    policy = own_first(FeePolicy.objects.filter(city_or_national(city), service_id=service_code), city)
    if policy is not None:
        return policy.fee_due
    defaults = getattr(settings, "BILLING_FEE_DUE", DEFAULT_FEE_DUE)
    return defaults.get(service_code, FeeDue.NONE)


def fee_terms(service_code, municipality=None):
    """The fee an applicant is shown before registering: ``[(label, value)]`` in Persian, the amount in force
    today in the city (its own tariff, else the national one) and when it is due."""
    tariff = tariff_in_force(service_code, municipality=municipality)
    fee = tariff.fee_rials if tariff is not None else 0
    if not fee:
        return [(_("Fee"), _("No fee"))]
    due = FeeDue(fee_due(service_code, municipality))
    return [(_("Fee"), fa_number(fee) + " " + _("rials")), (_("When the fee is due"), due.label)]


def fee_block_reason(case, action):
    """Why ``action`` must wait for the file's service fee, in Persian; None when it need not."""
    if action not in FEE_GATES.get(fee_due(case.service_id, case.district.municipality_id), ()):
        return None
    unpaid = unpaid_service_fee(case)
    if unpaid is None:
        return None
    return _("The service fee has not been paid (bill ID %(bill_id)s, payment ID %(payment_id)s).") % {
        "bill_id": unpaid.bill_id,
        "payment_id": unpaid.payment_id,
    }


# --- slips of a file ------------------------------------------------------------------------------------------


def _service_fee_slips(case):
    return (
        FeeSlip.objects.filter(case=case, kind__in=FeeSlip.FILE_KINDS)
        .exclude(status=FeeSlip.Status.VOID)
        .order_by("issued_at", "id")
    )


def service_fee_slips(case):
    return list(_service_fee_slips(case))


def case_fee_slips(case):
    """CONTRACT.md: ``fee_slips`` = [{"id", "bill_id", "payment_id", "amount_rials", "paid"}] (one query)."""
    return {
        "fee_slips": [
            {
                "id": slip.pk,
                "bill_id": slip.bill_id,
                "payment_id": slip.payment_id,
                "amount_rials": slip.amount_rials,
                "paid": slip.is_paid,
                "status": slip.status,
            }
            for slip in _service_fee_slips(case).only("bill_id", "payment_id", "amount_rials", "status")
        ]
    }


def slips_due(cases):
    """{case id: [Due]}: the unpaid slips of these files (any kind a file carries), oldest first; one query."""
    due = {}
    rows = FeeSlip.objects.filter(case__in=[c.pk for c in cases], status=FeeSlip.Status.ISSUED).order_by(
        "issued_at", "id"
    )
    for slip in rows.only("pk", "case_id", "kind", "amount_rials"):
        due.setdefault(slip.case_id, []).append(
            Due(slip.get_kind_display(), slip.amount_rials, reverse("billing:slip", args=[slip.pk]))
        )
    return due


def unpaid_service_fee(case):
    return (
        FeeSlip.objects.filter(case=case, kind__in=FeeSlip.FILE_KINDS, status=FeeSlip.Status.ISSUED)
        .order_by("issued_at")
        .first()
    )


# --- who sees which slips -------------------------------------------------------------------------------------


def slip_visibility(user):
    """A Q over slips: the city first (a city's unit sees its slips, a platform administrator every city's),
    then office staff their offices', municipal staff their districts', a citizen their own."""
    if user is None or not user.is_authenticated:
        return NOTHING
    role = user.role
    if role in (Role.SUPERVISOR, Role.ADMIN):
        return in_city(user)
    if role != Role.CITIZEN and city_of(user) is None:
        return NOTHING
    if role == Role.INSPECTOR:
        # An inspector sees the slips of the files he inspects, not every slip of the offices he serves.
        return Q(case__inspector=user) & in_city(user)
    current = Membership.objects.current().filter(user=user, district__municipality_id=city_of(user))
    if role in (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER, Role.FOLLOWUP_OFFICER):
        return Q(office__in=current.exclude(office=None).values("office"))
    if role == Role.MUNICIPAL_STAFF:
        districts = current.values("district")
        return in_city(user) & (
            Q(office__district__in=districts) | Q(parcel__district__in=districts) | Q(case__district__in=districts)
        )
    mine = Q(case__applicant_user=user)
    if user.national_id:
        mine |= Q(payer_national_id=user.national_id)
    return mine


# Who takes money at the counter's card reader: the office's desk.
CASHIER_ROLES = frozenset({Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER})


def is_cashier_of(user, office_id):
    """Whether ``user`` works at the desk of the office now (and so may record its card-reader payments)."""
    if getattr(user, "role", None) not in CASHIER_ROLES:
        return False
    return Membership.objects.current().filter(user=user, role=user.role, office_id=office_id).exists()


def takes_card_payment(user, slip):
    """Whether ``user`` may record a card-reader payment of ``slip`` at their desk: a slip of the office where
    they work now, other than a fine the office itself owes (the office would be confirming its own payment to
    the municipality: a fine is paid at the bank or online, and only the bank's word records it)."""
    if slip.kind == FeeSlip.Kind.OFFICE_FINE or slip.office_id is None:
        return False
    return is_cashier_of(user, slip.office_id)


def visible_slips(user):
    return FeeSlip.objects.filter(slip_visibility(user)).select_related(*SLIP_RELATED)


def slip_for(user, pk):
    """The slip if this user may see it, else None (callers answer 404)."""
    return visible_slips(user).filter(pk=pk).select_related("payment").first()


def slip_list(user, *, q="", kind="", status="", office=None, year=None):
    """The slips this user may see, newest first, filtered. ``q`` matches bill ID, payer, plate, code."""
    from core.validators import normalize_text

    qs = visible_slips(user).select_related("payment")
    q = normalize_text(q)
    if q:
        qs = qs.filter(
            Q(bill_id__startswith=q.lstrip("0"))
            | Q(payment_id=q)
            | Q(payer_national_id=q)
            | Q(payer_name__icontains=q)
            | Q(case__tracking_code=q)
            | Q(parcel__renewal_code__startswith=q)
            | Q(vehicle__plate__icontains=q)
        )
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if office:
        qs = qs.filter(office=office)
    if year:
        start, end = jalali_year_bounds(year)
        qs = qs.filter(issued_at__gte=start, issued_at__lt=end)
    return qs.order_by("-issued_at", "-id")


# --- arrears and clearance ------------------------------------------------------------------------------------


def _settled_years(**target):
    """Duty years already on a paid slip."""
    return set(
        SlipItem.objects.filter(live=True, slip__status=FeeSlip.Status.PAID, year__isnull=False, **target)
        .exclude(kind=SlipItem.Kind.LATE_SURCHARGE)
        .values_list("year", flat=True)
    )


def renewal_arrears(parcel, today=None):
    """The renewal duty lines due today for this property (raises duties.MissingRate)."""
    current_year = to_jalali(today or timezone.localdate()).year
    assessments = dict(
        PropertyAssessment.objects.filter(parcel=parcel, year__lte=current_year).values_list(
            "year", "assessed_value_rials"
        )
    )
    # Per year, the city's rates if it set that year's, else the national ones.
    by_year = {}
    for rate in RenewalRate.objects.filter(city_or_national(parcel.municipality_id), year__in=list(assessments)):
        by_year.setdefault(rate.year, []).append(rate)
    rates = {
        (r.year, r.use): r.rate_per_mille for rows in by_year.values() for r in _own_table(rows, parcel.municipality_id)
    }
    return duties.renewal_lines(
        assessments=assessments,
        rates=rates,
        use=parcel.use,
        settled_years=_settled_years(parcel=parcel, kind=SlipItem.Kind.RENEWAL_DUTY),
        current_year=current_year,
    )


def has_unpaid_renewal_duty(property, today=None):
    """The property's clearance: True while an assessed year up to this one is not on a paid slip."""
    current_year = to_jalali(today or timezone.localdate()).year
    assessed = set(
        PropertyAssessment.objects.filter(parcel=property, year__lte=current_year).values_list("year", flat=True)
    )
    if not assessed:
        return False
    return bool(assessed - _settled_years(parcel=property, kind=SlipItem.Kind.RENEWAL_DUTY))


def renewal_clearance_reason(case):
    """For an instant answer: the property must owe no renewal duty."""
    if has_unpaid_renewal_duty(case.parcel):
        return _("the property has unpaid renewal duty")
    return None


def vehicle_arrears(vehicle, today=None):
    today_j = to_jalali(today or timezone.localdate())
    # The city's table for the class and its surcharge rules if it has them, else the national ones.
    city = vehicle.municipality_id
    rates = [
        (r.year, r.vehicle_class, r.min_age, r.max_age, r.amount_rials)
        for r in _own_table(
            VehicleDutyRate.objects.filter(
                city_or_national(city), vehicle_class=vehicle.vehicle_class, year__lte=today_j.year
            ),
            city,
        )
    ]
    rules = [
        (r.from_year, r.percent_per_month, r.cap_percent)
        for r in _own_table(SurchargeRule.objects.filter(city_or_national(city)), city)
    ]
    return duties.vehicle_lines(
        model_year=vehicle.model_year,
        first_year=vehicle.registered_year,
        vehicle_class=vehicle.vehicle_class,
        rates=rates,
        settled_years=_settled_years(vehicle=vehicle, kind=SlipItem.Kind.VEHICLE_DUTY),
        today_year=today_j.year,
        today_month=today_j.month,
        rules=rules,
    )


# --- settlement -----------------------------------------------------------------------------------------------


def _aware(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def jalali_month_bounds(year, month):
    start = jdatetime.date(year, month, 1).togregorian()
    end = (jdatetime.date(year + 1, 1, 1) if month == 12 else jdatetime.date(year, month + 1, 1)).togregorian()
    return _aware(start), _aware(end)


def jalali_year_bounds(year):
    return _aware(jdatetime.date(year, 1, 1).togregorian()), _aware(jdatetime.date(year + 1, 1, 1).togregorian())


# What the settlement counts, as the page and the Excel sheet say it (``_settled_slips``).
SETTLEMENT_COUNTS = gettext_lazy(
    "Counted: the live slips the office issued for the services it delivers (awaiting payment or paid). "
    "A slip replaced by a newer one, and a fine the supervision unit imposed on the office, are not counted."
)


def _settled_slips(ids):
    """The slips an office issued at its counter for the services it delivers: a replaced slip (a duty slip
    issued again voids the one before) is no longer owed, and a fine the supervision unit imposed on the
    office is the office's own debt, not something it issued."""
    return (
        FeeSlip.objects.filter(office__in=ids)
        .exclude(kind=FeeSlip.Kind.OFFICE_FINE)
        .exclude(status=FeeSlip.Status.VOID)
    )


def settlement(year, month, offices=None):
    """Per office for one Jalali month: live slips issued, amounts collected and the office's share.

    Collected money counts in the month it was paid; the office's share is the counter-fee part
    of those slips. Three queries: the offices, the issued slips, the payments (grouped by office).
    """
    start, end = jalali_month_bounds(year, month)
    offices = list((offices if offices is not None else Office.objects.all()).select_related("district"))
    ids = [o.id for o in offices]
    issued = {
        row["office"]: row
        for row in _settled_slips(ids)
        .filter(issued_at__gte=start, issued_at__lt=end)
        .values("office")
        .annotate(count=Count("id"), amount=Sum("amount_rials"))
    }
    paid = {
        row["office"]: row
        for row in _settled_slips(ids)
        .filter(payment__paid_at__gte=start, payment__paid_at__lt=end)
        .values("office")
        .annotate(count=Count("id"), collected=Sum("payment__amount_rials"), share=Sum("counter_fee_rials"))
    }
    rows = []
    for office in offices:
        i, p = issued.get(office.id, {}), paid.get(office.id, {})
        rows.append(
            {
                "office": office,
                "issued_count": i.get("count") or 0,
                "issued_rials": i.get("amount") or 0,
                "paid_count": p.get("count") or 0,
                "collected_rials": p.get("collected") or 0,
                "office_share_rials": p.get("share") or 0,
            }
        )
    rows.sort(key=lambda r: (-r["collected_rials"], r["office"].code))
    totals = {
        key: sum(r[key] for r in rows)
        for key in ("issued_count", "issued_rials", "paid_count", "collected_rials", "office_share_rials")
    }
    return rows, totals


def offices_for_settlement(user):
    if user.is_supervisor:
        return Office.objects.filter(in_city(user, "district__municipality"))
    if user.role == Role.OFFICE_MANAGER:
        return Office.objects.filter(
            memberships__in=Membership.objects.current().filter(
                user=user, role=Role.OFFICE_MANAGER, district__municipality_id=city_of(user)
            )
        ).distinct()
    return Office.objects.none()


def imports_list(user):
    """The bank files the user's city imported (a platform administrator: every city's)."""
    return (
        BankImport.objects.filter(in_city(user)).select_related("uploaded_by").defer("content").order_by("-uploaded_at")
    )


def unconfirmed_payments(user):
    """Card-reader and gateway payments to the user's city that no bank file has confirmed yet, oldest first:
    what the municipality asks the office or the bank about (a reference a cashier typed wrong, or invented)."""
    confirmed = ImportRow.objects.filter(recorded_payment__isnull=False).values("recorded_payment")
    return (
        Payment.objects.filter(in_city(user, "slip__municipality"))
        .filter(channel__in=[Payment.Channel.POS, Payment.Channel.GATEWAY])
        .exclude(pk__in=confirmed)
        .select_related("slip__office", "recorded_by")
        .order_by("paid_at", "id")
    )


# --- zonal values ---------------------------------------------------------------------------------------------


def zonal_value_in_force(district, block, on=None):
    """The zonal value (rials per m²) of a district's block on ``on`` (default today), or None."""
    from billing.models import ZonalValue
    from billing.services.zonal import clean_block

    on = on or timezone.localdate()
    try:
        block = clean_block(block)
    except ValueError:
        return None
    row = (
        ZonalValue.objects.filter(district=district, block=block, valid_from__lte=on)
        .order_by("-valid_from")
        .values_list("value_rials", flat=True)
        .first()
    )
    return row
