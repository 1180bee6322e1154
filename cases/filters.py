"""Filters shared by the cartable pages and the API's file lists."""

import copy
import re

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import CharField, F, Func, Q
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Property, State, overdue_q
from cases.tracking import is_well_formed as is_well_formed_tracking_code
from core.jalali import parse_iso_date, parse_jalali_date
from core.validators import is_digits, normalize_national_id, normalize_text, renewal_code_parts, to_ascii_digits


class JalaliDateFilter(django_filters.CharFilter):
    """A date typed in Jalali (or ISO) form."""

    def filter(self, qs, value):
        if not value:
            return qs
        text = to_ascii_digits(value).strip()
        try:
            day = parse_iso_date(text) if "-" in text and int(text[:4]) > 1700 else parse_jalali_date(text)
        except (ValueError, IndexError):
            return qs.none()
        return qs.filter(**{f"{self.field_name}__date__{self.lookup_expr}": day})


class CaseFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=State.choices, label=_("State"))
    service = django_filters.CharFilter(field_name="service_id", label=_("Service"))
    district = django_filters.NumberFilter(field_name="district__number", label=_("District"))
    municipality = django_filters.CharFilter(field_name="district__municipality__code", label=_("Municipality"))
    # Through the office's own key, whose lookups know an out-of-range number matches nothing.
    office = django_filters.NumberFilter(field_name="office__id", label=_("Office"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    created_from = JalaliDateFilter(field_name="created_at", lookup_expr="gte", label=_("Registered from"))
    created_to = JalaliDateFilter(field_name="created_at", lookup_expr="lte", label=_("Registered until"))
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = Case
        fields = ["state", "service", "district", "municipality", "office", "overdue", "q"]

    # django-filter deep-copies every filter and makes a new form class from their fields on each request (a
    # tenth of a list's time). A filter keeps no state but its filterset, so a plain copy of each serves, and
    # the form class, whose instances copy its fields for themselves, is made once.
    def get_form_class(self):
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            type(self)._form_class = form_class
        return form_class

    def filter_overdue(self, qs, name, value):
        overdue = overdue_q()
        return qs.filter(overdue) if value else qs.exclude(overdue)

    def search(self, qs, name, value):
        return search(qs, value)


class _PlainCopies(dict):
    """A filterset's filters, which django-filter deep-copies for each filterset: copied plainly instead."""

    def __deepcopy__(self, memo):
        return {name: _copy(f) for name, f in self.items()}


def _copy(base):
    f = copy.copy(base)
    if base.method is not None:
        f.method = base.method  # a method filter calls its own filterset's method, not the first one's
    return f


CaseFilter.base_filters = _PlainCopies(CaseFilter.base_filters)


# --- search ------------------------------------------------------------------------------------------------------
#
# What people type decides where to look, so that every search is answered by an index:
# - a well-formed tracking code: that file (equality on the unique column);
# - a valid national ID or an 11-digit mobile: equality on the applicant's column (and a tracking
#   code starting with those digits);
# - other digits (4 or more): a prefix of a tracking code, national ID or mobile (btree indexes with
#   ``varchar_pattern_ops``, which serve ``LIKE 'x%'`` under any collation);
# - a renewal code, whole or its first parts: the properties whose code starts so;
# - anything else: the applicant's name, every word somewhere in "first last" (a trigram GIN index
#   on PostgreSQL, migration cases 0003; a plain scan on SQLite).

MIN_DIGITS = 4


class ApplicantName(Func):
    """``first || ' ' || last``: the expression the trigram index is built on, character for character."""

    template = "(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = CharField()

    def __init__(self):
        super().__init__(F("applicant_first_name"), F("applicant_last_name"))


def _renewal_prefix(text):
    """The start of a renewal code as stored (parts zero-padded), or None when ``text`` is not one.

    Every part before the last is complete, so it is padded; the last may still be being typed.
    """
    parts = [p for p in re.split(r"[\s\-_/.]+", text) if p]
    layout = renewal_code_parts()
    if len(parts) < 2 or len(parts) > len(layout) or not all(is_digits(p) for p in parts):
        return None
    if any(len(p) > width for p, (_name, width) in zip(parts, layout, strict=False)):
        return None
    if len(parts) == len(layout):
        return "-".join(p.zfill(width) for p, (_name, width) in zip(parts, layout, strict=False))
    head = [p.zfill(width) for p, (_name, width) in zip(parts[:-1], layout, strict=False)]
    return "-".join([*head, parts[-1]])


def _is_national_id(digits):
    try:
        return normalize_national_id(digits) == digits
    except ValidationError:
        return False


# A name search first takes up to this many of its matches, in no order (the trigram index finds them); when it
# finds no more, the page is sorted from them alone.
NAME_CANDIDATES = 1000


def search(qs, value):
    """``qs`` narrowed to the files ``value`` finds (``search_condition``).

    A name is looked up in two steps. Newest first, PostgreSQL would walk the files by date until it has a page
    of matches, guessing from its statistics how far that is: for a name it takes for common but that only a
    hundred files carry, it read every file of the city (a third of a second at a million files), where the
    trigram index finds the hundred at once. So the matches are first taken unordered, up to
    ``NAME_CANDIDATES`` (the trigram index finds a rare name's; a common one's are met early in any order),
    and when there are no more the page is those files, newest first. A name that common is listed by the
    walk along the dates, which then meets a page of matches within a few thousand files."""
    condition, by_name = _condition(value)
    if not by_name:
        return qs.filter(condition)
    named = with_name(qs).filter(condition)
    found = list(named.order_by().values_list("pk", flat=True)[: NAME_CANDIDATES + 1])
    if len(found) > NAME_CANDIDATES:
        return named
    return qs.filter(pk__in=found)


def search_condition(value):
    """The Q a search box's text stands for (see above); matches nothing for text that cannot match."""
    return _condition(value)[0]


def _condition(value):
    """(``search_condition``, whether it looks for a name)."""
    text = normalize_text(to_ascii_digits(str(value or "")))[:100]
    if not text:
        return Q(), False
    renewal = _renewal_prefix(text) if re.search(r"[\-_/.\s]", text) else None
    if renewal is not None:
        return Q(parcel__in=Property.objects.filter(renewal_code__startswith=renewal).values("pk")), False
    digits = re.sub(r"[\s\-_/.]", "", text)
    if is_digits(digits):
        if is_well_formed_tracking_code(digits):
            return Q(tracking_code=digits), False
        if len(digits) < MIN_DIGITS:
            return Q(pk__in=[]), False
        condition = Q(tracking_code__startswith=digits)
        if len(digits) == 10 and _is_national_id(digits):
            return condition | Q(applicant_national_id=digits), False
        if len(digits) == 11 and digits.startswith("09"):
            return condition | Q(applicant_mobile=digits), False
        if len(digits) < 10:
            condition |= Q(applicant_national_id__startswith=digits)
        if digits.startswith("09") and len(digits) < 11:
            condition |= Q(applicant_mobile__startswith=digits)
        return condition, False
    words = [w for w in text.split() if not is_digits(w)]
    if not words:
        return Q(pk__in=[]), False
    if any(len(w) >= 3 for w in words):
        # A trigram index needs three letters: a shorter word beside longer ones is left out rather than
        # make the search read the whole index.
        words = [w for w in words if len(w) >= 3]
    condition = Q()
    for word in words:
        condition &= Q(_applicant_name__contains=word)
    return condition, True


def with_name(qs):
    """The queryset with the applicant's name as the searchable expression (a no-op for the SQL it runs)."""
    return qs.alias(_applicant_name=ApplicantName())
