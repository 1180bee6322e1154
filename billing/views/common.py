"""What the billing pages share: who may do what, and the desk a person issues slips from."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts.models import Role
from offices.models import Membership, Office

DESK_ROLES = (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER, Role.SUPERVISOR, Role.ADMIN)


def roles_required(*roles):
    def decorate(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def desk_office(user):
    """The office a counter person issues slips for (None for the municipality's own staff)."""
    if user.role not in (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER):
        return None
    membership = (
        Membership.objects.current()
        .filter(user=user, role=user.role, office__isnull=False, district__municipality_id=user.municipality_id)
        .order_by("-starts_on")
        .values("office")
        .first()
    )
    return Office.objects.filter(pk=membership["office"]).first() if membership else None
