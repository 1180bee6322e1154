"""The Django admin for a city's administrator: its own city's rows only.

A platform administrator (no municipality) sees and changes every city's rows and the national ones.
A city's administrator sees its city's rows; the national reference rows (a holiday of the country,
the national tariff or catalogue) are read-only for them, and what they add is their city's.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed
from simple_history.admin import SimpleHistoryAdmin

from accounts.tenancy import city_of, in_city, sees_every_city

# Where the choices of a foreign key lead to a municipality, by the related model's label.
CHOICE_PATHS = {
    "offices.municipality": "pk",
    "offices.district": "municipality",
    "offices.office": "district__municipality",
    "offices.contract": "municipality",
    "cases.case": "district__municipality",
    "cases.property": "municipality",
    "billing.feeslip": "municipality",
    "billing.vehicle": "municipality",
    "accounts.user": "municipality",
}


class CityScopedAdmin:
    """Mix into a ModelAdmin (before it). ``city_path``: the lookup from the model to its municipality;
    ``national_rows``: rows without one are national (read-only for a city's administrator)."""

    city_path = "municipality"
    national_rows = False
    # Hide the municipality field from a city's administrator (their rows are their city's anyway).
    hide_city_field = True

    def _city_q(self, request):
        q = in_city(request.user, self.city_path)
        if self.national_rows:
            q |= Q(**{f"{self.city_path}__isnull": True})
        return q

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if sees_every_city(request.user) else qs.filter(self._city_q(request))

    def _is_national(self, request, obj):
        return (
            obj is not None
            and self.national_rows
            and not sees_every_city(request.user)
            and getattr(obj, f"{self.city_path}_id", None) is None
        )

    def _elsewhere(self, request, obj):
        """``obj`` is another city's row (or a national one where there are none) for a city's administrator."""
        if obj is None or sees_every_city(request.user):
            return False
        *path, last = self.city_path.split("__")
        owner = obj
        for name in path:
            owner = getattr(owner, name, None)
            if owner is None:
                break
        city = getattr(owner, f"{last}_id", None) if owner is not None else None
        if self.city_path == "pk":
            city = obj.pk
        if city is None:
            return not self.national_rows
        return city != city_of(request.user)

    def has_view_permission(self, request, obj=None):
        return not self._elsewhere(request, obj) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return (
            not self._elsewhere(request, obj)
            and not self._is_national(request, obj)
            and super().has_change_permission(request, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return (
            not self._elsewhere(request, obj)
            and not self._is_national(request, obj)
            and super().has_delete_permission(request, obj)
        )

    def _in_scope_or_404(self, request, object_id):
        """Another city's row is not there (a 404, as everywhere): checked before a page of its history opens,
        whose own look-up would otherwise find the row, or its last recorded state, anywhere."""
        if sees_every_city(request.user):
            return
        try:
            found = self.get_queryset(request).filter(pk=unquote(object_id)).exists()
        except (ValueError, TypeError, ValidationError):
            found = False
        if not found:
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or ())
        if self.hide_city_field and self.city_path == "municipality" and not sees_every_city(request.user):
            excluded.append("municipality")  # a city's administrator adds rows of their own city only
        return excluded or None

    def save_model(self, request, obj, form, change):
        if self.city_path == "municipality" and not sees_every_city(request.user) and hasattr(obj, "municipality_id"):
            obj.municipality_id = city_of(request.user)  # never another city's row, nor a national one
        super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        path = CHOICE_PATHS.get(db_field.related_model._meta.label_lower)
        if path is not None and not sees_every_city(request.user):
            kwargs["queryset"] = db_field.related_model._default_manager.filter(in_city(request.user, path))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class NationalAdmin:
    """Mix into a ModelAdmin of a national table (the service catalogue): only a platform administrator
    changes it; a city's administrator reads it."""

    def has_add_permission(self, request, *args):
        return sees_every_city(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return sees_every_city(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return sees_every_city(request.user) and super().has_delete_permission(request, obj)


_PERMISSIONS = (
    "has_module_permission",
    "has_view_permission",
    "has_add_permission",
    "has_change_permission",
    "has_delete_permission",
)


def platform_only(model_admin):
    """Only a platform administrator may open ``model_admin``'s pages: the rows of such a model belong to
    no city (API tokens, sign-in records, the workers' schedules, permission groups, the national catalogue),
    and a city's administrator, though a superuser for their own city's rows, must not read or change them."""
    for name in _PERMISSIONS:
        allowed = getattr(model_admin, name)

        def guarded(request, *args, _allowed=allowed, **kwargs):
            return sees_every_city(request.user) and _allowed(request, *args, **kwargs)

        setattr(model_admin, name, guarded)
    return model_admin


def close_unscoped_admins(site):
    """Every admin of ``site`` that does not keep to a city (``CityScopedAdmin``) is the platform's only."""
    for model_admin in site._registry.values():
        if not isinstance(model_admin, CityScopedAdmin):
            platform_only(model_admin)


class HistoryAdmin(SimpleHistoryAdmin):
    """simple_history's admin pages, read-only: each row's history and each past version can be read, none can
    be reverted to. A revert writes the row past the forms' and services' rules (a city's scope, a unique
    date, the history of who decided what); a change is made on the row itself, as any other."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().history_form_view(request, object_id, version_id, extra_context)
