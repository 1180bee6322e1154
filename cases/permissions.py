"""Who may act on a file: the role table in workflow.py plus the person's place."""

from accounts.models import Role
from cases.models import Case
from cases.selectors import scope_for
from cases.workflow import ACTIONS, SYSTEM


def can_see(user, case):
    """Whether ``scope_for(user)`` holds this file. Asked once per loaded file and person: a file page's
    panels each ask it, and the answer is kept on the file object (``seen_by`` records it for a file just read
    through that scope). An action's service asks again of the row it locks, which is loaded afresh."""
    seen = case.__dict__.setdefault("_seen_by", {})
    if user.pk not in seen:
        seen[user.pk] = Case.objects.filter(scope_for(user), pk=case.pk).exists()
    return seen[user.pk]


def seen_by(case, user):
    """Record that ``case`` was just read through ``scope_for(user)`` (``visible_cases``): ``user`` may see it."""
    case.__dict__.setdefault("_seen_by", {})[user.pk] = True
    return case


def works_for(user, case):
    """True when the user's current post puts this file within their reach to act on: the same
    scope as seeing it (``scope_for``); which actions their role may take is the workflow table's."""
    return can_see(user, case)


def allowed_actions(case, user, *, seen=False):
    """The actions this user may take on this file now (for buttons and the API). ``seen``: the caller
    has just read the file through ``scope_for(user)``, so asking the database again is not needed."""
    if user is None or not user.is_authenticated or not (seen or works_for(user, case)):
        return []
    names = []
    for action in ACTIONS.values():
        if SYSTEM in action.roles or not action.open_to(user.role, case.state):
            continue
        if action.name == "assign_inspector" and user.role == Role.INSPECTOR:
            continue
        names.append(action.name)
    return names
