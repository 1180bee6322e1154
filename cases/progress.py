"""Where a file is on its way, as its applicant sees it: the steps its service passes through.

One definition for every page that shows the way (a citizen's cards, the public tracking page and its
API): the steps come from the service's path (``workflow.flow_for``), so a service without a site visit
shows none. A file's own state says which step it is at; a closed file's ``left_state`` (annotated by
``selectors.with_progress``) says where it stopped.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cases.models import State
from cases.workflow import flow_for

REGISTERED = "registered"
VISIT = "visit"
OFFICE_REVIEW = "office_review"
MUNICIPALITY = "municipality"
ANSWERED = "answered"

LABELS = {
    REGISTERED: _("Registered"),
    VISIT: _("Site visit"),
    OFFICE_REVIEW: _("Office review"),
    MUNICIPALITY: _("Municipality"),
    ANSWERED: _("Answer"),
}
ORDER = (REGISTERED, VISIT, OFFICE_REVIEW, MUNICIPALITY, ANSWERED)

# The step a file is at in each state. A draft is still being registered; the commission's review is
# part of the municipality's.
STEP_OF_STATE = {
    State.DRAFT: REGISTERED,
    State.SUBMITTED: REGISTERED,
    State.AWAITING_VISIT: VISIT,
    State.PLAN_REVIEW: OFFICE_REVIEW,
    State.MUNICIPAL_REVIEW: MUNICIPALITY,
    State.COMMISSION_REVIEW: MUNICIPALITY,
    State.RESPONDED: ANSWERED,
}


class Status:
    DONE = "done"
    CURRENT = "current"
    WAITING = "waiting"  # the file waits for its applicant at this step (a draft, a returned file)
    STOPPED = "stopped"  # rejected or cancelled here
    SKIPPED = "skipped"  # a step the file did not need (an instant answer) or will never reach
    PENDING = "pending"


# What each status says, beside the step's name (read aloud where the page shows only a colour).
STATUS_LABELS = {
    Status.DONE: _("Done"),
    Status.CURRENT: _("In progress"),
    Status.WAITING: _("Waiting for you"),
    Status.SKIPPED: _("Not needed"),
    Status.PENDING: _("Not yet"),
}


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    status: str
    note: str = ""  # where a file stopped: "Rejected", "Cancelled"

    @property
    def is_current(self):
        return self.status in (Status.CURRENT, Status.WAITING, Status.STOPPED)

    @property
    def status_label(self):
        return self.note or STATUS_LABELS[self.status]


def _keys(service_code):
    flow = flow_for(service_code)
    wanted = {REGISTERED, MUNICIPALITY, ANSWERED} | ({VISIT} if flow.visit else set())
    return [key for key in ORDER if key in wanted or (key == OFFICE_REVIEW and flow.plan_review)]


def _step_of(state, resume_state=""):
    if state == State.RETURNED:
        return STEP_OF_STATE.get(resume_state, REGISTERED)
    return STEP_OF_STATE.get(state, REGISTERED)


def steps_of(case):
    """The file's steps, in order, each ``done``, ``current``, ``waiting``, ``stopped``, ``skipped`` or ``pending``.

    Reads ``case.left_state`` when a query annotated it (``selectors.with_progress``); without it a
    rejected or cancelled file is shown stopped at registration and an answered one as having passed
    every step."""
    keys = _keys(case.service_id)
    left = getattr(case, "left_state", "") or ""
    state = case.state
    if state == State.RESPONDED:
        reached = _step_of(left, case.resume_state) if left else MUNICIPALITY
        at = keys.index(ANSWERED)
        # An instant answer passes straight from registration to the answer: the steps between were not needed.
        skipped = set(keys[keys.index(reached) + 1 : at]) if reached in keys else set()
        return [Step(k, LABELS[k], Status.SKIPPED if k in skipped else Status.DONE) for k in keys]
    if state in (State.REJECTED, State.CANCELLED):
        at_key, status, after = _step_of(left, case.resume_state), Status.STOPPED, Status.SKIPPED
    else:
        at_key = _step_of(state, case.resume_state)
        waiting = state in (State.DRAFT, State.RETURNED)
        status, after = (Status.WAITING if waiting else Status.CURRENT), Status.PENDING
    if at_key not in keys:  # a step the service's path has since dropped: show it where it belongs
        keys = [k for k in ORDER if k in keys or k == at_key]
    at = keys.index(at_key)
    note = State(state).label if status == Status.STOPPED else ""
    return [
        Step(k, LABELS[k], status, note) if i == at else Step(k, LABELS[k], Status.DONE if i < at else after)
        for i, k in enumerate(keys)
    ]
