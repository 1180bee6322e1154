"""Writes on who works where: roles, office staff, the end of a post."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import MUNICIPAL_ROLES, OFFICE_ROLES, Role, by_code_only
from core.errors import Conflict, Forbidden
from offices.models import District, Membership, Office


def find_office(code):
    office = Office.objects.select_related("district").filter(code=str(code).strip()).first()
    if office is None:
        raise ValidationError({"office": [_("No office has the code “%(code)s”.") % {"code": code}]})
    return office


def find_district(number, municipality=None):
    qs = District.objects.select_related("municipality").filter(number=number)
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    district = qs.order_by("municipality_id").first()
    if district is None:
        raise ValidationError({"district": [_("District %(number)s does not exist.") % {"number": number}]})
    return district


@transaction.atomic
def assign_role(*, user, role, office=None, district=None, starts_on=None):
    """Give the user a current membership for this role at this office or district.

    Office roles need an office; municipal staff need a district. A user whose role
    changes leaves their memberships of the old role (they stay as history).
    Inspectors and follow-up officers may serve several offices of one district, so a
    second office is added, not swapped.
    """
    today = starts_on or timezone.localdate()
    if role in OFFICE_ROLES and office is None:
        raise ValidationError({"office": [_("The role “%(role)s” needs an office.") % {"role": Role(role).label}]})
    if role == Role.MUNICIPAL_STAFF and district is None:
        raise ValidationError({"district": [_("Municipal staff need a district.")]})
    if office is not None:
        district = office.district
    if district is not None:
        _ensure_same_city(user, district)

    current = Membership.objects.current(today).filter(user=user)
    yesterday = today - datetime.timedelta(days=1)
    current.exclude(role=role).update(ends_on=yesterday)
    if role in (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER):
        # A technical officer or manager works at one office at a time.
        current.filter(role=role).exclude(office=office).update(ends_on=yesterday)
    if role in (Role.INSPECTOR, Role.FOLLOWUP_OFFICER) and office is not None:
        # Several offices, but of one district.
        current.filter(role=role).exclude(district=district).update(ends_on=yesterday)
    if role == Role.MUNICIPAL_STAFF:
        current.filter(role=role).exclude(district=district).update(ends_on=yesterday)
    if district is None:
        return None  # citizens, supervisors and admins belong to no office or district
    membership = current.filter(role=role, office=office, district=district).first()
    if membership is None:
        membership = Membership.objects.create(user=user, role=role, office=office, district=district, starts_on=today)
    if role == Role.OFFICE_MANAGER and office.manager_id != user.id:
        office.manager = user
        office.save(update_fields=["manager", "updated_at"])
    return membership


def _ensure_same_city(user, district):
    """A post is in the person's own city. Someone without a city yet (a citizen taking a post) joins it."""
    if user.municipality_id is None:
        if user.role == Role.ADMIN:
            raise ValidationError({"municipality": [_("A platform administrator holds no post in a city.")]})
        user.municipality_id = district.municipality_id
        user.save(update_fields=["municipality"])
    elif user.municipality_id != district.municipality_id:
        raise ValidationError({"municipality": [_("This person belongs to another municipality.")]})


def _ensure_may_manage_staff(actor, office):
    from offices.selectors import can_manage_staff

    if not can_manage_staff(actor, office):
        raise Forbidden("staff-not-yours", _("You may not manage the staff of this office."))


def _clash(user, role, office, today):
    """The current post that stops this person taking the new one, if any.

    Adding a post never ends another one silently: whoever manages the other office
    ends it first, so no office loses a colleague without knowing.
    """
    for other in Membership.objects.current(today).filter(user=user).select_related("office", "district"):
        if other.role != role:
            return other
        if role in (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER) and other.office_id != office.id:
            return other
        if other.district_id != office.district_id:
            return other
    return None


