"""{% state_badge state label %}: a file's state as a coloured badge, the same on every page."""

from django import template
from django.utils.html import format_html

register = template.Library()

# The badge's colour per state: new work blue, waiting on the applicant amber, out for a visit or the
# plan review light blue, at the municipality dark, answered green, refused red, closed or unsent grey.
TONES = {
    "draft": "text-bg-secondary",
    "cancelled": "text-bg-secondary",
    "submitted": "text-bg-primary",
    "returned": "text-bg-warning",
    "awaiting_visit": "text-bg-info",
    "plan_review": "text-bg-info",
    "municipal_review": "text-bg-dark",
    "responded": "text-bg-success",
    "rejected": "text-bg-danger",
}


@register.simple_tag
def state_badge(state, label):
    return format_html(
        '<span class="badge badge-state rounded-pill {}" data-state="{}">{}</span>',
        TONES.get(state, "text-bg-light"),
        state,
        label,
    )


@register.filter
def full_label(bound):
    """``cases.formfields.full_label``: a box's name with its table row or part."""
    from cases.formfields import full_label as label

    return label(bound)
