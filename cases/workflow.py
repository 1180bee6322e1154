"""The workflow, declared once as data.

Each action names the states it may be taken from, the roles that may take it,
where it leads, what input it takes (``inputs``: cases' own; the plugins add theirs,
see cases.actions) and its effect on the file. ``cases.services.apply_action`` is the
only code that applies it; buttons, the API's ``allowed_actions``, the action input
serializers and the admin all read this table. Targets written as a ``Route`` are
resolved per service (a service may skip the site visit or the plan review); a service's
path (``Flow``) is declared by its family (cases.plugins).

``python manage.py workflow_graph`` prints the table as a Mermaid diagram.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from cases import effects
from cases.models import State
from cases.plugins import registry

OFFICE_DESK = (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER)
SYSTEM = "system"


class Route:
    """A target that depends on the service's path: the first step it has after this one."""

    NEXT_AFTER_ACCEPT = "next_after_accept"
    NEXT_AFTER_VISIT = "next_after_visit"
    RESUME = "resume"  # back to the step the file was returned from


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: tuple
    target: str  # a State, or a Route
    roles: tuple
    inputs: tuple = ()  # cases' own inputs it requires (cases.actions.INPUTS); plugins add their own
    note_required: bool = False
    system_only: bool = False  # taken by Pishkhan itself, never offered as a button
    keeps_state: bool = False
    needs_documents: bool = False  # the service's required documents must be attached first
    effect: Callable | None = None  # fn(case, data, today) -> dict for the history, under the row lock
    style: str = "primary"
    holder_only: bool = False  # of its roles, only the side that holds the file in its state (HOLDER_ROLE)

    def open_to(self, role, state):
        """Whether a person of ``role`` may take this action on a file in ``state`` (their place is the
        scope's question). A draft is its applicant's alone: nobody else sends it or throws it away. An action
        both the office and the municipality take (returning, rejecting) is the one's whose step it is."""
        if self.system_only or role not in self.roles or state not in self.sources:
            return False
        if state == State.DRAFT:
            return role == Role.CITIZEN
        return not self.holder_only or role in HOLDER_SIDE.get(HOLDER_ROLE.get(state), (role,))


ACTIONS = {
    a.name: a
    for a in [
        # An online applicant finishes their draft; a counter registration starts as submitted.
        Action("submit", _("Submit"), (State.DRAFT,), State.SUBMITTED, (Role.CITIZEN,)),
        # The technical officer checks the documents (DOMAIN: flow step 1) and sends the file on.
        Action(
            "accept",
            _("Accept and refer"),
            (State.SUBMITTED,),
            Route.NEXT_AFTER_ACCEPT,
            OFFICE_DESK,
            needs_documents=True,
            style="success",
        ),
        # Missing or wrong documents go back to the applicant; the step clock stops meanwhile.
        Action(
            "return_to_applicant",
            _("Return for correction"),
            (State.SUBMITTED, State.PLAN_REVIEW, State.MUNICIPAL_REVIEW),
            State.RETURNED,
            (*OFFICE_DESK, Role.MUNICIPAL_STAFF),
            inputs=("items",),  # what must change, item by item (cases.models.CorrectionItem)
            note_required=True,
            effect=effects.open_corrections,
            style="warning",
            holder_only=True,
        ),
        Action(
            "resubmit",
            _("Resubmit"),
            (State.RETURNED,),
            Route.RESUME,
            (Role.CITIZEN, *OFFICE_DESK),
            effect=effects.close_corrections,
        ),
        # DOMAIN step 2: the file is referred to an inspector of the office's district.
        Action(
            "assign_inspector",
            _("Assign inspector"),
            (State.AWAITING_VISIT,),
            State.AWAITING_VISIT,
            (*OFFICE_DESK, Role.SUPERVISOR, Role.ADMIN),
            keeps_state=True,  # its input (the inspector) and effect (the visit) are inspections'
        ),
        Action(
            "submit_visit_report",
            _("Submit visit report"),
            (State.AWAITING_VISIT,),
            Route.NEXT_AFTER_VISIT,
            (Role.INSPECTOR,),  # the report's fields are inspections' (its plugin declares them)
            style="success",
        ),
        # DOMAIN step 3: the office checks the property against the detailed plan.
        Action(
            "complete_plan_review",
            _("Complete plan review"),
            (State.PLAN_REVIEW,),
            State.MUNICIPAL_REVIEW,
            OFFICE_DESK,
            style="success",
        ),
        # DOMAIN step 4: the district's municipal staff answer with a signed letter.
        Action(
            "issue_response",
            _("Issue the response"),
            (State.MUNICIPAL_REVIEW,),
            State.RESPONDED,
            (Role.MUNICIPAL_STAFF,),
            inputs=("result", "text"),
            effect=effects.record_result,
            style="success",
        ),
        # A building built differently from its permit goes to the Article 100 commission (the family
        # that checks what was built takes this action itself), whose decision the municipal staff record.
        Action(
            "refer_to_commission",
            _("Refer to the Article 100 commission"),
            (State.MUNICIPAL_REVIEW,),
            State.COMMISSION_REVIEW,
            (SYSTEM,),
            system_only=True,
        ),
        Action(
            "record_commission_decision",
            _("Record the commission's decision"),
            (State.COMMISSION_REVIEW,),
            State.MUNICIPAL_REVIEW,
            (Role.MUNICIPAL_STAFF,),
            style="success",
        ),
        # Some inquiries are answered at once when the property's record leaves nothing to check.
        Action(
            "instant_answer",
            _("Instant answer"),
            (State.SUBMITTED,),
            State.RESPONDED,
            (SYSTEM,),
            inputs=("result", "text"),
            effect=effects.record_result,
            system_only=True,
        ),
        Action(
            "reject",
            _("Reject"),
            (State.SUBMITTED, State.PLAN_REVIEW, State.MUNICIPAL_REVIEW, State.COMMISSION_REVIEW),
            State.REJECTED,
            (*OFFICE_DESK, Role.MUNICIPAL_STAFF),
            note_required=True,
            style="danger",
            holder_only=True,
        ),
        Action(
            "cancel",
            _("Cancel"),
            (State.DRAFT, State.SUBMITTED, State.RETURNED),
            State.CANCELLED,
            (Role.CITIZEN, *OFFICE_DESK),
            style="secondary",
        ),
        # A deadline extension is granted with a reason and stays in the history.
        Action(
            "extend_deadline",
            _("Extend the deadline"),
            (State.SUBMITTED, State.AWAITING_VISIT, State.PLAN_REVIEW, State.MUNICIPAL_REVIEW),
            State.SUBMITTED,
            (Role.SUPERVISOR, Role.ADMIN, Role.OFFICE_MANAGER),
            inputs=("days",),
            note_required=True,
            keeps_state=True,
            effect=effects.extend_deadline,
            style="secondary",
        ),
    ]
}


