"""A violation's steps, declared once as data (like ``cases.workflow`` for files).

``supervision.services.violations.act`` is the only code that applies them; the
buttons, the API's ``allowed_actions`` and the history labels read this table.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from supervision.models import ViolationState as S

UNIT = (Role.SUPERVISOR, Role.ADMIN)
MANAGER = (Role.OFFICE_MANAGER,)
NOT_CLOSED = (S.DRAFT, S.OPEN, S.RESPONDED, S.DECIDED, S.APPEALED)


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: tuple
    target: str | None  # None: keeps the state (or, for decide, depends on the decision)
    roles: tuple
    needs: tuple = ()
    style: str = "primary"


ACTIONS = {
    a.name: a
    for a in [
        # A draft (automatic, escalated) is checked by the unit before the office is asked to answer.
        Action("open", _("Open and ask the office"), (S.DRAFT,), S.OPEN, UNIT),
        # The unit may put the case under another entry of its catalogue (a complaint comes unclassified).
        Action(
            "classify",
            _("Change the type"),
            (S.DRAFT, S.OPEN, S.RESPONDED),
            None,
            UNIT,
            needs=("type",),
            style="secondary",
        ),
        # The investigation: notes at any step until the case is closed.
        Action("note", _("Add a note"), NOT_CLOSED, None, UNIT, style="secondary"),
        # More time for the office's written response, with a reason.
        Action("extend", _("Extend the response deadline"), (S.OPEN,), None, UNIT, needs=("days",), style="secondary"),
        # The office's written response, by its manager, within the deadline.
        Action("respond", _("Respond"), (S.OPEN,), S.RESPONDED, MANAGER, style="success"),
        # The decision; a draft can only be dismissed (the office has not been heard), an open case
        # only once the response deadline has passed. A decision on appeal closes the case.
        Action("decide", _("Decide"), (S.DRAFT, S.OPEN, S.RESPONDED, S.APPEALED), None, UNIT, needs=("decision",)),
        # The office may appeal a decision against it within the appeal period.
        Action("appeal", _("Appeal"), (S.DECIDED,), S.APPEALED, MANAGER, style="warning"),
    ]
}

# Labels of events that are not actions a person picks from the table.
EVENT_LABELS = {
    "created": _("Opened"),
    "evidence": _("Evidence added"),
}


def label_of(action):
    spec = ACTIONS.get(action)
    if spec is not None:
        return spec.label
    return EVENT_LABELS.get(action, action)
