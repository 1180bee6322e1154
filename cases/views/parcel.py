"""What the municipality already knows of a parcel, for the registration form: typing a known
renewal code fills in its address, postal code and district (static/js/parcel_lookup.js)."""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from accounts.models import Role
from cases import selectors
from cases.views.common import roles_required
from core.validators import normalize_renewal_code

LOOKUP_ROLES = (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER, Role.CITIZEN)


@require_GET
@roles_required(*LOOKUP_ROLES)
def parcel(request):
    """``{"known": false}``, or the parcel's district and, for office staff, its address."""
    try:
        code = normalize_renewal_code(request.GET.get("renewal_code"))
    except ValidationError:
        return JsonResponse({"known": False})
    if request.user.role == Role.CITIZEN:
        # A citizen learns nothing about someone else's property: the district is in the code itself.
        return JsonResponse({"known": False, "district": int(code.split("-")[0])})
    found = selectors.known_parcel(request.user, code)
    if found is None:
        return JsonResponse({"known": False})
    return JsonResponse(
        {
            "known": True,
            "renewal_code": found.renewal_code,
            "address": found.address,
            "postal_code": found.postal_code,
            "district": found.district.number,
        }
    )