# Working days per step unless the service's Flow or a StepDuration row in the admin says otherwise.
DEFAULT_DURATIONS = {
    State.SUBMITTED: 1,
    State.AWAITING_VISIT: 3,
    State.PLAN_REVIEW: 2,
    State.MUNICIPAL_REVIEW: 3,
    State.COMMISSION_REVIEW: 20,
}


def flow_for(service_code):
    """The service's path, as its family declares it."""
    return registry().flow(service_code)


def file_services():
    """The codes of the services whose files travel through cartables (duties are slips, not files)."""
    return registry().service_codes()


def resolve_target(action, service_code, resume_state=""):
    if action.target == Route.RESUME:
        return resume_state or State.SUBMITTED
    if action.target == Route.NEXT_AFTER_ACCEPT:
        flow = flow_for(service_code)
        if flow.visit:
            return State.AWAITING_VISIT
        return State.PLAN_REVIEW if flow.plan_review else State.MUNICIPAL_REVIEW
    if action.target == Route.NEXT_AFTER_VISIT:
        return State.PLAN_REVIEW if flow_for(service_code).plan_review else State.MUNICIPAL_REVIEW
    return action.target


# Who holds a file in each state: the role whose cartable shows it.
HOLDER_ROLE = {
    State.DRAFT: Role.CITIZEN,
    State.SUBMITTED: Role.TECHNICAL_OFFICER,
    State.RETURNED: Role.CITIZEN,
    State.AWAITING_VISIT: Role.INSPECTOR,  # the technical officer until an inspector is assigned
    State.PLAN_REVIEW: Role.TECHNICAL_OFFICER,
    State.MUNICIPAL_REVIEW: Role.MUNICIPAL_STAFF,
    State.COMMISSION_REVIEW: Role.MUNICIPAL_STAFF,
}

# Who acts for the holder of a state: the office's desk (its manager too) for the technical officer's steps.
HOLDER_SIDE = {Role.TECHNICAL_OFFICER: OFFICE_DESK, Role.MUNICIPAL_STAFF: (Role.MUNICIPAL_STAFF,)}


def mermaid():
    lines = ["stateDiagram-v2"]
    for action in ACTIONS.values():
        targets = (
            {resolve_target(action, code) for code in file_services()}
            if action.target in (Route.NEXT_AFTER_ACCEPT, Route.NEXT_AFTER_VISIT)
            else {State.SUBMITTED, State.MUNICIPAL_REVIEW}
            if action.target == Route.RESUME
            else {action.target}
        )
        for source in action.sources:
            for target in sorted(targets):
                to = source if action.keeps_state else target
                lines.append(f"    {source} --> {to}: {action.name}")
    return "\n".join(lines)
