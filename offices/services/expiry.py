"""Warn the supervision unit before licences and contracts run out."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.tenancy import supervisors_of
from core.jalali import to_jalali
from notifications.notify import notify
from offices.models import Contract, Office, OfficeStatus

WARN_DAYS = 30


def _key(kind, pk, day, user):
    return f"{kind}:{pk}:{to_jalali(day).togregorian().isoformat()}:{user.pk}"


def send_expiry_warnings(*, on=None, days=WARN_DAYS):
    """Tell the supervisors of its city about each licence and contract ending within ``days``.

    Once per item per expiry date: the dedupe key carries the date, so a licence
    renewed to a new date is warned about again when that one comes near, and a
    day the task runs twice sends nothing new. Returns the number of messages queued.
    """
    today = on or timezone.localdate()
    horizon = today + datetime.timedelta(days=days)
    by_city = {}

    def supervisors(office):
        city = office.district.municipality_id
        if city not in by_city:
            by_city[city] = list(supervisors_of(city))
        return by_city[city]

    offices = (
        Office.objects.exclude(status=OfficeStatus.ENDED)
        .filter(licence_expires_on__gte=today, licence_expires_on__lte=horizon)
        .select_related("district")
    )
    # A contract with a successor already signed needs no warning.
    successor = Contract.objects.filter(office=OuterRef("office"), starts_on__gt=OuterRef("starts_on"))
    contracts = (
        Contract.objects.exclude(office__status=OfficeStatus.ENDED)
        .filter(ends_on__gte=today, ends_on__lte=horizon)
        .exclude(Exists(successor))
        .select_related("office__district")
    )
    sent = 0
    for office in offices:
        context = {
            "office": office,
            "expires_on": office.licence_expires_on,
            "days_left": (office.licence_expires_on - today).days,
        }
        for user in supervisors(office):
            key = _key("licence-expiring", office.pk, office.licence_expires_on, user)
            if notify("licence_expiring", user=user, context=context, dedupe_key=key):
                sent += 1
    for contract in contracts:
        context = {
            "contract": contract,
            "office": contract.office,
            "ends_on": contract.ends_on,
            "days_left": (contract.ends_on - today).days,
        }
        for user in supervisors(contract.office):
            key = _key("contract-expiring", contract.pk, contract.ends_on, user)
            if notify("contract_expiring", user=user, context=context, dedupe_key=key):
                sent += 1
    return sent
