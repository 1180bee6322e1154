"""Writes on the office network: who works where, office status, selection."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OFFICE_ROLES, Role
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
