"""Filters shared by the cartable pages and the API's file lists."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import Case, State, overdue_q
from cases.tracking import normalize_tracking_code
from core.jalali import parse_jalali_date
from core.validators import normalize_text, to_ascii_digits


class JalaliDateFilter(django_filters.CharFilter):
    """A date typed in Jalali (or ISO) form."""

    def filter(self, qs, value):
        if not value:
            return qs
        text = to_ascii_digits(value).strip()
        try:
            import datetime

            day = datetime.date.fromisoformat(text) if "-" in text and int(text[:4]) > 1700 else parse_jalali_date(text)
        except (ValueError, IndexError):
            return qs.none()
        return qs.filter(**{f"{self.field_name}__date__{self.lookup_expr}": day})


class CaseFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=State.choices, label=_("State"))
    service = django_filters.CharFilter(field_name="service_id", label=_("Service"))
    district = django_filters.NumberFilter(field_name="district__number", label=_("District"))
    office = django_filters.NumberFilter(field_name="office_id", label=_("Office"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    created_from = JalaliDateFilter(field_name="created_at", lookup_expr="gte", label=_("Registered from"))
    created_to = JalaliDateFilter(field_name="created_at", lookup_expr="lte", label=_("Registered until"))
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = Case
        fields = ["state", "service", "district", "office", "overdue", "q"]

    def filter_overdue(self, qs, name, value):
        overdue = overdue_q()
        return qs.filter(overdue) if value else qs.exclude(overdue)

    def search(self, qs, name, value):
        """Tracking code, national ID, the applicant's name or the renewal code; Persian-normalized."""
        text = normalize_text(value)
        if not text:
            return qs
        digits = normalize_tracking_code(text)
        condition = Q(applicant_first_name__icontains=text) | Q(applicant_last_name__icontains=text)
        parts = text.split(" ", 1)
        if len(parts) == 2:
            condition |= Q(applicant_first_name__icontains=parts[0], applicant_last_name__icontains=parts[1])
        if digits and len(digits) >= 4:
            condition |= Q(tracking_code__startswith=digits) | Q(applicant_national_id__startswith=digits)
        if "-" in text or (digits and len(digits) >= 2):
            condition |= Q(parcel__renewal_code__startswith=text)
        return qs.filter(condition)