@transaction.atomic
def add_staff(
    *,
    office,
    user,
    role,
    actor,
    starts_on=None,
    employment_starts_on=None,
    employment_ends_on=None,
    employment_file=None,
    roles=OFFICE_ROLES,
):
    """Give an existing person a post at an office (the supervisor, or the office's manager)."""
    _ensure_may_manage_staff(actor, office)
    today = timezone.localdate()
    starts_on = starts_on or today
    if role not in roles:
        raise ValidationError({"role": [_("This role cannot be given here.")]})
    if user.role in MUNICIPAL_ROLES:
        raise ValidationError({"username": [_("Municipal staff and supervisors cannot be given an office post.")]})
    if not user.is_active:
        raise ValidationError({"username": [_("This account is inactive.")]})
    if get_user_model().objects.filter(by_code_only(), pk=user.pk).exists():
        message = _("This is a citizen's own account (signed in by SMS code); a post needs a staff account.")
        raise ValidationError({"username": [message]})
    if employment_starts_on and employment_ends_on and employment_ends_on < employment_starts_on:
        raise ValidationError({"employment_ends_on": [_("The employment contract cannot end before it starts.")]})
    _ensure_same_city(user, office.district)
    if Membership.objects.current(starts_on).filter(user=user, role=role, office=office).exists():
        raise Conflict("staff-already-here", _("This person already works at this office in this role."))
    clash = _clash(user, role, office, starts_on)
    if clash is not None:
        if actor.is_supervisor or clash.office_id == office.id:
            where = clash.office.name if clash.office else clash.district.name
            message = _("%(name)s is now %(role)s at %(where)s; that post must be ended first.") % {
                "name": user.get_full_name() or user.username,
                "role": clash.get_role_display(),
                "where": where,
            }
        else:
            # An office's manager is not told who works where else: only that the post stands in the way.
            message = _("This person already holds a post at another office; that post must be ended first.")
        raise ValidationError({"username": [message]})
    membership = Membership.objects.create(
        user=user,
        role=role,
        office=office,
        district=office.district,
        starts_on=starts_on,
        employment_starts_on=employment_starts_on,
        employment_ends_on=employment_ends_on,
        employment_file=employment_file or "",
    )
    if user.role != role:
        user.role = role
        user.save(update_fields=["role"])
    if role == Role.OFFICE_MANAGER and office.manager_id != user.id:
        office.manager = user
        office.save(update_fields=["manager", "updated_at"])
    return membership


@transaction.atomic
def end_membership(*, membership, actor, ends_on=None):
    """End a post. Without a date it ends now: the person cannot act from today on."""
    membership = (
        Membership.objects.select_for_update(of=("self",)).select_related("office", "user").get(pk=membership.pk)
    )
    if membership.office is not None:
        _ensure_may_manage_staff(actor, membership.office)
    elif not actor.is_supervisor:
        raise Forbidden("staff-not-yours", _("You may not manage the staff of this office."))
    if membership.user_id == actor.id and not actor.is_supervisor:
        raise Forbidden("staff-own-post", _("You cannot end your own post; ask the supervision unit."))
    today = timezone.localdate()
    if membership.ends_on is not None and membership.ends_on < today:
        raise Conflict("membership-ended", _("This post has already ended."))
    if ends_on is None:
        # Ending "now" means yesterday was the last day; a post that had not begun never takes effect.
        ends_on = max(today - datetime.timedelta(days=1), membership.starts_on - datetime.timedelta(days=1))
    elif ends_on < membership.starts_on:
        raise ValidationError({"ends_on": [_("A post cannot end before it starts.")]})
    membership.ends_on = ends_on
    membership.save(update_fields=["ends_on"])
    office = membership.office
    is_manager = office is not None and office.manager_id == membership.user_id
    if ends_on < today and membership.role == Role.OFFICE_MANAGER and is_manager:
        office.manager = None
        office.save(update_fields=["manager", "updated_at"])
    return membership
