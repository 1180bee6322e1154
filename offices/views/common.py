"""What the office pages share: access checks, pagination, mapping service errors onto forms."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404

from core.errors import DomainError

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


def supervisor_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_supervisor:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def paginate(request, queryset, per_page=PAGE_SIZE):
    """A page of ``queryset``: one COUNT and one page query (plus its prefetches), whatever the size."""
    try:
        size = int(request.GET.get("page_size") or per_page)
    except ValueError:
        size = per_page
    size = max(1, min(size, MAX_PAGE_SIZE))
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def apply_errors(form, exc):
    """Show a service's ValidationError or DomainError on the form, on the field it names when possible."""
    if isinstance(exc, DomainError):
        placed = set()
        for field, errors in exc.fields.items():
            if field in form.fields:
                form.add_error(field, [str(error) for error in errors])
                placed.update(str(error) for error in errors)
        if exc.message not in placed:
            form.add_error(None, exc.message)
        return
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def run_service(form, service, **kwargs):
    """Call ``service``; on a user's mistake put the message on ``form`` and return None."""
    try:
        return service(**kwargs)
    except (ValidationError, DomainError) as exc:
        apply_errors(form, exc)
        return None


def stream_file(field_file):
    """Stream an uploaded file after the caller checked access (uploads are never public media)."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=field_file.name.rsplit("/", 1)[-1])
