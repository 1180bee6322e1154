"""A file's steps rebuilt from its history, to tell which were late and who held them then.

Pure functions over a file's transitions, the working calendar and the step durations:
no database access here (the scorecard reads everything it needs in a fixed number of
queries and hands it in). The rules are those ``cases.services.apply_action`` applies:

- a step starts when the file enters an office's state; its deadline is the N-th working
  day after that day (N from the step durations), or what an ``extend_deadline`` set;
- a return to the applicant stops the clock: the working days left are kept, and the
  step resumes when the applicant resubmits, due that many working days later;
- a step is late when it ends after its deadline, or is still open past it; a step the
  applicant holds now counts only if it was late already when it went back to them;
- it is charged to the person who held it when the deadline passed (an inspector
  assigned by then), else to the office's desk.
"""

import contextlib
import datetime
from dataclasses import dataclass, field

from accounts.models import OFFICE_ROLES
from cases import calendar, deadlines
from cases.models import State
from cases.workflow import HOLDER_ROLE

# The steps an office holds (its technical officers or inspectors): their lateness is the office's.
OFFICE_STEPS = tuple(state for state, role in HOLDER_ROLE.items() if role in OFFICE_ROLES and state != State.RETURNED)


@dataclass
class Step:
    case_id: int
    office_id: int
    state: str
    started: datetime.date
    deadline: datetime.date | None
    ended: datetime.date | None = None
    ended_by: str = ""
    working_days: int = 0
    # (day, user id) of each inspector assignment while the step ran
    assignments: list = field(default_factory=list)
    _span_start: datetime.date | None = None

    def is_late(self, today):
        if self.deadline is None:
            return False
        if self.ended is not None:
            return self.ended > self.deadline
        return today > self.deadline

    def counts_on(self, today):
        """The day this step enters the figures: when it ended, or (open) the first day it was late."""
        if self.ended is not None:
            return self.ended
        if self.deadline is not None and today > self.deadline:
            return self.deadline + datetime.timedelta(days=1)
        return None

    def charged_user(self):
        """The inspector who held the step when its deadline passed, or None (the office's desk)."""
        holder = None
        for day, user_id in self.assignments:
            if self.deadline is None or day <= self.deadline:
                holder = user_id
        return holder


def _date(value):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def steps_of(case_id, office_id, service_id, transitions, *, step_days, holidays, local_date):
    """The office steps of one file.

    ``transitions``: its history in order, as (action, from_state, to_state, data, at);
    ``step_days(service_id, state)`` the working days a step may take (None: no deadline);
    ``local_date(at)`` the local calendar day of a timestamp.
    """
    steps, current, paused = [], None, None

    def between(start, end):
        return deadlines.working_days_between(start, end, holidays)

    for action, from_state, to_state, data, at in transitions:
        day = local_date(at)
        data = data or {}
        if action != "register" and from_state == to_state:
            if current is not None:
                if action == "extend_deadline" and _date(data.get("new_deadline")):
                    current.deadline = _date(data["new_deadline"])
                elif action == "assign_inspector" and data.get("inspector") not in (None, ""):
                    with contextlib.suppress(TypeError, ValueError):
                        current.assignments.append((day, int(data["inspector"])))
            continue
        if current is not None:
            current.working_days += max(0, between(current._span_start, day))
            if to_state == State.RETURNED:
                left = max(0, between(day, current.deadline)) if current.deadline else None
                current.ended, current.ended_by = day, action
                paused, current = (current, left), None
                continue
            current.ended, current.ended_by = day, action
            steps.append(current)
            current = None
        if paused is not None and from_state == State.RETURNED:
            step, left = paused
            paused = None
            if to_state == step.state:
                step.ended, step.ended_by = None, ""
                step._span_start = day
                step.deadline = deadlines.add_working_days(day, left, holidays) if left is not None else None
                current = step
                continue
            steps.append(step)  # never resumed: it ended with the return
        if to_state in OFFICE_STEPS:
            deadline = _date(data.get("deadline"))
            if deadline is None:
                days = step_days(service_id, to_state)
                deadline = deadlines.add_working_days(day, days, holidays) if days is not None else None
            current = Step(case_id, office_id, to_state, day, deadline, _span_start=day)
    if current is not None:
        steps.append(current)
    if paused is not None and paused[0].is_late(paused[0].ended):
        # With the applicant now, but it was already late when it went back to them.
        steps.append(paused[0])
    return steps


def threshold_date(today, working_days, municipality=None):
    """The day ``working_days`` working days before ``today`` (in the city's calendar): a deadline before it
    is past the threshold."""
    holidays = calendar.holiday_set(municipality)
    day, counted = today, 0
    while counted < working_days:
        day -= datetime.timedelta(days=1)
        if deadlines.is_working_day(day, holidays):
            counted += 1
    return day
