"""{% history_badge case rows %}: whether a file's history verifies, as a small badge."""

from django import template

from cases.history import badge

register = template.Library()


@register.inclusion_tag("cases/_history_badge.html")
def history_badge(case, timeline=None):
    rows = [item["row"] for item in timeline] if timeline is not None else None
    verified, label = badge(case, rows)
    return {"verified": verified, "label": label}
