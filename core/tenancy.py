"""The tenant is the municipality: the first question of every read is "which city".

A city's people (its staff, supervisors and administrators) read their city only; a platform
administrator (role admin, no municipality) reads every city. Anyone else without a city reads no
city at all: a missing municipality never widens what someone sees. Each scope in the apps (files,
slips, visits, permits, violations, statistics, offices) starts from ``in_city``.
"""

from django.db.models import Q

# The roles by their stored values (accounts.models.Role): core sits below accounts and names no app.
ADMIN, SUPERVISOR = "admin", "supervisor"

NOTHING = Q(pk__in=[])


def city_of(user):
    """The id of the municipality ``user`` belongs to, or None."""
    return getattr(user, "municipality_id", None)


def sees_every_city(user):
    """A platform administrator: signed in, role admin, and no city of their own."""
    return bool(
        user is not None and getattr(user, "is_authenticated", False) and user.role == ADMIN and city_of(user) is None
    )


def in_city(user, path="municipality"):
    """A Q keeping the rows whose ``path`` (a lookup ending at a municipality) is the user's city.

    Everything for a platform administrator; nothing for a user without a city."""
    if sees_every_city(user):
        return Q()
    city = city_of(user)
    if city is None:
        return NOTHING
    return Q(**{path: city})


def city_or_national(city_id, path="municipality"):
    """A Q over a reference table: the city's own rows and the national ones (no municipality)."""
    national = Q(**{f"{path}__isnull": True})
    return national | Q(**{path: city_id}) if city_id else national


def own_first(rows, city_id, attr="municipality_id"):
    """Of rows that may hold a city's own entry and a national one, the city's wins: the first row
    of the city, else the first national row, else None."""
    national = None
    for row in rows:
        owner = getattr(row, attr)
        if city_id is not None and owner == city_id:
            return row
        if owner is None and national is None:
            national = row
    return national


def supervisors_of(city_id):
    """The active supervisors of a city: whom its escalations and warnings go to (never another city's)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(role=SUPERVISOR, is_active=True, municipality_id=city_id).order_by("pk")
