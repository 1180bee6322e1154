"""The tenancy rules live in ``core.tenancy`` (the floor every app may read); the names stay here too."""

from core.tenancy import NOTHING, city_of, city_or_national, in_city, own_first, sees_every_city, supervisors_of

__all__ = ["NOTHING", "city_of", "city_or_national", "in_city", "own_first", "sees_every_city", "supervisors_of"]
