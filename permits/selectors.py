"""Reads on permits, scoped like files: another office's or district's permit is simply not there."""

from django.db.models import Q

from accounts.models import Role
from accounts.tenancy import city_of, in_city
from cases.models import Case
from cases.selectors import scope_for
from core.validators import is_digits, to_ascii_digits
from offices.models import Membership
from permits.models import Certificate, Permit


def visible_permits(user):
    qs = Permit.objects.select_related("district__municipality", "case__office")
    if user is None or not user.is_authenticated:
        return qs.none()
    if user.role in (Role.SUPERVISOR, Role.ADMIN):
        return qs.filter(in_city(user, "district__municipality"))
    if user.role == Role.MUNICIPAL_STAFF:
        posts = Membership.objects.current().filter(user=user, district__municipality_id=city_of(user))
        return qs.filter(district__in=posts.values("district"))
    cases = Case.objects.filter(scope_for(user))
    return qs.filter(Q(case__in=cases) | Q(requests__case__in=cases)).distinct()


def permit_for(user, number):
    return visible_permits(user).filter(number=to_ascii_digits(str(number)).strip()).first()


def files_of(permit, user):
    """The files that touched the permit (the one that issued it and those that named it) that ``user`` may see:
    a permit shown to an office or an applicant does not list another office's or another person's files."""
    return (
        Case.objects.filter(scope_for(user))
        .filter(Q(issued_permits=permit) | Q(permit_request__permit=permit))
        .select_related("service", "office")
        .distinct()
        .order_by("created_at")
    )


def districts_of(user):
    """The numbers of the districts whose permits the user may list (the list's district choices)."""
    return visible_permits(user).order_by("district__number").values_list("district__number", flat=True).distinct()


def search(qs, params):
    """The permits list's filters: ``status``, ``year``, ``district``, ``q`` (number or renewal code)."""
    status = params.get("status") or ""
    if status in Permit.Status.values:
        qs = qs.filter(status=status)
    year = to_ascii_digits(str(params.get("year") or "")).strip()
    if is_digits(year) and len(year) == 4:
        qs = qs.filter(year=int(year))
    district = to_ascii_digits(str(params.get("district") or "")).strip()
    if is_digits(district) and len(district) <= 2:
        qs = qs.filter(district__number=int(district))
    q = to_ascii_digits(str(params.get("q") or "")).strip()[:40]
    if q:
        qs = qs.filter(Q(number__startswith=q) | Q(renewal_code__startswith=q))
    return qs


def by_code(code):
    """A permit or certificate by its verification code: ``(permit, certificate)`` or ``(None, None)``."""
    code = "".join(ch for ch in to_ascii_digits(str(code or "")).upper() if ch.isalnum())[:20]
    if not code:
        return None, None
    certificate = (
        Certificate.objects.select_related("permit__district__municipality").filter(verification_code=code).first()
    )
    if certificate is not None:
        return certificate.permit, certificate
    return Permit.objects.select_related("district__municipality").filter(verification_code=code).first(), None
