"""Template filters every page uses: Persian digits, Jalali dates, rials."""

from django import template

from core import jalali
from core.validators import to_persian_digits

register = template.Library()


@register.filter(name="fa")
def fa_digits(value):
    """Persian digits on screen."""
    if value is None:
        return ""
    return to_persian_digits(value)


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
    return fanum(int(value)) + " ریال"


@register.filter
def fanum(value):
    """A grouped number in Persian digits."""
    if value in (None, ""):
        return ""
    if isinstance(value, float):
        text = f"{value:,.1f}".rstrip("0").rstrip(".")
    else:
        text = f"{int(value):,}"
    return to_persian_digits(text.replace(",", "٬").replace(".", "٫"))


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
