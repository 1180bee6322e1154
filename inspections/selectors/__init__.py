"""Reads on site visits: proposals, lists, the day plan, late visits and workload."""

from inspections.selectors.proposal import (
    Candidate,
    Proposal,
    candidates_for,
    district_inspectors,
    free_slots,
    next_free_slot,
    propose_inspector,
)
from inspections.selectors.visits import (
    day_plan,
    draft_of,
    late_filter,
    late_visits,
    latest_submitted,
    open_visit_of,
    overdue_open_visits,
    reports_of,
    untrained_assignments,
    visibility,
    visit_for,
    visits_for,
    workload,
)

__all__ = [
    "Candidate",
    "Proposal",
    "candidates_for",
    "day_plan",
    "district_inspectors",
    "draft_of",
    "free_slots",
    "late_filter",
    "late_visits",
    "latest_submitted",
    "next_free_slot",
    "open_visit_of",
    "overdue_open_visits",
    "propose_inspector",
    "reports_of",
    "untrained_assignments",
    "visibility",
    "visit_for",
    "visits_for",
    "workload",
]
