"""The supervisors' messages page: outgoing SMS and e-mail that did not get through, with a resend button."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.validators import normalize_text, to_ascii_digits
from notifications import notify, selectors
from notifications.models import Message

PAGE_SIZE = 25


def _require_supervisor(user):
    if not user.is_supervisor:
        raise PermissionDenied


@login_required
@require_GET
def messages(request):
    """Messages that did not get through (failed, retrying), with a resend button; any status on request."""
    _require_supervisor(request.user)
    status = request.GET.get("status", "trouble")
    channel = request.GET.get("channel", "")
    event = request.GET.get("event", "")
    q = to_ascii_digits(normalize_text(request.GET.get("q", "")))
    qs = selectors.messages_for_review(request.user, status=status, channel=channel, event=event, q=q)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/messages.html",
        {
            "page": page,
            "counts": selectors.message_counts(request.user),
            "events": selectors.message_events(request.user),
            "statuses": [("trouble", _("Not delivered")), *Message.Status.choices, ("all", _("All"))],
            "channels": Message.Channel.choices,
            "filters": {"status": status, "channel": channel, "event": event, "q": q},
        },
    )


@login_required
@require_POST
def resend(request, pk):
    _require_supervisor(request.user)
    message = get_object_or_404(selectors.messages_of(request.user), pk=pk)
    error = ""
    try:
        message = notify.resend(message=message, actor=request.user)
    except DomainError as exc:
        error = exc.message
    message.refresh_from_db()
    if request.htmx:
        return render(request, "notifications/_message_row.html", {"m": message, "error": error, "resent": not error})
    return redirect("notifications:messages")
