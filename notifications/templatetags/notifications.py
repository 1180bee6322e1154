"""The messages page's names of message kinds."""

from django import template
from django.utils.html import format_html

from notifications.selectors import event_label

register = template.Library()


@register.simple_tag
def message_event(event):
    """A kind of message by its Persian name; an unknown one by its code."""
    label = event_label(event)
    return format_html("{}", label) if label else format_html("<code>{}</code>", event)
