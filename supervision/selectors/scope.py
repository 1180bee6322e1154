"""Which city's figures and violations a reader gets.

A municipality's own people read their city only; a platform administrator (no municipality) reads
every city and chooses one for the figures. Anyone else without a city reads none
(``accounts.tenancy``).
"""

from accounts.tenancy import city_of, sees_every_city
from offices.models import Municipality

__all__ = ["cities_to_choose", "city_id", "municipality_for"]


def city_id(user):
    """The id of the municipality ``user`` belongs to, or None (a platform administrator, or nobody's)."""
    return city_of(user)


def municipality_for(user, code=None):
    """The city whose figures this user reads: their own; for a platform administrator the one asked for
    (``code``), else the first; for anyone else without a city, None (the callers answer 404)."""
    qs = Municipality.objects.order_by("pk")
    own = city_of(user)
    if own:
        return qs.filter(pk=own).first()
    if not sees_every_city(user):
        return None
    if code:
        found = qs.filter(code=code).first()
        if found is not None:
            return found
    return qs.first()


def cities_to_choose(user):
    """The cities a platform administrator may switch between (none for a city's own people)."""
    return list(Municipality.objects.order_by("pk")) if sees_every_city(user) else []
