"""What the files pages share: access, pagination, and putting a service's errors on a form."""

from functools import wraps

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import serializers

from cases import selectors
from core.api import CappedPaginator

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


def roles_required(*roles):
    """Signed in, with one of ``roles``; anyone else gets the Persian 403 page."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def paginate(request, queryset, per_page=PAGE_SIZE, count=None):
    """A page of ``queryset``: one (capped) COUNT and one page query, whatever the page size; no COUNT when
    the caller already knows ``count``."""
    try:
        size = int(request.GET.get("page_size") or per_page)
    except ValueError:
        size = per_page
    size = max(1, min(size, MAX_PAGE_SIZE))
    paginator = CappedPaginator(queryset, size)  # a city's files cost what their first pages cost
    if count is not None:
        paginator.count = count  # a cached property: Paginator reads it instead of counting
    return paginator.get_page(request.GET.get("page"))


def case_or_404(request, pk):
    """The file if this person may see it; another office's file simply does not exist for them."""
    case = selectors.case_for(request.user, pk)
    if case is None:
        raise Http404
    return case


def show_errors(form, exc):
    """Put a DomainError's field messages on ``form``: keys like "applicant.national_id" or
    "details.<name>" name the form field after the dot. The rest go on top of the form."""
    placed = False
    empty = {str(m) for m in _EMPTY_MESSAGES}
    groups = getattr(form, "layout_groups", {})
    for key, messages in exc.fields.items():
        nested = key.split(".", 1)[-1].replace(".", "-")  # details.people.0.name -> people-0-name
        if nested in groups:
            groups[nested].errors.extend(str(m) for m in messages)
            placed = True
            continue
        name = nested if nested in form.fields else key.rsplit(".", 1)[-1]
        if name in form.fields:
            for message in messages:
                if str(message) in empty:  # the serializer's generic "required": name the box instead
                    chosen = isinstance(form.fields[name].widget, forms.Select)
                    message = (_("Choose “%(label)s”.") if chosen else _("Enter “%(label)s”.")) % {
                        "label": form.fields[name].label
                    }
                form.add_error(name, str(message))
            placed = True
    return placed


_EMPTY_MESSAGES = (
    serializers.Field.default_error_messages["required"],
    serializers.Field.default_error_messages["null"],
    serializers.CharField.default_error_messages["blank"],
)
