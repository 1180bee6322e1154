"""Reads about who works where. Ended posts are history: nothing here counts them as current."""

from django.utils import timezone

from accounts.models import OFFICE_ROLES, Role
from accounts.tenancy import sees_every_city
from offices.models import Membership, Office


def today():
    return timezone.localdate()


def current_memberships(user, on=None):
    return Membership.objects.current(on).filter(user=user).select_related("office", "district")


def primary_membership(user):
    """The membership that stands for this user's office or district (the earliest current one)."""
    if not user.is_authenticated:
        return None
    return current_memberships(user).order_by("starts_on", "id").first()


def offices_of(user):
    """The offices of their city this user works at now."""
    return Office.objects.filter(
        memberships__in=Membership.objects.current().filter(
            user=user, office__isnull=False, district__municipality_id=getattr(user, "municipality_id", None)
        )
    ).distinct()


def is_active_staff(user, office=None, on=None):
    """Whether ``user`` holds a current office post (at ``office``, when given).

    A person whose post ended, or whose account is disabled, cannot act any more.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    posts = Membership.objects.current(on).filter(user=user, office__isnull=False, role__in=OFFICE_ROLES)
    if office is not None:
        posts = posts.filter(office=office)
    return posts.exists()


def can_manage_staff(user, office):
    """The supervision unit of the office's city (or a platform administrator), or the office's own current
    manager."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_supervisor:
        return sees_every_city(user) or user.municipality_id == office.district.municipality_id
    return Membership.objects.current().filter(user=user, office=office, role=Role.OFFICE_MANAGER).exists()


def staff_posts(user):
    """The user's current office posts with their offices, for the "My office" page."""
    return list(
        Membership.objects.current()
        .filter(user=user, office__isnull=False, district__municipality_id=getattr(user, "municipality_id", None))
        .select_related("office__district", "office__manager")
        .order_by("office__code")
    )


def office_staff(office, current=True):
    """The office's staff now (``current``) or its former staff, newest first."""
    qs = Membership.objects.filter(office=office).select_related("user", "district")
    now = Membership.objects.current().filter(office=office)
    if current:
        return qs.filter(pk__in=now.values("pk")).order_by("role", "user__last_name", "user__first_name")
    return qs.exclude(pk__in=now.values("pk")).order_by("-ends_on", "-starts_on")
