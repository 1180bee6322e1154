"""Reads about offices and who works where."""

from django.utils import timezone

from offices.models import Membership, Office


def current_memberships(user, on=None):
    return Membership.objects.current(on).filter(user=user).select_related("office", "district")


def primary_membership(user):
    """The membership that stands for this user's office or district (the earliest current one)."""
    if not user.is_authenticated:
        return None
    return current_memberships(user).order_by("starts_on", "id").first()


def offices_of(user):
    """The offices this user works at now."""
    return Office.objects.filter(
        memberships__in=Membership.objects.current().filter(user=user, office__isnull=False)
    ).distinct()


def today():
    return timezone.localdate()
