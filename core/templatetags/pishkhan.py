"""Template filters every page uses: Persian digits, Jalali dates, rials."""

from django import template
from django.utils.html import format_html, format_html_join

from core import jalali, persian
from core.validators import to_persian_digits

register = template.Library()


@register.filter(name="fa")
def fa_digits(value):
    """Persian digits on screen."""
    if value is None:
        return ""
    return to_persian_digits(value)


@register.filter(is_safe=True)
def ltr(value):
    """Left-to-right text (a number with separators, a code, an address) set apart inside right-to-left
    text (``core.persian.ltr_isolated``)."""
    if value in (None, ""):
        return ""
    return persian.ltr_isolated(value)


@register.filter
def html_attrs(attrs):
    """A widget's attributes as Django's ``django/forms/widgets/attrs.html`` writes them (False left out, True
    a bare name), in one call instead of a template included for every field and every option of a list."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value)),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


@register.filter
def jdate(value, fmt="%Y/%m/%d"):
    return jalali.format_jalali(value, fmt)


@register.filter
def jdatetime(value, fmt="%Y/%m/%d %H:%M"):
    return jalali.format_jalali(value, fmt)


@register.filter
def jlong(value):
    return jalali.long_jalali(value)


@register.filter
def rials(value):
    """12500000 → «۱۲٬۵۰۰٬۰۰۰ ریال»"""
    if value in (None, ""):
        return ""
    return persian.fa_number(int(value)) + " ریال"


@register.filter
def fanum(value, places=2):
    """A grouped number in Persian digits, decimals kept: 320.50 → «۳۲۰٫۵», 1250000 → «۱٬۲۵۰٬۰۰۰»."""
    return persian.fa_number(value, int(places))


@register.filter
def fasize(value):
    """A file's size: 17510 → «۱۷٫۱ کیلوبایت»."""
    return persian.fa_size(value)


@register.filter
def latlng(obj):
    """An object's latitude and longitude: «عرض ۳۲٫۶۵۴۶، طول ۵۱٫۶۶۸»."""
    return persian.fa_coordinates(getattr(obj, "latitude", None), getattr(obj, "longitude", None))


@register.simple_tag
def date_hint():
    """A Jalali date as a hint in date boxes, in this year: «۱۴۰۵/۰۷/۱۵»."""
    return jalali.date_hint()


@register.filter
def page_window(page, around=3):
    """The page numbers shown around the current one: at most ``2 * around + 1``, however many pages
    there are (a loop over every page number costs in proportion to the whole list)."""
    last = page.paginator.num_pages
    return range(max(1, page.number - around), min(last, page.number + around) + 1)


@register.simple_tag(takes_context=True)
def querystring_with(context, **kwargs):
    """The current query string with some keys replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"
