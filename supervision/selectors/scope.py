"""Which city's figures and violations a reader gets.

A municipality's own people read their city only; a platform user (no municipality) reads every
city and chooses one for the figures. Users carry no municipality yet: until they do, everyone
is a platform user here, and this module is the one place that changes when they do.
"""

from offices.models import Municipality


def city_id(user):
    """The id of the municipality ``user`` belongs to, or None for a platform user."""
    return getattr(user, "municipality_id", None)


def municipality_for(user, code=None):
    """The city whose figures this user reads: their own, else the one asked for (``code``), else the first."""
    qs = Municipality.objects.order_by("pk")
    own = city_id(user)
    if own:
        return qs.filter(pk=own).first()
    if code:
        found = qs.filter(code=code).first()
        if found is not None:
            return found
    return qs.first()


def cities_to_choose(user):
    """The cities a platform user may switch between (none for a city's own people)."""
    return [] if city_id(user) else list(Municipality.objects.order_by("pk"))
