"""May this office register a new file? One answer, with the reason, for every app."""

from typing import NamedTuple

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.jalali import format_jalali
from offices.models import Contract, Office, OfficeStatus, Service


class RegistrationCheck(NamedTuple):
    """``(allowed, reason)``; falsy when refused, so ``if may_register(office):`` reads naturally."""

    allowed: bool
    reason: str

    def __bool__(self):
        return self.allowed


def _refused(reason):
    return RegistrationCheck(False, str(reason))


def _covering_contract(office, day, service):
    """The contract covering ``day`` (the latest to start), or None. With a service it also carries, read in
    the same query: ``offers`` (the office delivers the service), ``scoped`` (the contract lists services)
    and ``in_scope`` (the service is among them)."""
    contracts = Contract.objects.filter(office=office, starts_on__lte=day, ends_on__gte=day)
    if service is not None:
        listed = Contract.services.through.objects.filter(contract_id=OuterRef("pk"))
        contracts = contracts.annotate(
            offers=Exists(Office.services.through.objects.filter(office_id=office.pk, service_id=service.pk)),
            scoped=Exists(listed),
            in_scope=Exists(listed.filter(service_id=service.pk)),
        )
    return contracts.only("pk", "starts_on", "ends_on").order_by("-starts_on").first()


def may_register(office, service_code=None, on=None, *, service=None):
    """Whether ``office`` may register a new file (of ``service_code``, or the ``Service`` ``service``)
    on ``on`` (default today).

    The office must be active and selected for its district, its CRA licence in
    force, and a contract with the municipality must cover the day (an office that
    never had one is treated as lapsed). With a service code, the office must offer
    the service and the covering contract, when it lists services, must include it.
    """
    day = on or timezone.localdate()
    if office.status == OfficeStatus.SUSPENDED:
        if office.status_reason:
            return _refused(
                _("This office is suspended (%(reason)s) and cannot register new files.")
                % {"reason": office.status_reason}
            )
        return _refused(_("This office is suspended and cannot register new files."))
    if office.status == OfficeStatus.ENDED:
        return _refused(_("This office's cooperation with the municipality has ended; it cannot register new files."))
    if not office.is_selected:
        return _refused(
            _("This office is not among the selected offices of its district; it cannot register new files.")
        )
    if office.licence_expires_on is not None and office.licence_expires_on < day:
        return _refused(
            _("The office's CRA licence expired on %(date)s; it cannot register new files until it is renewed.")
            % {"date": format_jalali(office.licence_expires_on)}
        )
    if service is None and service_code:
        service = Service.objects.filter(code=service_code).first()
    contract = _covering_contract(office, day, service)
    if contract is None:
        last = office.contracts.filter(starts_on__lte=day).order_by("-ends_on").first()
        if last is not None:
            return _refused(
                _("The office's contract with the municipality ended on %(date)s; it cannot register new files.")
                % {"date": format_jalali(last.ends_on)}
            )
        upcoming = office.contracts.order_by("starts_on").first()
        if upcoming is not None:
            return _refused(
                _("The office's contract with the municipality starts on %(date)s; it cannot register files before.")
                % {"date": format_jalali(upcoming.starts_on)}
            )
        return _refused(_("This office has no contract with the municipality; it cannot register new files."))
    if service is None and service_code:
        return _refused(_("There is no service “%(code)s”.") % {"code": service_code})
    if service is not None:
        if not contract.offers:
            return _refused(_("This office does not deliver the service “%(service)s”.") % {"service": service.title})
        if contract.scoped and not contract.in_scope:
            return _refused(
                _("The service “%(service)s” is not in this office's contract with the municipality.")
                % {"service": service.title}
            )
    return RegistrationCheck(True, "")


def ensure_may_register(office, service_code=None, on=None, *, service=None):
    """``may_register``, raising ``DomainError("office-may-not-register", reason)`` when refused."""
    check = may_register(office, service_code, on, service=service)
    if not check.allowed:
        raise DomainError("office-may-not-register", check.reason)
    return check
