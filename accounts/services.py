"""Writes on users."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import CITY_ROLES, Role
from core.validators import normalize_mobile, normalize_national_id, normalize_text

UNSET = object()


@transaction.atomic
def upsert_user(
    *,
    username,
    role,
    password=None,
    national_id=None,
    mobile=None,
    first_name=None,
    last_name=None,
    check_password=True,
    password_hash=None,
    municipality=UNSET,
):
    """Create the user or update the one with this username. Returns (user, created).

    ``municipality`` (a Municipality, or None for a platform administrator) is the user's city; left
    out, an existing user keeps theirs. Every role but administrator and citizen needs one."""
    User = get_user_model()
    errors = {}
    username = normalize_text(username).replace(" ", "")
    if not username:
        errors["username"] = [_("Enter a username.")]
    if role not in Role.values:
        errors["role"] = [
            _("Unknown role “%(role)s”. Roles: %(roles)s") % {"role": role, "roles": ", ".join(Role.values)}
        ]
    if national_id:
        try:
            national_id = normalize_national_id(national_id)
        except ValidationError as exc:
            errors["national_id"] = exc.messages
    if mobile:
        try:
            mobile = normalize_mobile(mobile)
        except ValidationError as exc:
            errors["mobile"] = exc.messages
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username)
    if national_id and User.objects.filter(national_id=national_id).exclude(pk=user.pk).exists():
        errors["national_id"] = [_("Another user already has this national ID.")]
    if password is not None and check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            errors["password"] = exc.messages
    elif created and password is None and password_hash is None:
        errors["password"] = [_("A new user needs a password.")]
    city = user.municipality if municipality is UNSET else municipality
    if role in CITY_ROLES and city is None:
        errors["municipality"] = [_("Every member of staff belongs to a municipality; name it.")]
    if errors:
        raise ValidationError(errors)

    user.role = role
    user.municipality = city
    if national_id:
        user.national_id = national_id
    if mobile:
        user.mobile = mobile
    if first_name is not None:
        user.first_name = normalize_text(first_name)
    if last_name is not None:
        user.last_name = normalize_text(last_name)
    user.is_staff = role in (Role.ADMIN, Role.SUPERVISOR)
    user.is_superuser = role == Role.ADMIN
    if password is not None:
        user.set_password(password)
    elif password_hash is not None:
        user.password = password_hash  # a hash made once for many demo users
    user.save()
    return user, created
