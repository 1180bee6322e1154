"""Who may act on a file: the role table in workflow.py plus the person's place."""

from accounts.models import Role
from cases.models import Case
from cases.selectors import visibility_filter
from cases.workflow import ACTIONS, SYSTEM
from offices.models import Membership


def works_for(user, case):
    """True when the user's current post puts this file within their reach to act on."""
    role = user.role
    if role in (Role.SUPERVISOR, Role.ADMIN):
        return True
    if role == Role.INSPECTOR:
        return case.inspector_id == user.id
    if role in (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER, Role.FOLLOWUP_OFFICER):
        return Membership.objects.current().filter(user=user, office_id=case.office_id, role=role).exists()
    if role == Role.MUNICIPAL_STAFF:
        return Membership.objects.current().filter(user=user, district_id=case.district_id, role=role).exists()
    return case.applicant_user_id == user.id


def can_see(user, case):
    return Case.objects.filter(visibility_filter(user), pk=case.pk).exists()


def allowed_actions(case, user):
    """The actions this user may take on this file now (for buttons and the API)."""
    if user is None or not user.is_authenticated or not works_for(user, case):
        return []
    names = []
    for action in ACTIONS.values():
        if action.system_only or SYSTEM in action.roles or user.role not in action.roles:
            continue
        if case.state not in action.sources:
            continue
        if action.name == "assign_inspector" and user.role == Role.INSPECTOR:
            continue
        names.append(action.name)
    return names
